// Package fulfilment is the warehouse floor: pick lists in walking order,
// scan verification that refuses the wrong item, too many items and the
// wrong lot, packing into cartons with weight and dimensions, and shipping
// with a carrier, a service level and an S10 tracking number — writing SHIP
// movements, capturing payment and moving the order to SHIPPED or
// PARTIALLY_SHIPPED. Every stock change goes through internal/inventory.
package fulfilment

import (
	"context"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/orders"
	"github.com/waybill/waybill/internal/viewer"
)

// Service is the fulfilment service.
type Service struct {
	client *ent.Client
	orders *orders.Service
	now    func() time.Time
	// Country is the S10 country code of the tracking numbers Waybill issues.
	Country string
}

// NewService returns a fulfilment service; orders moves order statuses
// and captures payments.
func NewService(client *ent.Client, ords *orders.Service) *Service {
	return &Service{client: client, orders: ords, now: time.Now, Country: "CN"}
}

// SetClock sets the clock (tests).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// tx authorizes FULFIL and runs fn in a transaction as the system on behalf
// of the caller.
func (s *Service) tx(ctx context.Context, fn func(ctx context.Context, db *ent.Client, actor string) error) error {
	if err := auth.Require(ctx, auth.Fulfil); err != nil {
		return err
	}
	actor := viewer.FromContext(ctx).Actor()
	err := inventory.InTx(ctx, s.client, func(ctx context.Context, db *ent.Client) error {
		return fn(viewer.SystemContext(ctx), db, actor)
	})
	if err == nil {
		return nil
	}
	if _, ok := errs.UserErrors(err); ok || errs.KindOf(err) != errs.Other {
		return err
	}
	return errs.Wrap("fulfilment", err)
}

func invalid(code, msg string, field ...string) *errs.Error {
	return &errs.Error{Op: "fulfilment", Kind: errs.Invalid, Code: code, Message: msg, Field: field}
}

func conflict(code, msg string, details map[string]any) *errs.Error {
	return &errs.Error{Op: "fulfilment", Kind: errs.Conflict, Code: code, Message: msg, Details: details}
}

// forUpdate locks the selected rows on PostgreSQL (SQLite has one writer).
func forUpdate(s *entsql.Selector) {
	if s.Dialect() == dialect.Postgres {
		s.ForUpdate()
	}
}
