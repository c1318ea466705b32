package support

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/ticket"
	"github.com/waybill/waybill/ent/ticketevent"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// transition moves t to status to with its side effects on the SLA clocks:
// waiting for the customer stops them (and resuming continues where they
// stopped), resolving and closing end them, reopening starts a new
// resolution clock. It records the change; the caller checked who may.
func (s *Service) transition(ctx context.Context, db *ent.Client, t *ent.Ticket, to ticket.Status, note string) (*ent.Ticket, error) {
	const op = "support.transition"
	if t.Status == to {
		return t, nil
	}
	if !CanTransition(t.Status, to) {
		e := conflict(op, "INVALID_TRANSITION", fmt.Sprintf("A %s ticket cannot become %s.", t.Status, to))
		e.Details = map[string]any{"from": string(t.Status), "to": string(to)}
		return nil, e
	}
	sys := viewer.SystemContext(ctx)
	now := s.now()
	ps, err := s.policies(sys, db)
	if err != nil {
		return nil, err
	}
	p := ps[t.Priority]
	c := s.clockOf(p)
	upd := db.Ticket.UpdateOneID(t.ID).SetStatus(to).SetUpdatedAt(now)
	first, res := t.FirstResponseDueAt, t.ResolutionDueAt
	if t.Status == ticket.StatusPENDING_CUSTOMER && t.SLAPausedAt != nil {
		paused := *t.SLAPausedAt
		shift := func(d *time.Time) *time.Time {
			if d == nil || !d.After(paused) {
				return d // already due when the clock stopped
			}
			n := c.add(now, c.between(paused, *d))
			return &n
		}
		if t.FirstRespondedAt == nil {
			first = shift(first)
			upd.SetNillableFirstResponseDueAt(first)
		}
		res = shift(res)
		upd.SetNillableResolutionDueAt(res).ClearSLAPausedAt()
	}
	switch to {
	case ticket.StatusPENDING_CUSTOMER:
		upd.SetSLAPausedAt(now)
	case ticket.StatusRESOLVED:
		upd.SetResolvedAt(now).ClearSLAPausedAt()
	case ticket.StatusCLOSED:
		upd.SetClosedAt(now).ClearSLAPausedAt()
	case ticket.StatusREOPENED:
		_, r := s.dues(p, now, true)
		res = &r
		upd.AddReopenCount(1).ClearResolvedAt().SetResolutionDueAt(r).SetResolutionBreached(false)
	}
	if d := nextDue(to, t.FirstRespondedAt, first, res); d != nil {
		upd.SetSLADueAt(*d)
	} else {
		upd.ClearSLADueAt()
	}
	out, err := upd.Save(sys)
	if err != nil {
		return nil, err
	}
	if err := s.event(ctx, db, t.ID, ticketevent.KindSTATUS_CHANGED, string(t.Status), string(to), note); err != nil {
		return nil, err
	}
	return out, nil
}

// ReplyInput is a message on a ticket.
type ReplyInput struct {
	TicketID pulid.ID
	Body     string
	// Internal: an agent's note, never shown to the customer.
	Internal bool
	// Status (agents): where the ticket goes after the reply, e.g.
	// PENDING_CUSTOMER after asking a question.
	Status *ticket.Status
}

