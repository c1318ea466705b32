// Package policy holds the privacy policies of every ent type: the one place
// that decides who may read and write what. Everything is denied unless a
// rule allows it; customers are narrowed to their own rows by filters, so
// node(id:), connections, edges and subscriptions all obey the same rules.
//
// Writes are allowed to the system viewer (domain code that already
// authorized the operation, see internal/auth) and to admins; operations are
// authorized by permission in internal/auth before any write.
package policy

import (
	"context"

	"entgo.io/ent/entql"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/order"
	"github.com/waybill/waybill/ent/predicate"
	"github.com/waybill/waybill/ent/privacy"
	"github.com/waybill/waybill/ent/shipment"
	"github.com/waybill/waybill/ent/ticket"
	"github.com/waybill/waybill/internal/viewer"
)

// ownerFilter narrows a query to the rows of one customer (and account).
type ownerFilter func(f privacy.Filter, v *viewer.Viewer)

// Public is for the catalog: anyone reads, admins write.
func Public() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.AlwaysAllowRule()},
		Mutation: adminWrites(),
	}
}

// Staff is for data only staff of the given roles read (stock, audit, …).
func Staff(roles ...viewer.Role) ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{allowSystem(), allowRoles(roles...), denyRest()},
		Mutation: adminWrites(),
	}
}

// SystemOnly is for secrets such as sessions: only Waybill itself touches them.
func SystemOnly() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{allowSystem(), denyRest()},
		Mutation: privacy.MutationPolicy{allowSystem(), denyRest()},
	}
}

// AppendOnly is for the audit log: staff of roles read, only the system writes.
func AppendOnly(roles ...viewer.Role) ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{allowSystem(), allowRoles(roles...), denyRest()},
		Mutation: privacy.MutationPolicy{allowSystem(), denyRest()},
	}
}

// Owned is for customer data: staff of roles read all of it, a customer reads
// only their own rows (narrowed by own), everyone else nothing.
func Owned(own ownerFilter, roles ...viewer.Role) ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{allowSystem(), allowRoles(roles...), allowOwn(own), denyRest()},
		Mutation: adminWrites(),
	}
}

// Accounts: admins read all; other staff read staff accounts (to see who
// owns a ticket) and their own; customers only their own.
func Accounts() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{allowSystem(), allowRoles(viewer.RoleAdmin),
			privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
				v := viewer.FromContext(ctx)
				if v.AccountID == "" {
					return privacy.Skip
				}
				af := f.(interface {
					WhereID(entql.StringP)
					WhereRole(entql.StringP)
				})
				if v.Staff() {
					f.Where(entql.Or(entql.FieldNEQ("role", "CUSTOMER"), entql.FieldEQ("id", string(v.AccountID))))
				} else {
					af.WhereID(entql.StringEQ(string(v.AccountID)))
				}
				return privacy.Allowf("own or staff accounts")
			}),
			denyRest()},
		Mutation: adminWrites(),
	}
}

// Owner filters, one per way a row belongs to a customer.
var (
	// ByCustomerID: the row has a customer_id column.
	ByCustomerID ownerFilter = func(f privacy.Filter, v *viewer.Viewer) {
		f.(interface{ WhereCustomerID(entql.StringP) }).WhereCustomerID(entql.StringEQ(string(v.CustomerID)))
	}
	// ByOwnID: the row is the customer's own record.
	ByOwnID ownerFilter = func(f privacy.Filter, v *viewer.Viewer) {
		f.(interface{ WhereID(entql.StringP) }).WhereID(entql.StringEQ(string(v.CustomerID)))
	}
	// ByAccountID: the row is the viewer's own account.
	ByAccountID ownerFilter = func(f privacy.Filter, v *viewer.Viewer) {
		f.(interface{ WhereID(entql.StringP) }).WhereID(entql.StringEQ(string(v.AccountID)))
	}
	// ByOrder: the row belongs to an order of the customer.
	ByOrder ownerFilter = func(f privacy.Filter, v *viewer.Viewer) {
		f.(interface{ WhereHasOrderWith(...predicate.Order) }).WhereHasOrderWith(order.CustomerID(v.CustomerID))
	}
	// ByShipment: the row belongs to a parcel of an order of the customer.
	ByShipment ownerFilter = func(f privacy.Filter, v *viewer.Viewer) {
		f.(interface{ WhereHasShipmentWith(...predicate.Shipment) }).
			WhereHasShipmentWith(shipment.HasOrderWith(order.CustomerID(v.CustomerID)))
	}
	// ByPublicTicketMessage: a message, not an internal note, on the customer's ticket.
	ByPublicTicketMessage ownerFilter = func(f privacy.Filter, v *viewer.Viewer) {
		m := f.(interface {
			WhereHasTicketWith(...predicate.Ticket)
			WhereInternal(entql.BoolP)
		})
		m.WhereHasTicketWith(ticket.CustomerID(v.CustomerID))
		m.WhereInternal(entql.BoolEQ(false))
	}
)

func adminWrites() privacy.MutationPolicy {
	return privacy.MutationPolicy{allowSystem(), allowRoles(viewer.RoleAdmin), denyRest()}
}

func allowSystem() privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if viewer.FromContext(ctx).System() {
			return privacy.Allow
		}
		return privacy.Skip
	})
}

func allowRoles(roles ...viewer.Role) privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if viewer.FromContext(ctx).Is(roles...) {
			return privacy.Allow
		}
		return privacy.Skip
	})
}

func allowOwn(own ownerFilter) privacy.QueryRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		v := viewer.FromContext(ctx)
		if !v.Is(viewer.RoleCustomer) || v.AccountID == "" {
			return privacy.Skip
		}
		own(f, v)
		return privacy.Allowf("own rows")
	})
}

// denyRest ends every policy: what no rule allowed is denied.
func denyRest() privacy.QueryMutationRule { return privacy.AlwaysDenyRule() }
