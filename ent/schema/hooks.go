package schema

import (
	"entgo.io/ent"

	"github.com/waybill/waybill/internal/audit"
)

// Every type but the audit log itself and sessions is audited for staff
// changes; the hook is in internal/audit.

func audited() []ent.Hook { return []ent.Hook{audit.Hook()} }

func (Product) Hooks() []ent.Hook        { return audited() }
func (Warehouse) Hooks() []ent.Hook      { return audited() }
func (Carrier) Hooks() []ent.Hook        { return audited() }
func (StockLevel) Hooks() []ent.Hook     { return audited() }
func (StockMovement) Hooks() []ent.Hook  { return audited() }
func (Customer) Hooks() []ent.Hook       { return audited() }
func (Account) Hooks() []ent.Hook        { return audited() }
func (Order) Hooks() []ent.Hook          { return audited() }
func (OrderLine) Hooks() []ent.Hook      { return audited() }
func (OrderEvent) Hooks() []ent.Hook     { return audited() }
func (Payment) Hooks() []ent.Hook        { return audited() }
func (Coupon) Hooks() []ent.Hook         { return audited() }
func (PointsEntry) Hooks() []ent.Hook    { return audited() }
func (Shipment) Hooks() []ent.Hook       { return audited() }
func (ShipmentItem) Hooks() []ent.Hook   { return audited() }
func (TrackingEvent) Hooks() []ent.Hook  { return audited() }
func (Ticket) Hooks() []ent.Hook         { return audited() }
func (TicketMessage) Hooks() []ent.Hook  { return audited() }
func (ReturnRequest) Hooks() []ent.Hook  { return audited() }
func (SurveyResponse) Hooks() []ent.Hook { return audited() }
