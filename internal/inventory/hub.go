package inventory

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/pulid"
)

// Event says that one stock level changed. It carries keys, not numbers:
// subscribers read the committed state, so a coalesced or dropped event
// costs a read, never a wrong number.
type Event struct {
	ProductID   pulid.ID
	WarehouseID pulid.ID
	Kind        string // the last movement kind
	At          time.Time
}

// AlertEvent says that a stock alert was raised or changed. Like Event it
// carries keys: subscribers read the alert as committed.
type AlertEvent struct {
	AlertID     pulid.ID
	WarehouseID pulid.ID
}

// Hub fans stock events and alerts out to the subscribers of one instance.
// Every subscriber has a buffered channel; sends never block: when a
// subscriber's buffer is full the event is dropped and the subscriber is
// marked lagged, so it re-reads everything it watches. With peers on
// (PostgreSQL), every change is also announced to the other instances by a
// NOTIFY in the writing transaction, and Listen relays theirs (notify.go).
type Hub struct {
	mu      sync.RWMutex
	stock   map[*stockSub]struct{}
	alerts  map[*alertSub]struct{}
	dropped atomic.Int64
	origin  string
	peers   atomic.Bool
}

type stockSub struct {
	ch     chan Event
	filter func(Event) bool
	lagged atomic.Bool
}

type alertSub struct {
	ch     chan AlertEvent
	filter func(AlertEvent) bool
	lagged atomic.Bool
}

// NewHub returns an empty hub.
func NewHub() *Hub {
	return &Hub{stock: map[*stockSub]struct{}{}, alerts: map[*alertSub]struct{}{}, origin: string(pulid.New("hub"))}
}

// events is the hub of writers that name none (tests, the command line).
var events = NewHub()

// Events returns the hub of writers that name none in their context.
func Events() *Hub { return events }

type hubKey struct{}

// ContextWithHub returns ctx whose stock changes go to h: a server puts its
// own hub in every request's and worker's context, so the instances of a
// test (or of one process) are as separate as those of a deployment.
func ContextWithHub(ctx context.Context, h *Hub) context.Context {
	return context.WithValue(ctx, hubKey{}, h)
}

// hubOf returns the hub of ctx, or the default one.
func hubOf(ctx context.Context) *Hub {
	if h, ok := ctx.Value(hubKey{}).(*Hub); ok && h != nil {
		return h
	}
	return events
}

// Subscription is one subscriber's view of the hub.
type Subscription[T any] struct {
	C      <-chan T
	lagged *atomic.Bool
	cancel func()
}

// Lagged reports (and clears) whether events were dropped since the last call.
func (s *Subscription[T]) Lagged() bool { return s.lagged.Swap(false) }

// Close ends the subscription.
func (s *Subscription[T]) Close() { s.cancel() }

// SubscribeStock returns the stock events that pass filter (nil: all).
func (h *Hub) SubscribeStock(buffer int, filter func(Event) bool) *Subscription[Event] {
	s := &stockSub{ch: make(chan Event, max(buffer, 1)), filter: filter}
	h.mu.Lock()
	h.stock[s] = struct{}{}
	h.mu.Unlock()
	var once sync.Once
	return &Subscription[Event]{C: s.ch, lagged: &s.lagged, cancel: func() {
		once.Do(func() {
			h.mu.Lock()
			delete(h.stock, s)
			h.mu.Unlock()
		})
	}}
}

// SubscribeAlerts returns the alert events that pass filter (nil: all).
func (h *Hub) SubscribeAlerts(buffer int, filter func(AlertEvent) bool) *Subscription[AlertEvent] {
	s := &alertSub{ch: make(chan AlertEvent, max(buffer, 1)), filter: filter}
	h.mu.Lock()
	h.alerts[s] = struct{}{}
	h.mu.Unlock()
	var once sync.Once
	return &Subscription[AlertEvent]{C: s.ch, lagged: &s.lagged, cancel: func() {
		once.Do(func() {
			h.mu.Lock()
			delete(h.alerts, s)
			h.mu.Unlock()
		})
	}}
}

// Publish hands events to the subscribers without ever blocking.
func (h *Hub) Publish(evs ...Event) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	for s := range h.stock {
		for _, e := range evs {
			if s.filter != nil && !s.filter(e) {
				continue
			}
			select {
			case s.ch <- e:
			default:
				s.lagged.Store(true)
				h.dropped.Add(1)
			}
		}
	}
}

// PublishAlerts hands alert events to the subscribers without ever blocking.
func (h *Hub) PublishAlerts(evs ...AlertEvent) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	for s := range h.alerts {
		for _, e := range evs {
			if s.filter != nil && !s.filter(e) {
				continue
			}
			select {
			case s.ch <- e:
			default:
				s.lagged.Store(true)
				h.dropped.Add(1)
			}
		}
	}
}

// resync tells every stock subscriber that events may have been lost (the
// LISTEN connection dropped): each is marked lagged and woken with an empty
// event, so it re-reads everything it watches.
func (h *Hub) resync() {
	h.mu.RLock()
	defer h.mu.RUnlock()
	for s := range h.stock {
		s.lagged.Store(true)
		select {
		case s.ch <- Event{}:
		default:
		}
	}
}

// Subscribers returns how many subscriptions are open (metrics).
func (h *Hub) Subscribers() int {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return len(h.stock) + len(h.alerts)
}

// Dropped returns how many events were dropped for slow subscribers.
func (h *Hub) Dropped() int64 { return h.dropped.Load() }

// announce arranges for stock events and alerts to reach subscribers once
// the transaction of ctx commits: this instance's by a commit hook, the
// other instances' (with peers on) by a NOTIFY that db — the transaction's
// client — sends now and PostgreSQL delivers only on commit.
func announce(ctx context.Context, db *ent.Client, evs []Event, alerts ...*ent.StockAlert) error {
	if len(evs) == 0 && len(alerts) == 0 {
		return nil
	}
	h := hubOf(ctx)
	aevs := make([]AlertEvent, len(alerts))
	for i, a := range alerts {
		aevs[i] = AlertEvent{AlertID: a.ID, WarehouseID: a.WarehouseID}
	}
	if h.peers.Load() {
		if err := h.notifyPeers(ctx, db, evs, aevs); err != nil {
			return err
		}
	}
	afterCommit(ctx, func() {
		h.Publish(evs...)
		h.PublishAlerts(aevs...)
	})
	return nil
}

// afterCommit runs fn once the transaction of ctx commits. Without one in
// ctx (a caller that began its own transaction on a bare context) the
// commit cannot be observed: fn runs now and once more a moment later, so a
// subscriber that read too early reads again. Notifications carry keys
// only, so the repeat is harmless.
func afterCommit(ctx context.Context, fn func()) {
	if ent.TxFromContext(ctx) != nil {
		database.AfterCommit(ctx, fn)
		return
	}
	fn()
	time.AfterFunc(250*time.Millisecond, fn)
}
