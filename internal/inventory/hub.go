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

// AlertEvent is a stock alert that was raised or changed.
type AlertEvent struct {
	Alert *ent.StockAlert
}

// Hub fans stock events and alerts out to subscribers in this process.
// Every subscriber has a buffered channel; sends never block: when a
// subscriber's buffer is full the event is dropped and the subscriber is
// marked lagged, so it re-reads everything it watches.
type Hub struct {
	mu      sync.RWMutex
	stock   map[*stockSub]struct{}
	alerts  map[*alertSub]struct{}
	dropped atomic.Int64
}

type stockSub struct {
	ch     chan Event
	filter func(Event) bool
	lagged atomic.Bool
}

type alertSub struct {
	ch     chan AlertEvent
	filter func(*ent.StockAlert) bool
	lagged atomic.Bool
}

// NewHub returns an empty hub.
func NewHub() *Hub {
	return &Hub{stock: map[*stockSub]struct{}{}, alerts: map[*alertSub]struct{}{}}
}

// events is the process's hub: the ledger publishes to it, subscriptions
// read from it.
var events = NewHub()

// Events returns the process's stock hub.
func Events() *Hub { return events }

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

// SubscribeAlerts returns the alerts that pass filter (nil: all).
func (h *Hub) SubscribeAlerts(buffer int, filter func(*ent.StockAlert) bool) *Subscription[AlertEvent] {
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

// PublishAlert hands an alert to the subscribers without ever blocking.
func (h *Hub) PublishAlert(a *ent.StockAlert) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	for s := range h.alerts {
		if s.filter != nil && !s.filter(a) {
			continue
		}
		select {
		case s.ch <- AlertEvent{Alert: a}:
		default:
			s.lagged.Store(true)
			h.dropped.Add(1)
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
