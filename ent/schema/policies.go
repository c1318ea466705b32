package schema

import (
	"entgo.io/ent"

	"github.com/waybill/waybill/internal/policy"
	"github.com/waybill/waybill/internal/viewer"
)

// Who may read and write each type; the rules themselves are in internal/policy.

var (
	agentAdmin = []viewer.Role{viewer.RoleAgent, viewer.RoleAdmin}
	allStaff   = []viewer.Role{viewer.RoleAgent, viewer.RoleWarehouse, viewer.RoleAdmin}
	stockStaff = []viewer.Role{viewer.RoleWarehouse, viewer.RoleAgent, viewer.RoleAdmin}
)

func (Product) Policy() ent.Policy       { return policy.Public() }
func (Warehouse) Policy() ent.Policy     { return policy.Public() }
func (Carrier) Policy() ent.Policy       { return policy.Public() }
func (StockLevel) Policy() ent.Policy    { return policy.Staff(stockStaff...) }
func (StockMovement) Policy() ent.Policy { return policy.Staff(stockStaff...) }
func (Customer) Policy() ent.Policy      { return policy.Owned(policy.ByOwnID, agentAdmin...) }
func (Account) Policy() ent.Policy       { return policy.Accounts() }
func (EmailToken) Policy() ent.Policy    { return policy.SystemOnly() }
func (Session) Policy() ent.Policy       { return policy.SystemOnly() }
func (AuditEntry) Policy() ent.Policy    { return policy.AppendOnly(viewer.RoleAdmin) }
func (Order) Policy() ent.Policy         { return policy.Owned(policy.ByCustomerID, allStaff...) }
func (OrderLine) Policy() ent.Policy     { return policy.Owned(policy.ByOrder, allStaff...) }
func (OrderEvent) Policy() ent.Policy    { return policy.Owned(policy.ByOrder, allStaff...) }
func (Payment) Policy() ent.Policy       { return policy.Owned(policy.ByOrder, agentAdmin...) }
func (Coupon) Policy() ent.Policy        { return policy.Owned(policy.ByCustomerID, agentAdmin...) }
func (PointsEntry) Policy() ent.Policy   { return policy.Owned(policy.ByCustomerID, agentAdmin...) }
func (Shipment) Policy() ent.Policy      { return policy.Owned(policy.ByOrder, allStaff...) }
func (ShipmentItem) Policy() ent.Policy  { return policy.Owned(policy.ByShipment, allStaff...) }
func (TrackingEvent) Policy() ent.Policy { return policy.Owned(policy.ByShipment, allStaff...) }
func (Ticket) Policy() ent.Policy        { return policy.Owned(policy.ByCustomerID, agentAdmin...) }
func (TicketMessage) Policy() ent.Policy {
	return policy.Owned(policy.ByPublicTicketMessage, agentAdmin...)
}
func (ReturnRequest) Policy() ent.Policy  { return policy.Owned(policy.ByCustomerID, allStaff...) }
func (SurveyResponse) Policy() ent.Policy { return policy.Owned(policy.ByCustomerID, agentAdmin...) }

// Tracking (internal/tracking): staff read, the system and admins write.
func (CarrierStatusMapping) Policy() ent.Policy { return policy.Staff(allStaff...) }
func (OpsAlert) Policy() ent.Policy             { return policy.Staff(allStaff...) }
func (CarrierToken) Policy() ent.Policy         { return policy.Staff(viewer.RoleAdmin) }

// Inventory and fulfilment (internal/inventory, internal/allocation,
// internal/fulfilment): staff read, the services write as the system after
// checking MANAGE_STOCK or FULFIL.
func (CycleCount) Policy() ent.Policy     { return policy.Staff(stockStaff...) }
func (CycleCountLine) Policy() ent.Policy { return policy.Staff(stockStaff...) }
func (StockAlert) Policy() ent.Policy     { return policy.Staff(stockStaff...) }
func (ChannelReserve) Policy() ent.Policy { return policy.Staff(stockStaff...) }
func (Allocation) Policy() ent.Policy     { return policy.Staff(allStaff...) }
func (PickList) Policy() ent.Policy       { return policy.Staff(allStaff...) }
func (PickListLine) Policy() ent.Policy   { return policy.Staff(allStaff...) }
func (Carton) Policy() ent.Policy         { return policy.Staff(allStaff...) }

// Customer service (internal/support): customers read their own returns'
// lines and their tickets' attachments; the rest is for agents and admins.
func (SlaPolicy) Policy() ent.Policy        { return policy.Staff(agentAdmin...) }
func (TicketEvent) Policy() ent.Policy      { return policy.Staff(agentAdmin...) }
func (TicketRemedy) Policy() ent.Policy     { return policy.Staff(agentAdmin...) }
func (FollowUp) Policy() ent.Policy         { return policy.Staff(agentAdmin...) }
func (Macro) Policy() ent.Policy            { return policy.Staff(agentAdmin...) }
func (TicketAttachment) Policy() ent.Policy { return policy.Owned(policy.ByCustomerID, agentAdmin...) }
func (AttachmentBlob) Policy() ent.Policy   { return policy.SystemOnly() }
func (ReturnLine) Policy() ent.Policy       { return policy.Owned(policy.ByCustomerID, allStaff...) }
