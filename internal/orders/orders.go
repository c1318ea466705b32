// Package orders holds the rules of an order's life: intake (validation,
// idempotency, stock reservation, pricing, review holds, payment), the one
// status machine with its timeline, and the lookups customers and guests
// make. It is plain Go over ent, callable and tested without GraphQL.
package orders

import (
	"context"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/mail"
	"github.com/waybill/waybill/internal/payment"
)

// Service is the orders service.
type Service struct {
	client   *ent.Client
	dialect  string
	rules    Rules
	payments payment.Provider
	now      func() time.Time
	onChange func(*ent.Order)
	mailer   mail.Sender
}

// Option configures a Service.
type Option func(*Service)

// WithRules replaces DefaultRules.
func WithRules(r Rules) Option { return func(s *Service) { s.rules = r } }

// WithPayments sets the payment provider (default: the test provider).
func WithPayments(p payment.Provider) Option { return func(s *Service) { s.payments = p } }

// WithClock sets the clock (tests).
func WithClock(now func() time.Time) Option { return func(s *Service) { s.now = now } }

// WithDialect tells the service its database (for PostgreSQL's advisory locks).
func WithDialect(d string) Option { return func(s *Service) { s.dialect = d } }

// OnChange registers a function called after an order change is committed
// (it publishes orderUpdated). It must not block.
func OnChange(f func(*ent.Order)) Option { return func(s *Service) { s.onChange = f } }

// WithMailer sets how customers are told of review decisions (default: the log).
func WithMailer(m mail.Sender) Option { return func(s *Service) { s.mailer = m } }

// NewService returns an orders service over client.
func NewService(client *ent.Client, opts ...Option) *Service {
	s := &Service{client: client, rules: DefaultRules, payments: payment.NewTest(), now: time.Now, mailer: mail.Log{}}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Rules returns the service's rules.
func (s *Service) Rules() Rules { return s.rules }

// changed publishes an order change once it is committed.
func (s *Service) changed(ctx context.Context, o *ent.Order) {
	if s.onChange != nil && o != nil {
		database.AfterCommit(ctx, func() { s.onChange(o) })
	}
}

// detach frees an order read in a transaction this service committed, so
// its edges can still be loaded. Inside a caller's transaction it stays.
func detach(ctx context.Context, o *ent.Order) *ent.Order {
	if o == nil || ent.TxFromContext(ctx) != nil {
		return o
	}
	return o.Unwrap()
}
