package support

import (
	"context"
	"fmt"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/slapolicy"
	"github.com/waybill/waybill/ent/ticket"
	"github.com/waybill/waybill/ent/ticketevent"
	"github.com/waybill/waybill/ent/ticketmessage"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// Policy is the service level of one priority.
type Policy struct {
	Priority      ticket.Priority
	FirstResponse time.Duration
	Resolution    time.Duration
	// BusinessHours: the clocks run only in business hours; otherwise
	// around the clock.
	BusinessHours bool
	// Default: no row in the database; the built-in target applies.
	Default bool
}

// DefaultPolicies are the targets used for priorities without a row. A
// working day is nine business hours.
var DefaultPolicies = map[ticket.Priority]Policy{
	ticket.PriorityURGENT: {Priority: ticket.PriorityURGENT, FirstResponse: time.Hour, Resolution: 8 * time.Hour},
	ticket.PriorityHIGH:   {Priority: ticket.PriorityHIGH, FirstResponse: 2 * time.Hour, Resolution: 18 * time.Hour, BusinessHours: true},
	ticket.PriorityNORMAL: {Priority: ticket.PriorityNORMAL, FirstResponse: 4 * time.Hour, Resolution: 27 * time.Hour, BusinessHours: true},
	ticket.PriorityLOW:    {Priority: ticket.PriorityLOW, FirstResponse: 8 * time.Hour, Resolution: 45 * time.Hour, BusinessHours: true},
}

// priorities from lowest to highest.
var priorities = []ticket.Priority{ticket.PriorityLOW, ticket.PriorityNORMAL, ticket.PriorityHIGH, ticket.PriorityURGENT}

func priorityRank(p ticket.Priority) int {
	for i, q := range priorities {
		if q == p {
			return i
		}
	}
	return 1
}

func bump(p ticket.Priority, n int) ticket.Priority {
	return priorities[min(len(priorities)-1, max(0, priorityRank(p)+n))]
}

// activeStatuses are the statuses in which a ticket waits for the desk.
var activeStatuses = []ticket.Status{ticket.StatusNEW, ticket.StatusOPEN, ticket.StatusPENDING_CUSTOMER, ticket.StatusREOPENED}

// clockedStatuses are those whose SLA clocks run (not waiting for the customer).
var clockedStatuses = []ticket.Status{ticket.StatusNEW, ticket.StatusOPEN, ticket.StatusREOPENED}

// Policies returns the SLA policy of every priority, lowest first.
func (s *Service) Policies(ctx context.Context) ([]Policy, error) {
	m, err := s.policies(ctx, s.clientOf(ctx))
	if err != nil {
		return nil, err
	}
	out := make([]Policy, 0, len(priorities))
	for _, p := range priorities {
		out = append(out, m[p])
	}
	return out, nil
}

func (s *Service) policies(ctx context.Context, db *ent.Client) (map[ticket.Priority]Policy, error) {
	rows, err := db.SlaPolicy.Query().All(viewer.SystemContext(ctx))
	if err != nil {
		return nil, errs.Wrap("support.policies", err)
	}
	m := map[ticket.Priority]Policy{}
	for p, d := range DefaultPolicies {
		d.Default = true
		m[p] = d
	}
	for _, r := range rows {
		p := ticket.Priority(r.Priority)
		m[p] = Policy{Priority: p, FirstResponse: time.Duration(r.FirstResponseMinutes) * time.Minute,
			Resolution: time.Duration(r.ResolutionMinutes) * time.Minute, BusinessHours: r.BusinessHours}
	}
	return m, nil
}

func (s *Service) clockOf(p Policy) clock {
	return clock{hours: s.opts.Hours, business: p.BusinessHours}
}

// SetPolicy stores the SLA of one priority (admins: MANAGE_STAFF). It
// applies to tickets opened, re-prioritized or reopened from now on.
func (s *Service) SetPolicy(ctx context.Context, p Policy) (*ent.SlaPolicy, error) {
	const op = "support.SetPolicy"
	if err := auth.Require(ctx, auth.ManageStaff); err != nil {
		return nil, err
	}
	var problems errs.List
	if ticket.PriorityValidator(p.Priority) != nil {
		problems = append(problems, invalid(op, "INVALID_PRIORITY", "Choose LOW, NORMAL, HIGH or URGENT.", "input", "priority"))
	}
	if p.FirstResponse < time.Minute || p.FirstResponse > 30*24*time.Hour {
		problems = append(problems, invalid(op, "OUT_OF_RANGE", "The first-response target is 1 minute to 30 days.", "input", "firstResponseMinutes"))
	}
	if p.Resolution < p.FirstResponse || p.Resolution > 90*24*time.Hour {
		problems = append(problems, invalid(op, "OUT_OF_RANGE", "The resolution target is at least the first-response target and at most 90 days.", "input", "resolutionMinutes"))
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	var out *ent.SlaPolicy
	err := s.tx(ctx, func(ctx context.Context, db *ent.Client) error {
		sys := viewer.SystemContext(ctx)
		row, err := db.SlaPolicy.Query().Where(slapolicy.PriorityEQ(slapolicy.Priority(p.Priority))).Only(sys)
		switch {
		case ent.IsNotFound(err):
			out, err = db.SlaPolicy.Create().SetPriority(slapolicy.Priority(p.Priority)).
				SetFirstResponseMinutes(int(p.FirstResponse / time.Minute)).SetResolutionMinutes(int(p.Resolution / time.Minute)).
				SetBusinessHours(p.BusinessHours).Save(sys)
		case err == nil:
			out, err = row.Update().SetFirstResponseMinutes(int(p.FirstResponse / time.Minute)).
				SetResolutionMinutes(int(p.Resolution / time.Minute)).SetBusinessHours(p.BusinessHours).Save(sys)
		}
		return err
	})
	return out, finish(op, err)
}

// dues sets the SLA deadlines of a ticket opened (or reopened) at from.
func (s *Service) dues(p Policy, from time.Time, responded bool) (first *time.Time, resolution time.Time) {
	c := s.clockOf(p)
	if !responded {
		f := c.add(from, p.FirstResponse)
		first = &f
	}
	return first, c.add(from, p.Resolution)
}

// nextDue is the next deadline of a ticket: first response until
// answered, then resolution; nil when its clocks do not run.
func nextDue(status ticket.Status, responded *time.Time, first, resolution *time.Time) *time.Time {
	switch status {
	case ticket.StatusNEW, ticket.StatusOPEN, ticket.StatusREOPENED:
	default:
		return nil
	}
	if responded == nil && first != nil {
		return first
	}
	return resolution
}

// SLAState is a ticket's SLA at a moment, for countdowns.
type SLAState struct {
	Policy             Policy
	NextDueAt          *time.Time
	SecondsLeft        *int64 // negative once breached
	Paused             bool
	FirstResponseMet   *bool // nil while undecided
	ResolutionMet      *bool
	Breached           bool
	FirstResponseDueAt *time.Time
	ResolutionDueAt    *time.Time
}

// State returns the SLA state of t now.
func (s *Service) State(ctx context.Context, t *ent.Ticket) (*SLAState, error) {
	ps, err := s.policies(ctx, s.clientOf(ctx))
	if err != nil {
		return nil, err
	}
	now := s.now()
	st := &SLAState{Policy: ps[t.Priority], NextDueAt: t.SLADueAt, Paused: t.SLAPausedAt != nil, Breached: t.SLABreached,
		FirstResponseDueAt: t.FirstResponseDueAt, ResolutionDueAt: t.ResolutionDueAt}
	if t.SLADueAt != nil {
		left := int64(t.SLADueAt.Sub(now) / time.Second)
		st.SecondsLeft = &left
	}
	if t.FirstResponseDueAt != nil {
		switch {
		case t.FirstRespondedAt != nil:
			met := !t.FirstRespondedAt.After(*t.FirstResponseDueAt)
			st.FirstResponseMet = &met
		case t.FirstResponseBreached:
			met := false
			st.FirstResponseMet = &met
		}
	}
	if t.ResolutionDueAt != nil {
		switch {
		case t.ResolvedAt != nil:
			met := !t.ResolvedAt.After(*t.ResolutionDueAt) && !t.ResolutionBreached
			st.ResolutionMet = &met
		case t.ResolutionBreached:
			met := false
			st.ResolutionMet = &met
		}
	}
	return st, nil
}

// CheckSLA escalates every ticket whose first-response or resolution
// deadline passed since the last check: its priority goes up one level, it
// is flagged (shown in red), a note and an event record the breach, and
// staff are alerted. Each ticket is escalated once per deadline, in its own
// short transaction, so several instances may check at once. It returns how
// many tickets it escalated.
func (s *Service) CheckSLA(ctx context.Context) (int, error) {
	const op = "support.CheckSLA"
	sys := viewer.SystemContext(ctx)
	now := s.now()
	ids, err := s.client.Ticket.Query().Where(ticket.StatusIn(clockedStatuses...), ticket.Or(
		ticket.And(ticket.FirstRespondedAtIsNil(), ticket.FirstResponseDueAtLTE(now), ticket.FirstResponseBreached(false)),
		ticket.And(ticket.ResolutionDueAtLTE(now), ticket.ResolutionBreached(false)),
	)).Order(ent.Asc(ticket.FieldSLADueAt)).Limit(500).IDs(sys)
	if err != nil {
		return 0, errs.Wrap(op, err)
	}
	n := 0
	for _, id := range ids {
		done, err := s.escalate(sys, id)
		if err != nil {
			return n, err
		}
		if done {
			n++
		}
	}
	return n, nil
}

func (s *Service) escalate(ctx context.Context, id pulid.ID) (bool, error) {
	escalated := false
	err := s.tx(ctx, func(ctx context.Context, db *ent.Client) error {
		q := db.Ticket.Query().Where(ticket.ID(id))
		if s.postgres() {
			q = q.ForUpdate()
		}
		t, err := q.Only(ctx)
		if err != nil {
			return err
		}
		now := s.now()
		running := t.Status == ticket.StatusNEW || t.Status == ticket.StatusOPEN || t.Status == ticket.StatusREOPENED
		first := running && t.FirstRespondedAt == nil && t.FirstResponseDueAt != nil && !now.Before(*t.FirstResponseDueAt) && !t.FirstResponseBreached
		resolution := running && t.ResolutionDueAt != nil && !now.Before(*t.ResolutionDueAt) && !t.ResolutionBreached
		if !first && !resolution {
			return nil // answered, paused or escalated meanwhile
		}
		var what []string
		upd := t.Update().SetSLABreached(true).AddEscalationLevel(1)
		if first {
			upd.SetFirstResponseBreached(true)
			what = append(what, "首次响应 first response")
		}
		if resolution {
			upd.SetResolutionBreached(true)
			what = append(what, "解决 resolution")
		}
		to := bump(t.Priority, 1)
		upd.SetPriority(to)
		if _, err := upd.Save(ctx); err != nil {
			return err
		}
		kinds := what[0]
		if len(what) > 1 {
			kinds += " + " + what[1]
		}
		note := fmt.Sprintf("SLA 超时（%s），优先级 %s → %s，已通知组长。SLA breached (%s); priority %s → %s; the team lead was alerted.",
			kinds, t.Priority, to, kinds, t.Priority, to)
		if err := db.TicketEvent.Create().SetTicketID(t.ID).SetKind(ticketevent.KindSLA_BREACHED).
			SetFromValue(string(t.Priority)).SetToValue(string(to)).SetNote(note).SetActor("system").SetCreatedAt(now).Exec(ctx); err != nil {
			return err
		}
		if err := db.TicketMessage.Create().SetTicketID(t.ID).SetAuthorKind(ticketmessage.AuthorKindSYSTEM).SetAuthorName("Waybill").
			SetBody(note).SetInternal(true).SetCreatedAt(now).Exec(ctx); err != nil {
			return err
		}
		escalated = true
		if err := s.ticketChanged(ctx, t.ID); err != nil {
			return err
		}
		return s.publish(ctx, alertsTopic)
	})
	return escalated, finish("support.escalate", err)
}
