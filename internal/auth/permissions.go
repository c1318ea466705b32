package auth

import (
	"context"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/viewer"
)

// Permission names an operation that not everyone may run. Reads are
// decided by the privacy policies (internal/policy); operations — placing,
// approving, picking, refunding — are decided here, in one table.
type Permission string

// The permissions.
const (
	ManageStaff     Permission = "MANAGE_STAFF"     // create, disable and change staff accounts
	ViewAudit       Permission = "VIEW_AUDIT"       // read the audit log
	ReviewOrders    Permission = "REVIEW_ORDERS"    // approve or reject held orders, cancel orders
	ManageCatalog   Permission = "MANAGE_CATALOG"   // products, prices, warehouses, carriers
	ManageCarriers  Permission = "MANAGE_CARRIERS"  // carrier API tokens
	ManageStock     Permission = "MANAGE_STOCK"     // receive, adjust, transfer, count
	Fulfil          Permission = "FULFIL"           // allocate, pick, pack, ship
	RecordScans     Permission = "RECORD_SCANS"     // hub and courier scans
	ServiceTickets  Permission = "SERVICE_TICKETS"  // work tickets, reply, internal notes
	ServiceRemedies Permission = "SERVICE_REMEDIES" // coupons, reships, refunds, returns
	ImportOrders    Permission = "IMPORT_ORDERS"    // bulk intake from files (EDI)
	PlaceOrders     Permission = "PLACE_ORDERS"     // anyone, guests included
)

var grants = map[Permission][]viewer.Role{
	ManageStaff:     {viewer.RoleAdmin},
	ImportOrders:    {viewer.RoleAgent, viewer.RoleAdmin},
	ViewAudit:       {viewer.RoleAdmin},
	ReviewOrders:    {viewer.RoleAgent, viewer.RoleAdmin},
	ManageCatalog:   {viewer.RoleAdmin},
	ManageCarriers:  {viewer.RoleAdmin},
	ManageStock:     {viewer.RoleWarehouse, viewer.RoleAdmin},
	Fulfil:          {viewer.RoleWarehouse, viewer.RoleAdmin},
	RecordScans:     {viewer.RoleWarehouse, viewer.RoleAdmin, viewer.RoleCarrier}, // a carrier: its own parcels only (internal/tracking)
	ServiceTickets:  {viewer.RoleAgent, viewer.RoleAdmin},
	ServiceRemedies: {viewer.RoleAgent, viewer.RoleAdmin},
}

// Can reports whether v may use p.
func Can(v *viewer.Viewer, p Permission) bool {
	// Waybill itself may do anything; acting as the system on behalf of a
	// carrier token does not make the token Waybill.
	if p == PlaceOrders || v.System() && v.AccountID == "" && v.CarrierID == "" {
		return true
	}
	return v.Is(grants[p]...)
}

// Require returns UNAUTHENTICATED for an anonymous caller and FORBIDDEN for
// one whose role lacks p.
func Require(ctx context.Context, p Permission) error {
	v := viewer.FromContext(ctx)
	if Can(v, p) {
		return nil
	}
	if v.Anonymous() {
		return errs.E("auth.Require", errs.Unauthenticated, "UNAUTHENTICATED", "Sign in first.")
	}
	return errs.E("auth.Require", errs.Forbidden, "FORBIDDEN", "Your role may not do this.")
}

// Permissions lists what v may do (the console shows only these).
func Permissions(v *viewer.Viewer) []Permission {
	var out []Permission
	for _, p := range []Permission{ManageStaff, ViewAudit, ReviewOrders, ImportOrders, ManageCatalog, ManageStock, Fulfil,
		RecordScans, ManageCarriers, ServiceTickets, ServiceRemedies} {
		if Can(v, p) {
			out = append(out, p)
		}
	}
	return out
}