// Reply adds a message to a ticket's conversation. A customer's reply to a
// ticket waiting for them puts it back in the queue, and to a resolved one
// reopens it. An agent's first public reply stops the first-response clock
// and opens the ticket; an unowned ticket becomes theirs.
func (s *Service) Reply(ctx context.Context, in ReplyInput) (*ent.TicketMessage, *ent.Ticket, error) {
	const op = "support.Reply"
	if err := gate(ctx); err != nil {
		return nil, nil, err
	}
	customer := isCustomer(ctx)
	in.Body = strings.TrimSpace(in.Body)
	var problems errs.List
	if in.Body == "" {
		problems = append(problems, invalid(op, "REQUIRED", "Write a message.", "input", "body"))
	} else if utf8.RuneCountInString(in.Body) > MaxBody {
		problems = append(problems, invalid(op, "TOO_LONG", fmt.Sprintf("At most %d characters.", MaxBody), "input", "body"))
	}
	if customer && in.Internal {
		problems = append(problems, invalid(op, "NOT_ALLOWED", "Only agents write internal notes.", "input", "internal"))
	}
	if customer && in.Status != nil {
		problems = append(problems, invalid(op, "NOT_ALLOWED", "Only agents set the status.", "input", "status"))
	}
	if in.Status != nil && *in.Status == ticket.StatusRESOLVED {
		problems = append(problems, invalid(op, "USE_RESOLVE", "Resolve with resolveTicket: it needs a root cause and a note.", "input", "status"))
	}
	if err := problems.Err(); err != nil {
		return nil, nil, err
	}
	var msg *ent.TicketMessage
	var out *ent.Ticket
	err := s.tx(ctx, func(ctx context.Context, db *ent.Client) error {
		sys := viewer.SystemContext(ctx)
		t, err := s.load(ctx, db, op, in.TicketID, "input", "ticketId")
		if err != nil {
			return err
		}
		if err := writable(op, t); err != nil {
			return err
		}
		if msg, err = s.say(ctx, db, t, in.Body, in.Internal); err != nil {
			return err
		}
		if customer {
			switch t.Status {
			case ticket.StatusPENDING_CUSTOMER:
				t, err = s.transition(ctx, db, t, ticket.StatusOPEN, "the customer answered")
			case ticket.StatusRESOLVED:
				t, err = s.transition(ctx, db, t, ticket.StatusREOPENED, "the customer replied after resolution")
			}
			if err != nil {
				return err
			}
		} else {
			if !in.Internal {
				if t.FirstRespondedAt == nil {
					now := s.now()
					upd := t.Update().SetFirstRespondedAt(now)
					if d := nextDue(t.Status, &now, t.FirstResponseDueAt, t.ResolutionDueAt); d != nil {
						upd.SetSLADueAt(*d)
					}
					if t, err = upd.Save(sys); err != nil {
						return err
					}
				}
				if t.Status == ticket.StatusNEW || t.Status == ticket.StatusREOPENED {
					if t, err = s.transition(ctx, db, t, ticket.StatusOPEN, "answered"); err != nil {
						return err
					}
				}
			}
			if t.AssigneeID == nil && viewer.FromContext(ctx).AccountID != "" {
				if err := s.setAssignee(ctx, db, t, viewer.FromContext(ctx).AccountID, "took it by answering"); err != nil {
					return err
				}
			}
			if in.Status != nil {
				if t, err = s.load(ctx, db, op, t.ID); err != nil {
					return err
				}
				if t, err = s.transition(ctx, db, t, *in.Status, ""); err != nil {
					return err
				}
			}
		}
		if out, err = db.Ticket.Get(ctx, t.ID); err != nil {
			return err
		}
		return s.ticketChanged(ctx, t.ID)
	})
	if err != nil {
		return nil, nil, finish(op, err)
	}
	return msg, out, nil
}

// writable refuses changes to closed and merged tickets.
func writable(op string, t *ent.Ticket) error {
	if t.DuplicateOfID != nil {
		e := conflict(op, "TICKET_MERGED", "This ticket was merged into another; continue there.")
		e.Details = map[string]any{"ticketId": string(*t.DuplicateOfID)}
		return e
	}
	if t.Status == ticket.StatusCLOSED {
		return conflict(op, "TICKET_CLOSED", "This ticket is closed; open a new one.")
	}
	return nil
}

