package tracking

import (
	"sync"
)

// Topics name what changed. A notification carries only the topic; whoever
// listens re-reads the database, so a missed or duplicated notification
// costs a read, never an event.
const (
	parcelTopicPrefix = "p:" // + tracking number
	orderTopicPrefix  = "o:" // + order id
	alertsTopic       = "ops"
)

// ParcelTopic is the topic of one parcel.
func ParcelTopic(trackingNumber string) string { return parcelTopicPrefix + trackingNumber }

// OrderTopic is the topic of one order.
func OrderTopic(orderID string) string { return orderTopicPrefix + orderID }

// Hub fans notifications out to listeners in this process. Listeners are
// callbacks that must not block (they set a flag or poke a one-slot
// channel); a slow subscriber therefore never delays the publisher or any
// other subscriber. On PostgreSQL, the Listener feeds notifications from
// other instances into the same hub.
type Hub struct {
	mu     sync.RWMutex
	topics map[string]map[*hubListener]struct{}
}

type hubListener struct{ fn func() }

// NewHub returns an empty hub.
func NewHub() *Hub { return &Hub{topics: map[string]map[*hubListener]struct{}{}} }

// Listen calls fn after every notification of topic until cancel is called.
// fn runs on the notifier's goroutine and must return at once.
func (h *Hub) Listen(topic string, fn func()) (cancel func()) {
	l := &hubListener{fn: fn}
	h.mu.Lock()
	if h.topics[topic] == nil {
		h.topics[topic] = map[*hubListener]struct{}{}
	}
	h.topics[topic][l] = struct{}{}
	h.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			h.mu.Lock()
			delete(h.topics[topic], l)
			if len(h.topics[topic]) == 0 {
				delete(h.topics, topic)
			}
			h.mu.Unlock()
		})
	}
}

// Notify tells the listeners of each topic that it changed. Call it only
// after the change is committed.
func (h *Hub) Notify(topics ...string) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	for _, t := range topics {
		for l := range h.topics[t] {
			l.fn()
		}
	}
}

// NotifyAll pokes every listener: after a lost connection to the other
// instances, everyone re-reads by cursor.
func (h *Hub) NotifyAll() {
	h.mu.RLock()
	defer h.mu.RUnlock()
	for _, ls := range h.topics {
		for l := range ls {
			l.fn()
		}
	}
}

// Publish tells the subscribers of the parcel trackingNumber it changed.
func (h *Hub) Publish(trackingNumber string) { h.Notify(ParcelTopic(trackingNumber)) }

// Subscribe returns a channel that receives a value whenever the parcel with
// trackingNumber changes, and a function that ends the subscription. The
// channel has one slot: notifications that arrive while one is pending
// coalesce into it.
func (h *Hub) Subscribe(trackingNumber string) (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	cancel := h.Listen(ParcelTopic(trackingNumber), func() {
		select {
		case ch <- struct{}{}:
		default: // a notification is already pending; it covers this one
		}
	})
	return ch, cancel
}

// Listeners returns how many listeners are registered (tests, metrics).
func (h *Hub) Listeners() int {
	h.mu.RLock()
	defer h.mu.RUnlock()
	n := 0
	for _, m := range h.topics {
		n += len(m)
	}
	return n
}
