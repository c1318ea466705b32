package tracking

import (
	"sync"
)

// Hub fans parcel notifications out to subscribers in this process. A
// notification only says "this parcel changed"; subscribers re-read the
// database, so a slow subscriber loses nothing by missing a duplicate.
// Sends never block: each subscriber has a one-slot buffer that coalesces.
type Hub struct {
	mu   sync.Mutex
	subs map[string]map[*subscription]struct{}
}

type subscription struct{ ch chan struct{} }

// NewHub returns an empty hub.
func NewHub() *Hub { return &Hub{subs: map[string]map[*subscription]struct{}{}} }

// Subscribe returns a channel that receives a value whenever the parcel with
// trackingNumber changes, and a function that ends the subscription.
func (h *Hub) Subscribe(trackingNumber string) (<-chan struct{}, func()) {
	s := &subscription{ch: make(chan struct{}, 1)}
	h.mu.Lock()
	if h.subs[trackingNumber] == nil {
		h.subs[trackingNumber] = map[*subscription]struct{}{}
	}
	h.subs[trackingNumber][s] = struct{}{}
	h.mu.Unlock()
	var once sync.Once
	return s.ch, func() {
		once.Do(func() {
			h.mu.Lock()
			delete(h.subs[trackingNumber], s)
			if len(h.subs[trackingNumber]) == 0 {
				delete(h.subs, trackingNumber)
			}
			h.mu.Unlock()
		})
	}
}

// Publish tells the subscribers of trackingNumber it changed. Call it only
// after the change is committed.
func (h *Hub) Publish(trackingNumber string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.subs[trackingNumber] {
		select {
		case s.ch <- struct{}{}:
		default: // a notification is already pending; it covers this one
		}
	}
}

// Subscribers returns how many subscriptions are open (metrics, tests).
func (h *Hub) Subscribers() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, m := range h.subs {
		n += len(m)
	}
	return n
}
