package support

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/ticketevent"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// Subscribers returns how many ticket subscriptions are open.
func (s *Service) Subscribers() int { return int(s.subs.Load()) }

// WatchTicket streams a ticket as the viewer sees it — at once, then after
// every committed change (a message, a status, a remedy). Customers watch
// only their own tickets, and the privacy rules hide internal notes from
// them whatever they select. Notifications coalesce in a one-slot channel,
// so a slow subscriber never holds up a publisher.
func (s *Service) WatchTicket(ctx context.Context, id pulid.ID) (<-chan *ent.Ticket, error) {
	const op = "support.WatchTicket"
	if err := gate(ctx); err != nil {
		return nil, err
	}
	t, err := s.client.Ticket.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, errs.E(op, errs.NotFound, "NOT_FOUND", "No such ticket.")
	}
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	wake := make(chan struct{}, 1)
	stop := s.bus.Listen(TicketTopic(id), func(string) {
		select {
		case wake <- struct{}{}:
		default: // one is pending; it covers this one
		}
	})
	out := make(chan *ent.Ticket, 1)
	out <- t
	s.subs.Add(1)
	go func() {
		defer func() { stop(); s.subs.Add(-1); close(out) }()
		for {
			select {
			case <-ctx.Done():
				return
			case <-wake:
			}
			t, err := s.client.Ticket.Get(ctx, id)
			if err != nil {
				if ctx.Err() == nil && !ent.IsNotFound(err) {
					s.log.Warn("support: reading a watched ticket", "error", err)
					continue
				}
				return
			}
			select {
			case out <- t:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out, nil
}

// maxPending bounds the changed tickets an inbox subscriber may owe; past
// it the oldest are dropped (the console refetches its page anyway).
const maxPending = 256

// WatchInbox streams every ticket that changes, to staff with
// SERVICE_TICKETS: the live inbox. Each subscriber holds a bounded set of
// pending ticket ids; a burst of changes to one ticket is sent once.
func (s *Service) WatchInbox(ctx context.Context) (<-chan *ent.Ticket, error) {
	if err := auth.Require(ctx, auth.ServiceTickets); err != nil {
		return nil, err
	}
	var mu sync.Mutex
	var pending []pulid.ID
	queued := map[pulid.ID]bool{}
	wake := make(chan struct{}, 1)
	stop := s.bus.ListenPrefix(ticketTopicPrefix, func(topic string) {
		id := pulid.ID(strings.TrimPrefix(topic, ticketTopicPrefix))
		if id == "" {
			return
		}
		mu.Lock()
		if !queued[id] {
			if len(pending) >= maxPending {
				delete(queued, pending[0])
				pending = pending[1:]
			}
			queued[id] = true
			pending = append(pending, id)
		}
		mu.Unlock()
		select {
		case wake <- struct{}{}:
		default:
		}
	})
	out := make(chan *ent.Ticket, 1)
	s.subs.Add(1)
	go func() {
		defer func() { stop(); s.subs.Add(-1); close(out) }()
		for {
			select {
			case <-ctx.Done():
				return
			case <-wake:
			}
			for {
				mu.Lock()
				if len(pending) == 0 {
					mu.Unlock()
					break
				}
				id := pending[0]
				pending = pending[1:]
				delete(queued, id)
				mu.Unlock()
				t, err := s.client.Ticket.Get(ctx, id)
				if err != nil {
					if ctx.Err() != nil {
						return
					}
					continue
				}
				select {
				case out <- t:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return out, nil
}

// alertKinds are the ticket events staff are alerted to.
var alertKinds = []ticketevent.Kind{ticketevent.KindSLA_BREACHED, ticketevent.KindPROACTIVE_ALERT, ticketevent.KindFOLLOW_UP}

// WatchAlerts streams the desk's alerts to staff with SERVICE_TICKETS, for
// the team lead: SLA breaches, proactive tickets and follow-ups falling
// due — those after the event id after (none before subscribing without
// one), then each new one. Follow-up creations and completions are not alerts.
func (s *Service) WatchAlerts(ctx context.Context, after *pulid.ID) (<-chan *ent.TicketEvent, error) {
	if err := auth.Require(ctx, auth.ServiceTickets); err != nil {
		return nil, err
	}
	sys := viewer.SystemContext(ctx)
	var cursor pulid.ID
	if after != nil {
		cursor = *after
	} else {
		last, err := s.client.TicketEvent.Query().Where(ticketevent.KindIn(alertKinds...)).Order(ent.Desc(ticketevent.FieldID)).First(sys)
		if err != nil && !ent.IsNotFound(err) {
			return nil, errs.Wrap("support.WatchAlerts", err)
		}
		if last != nil {
			cursor = last.ID
		}
	}
	wake := make(chan struct{}, 1)
	stop := s.bus.Listen(alertsTopic, func(string) {
		select {
		case wake <- struct{}{}:
		default:
		}
	})
	out := make(chan *ent.TicketEvent, 1)
	s.subs.Add(1)
	go func() {
		defer func() { stop(); s.subs.Add(-1); close(out) }()
		for {
			evs, err := s.client.TicketEvent.Query().Where(ticketevent.KindIn(alertKinds...), ticketevent.IDGT(cursor)).
				Order(ent.Asc(ticketevent.FieldID)).Limit(100).All(ctx)
			if err != nil && ctx.Err() != nil {
				return
			}
			for _, ev := range evs {
				if ev.Kind == ticketevent.KindFOLLOW_UP && ev.ToValue != "DUE" {
					cursor = ev.ID
					continue
				}
				select {
				case out <- ev:
					cursor = ev.ID
				case <-ctx.Done():
					return
				}
			}
			if len(evs) == 100 {
				continue
			}
			select {
			case <-ctx.Done():
				return
			case <-wake:
			case <-time.After(time.Minute):
			}
		}
	}()
	return out, nil
}
