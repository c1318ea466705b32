package support

import (
	"context"
	"encoding/json"
	"strings"
	"sync"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/pgnotify"
	"github.com/waybill/waybill/internal/pulid"
)

// Topics. A notification carries only a topic; listeners re-read the
// database, so a lost or repeated notification costs a read, never data.
const (
	ticketTopicPrefix = "t:" // + ticket id: the ticket, its conversation or its remedies changed
	alertsTopic       = "alerts"
)

// TicketTopic is the topic of one ticket.
func TicketTopic(id pulid.ID) string { return ticketTopicPrefix + string(id) }

// Bus fans notifications out to listeners in this process. Listeners are
// callbacks that must return at once (they poke a one-slot channel or add
// to a bounded set), so a slow subscriber never delays a publisher.
type Bus struct {
	mu     sync.RWMutex
	exact  map[string]map[*busListener]struct{}
	prefix map[string]map[*busListener]struct{}
}

type busListener struct{ fn func(topic string) }

// NewBus returns an empty bus.
func NewBus() *Bus {
	return &Bus{exact: map[string]map[*busListener]struct{}{}, prefix: map[string]map[*busListener]struct{}{}}
}

// Listen calls fn after every notification of topic until cancel is called.
func (b *Bus) Listen(topic string, fn func(topic string)) (cancel func()) {
	return b.add(b.exact, topic, fn)
}

// ListenPrefix calls fn after every notification of a topic starting with prefix.
func (b *Bus) ListenPrefix(prefix string, fn func(topic string)) (cancel func()) {
	return b.add(b.prefix, prefix, fn)
}

func (b *Bus) add(m map[string]map[*busListener]struct{}, key string, fn func(string)) func() {
	l := &busListener{fn: fn}
	b.mu.Lock()
	if m[key] == nil {
		m[key] = map[*busListener]struct{}{}
	}
	m[key][l] = struct{}{}
	b.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			b.mu.Lock()
			delete(m[key], l)
			if len(m[key]) == 0 {
				delete(m, key)
			}
			b.mu.Unlock()
		})
	}
}

// Notify tells the listeners of each topic. Call it only after the change
// is committed.
func (b *Bus) Notify(topics ...string) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	for _, t := range topics {
		for l := range b.exact[t] {
			l.fn(t)
		}
		for p, ls := range b.prefix {
			if strings.HasPrefix(t, p) {
				for l := range ls {
					l.fn(t)
				}
			}
		}
	}
}

// notifyAll pokes every listener with an empty topic: after a lost
// connection to the other instances, everyone re-reads.
func (b *Bus) notifyAll() {
	b.mu.RLock()
	defer b.mu.RUnlock()
	for _, m := range []map[string]map[*busListener]struct{}{b.exact, b.prefix} {
		for _, ls := range m {
			for l := range ls {
				l.fn("")
			}
		}
	}
}

// Listeners returns how many listeners are registered (tests, metrics).
func (b *Bus) Listeners() int {
	b.mu.RLock()
	defer b.mu.RUnlock()
	n := 0
	for _, m := range []map[string]map[*busListener]struct{}{b.exact, b.prefix} {
		for _, ls := range m {
			n += len(ls)
		}
	}
	return n
}

// notifyChannel is the PostgreSQL channel every instance listens on.
const notifyChannel = "waybill_support"

type busMessage struct {
	Origin string   `json:"o"`
	Topics []string `json:"t"`
}

// publish announces topics once the transaction in ctx commits: to this
// instance's bus through database.AfterCommit, and on PostgreSQL to the
// other instances by a NOTIFY sent inside the transaction (delivered only
// on commit, never after a rollback).
func (s *Service) publish(ctx context.Context, topics ...string) error {
	if len(topics) == 0 {
		return nil
	}
	if s.postgres() && s.opts.DatabaseURL != "" {
		payload, err := json.Marshal(busMessage{Origin: s.origin, Topics: topics})
		if err != nil {
			return errs.Wrap("support.publish", err)
		}
		if len(payload) < 7000 {
			if _, err := database.Client(ctx, s.client).ExecContext(ctx, `SELECT pg_notify($1, $2)`, notifyChannel, string(payload)); err != nil {
				return errs.Wrap("support.publish", err)
			}
		}
	}
	database.AfterCommit(ctx, func() { s.bus.Notify(topics...) })
	return nil
}

// Listen relays the NOTIFYs of other instances into this instance's bus
// until ctx ends (PostgreSQL with a DatabaseURL only). After a reconnect
// every listener is poked, since notifications may have been lost.
func (s *Service) Listen(ctx context.Context) {
	if !s.postgres() {
		return
	}
	pgnotify.Listen(ctx, s.opts.DatabaseURL, s.log, pgnotify.Relay{
		Channel: notifyChannel,
		Name:    "support",
		Resync:  s.bus.notifyAll,
		Deliver: func(payload string) {
			var m busMessage
			if json.Unmarshal([]byte(payload), &m) == nil && m.Origin != s.origin {
				s.bus.Notify(m.Topics...)
			}
		},
	})
}

// ticketChanged publishes a ticket change (its subscribers and the inbox).
func (s *Service) ticketChanged(ctx context.Context, ids ...pulid.ID) error {
	topics := make([]string, 0, len(ids))
	for _, id := range ids {
		topics = append(topics, TicketTopic(id))
	}
	return s.publish(ctx, topics...)
}

// clientOf is the transactional client in ctx, or the service's own.
func (s *Service) clientOf(ctx context.Context) *ent.Client { return database.Client(ctx, s.client) }