// Resolve resolves a ticket (SERVICE_TICKETS). It requires a root cause
// and a resolution note; the customer is told and invited to the survey.
func (s *Service) Resolve(ctx context.Context, id pulid.ID, rootCause ticket.RootCause, note string) (*ent.Ticket, error) {
	const op = "support.Resolve"
	if err := auth.Require(ctx, auth.ServiceTickets); err != nil {
		return nil, err
	}
	note = strings.TrimSpace(note)
	var problems errs.List
	if ticket.RootCauseValidator(rootCause) != nil {
		problems = append(problems, invalid(op, "ROOT_CAUSE_REQUIRED", "Choose the root cause.", "input", "rootCause"))
	}
	if note == "" {
		problems = append(problems, invalid(op, "RESOLUTION_NOTE_REQUIRED", "Say how it was resolved.", "input", "resolutionNote"))
	} else if utf8.RuneCountInString(note) > MaxNote {
		problems = append(problems, invalid(op, "TOO_LONG", fmt.Sprintf("At most %d characters.", MaxNote), "input", "resolutionNote"))
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	var out *ent.Ticket
	err := s.tx(ctx, func(ctx context.Context, db *ent.Client) error {
		sys := viewer.SystemContext(ctx)
		t, err := s.load(ctx, db, op, id, "input", "ticketId")
		if err != nil {
			return err
		}
		if err := writable(op, t); err != nil {
			return err
		}
		if t, err = s.transition(ctx, db, t, ticket.StatusRESOLVED, string(rootCause)+": "+note); err != nil {
			return err
		}
		upd := t.Update().SetRootCause(rootCause).SetResolutionNote(note)
		if t.FirstRespondedAt == nil {
			upd.SetFirstRespondedAt(s.now()) // the resolution answers the customer
		}
		if t, err = upd.Save(sys); err != nil {
			return err
		}
		if _, err := s.system(ctx, db, t, "您的工单已处理完毕。如问题仍未解决，直接回复即可重新打开；欢迎为本次服务评分。"+
			"Your ticket is resolved. If the problem remains, just reply to reopen it — and please rate our service.", false); err != nil {
			return err
		}
		if out, err = db.Ticket.Get(ctx, t.ID); err != nil {
			return err
		}
		return s.ticketChanged(ctx, t.ID)
	})
	return out, finish(op, err)
}

// SetStatus moves a ticket to another status. Agents (SERVICE_TICKETS)
// follow the transition table (resolving goes through Resolve; closing an
// unresolved ticket needs a note). Customers may close or reopen their own
// resolved ticket.
func (s *Service) SetStatus(ctx context.Context, id pulid.ID, to ticket.Status, note string) (*ent.Ticket, error) {
	const op = "support.SetStatus"
	if err := gate(ctx); err != nil {
		return nil, err
	}
	note = strings.TrimSpace(note)
	if ticket.StatusValidator(to) != nil {
		return nil, invalid(op, "INVALID_STATUS", "No such status.", "status")
	}
	if to == ticket.StatusRESOLVED {
		return nil, invalid(op, "USE_RESOLVE", "Resolve with resolveTicket: it needs a root cause and a note.", "status")
	}
	if utf8.RuneCountInString(note) > MaxNote {
		return nil, invalid(op, "TOO_LONG", fmt.Sprintf("At most %d characters.", MaxNote), "note")
	}
	var out *ent.Ticket
	err := s.tx(ctx, func(ctx context.Context, db *ent.Client) error {
		t, err := s.load(ctx, db, op, id)
		if err != nil {
			return err
		}
		if err := writable(op, t); err != nil {
			return err
		}
		allowed := false
		for _, a := range AllowedTransitions(ctx, t) {
			allowed = allowed || a == to
		}
		if !allowed {
			e := conflict(op, "INVALID_TRANSITION", fmt.Sprintf("A %s ticket cannot become %s.", t.Status, to))
			e.Details = map[string]any{"from": string(t.Status), "to": string(to)}
			return e
		}
		if to == ticket.StatusCLOSED && t.Status != ticket.StatusRESOLVED && note == "" {
			return invalid(op, "NOTE_REQUIRED", "Say why an unresolved ticket is closed.", "note")
		}
		if t, err = s.transition(ctx, db, t, to, note); err != nil {
			return err
		}
		if isCustomer(ctx) {
			text := "客户确认问题已解决并关闭了工单。The customer confirmed the problem is solved and closed the ticket."
			if to == ticket.StatusREOPENED {
				text = "客户重新打开了工单。The customer reopened the ticket."
			}
			if note != "" {
				text += "\n" + note
			}
			if _, err := s.say(ctx, db, t, text, false); err != nil {
				return err
			}
		}
		if out, err = db.Ticket.Get(ctx, t.ID); err != nil {
			return err
		}
		return s.ticketChanged(ctx, t.ID)
	})
	return out, finish(op, err)
}

// SetPriority changes a ticket's priority (SERVICE_TICKETS). Deadlines not
// yet missed are recomputed with the new priority's policy.
func (s *Service) SetPriority(ctx context.Context, id pulid.ID, p ticket.Priority, reason string) (*ent.Ticket, error) {
	const op = "support.SetPriority"
	if err := auth.Require(ctx, auth.ServiceTickets); err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	if ticket.PriorityValidator(p) != nil {
		return nil, invalid(op, "INVALID_PRIORITY", "Choose LOW, NORMAL, HIGH or URGENT.", "priority")
	}
	if utf8.RuneCountInString(reason) > MaxNote {
		return nil, invalid(op, "TOO_LONG", fmt.Sprintf("At most %d characters.", MaxNote), "reason")
	}
	var out *ent.Ticket
	err := s.tx(ctx, func(ctx context.Context, db *ent.Client) error {
		sys := viewer.SystemContext(ctx)
		t, err := s.load(ctx, db, op, id)
		if err != nil {
			return err
		}
		if err := writable(op, t); err != nil {
			return err
		}
		if t.Priority == p {
			out = t
			return nil
		}
		ps, err := s.policies(sys, db)
		if err != nil {
			return err
		}
		pol, old := ps[p], t.Priority
		c := s.clockOf(pol)
		now := s.now()
		base := t.CreatedAt
		if t.ReopenCount > 0 {
			base = now
		}
		// A paused clock counts from when it stopped.
		paused := time.Duration(0)
		if t.SLAPausedAt != nil {
			paused = c.between(*t.SLAPausedAt, now)
		}
		upd := t.Update().SetPriority(p).SetPriorityReasons(append(t.PriorityReasons,
			fmt.Sprintf("MANUAL %s → %s by %s: %s", t.Priority, p, viewer.FromContext(ctx).Email, reason)))
		first, res := t.FirstResponseDueAt, t.ResolutionDueAt
		if t.FirstRespondedAt == nil && !t.FirstResponseBreached {
			f := c.add(base, pol.FirstResponse+paused)
			first = &f
			upd.SetFirstResponseDueAt(f)
		}
		if !t.ResolutionBreached && t.ResolvedAt == nil {
			r := c.add(base, pol.Resolution+paused)
			res = &r
			upd.SetResolutionDueAt(r)
		}
		if d := nextDue(t.Status, t.FirstRespondedAt, first, res); d != nil {
			upd.SetSLADueAt(*d)
		}
		if t, err = upd.Save(sys); err != nil {
			return err
		}
		if err := s.event(ctx, db, t.ID, ticketevent.KindPRIORITY_CHANGED, string(old), string(p), reason); err != nil {
			return err
		}
		out = t
		return s.ticketChanged(ctx, t.ID)
	})
	return out, finish(op, err)
}

// Merge closes source as a duplicate of target (SERVICE_TICKETS); both
// must be the same customer's. The customer is told where it continues.
func (s *Service) Merge(ctx context.Context, sourceID, targetID pulid.ID) (*ent.Ticket, error) {
	const op = "support.Merge"
	if err := auth.Require(ctx, auth.ServiceTickets); err != nil {
		return nil, err
	}
	if sourceID == targetID {
		return nil, invalid(op, "SAME_TICKET", "A ticket cannot be merged into itself.", "intoTicketId")
	}
	var out *ent.Ticket
	err := s.tx(ctx, func(ctx context.Context, db *ent.Client) error {
		sys := viewer.SystemContext(ctx)
		src, err := s.load(ctx, db, op, sourceID)
		if err != nil {
			return err
		}
		dst, err := s.load(ctx, db, op, targetID, "intoTicketId")
		if err != nil {
			return err
		}
		if err := writable(op, src); err != nil {
			return err
		}
		if err := writable(op, dst); err != nil {
			return err
		}
		if src.CustomerID != nil && (dst.CustomerID == nil || *dst.CustomerID != *src.CustomerID) {
			return invalid(op, "NOT_SAME_CUSTOMER", "Only tickets of the same customer can be merged.", "intoTicketId")
		}
		if src, err = s.transition(ctx, db, src, ticket.StatusCLOSED, "merged into "+dst.Number); err != nil {
			return err
		}
		if err := src.Update().SetDuplicateOfID(dst.ID).Exec(sys); err != nil {
			return err
		}
		if _, err := s.system(ctx, db, src, fmt.Sprintf("此请求已合并到工单 %s，我们将在那里继续处理。This request was merged into ticket %s; we continue there.", dst.Number, dst.Number), false); err != nil {
			return err
		}
		if _, err := s.system(ctx, db, dst, fmt.Sprintf("工单 %s（%s）已合并到此。Ticket %s (%s) was merged into this one.", src.Number, src.Subject, src.Number, src.Subject), true); err != nil {
			return err
		}
		if err := s.event(ctx, db, src.ID, ticketevent.KindMERGED, string(src.ID), string(dst.ID), "merged into "+dst.Number); err != nil {
			return err
		}
		if err := s.event(ctx, db, dst.ID, ticketevent.KindMERGED, string(src.ID), string(dst.ID), src.Number+" merged here"); err != nil {
			return err
		}
		if out, err = db.Ticket.Get(ctx, dst.ID); err != nil {
			return err
		}
		return s.ticketChanged(ctx, src.ID, dst.ID)
	})
	return out, finish(op, err)
}
