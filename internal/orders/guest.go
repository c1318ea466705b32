package orders

import (
	"context"
	"strings"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/order"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/viewer"
)

// GuestLookup returns the order with number when email is its contact
// email, else nil: an unknown number and a wrong email look the same, so
// numbers cannot be probed. The order is read as the system (the caller
// proved they hold it); with collect, the caller's GraphQL selection is
// loaded eagerly in the same context.
func (s *Service) GuestLookup(ctx context.Context, number, email string, collect func(*ent.OrderQuery) (*ent.OrderQuery, error)) (*ent.Order, error) {
	number = strings.ToUpper(strings.TrimSpace(number))
	email = strings.ToLower(strings.TrimSpace(email))
	if number == "" || email == "" || len(number) > 40 || len(email) > 254 {
		return nil, nil
	}
	// The email is matched by the query: the caller's field selection may
	// not load it.
	q := database.Client(ctx, s.client).Order.Query().Where(order.Number(number), order.ContactEmailEqualFold(email))
	if collect != nil {
		var err error
		if q, err = collect(q); err != nil {
			return nil, err
		}
	}
	o, err := q.Only(viewer.SystemContext(ctx))
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, errs.Wrap("orders.GuestLookup", err)
	}
	return o, nil
}

// Placed returns an order just placed or paid by the caller with its
// lines, timeline, payments and parcels loaded as the system: a guest who
// placed it may see what they sent in the same response.
func (s *Service) Placed(ctx context.Context, o *ent.Order) (*ent.Order, error) {
	if o == nil {
		return nil, nil
	}
	return database.Client(ctx, s.client).Order.Query().Where(order.ID(o.ID)).
		// Named edges are what the GraphQL edge resolvers read.
		WithNamedLines("lines").WithNamedEvents("events").WithNamedPayments("payments").WithNamedShipments("shipments").
		Only(viewer.SystemContext(ctx))
}
