package tracking

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"entgo.io/ent/dialect"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/hook"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/pulid"
)

// Options configure the tracking service. The zero value works on SQLite.
type Options struct {
	// Dialect is the database dialect (dialect.SQLite or dialect.Postgres).
	Dialect string
	// DatabaseURL is where the PostgreSQL LISTEN connection goes; without it
	// events reach only this instance's subscribers.
	DatabaseURL string
	// Now is the clock (UTC). Tests and the simulator set it.
	Now func() time.Time
	// ExpireAfter is how long a parcel in transit may go without an event
	// before it becomes EXPIRED.
	ExpireAfter time.Duration
	// SweepEvery is how often the expiry sweeper runs.
	SweepEvery time.Duration
	// WebhookTolerance is how far a webhook's signed timestamp may be from Now.
	WebhookTolerance time.Duration
	// MaxWebhookBytes bounds a webhook body; MaxBatch its events plus positions.
	MaxWebhookBytes int64
	MaxBatch        int
	// PositionEvery throttles GPS positions per parcel.
	PositionEvery time.Duration
	// PublicURL is the base of the links in QR codes (https://shop.example.com);
	// empty means the scheme and host the request came in on.
	PublicURL string
	// MaxCatchUp is how many missed events a subscriber is sent in one
	// message; one that fell further behind is told to resync.
	MaxCatchUp int
	Logger     *slog.Logger
}

