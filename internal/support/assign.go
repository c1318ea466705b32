package support

import (
	"context"
	"sort"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/account"
	"github.com/waybill/waybill/ent/ticket"
	"github.com/waybill/waybill/ent/ticketevent"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// AgentLoad is an agent and the tickets they hold.
type AgentLoad struct {
	Account        *ent.Account
	OpenTickets    int       // NEW, OPEN, PENDING_CUSTOMER or REOPENED
	LastAssignedAt time.Time // zero when never
}

// assignLock serializes assignment decisions on PostgreSQL, so two tickets
// opened at once do not both go to the same "least loaded" agent. (SQLite
// has one writer: the transaction already serializes them.)
const assignLock = 72400702

// loads returns the agents of candidates with their loads, fairest first:
// fewest open tickets, then the one who waited longest since their last
// assignment, then by id.
func (s *Service) loads(ctx context.Context, db *ent.Client, candidates []*ent.Account) ([]AgentLoad, error) {
	sys := viewer.SystemContext(ctx)
	if len(candidates) == 0 {
		return nil, nil
	}
	ids := make([]pulid.ID, len(candidates))
	for i, a := range candidates {
		ids[i] = a.ID
	}
	var rows []struct {
		AssigneeID pulid.ID `json:"assignee_id"`
		Count      int      `json:"count"`
	}
	if err := db.Ticket.Query().Where(ticket.AssigneeIDIn(ids...), ticket.StatusIn(activeStatuses...)).
		GroupBy(ticket.FieldAssigneeID).Aggregate(ent.Count()).Scan(sys, &rows); err != nil {
		return nil, err
	}
	open := map[pulid.ID]int{}
	for _, r := range rows {
		open[r.AssigneeID] = r.Count
	}
	out := make([]AgentLoad, 0, len(candidates))
	for _, a := range candidates {
		l := AgentLoad{Account: a, OpenTickets: open[a.ID]}
		last, err := db.TicketEvent.Query().Where(ticketevent.KindEQ(ticketevent.KindASSIGNED), ticketevent.ToValue(string(a.ID))).
			Order(ent.Desc(ticketevent.FieldCreatedAt)).First(sys)
		if err != nil && !ent.IsNotFound(err) {
			return nil, err
		}
		if last != nil {
			l.LastAssignedAt = last.CreatedAt
		}
		out = append(out, l)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.OpenTickets != b.OpenTickets {
			return a.OpenTickets < b.OpenTickets
		}
		if !a.LastAssignedAt.Equal(b.LastAssignedAt) {
			return a.LastAssignedAt.Before(b.LastAssignedAt)
		}
		return a.Account.ID < b.Account.ID
	})
	return out, nil
}

func hasSkill(a *ent.Account, c ticket.Category) bool {
	for _, s := range a.Skills {
		if s == string(c) {
			return true
		}
	}
	return false
}

// autoAssign gives t to the least-loaded available, enabled agent whose
// skills include its category. Without one it stays in the queue (and is
// assigned when such an agent becomes available).
func (s *Service) autoAssign(ctx context.Context, db *ent.Client, t *ent.Ticket) (*ent.Account, error) {
	sys := viewer.SystemContext(ctx)
	if s.postgres() {
		if _, err := db.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, assignLock); err != nil {
			return nil, err
		}
	}
	agents, err := db.Account.Query().Where(account.RoleEQ(account.RoleAGENT), account.Disabled(false), account.Available(true)).All(sys)
	if err != nil {
		return nil, err
	}
	var skilled []*ent.Account
	for _, a := range agents {
		if hasSkill(a, t.Category) {
			skilled = append(skilled, a)
		}
	}
	ls, err := s.loads(ctx, db, skilled)
	if err != nil || len(ls) == 0 {
		return nil, err
	}
	a := ls[0].Account
	return a, s.setAssignee(ctx, db, t, a.ID, "auto: least loaded available agent with the skill")
}

// setAssignee records a new owner.
func (s *Service) setAssignee(ctx context.Context, db *ent.Client, t *ent.Ticket, to pulid.ID, note string) error {
	from := ""
	if t.AssigneeID != nil {
		from = string(*t.AssigneeID)
	}
	if err := db.Ticket.UpdateOneID(t.ID).SetAssigneeID(to).Exec(viewer.SystemContext(ctx)); err != nil {
		return err
	}
	return s.event(ctx, db, t.ID, ticketevent.KindASSIGNED, from, string(to), note)
}

