// Package viewer says who is making a request: an anonymous caller, a
// customer, a member of staff with a role, a carrier's system (an API
// token), or the system itself. It is carried
// in the context and read by the privacy policies in internal/policy.
package viewer

import (
	"context"

	"github.com/waybill/waybill/internal/pulid"
)

// Role is what an account may do.
type Role string

// The roles, as stored on Account.role.
const (
	RoleCustomer  Role = "CUSTOMER"
	RoleAgent     Role = "AGENT"
	RoleWarehouse Role = "WAREHOUSE"
	RoleAdmin     Role = "ADMIN"
	// RoleCarrier is a carrier's system calling with a carrier API token. It
	// is no account role: it may record scans for its own carrier's parcels
	// (internal/auth) and reads nothing that is not public (internal/policy).
	RoleCarrier Role = "CARRIER"
)

// Viewer is the caller of one request. The zero value is an anonymous caller.
type Viewer struct {
	AccountID  pulid.ID
	CustomerID pulid.ID // set for customers
	Email      string
	Role       Role
	SessionID  pulid.ID
	// CarrierID and TokenID are set for a carrier API token (RoleCarrier);
	// such a viewer has no account.
	CarrierID pulid.ID
	TokenID   pulid.ID
	system    bool
}

// Anonymous reports whether nobody is signed in (neither an account nor a
// carrier token).
func (v *Viewer) Anonymous() bool {
	return v == nil || (v.AccountID == "" && v.CarrierID == "" && !v.system)
}

// Carrier reports whether the viewer is a carrier's system (an API token).
func (v *Viewer) Carrier() bool { return v != nil && v.Role == RoleCarrier && v.CarrierID != "" }

// System reports whether this is Waybill itself (seed, migrations, jobs).
func (v *Viewer) System() bool { return v != nil && v.system }

// Staff reports whether the viewer is a signed-in member of staff.
func (v *Viewer) Staff() bool {
	return v != nil && (v.Role == RoleAgent || v.Role == RoleWarehouse || v.Role == RoleAdmin)
}

// Is reports whether the viewer has one of roles.
func (v *Viewer) Is(roles ...Role) bool {
	if v == nil {
		return false
	}
	for _, r := range roles {
		if v.Role == r {
			return true
		}
	}
	return false
}

// Actor names the viewer in ledgers and audit entries.
func (v *Viewer) Actor() string {
	switch {
	case v == nil || v.Anonymous():
		return "anonymous"
	case v.Carrier() && v.AccountID == "":
		if v.TokenID != "" {
			return "carrier-token:" + string(v.TokenID)
		}
		return "carrier:" + string(v.CarrierID)
	case v.system && v.AccountID == "":
		return "system"
	default:
		return string(v.AccountID)
	}
}

type ctxKey struct{}

// NewContext returns ctx carrying v.
func NewContext(ctx context.Context, v *Viewer) context.Context {
	return context.WithValue(ctx, ctxKey{}, v)
}

// FromContext returns the viewer of ctx; never nil (anonymous when unset).
func FromContext(ctx context.Context) *Viewer {
	if v, ok := ctx.Value(ctxKey{}).(*Viewer); ok && v != nil {
		return v
	}
	return &Viewer{}
}

// SystemContext returns ctx acting as Waybill itself. Domain code uses it for
// writes it has already authorized (a customer placing an order reserves stock
// they may not otherwise touch); the original actor stays recorded.
func SystemContext(ctx context.Context) context.Context {
	v := *FromContext(ctx)
	v.system = true
	return NewContext(ctx, &v)
}
