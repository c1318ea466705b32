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

// Tracking (internal/tracking).
func (CarrierStatusMapping) Hooks() []ent.Hook { return audited() }
func (OpsAlert) Hooks() []ent.Hook             { return audited() }
func (CarrierToken) Hooks() []ent.Hook         { return audited() }

// Inventory and fulfilment.
func (CycleCount) Hooks() []ent.Hook     { return audited() }
func (CycleCountLine) Hooks() []ent.Hook { return audited() }
func (StockAlert) Hooks() []ent.Hook     { return audited() }
func (ChannelReserve) Hooks() []ent.Hook { return audited() }
func (Allocation) Hooks() []ent.Hook     { return audited() }
func (PickList) Hooks() []ent.Hook       { return audited() }
func (PickListLine) Hooks() []ent.Hook   { return audited() }
func (Carton) Hooks() []ent.Hook         { return audited() }

// Customer service. Attachment bytes (AttachmentBlob) are not audited; their
// metadata (TicketAttachment) is.
func (SlaPolicy) Hooks() []ent.Hook        { return audited() }
func (TicketEvent) Hooks() []ent.Hook      { return audited() }
func (TicketRemedy) Hooks() []ent.Hook     { return audited() }
func (FollowUp) Hooks() []ent.Hook         { return audited() }
func (Macro) Hooks() []ent.Hook            { return audited() }
func (TicketAttachment) Hooks() []ent.Hook { return audited() }
func (ReturnLine) Hooks() []ent.Hook       { return audited() }
