package support

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/account"
	"github.com/waybill/waybill/ent/followup"
	"github.com/waybill/waybill/ent/ticketevent"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// FollowUpInput is a task on a ticket: call back on a date.
type FollowUpInput struct {
	TicketID   pulid.ID
	DueAt      time.Time
	Note       string
	AssigneeID *pulid.ID // default: the ticket's owner, else the viewer
}

// CreateFollowUp adds a follow-up to a ticket (SERVICE_TICKETS). Its
// owner is reminded when it falls due.
func (s *Service) CreateFollowUp(ctx context.Context, in FollowUpInput) (*ent.FollowUp, error) {
	const op = "support.CreateFollowUp"
	if err := auth.Require(ctx, auth.ServiceTickets); err != nil {
		return nil, err
	}
	in.Note = strings.TrimSpace(in.Note)
	var problems errs.List
	if in.Note == "" {
		problems = append(problems, invalid(op, "REQUIRED", "Say what to follow up on.", "input", "note"))
	} else if utf8.RuneCountInString(in.Note) > MaxNote {
		problems = append(problems, invalid(op, "TOO_LONG", fmt.Sprintf("At most %d characters.", MaxNote), "input", "note"))
	}
	now := s.now()
	if !in.DueAt.After(now) || in.DueAt.After(now.AddDate(1, 0, 0)) {
		problems = append(problems, invalid(op, "OUT_OF_RANGE", "The follow-up is due in the future, within a year.", "input", "dueAt"))
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	var out *ent.FollowUp
	err := s.tx(ctx, func(ctx context.Context, db *ent.Client) error {
		sys := viewer.SystemContext(ctx)
		t, err := s.load(ctx, db, op, in.TicketID, "input", "ticketId")
		if err != nil {
			return err
		}
		if err := writable(op, t); err != nil {
			return err
		}
		who := in.AssigneeID
		if who == nil {
			who = t.AssigneeID
		}
		if who == nil && viewer.FromContext(ctx).AccountID != "" {
			id := viewer.FromContext(ctx).AccountID
			who = &id
		}
		if who != nil {
			a, err := db.Account.Get(sys, *who)
			if ent.IsNotFound(err) || err == nil && (a.Disabled || a.Role != account.RoleAGENT && a.Role != account.RoleADMIN) {
				return invalid(op, "ASSIGNEE_INVALID", "Give it to an enabled agent or admin.", "input", "assigneeId")
			}
			if err != nil {
				return err
			}
		}
		out, err = db.FollowUp.Create().SetTicketID(t.ID).SetNillableAssigneeID(who).SetDueAt(in.DueAt.UTC()).SetNote(in.Note).
			SetCreatedBy(actorOf(ctx)).SetCreatedAt(now).SetUpdatedAt(now).Save(sys)
		if err != nil {
			return err
		}
		if err := s.event(ctx, db, t.ID, ticketevent.KindFOLLOW_UP, "", "OPEN",
			fmt.Sprintf("跟进 follow up by %s: %s", in.DueAt.In(cst).Format("2006-01-02 15:04"), in.Note)); err != nil {
			return err
		}
		return s.ticketChanged(ctx, t.ID)
	})
	return out, finish(op, err)
}

// CompleteFollowUp marks a follow-up done (or cancelled) with an outcome
// (SERVICE_TICKETS).
func (s *Service) CompleteFollowUp(ctx context.Context, id pulid.ID, outcome string, cancel bool) (*ent.FollowUp, error) {
	const op = "support.CompleteFollowUp"
	if err := auth.Require(ctx, auth.ServiceTickets); err != nil {
		return nil, err
	}
	outcome = strings.TrimSpace(outcome)
	if utf8.RuneCountInString(outcome) > MaxNote {
		return nil, invalid(op, "TOO_LONG", fmt.Sprintf("At most %d characters.", MaxNote), "outcome")
	}
	var out *ent.FollowUp
	err := s.tx(ctx, func(ctx context.Context, db *ent.Client) error {
		sys := viewer.SystemContext(ctx)
		f, err := db.FollowUp.Get(ctx, id)
		if ent.IsNotFound(err) {
			return invalid(op, "NOT_FOUND", "No such follow-up.", "id")
		}
		if err != nil {
			return err
		}
		if f.Status != followup.StatusOPEN {
			return conflict(op, "ALREADY_DONE", "This follow-up is already "+string(f.Status)+".")
		}
		st := followup.StatusDONE
		if cancel {
			st = followup.StatusCANCELLED
		}
		if out, err = f.Update().SetStatus(st).SetDoneAt(s.now()).SetOutcome(outcome).Save(sys); err != nil {
			return err
		}
		if err := s.event(ctx, db, f.TicketID, ticketevent.KindFOLLOW_UP, "OPEN", string(st), outcome); err != nil {
			return err
		}
		return s.ticketChanged(ctx, f.TicketID)
	})
	return out, finish(op, err)
}

// RemindFollowUps reminds the owners of follow-ups that fell due: once
// each, by an event and a note on the ticket, and an alert to staff. It
// returns how many it reminded.
func (s *Service) RemindFollowUps(ctx context.Context) (int, error) {
	const op = "support.RemindFollowUps"
	sys := viewer.SystemContext(ctx)
	due, err := s.client.FollowUp.Query().Where(followup.StatusEQ(followup.StatusOPEN), followup.RemindedAtIsNil(),
		followup.DueAtLTE(s.now())).Order(ent.Asc(followup.FieldDueAt)).Limit(500).IDs(sys)
	if err != nil {
		return 0, errs.Wrap(op, err)
	}
	n := 0
	for _, id := range due {
		err := s.tx(sys, func(ctx context.Context, db *ent.Client) error {
			// Claim it: only one instance reminds.
			k, err := db.FollowUp.Update().Where(followup.ID(id), followup.RemindedAtIsNil()).SetRemindedAt(s.now()).Save(ctx)
			if err != nil || k == 0 {
				return err
			}
			f, err := db.FollowUp.Get(ctx, id)
			if err != nil {
				return err
			}
			t, err := db.Ticket.Get(ctx, f.TicketID)
			if err != nil {
				return err
			}
			note := fmt.Sprintf("跟进提醒：%s（到期 %s）。Follow-up due: %s (due %s).", f.Note,
				f.DueAt.In(cst).Format("01-02 15:04"), f.Note, f.DueAt.In(cst).Format("Jan 2 15:04"))
			if err := db.TicketEvent.Create().SetTicketID(t.ID).SetKind(ticketevent.KindFOLLOW_UP).SetFromValue("OPEN").
				SetToValue("DUE").SetNote(note).SetActor("system").SetCreatedAt(s.now()).Exec(ctx); err != nil {
				return err
			}
			if _, err := s.system(ctx, db, t, note, true); err != nil {
				return err
			}
			n++
			if err := s.ticketChanged(ctx, t.ID); err != nil {
				return err
			}
			return s.publish(ctx, alertsTopic)
		})
		if err != nil {
			return n, finish(op, err)
		}
	}
	return n, nil
}