func (o *Options) defaults() {
	if o.Dialect == "" {
		o.Dialect = dialect.SQLite
	}
	if o.Now == nil {
		o.Now = func() time.Time { return time.Now().UTC() }
	}
	if o.ExpireAfter <= 0 {
		o.ExpireAfter = 5 * 24 * time.Hour
	}
	if o.SweepEvery <= 0 {
		o.SweepEvery = time.Minute
	}
	if o.WebhookTolerance <= 0 {
		o.WebhookTolerance = 5 * time.Minute
	}
	if o.MaxWebhookBytes <= 0 {
		o.MaxWebhookBytes = 1 << 20
	}
	if o.MaxBatch <= 0 {
		o.MaxBatch = 500
	}
	if o.PositionEvery <= 0 {
		o.PositionEvery = 30 * time.Second
	}
	if o.MaxCatchUp <= 0 {
		o.MaxCatchUp = 100
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
}

// Service is the tracking service.
type Service struct {
	client *ent.Client
	hub    *Hub
	opts   Options
	log    *slog.Logger
	origin string // this instance, so it can skip its own NOTIFYs

	mappings mappingCache
	carriers carrierCache

	feedsMu sync.Mutex
	feeds   map[string]*feed

	subs atomic.Int64 // open subscriptions of every kind

	// writer queues this service's own transactions on SQLite, which has a
	// single writer: waiting here is first come, first served, while
	// waiting in SQLite's busy handler means sleeping in growing steps.
	writer chan struct{}
}

// NewService returns a tracking service over client publishing to hub. It
// registers a hook on client so that every tracking event, whoever writes
// it, gets its parcel's next cursor.
func NewService(client *ent.Client, hub *Hub, opts Options) *Service {
	opts.defaults()
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	s := &Service{client: client, hub: hub, opts: opts, log: opts.Logger, origin: hex.EncodeToString(b),
		feeds: map[string]*feed{}}
	s.mappings.ttl = 30 * time.Second
	s.writer = make(chan struct{}, 1)
	client.TrackingEvent.Use(s.seqHook())
	return s
}

// Hub returns the service's publish/subscribe hub.
func (s *Service) Hub() *Hub { return s.hub }

// Subscribers returns how many subscriptions are open (metrics, tests).
func (s *Service) Subscribers() int { return int(s.subs.Load()) }

func (s *Service) now() time.Time { return s.opts.Now().UTC() }

func (s *Service) postgres() bool { return s.opts.Dialect == dialect.Postgres }

// withTx runs fn in a transaction (joining the caller's, if any), queued
// behind this service's other writers on SQLite.
func (s *Service) withTx(ctx context.Context, fn func(tx *ent.Tx) error) error {
	if ent.TxFromContext(ctx) == nil && !s.postgres() {
		select {
		case s.writer <- struct{}{}:
			defer func() { <-s.writer }()
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return database.WithTx(ctx, s.client, fn)
}

// rebind turns ? placeholders into PostgreSQL's $n.
func (s *Service) rebind(q string) string {
	if !s.postgres() {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// seqHook gives an event created without a cursor its parcel's next one.
// The tracking service sets cursors itself; this covers other writers.
func (s *Service) seqHook() ent.Hook {
	return hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.TrackingEventFunc(func(ctx context.Context, m *ent.TrackingEventMutation) (ent.Value, error) {
			if seq, ok := m.Seq(); ok && seq != 0 {
				return next.Mutate(ctx, m)
			}
			sid, ok := m.ShipmentID()
			if !ok {
				return next.Mutate(ctx, m) // validation reports the missing shipment
			}
			seq, err := s.allocSeqs(ctx, m.Client(), sid, 1)
			if err != nil {
				return nil, err
			}
			m.SetSeq(seq)
			return next.Mutate(ctx, m)
		})
	}, ent.OpCreate)
}

// allocSeqs reserves n consecutive cursors of a parcel and returns the first.
// The UPDATE takes the shipment's row lock (PostgreSQL) or runs under
// SQLite's single writer, and the lock is held until commit: cursors are
// therefore handed out in commit order per parcel, which is what lets a
// subscriber resume "after N" without a gap. Events written before cursors
// existed (seq 0) are numbered first, in time order, once.
func (s *Service) allocSeqs(ctx context.Context, c *ent.Client, shipmentID pulid.ID, n int) (int64, error) {
	const op = "tracking.allocSeqs"
	last, err := s.scanInt(ctx, c, `UPDATE shipments SET event_seq = event_seq + ? WHERE id = ? RETURNING event_seq`, n, string(shipmentID))
	if err != nil {
		return 0, errs.Wrap(op, err)
	}
	if last != int64(n) {
		return last - int64(n) + 1, nil
	}
	// First cursors of this parcel: number its older events before them.
	rows, err := c.QueryContext(ctx, s.rebind(`SELECT id, occurred_at FROM tracking_events WHERE shipment_id = ? AND seq = 0`), string(shipmentID))
	if err != nil {
		return 0, errs.Wrap(op, err)
	}
	type old struct {
		id string
		at time.Time
	}
	var olds []old
	for rows.Next() {
		var o old
		if err := rows.Scan(&o.id, &o.at); err != nil {
			rows.Close()
			return 0, errs.Wrap(op, err)
		}
		olds = append(olds, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, errs.Wrap(op, err)
	}
	if len(olds) == 0 {
		return 1, nil
	}
	sort.Slice(olds, func(i, j int) bool {
		if !olds[i].at.Equal(olds[j].at) {
			return olds[i].at.Before(olds[j].at)
		}
		return olds[i].id < olds[j].id
	})
	for i, o := range olds {
		if _, err := c.ExecContext(ctx, s.rebind(`UPDATE tracking_events SET seq = ? WHERE id = ?`), i+1, o.id); err != nil {
			return 0, errs.Wrap(op, err)
		}
	}
	if _, err := c.ExecContext(ctx, s.rebind(`UPDATE shipments SET event_seq = ? WHERE id = ?`), len(olds)+n, string(shipmentID)); err != nil {
		return 0, errs.Wrap(op, err)
	}
	return int64(len(olds)) + 1, nil
}

func (s *Service) scanInt(ctx context.Context, c *ent.Client, q string, args ...any) (int64, error) {
	rows, err := c.QueryContext(ctx, s.rebind(q), args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var v int64
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return 0, err
		}
		return 0, fmt.Errorf("%s: no row", q)
	}
	if err := rows.Scan(&v); err != nil {
		return 0, err
	}
	return v, rows.Close()
}

// virtualSeqs numbers events that predate cursors (seq 0) the way
// allocSeqs will when the parcel next changes: by time, then id. Events must
// be sorted oldest first.
func virtualSeqs(events []*ent.TrackingEvent) {
	for _, e := range events {
		if e.Seq != 0 {
			return // numbered already (allocSeqs numbers all of a parcel's events at once)
		}
	}
	for i, e := range events {
		e.Seq = int64(i + 1)
	}
}