// Assign gives a ticket to an agent or admin (SERVICE_TICKETS); with no
// assignee it is auto-assigned again (or left in the queue).
func (s *Service) Assign(ctx context.Context, id pulid.ID, to *pulid.ID) (*ent.Ticket, error) {
	const op = "support.Assign"
	if err := auth.Require(ctx, auth.ServiceTickets); err != nil {
		return nil, err
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
		if to == nil {
			if err := db.Ticket.UpdateOneID(t.ID).ClearAssigneeID().Exec(sys); err != nil {
				return err
			}
			if t.AssigneeID != nil {
				if err := s.event(ctx, db, t.ID, ticketevent.KindASSIGNED, string(*t.AssigneeID), "", "back to the queue"); err != nil {
					return err
				}
			}
			if _, err := s.autoAssign(ctx, db, t); err != nil {
				return err
			}
		} else {
			a, err := db.Account.Get(sys, *to)
			if ent.IsNotFound(err) || err == nil && (a.Disabled || (a.Role != account.RoleAGENT && a.Role != account.RoleADMIN)) {
				return invalid(op, "ASSIGNEE_INVALID", "Assign to an enabled agent or admin.", "assigneeId")
			}
			if err != nil {
				return err
			}
			if t.AssigneeID == nil || *t.AssigneeID != a.ID {
				if err := s.setAssignee(ctx, db, t, a.ID, "manual"); err != nil {
					return err
				}
			}
		}
		if out, err = db.Ticket.Get(ctx, t.ID); err != nil {
			return err
		}
		return s.ticketChanged(ctx, t.ID)
	})
	return out, finish(op, err)
}

// SetAvailability sets whether the signed-in agent takes new tickets. An
// agent coming back picks up the queued tickets their skills cover, as
// fairness allows.
func (s *Service) SetAvailability(ctx context.Context, available bool) (*ent.Account, error) {
	const op = "support.SetAvailability"
	if err := auth.Require(ctx, auth.ServiceTickets); err != nil {
		return nil, err
	}
	v := viewer.FromContext(ctx)
	if v.AccountID == "" {
		return nil, errs.E(op, errs.Forbidden, "FORBIDDEN", "Only a signed-in agent has an availability.")
	}
	var out *ent.Account
	err := s.tx(ctx, func(ctx context.Context, db *ent.Client) error {
		sys := viewer.SystemContext(ctx)
		a, err := db.Account.UpdateOneID(v.AccountID).SetAvailable(available).Save(sys)
		if err != nil {
			return err
		}
		out = a
		if available {
			return s.assignQueued(ctx, db)
		}
		return nil
	})
	return out, finish(op, err)
}

// assignQueued auto-assigns unowned active tickets, oldest deadline first.
func (s *Service) assignQueued(ctx context.Context, db *ent.Client) error {
	sys := viewer.SystemContext(ctx)
	queued, err := db.Ticket.Query().Where(ticket.AssigneeIDIsNil(), ticket.StatusIn(activeStatuses...), ticket.DuplicateOfIDIsNil()).
		Order(ent.Asc(ticket.FieldCreatedAt)).Limit(200).All(sys)
	if err != nil {
		return err
	}
	for _, t := range queued {
		a, err := s.autoAssign(ctx, db, t)
		if err != nil {
			return err
		}
		if a != nil {
			if err := s.ticketChanged(ctx, t.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// AssignQueued auto-assigns queued tickets (the worker runs it).
func (s *Service) AssignQueued(ctx context.Context) error {
	return finish("support.AssignQueued", s.tx(viewer.SystemContext(ctx), s.assignQueued))
}

// SetSkills sets the ticket categories an agent handles (MANAGE_STAFF).
func (s *Service) SetSkills(ctx context.Context, accountID pulid.ID, skills []ticket.Category) (*ent.Account, error) {
	const op = "support.SetSkills"
	if err := auth.Require(ctx, auth.ManageStaff); err != nil {
		return nil, err
	}
	seen := map[ticket.Category]bool{}
	out := []string{}
	for _, c := range skills {
		if ticket.CategoryValidator(c) != nil {
			return nil, invalid(op, "INVALID_CATEGORY", "Unknown category "+string(c)+".", "skills")
		}
		if !seen[c] {
			seen[c] = true
			out = append(out, string(c))
		}
	}
	var acc *ent.Account
	err := s.tx(ctx, func(ctx context.Context, db *ent.Client) error {
		sys := viewer.SystemContext(ctx)
		a, err := db.Account.Get(sys, accountID)
		if ent.IsNotFound(err) || err == nil && a.Role != account.RoleAGENT && a.Role != account.RoleADMIN {
			return invalid(op, "NOT_AN_AGENT", "Skills are for agents and admins.", "accountId")
		}
		if err != nil {
			return err
		}
		acc, err = a.Update().SetSkills(out).Save(sys)
		if err != nil {
			return err
		}
		return s.assignQueued(ctx, db)
	})
	return acc, finish(op, err)
}

// Agents lists agents and admins with their loads, fairest first
// (SERVICE_TICKETS).
func (s *Service) Agents(ctx context.Context) ([]AgentLoad, error) {
	if err := auth.Require(ctx, auth.ServiceTickets); err != nil {
		return nil, err
	}
	db := s.clientOf(ctx)
	sys := viewer.SystemContext(ctx)
	accs, err := db.Account.Query().Where(account.RoleIn(account.RoleAGENT, account.RoleADMIN), account.Disabled(false)).All(sys)
	if err != nil {
		return nil, errs.Wrap("support.Agents", err)
	}
	ls, err := s.loads(ctx, db, accs)
	return ls, finish("support.Agents", err)
}
