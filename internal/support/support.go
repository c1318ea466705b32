// Package support is Waybill's customer service: tickets with SLAs, owners
// and a conversation beside the order's whole story; remedies that are real
// (a coupon, a reship, a refund, a return); returns (RMA) with a policy
// window, pickup and inspection through the stock ledger; follow-ups;
// surveys; and the dashboards that show which root causes keep coming back.
//
// It is plain Go over ent. Every operation joins the caller's transaction
// (a GraphQL mutation runs in one) and publishes its changes only after the
// commit. Every clock reading goes through Options.Now.
package support

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"math/big"
	"strings"
	"sync/atomic"
	"time"

	"entgo.io/ent/dialect"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/orders"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// Options configure the service. The zero value works.
type Options struct {
	// Dialect is the database dialect (dialect.SQLite or dialect.Postgres).
	Dialect string
	// DatabaseURL is where the PostgreSQL LISTEN connection goes; without it
	// ticket updates reach only this instance's subscribers.
	DatabaseURL string
	// Now is the clock. Tests set it.
	Now func() time.Time
	// Hours are the business hours SLA clocks count (Asia/Shanghai,
	// Monday to Friday, 09:00–18:00 by default).
	Hours BusinessHours
	// ReturnWindowDays is how many days after delivery a return may be
	// requested (7: China's "seven days, no reason" rule).
	ReturnWindowDays int
	// AutoCloseAfter closes resolved tickets nobody reopened.
	AutoCloseAfter time.Duration
	// MaxAttachmentBytes bounds one photo; MaxAttachments the photos of a ticket.
	MaxAttachmentBytes int
	MaxAttachments     int
	// MaxCouponAmount caps a FIXED compensation coupon (minor units);
	// MaxCouponPercent a PERCENT one.
	MaxCouponAmount  int64
	MaxCouponPercent int
	// SweepEvery is how often the worker checks SLAs, follow-ups and alerts.
	SweepEvery time.Duration
	// ProactiveMaxAge: ops alerts older than this open no ticket.
	ProactiveMaxAge time.Duration
	// Currency of coupons for tickets without an order.
	Currency string
	Logger   *slog.Logger
}

func (o *Options) defaults() {
	if o.Dialect == "" {
		o.Dialect = dialect.SQLite
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	o.Hours = o.Hours.withDefaults()
	if o.ReturnWindowDays <= 0 {
		o.ReturnWindowDays = 7
	}
	if o.AutoCloseAfter <= 0 {
		o.AutoCloseAfter = 7 * 24 * time.Hour
	}
	if o.MaxAttachmentBytes <= 0 {
		o.MaxAttachmentBytes = 5 << 20
	}
	if o.MaxAttachments <= 0 {
		o.MaxAttachments = 20
	}
	if o.MaxCouponAmount <= 0 {
		o.MaxCouponAmount = 50000 // ¥500
	}
	if o.MaxCouponPercent <= 0 {
		o.MaxCouponPercent = 50
	}
	if o.SweepEvery <= 0 {
		o.SweepEvery = time.Minute
	}
	if o.ProactiveMaxAge <= 0 {
		o.ProactiveMaxAge = 14 * 24 * time.Hour
	}
	if o.Currency == "" {
		o.Currency = "CNY"
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
}

// Service is the customer-service service.
type Service struct {
	client *ent.Client
	orders *orders.Service
	opts   Options
	log    *slog.Logger
	bus    *Bus
	origin string
	subs   atomic.Int64 // open subscriptions
}

// NewService returns the service over client. Remedies go through
// ordersSvc (reship, refund).
func NewService(client *ent.Client, ordersSvc *orders.Service, opts Options) *Service {
	opts.defaults()
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return &Service{client: client, orders: ordersSvc, opts: opts, log: opts.Logger, bus: NewBus(), origin: hex.EncodeToString(b)}
}

// Options returns the service's (defaulted) options.
func (s *Service) Options() Options { return s.opts }

// Bus returns the publish/subscribe bus of ticket changes.
func (s *Service) Bus() *Bus { return s.bus }

func (s *Service) now() time.Time { return s.opts.Now().UTC().Truncate(time.Microsecond) }

func (s *Service) postgres() bool { return s.opts.Dialect == dialect.Postgres }

// tx runs fn in the caller's transaction, or in a new one whose context
// carries it (so that the orders service and AfterCommit join it).
func (s *Service) tx(ctx context.Context, fn func(ctx context.Context, db *ent.Client) error) error {
	if tx := ent.TxFromContext(ctx); tx != nil {
		return fn(ctx, tx.Client())
	}
	return database.WithTx(ctx, s.client, func(tx *ent.Tx) error {
		return fn(ent.NewContext(ent.NewTxContext(ctx, tx), tx.Client()), tx.Client())
	})
}

// finish maps an error leaving an operation: caller-fixable and
// authorization errors pass, the rest become internal faults of op.
func finish(op string, err error) error {
	if err == nil {
		return nil
	}
	if _, ok := errs.UserErrors(err); ok || errs.KindOf(err) != errs.Other {
		return err
	}
	return errs.Wrap(op, err)
}

// invalid is a caller-fixable problem with a code at a field path.
func invalid(op, code, msg string, field ...string) *errs.Error {
	return errs.E(op, errs.Invalid, code, msg).At(field...)
}

// conflict is a problem with the state of things (not the input).
func conflict(op, code, msg string) *errs.Error { return errs.E(op, errs.Conflict, code, msg) }

// actorOf names the viewer in events and remedies.
func actorOf(ctx context.Context) string { return viewer.FromContext(ctx).Actor() }

// randomDigits returns n random decimal digits.
func randomDigits(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		d, _ := rand.Int(rand.Reader, big.NewInt(10))
		b.WriteByte(byte('0' + d.Int64()))
	}
	return b.String()
}

// randomCode returns n characters from an alphabet without look-alikes.
func randomCode(n int) string {
	const alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
	var b strings.Builder
	for i := 0; i < n; i++ {
		d, _ := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		b.WriteByte(alphabet[d.Int64()])
	}
	return b.String()
}

// cst is China Standard Time, for numbers and dates people read.
var cst = time.FixedZone("CST", 8*3600)

// formatMoney renders minor units: ¥129.00.
func formatMoney(amount int64, currency string) string {
	sym := currency + " "
	if currency == "CNY" || currency == "" {
		sym = "¥"
	}
	sign := ""
	if amount < 0 {
		sign, amount = "-", -amount
	}
	return fmt.Sprintf("%s%s%d.%02d", sign, sym, amount/100, amount%100)
}

// idsOf turns strings into ids.
func idsOf(ss []string) []pulid.ID {
	out := make([]pulid.ID, len(ss))
	for i, s := range ss {
		out[i] = pulid.ID(s)
	}
	return out
}
