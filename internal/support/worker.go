package support

import (
	"context"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/ticket"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/viewer"
)

// Sweep runs the desk's periodic work once: SLA breach escalation,
// follow-up reminders, proactive tickets for ops alerts, assignment of
// queued tickets and closing of long-resolved ones. It returns the first
// error after trying everything.
func (s *Service) Sweep(ctx context.Context) error {
	var first error
	keep := func(err error) {
		if err != nil && first == nil {
			first = err
		}
	}
	_, err := s.ProcessAlerts(ctx)
	keep(err)
	_, err = s.CheckSLA(ctx)
	keep(err)
	_, err = s.RemindFollowUps(ctx)
	keep(err)
	keep(s.AssignQueued(ctx))
	_, err = s.AutoClose(ctx)
	keep(err)
	return first
}

// Run sweeps every Options.SweepEvery until ctx ends.
func (s *Service) Run(ctx context.Context) {
	if err := s.EnsureDefaults(ctx); err != nil && ctx.Err() == nil {
		s.log.Warn("support: adding the built-in macros", "error", err)
	}
	t := time.NewTicker(s.opts.SweepEvery)
	defer t.Stop()
	for {
		if err := s.Sweep(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("support: sweep", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// AutoClose closes tickets resolved longer than Options.AutoCloseAfter ago.
func (s *Service) AutoClose(ctx context.Context) (int, error) {
	const op = "support.AutoClose"
	sys := viewer.SystemContext(ctx)
	ids, err := s.client.Ticket.Query().Where(ticket.StatusEQ(ticket.StatusRESOLVED),
		ticket.ResolvedAtLTE(s.now().Add(-s.opts.AutoCloseAfter))).Limit(500).IDs(sys)
	if err != nil {
		return 0, errs.Wrap(op, err)
	}
	n := 0
	for _, id := range ids {
		err := s.tx(sys, func(ctx context.Context, db *ent.Client) error {
			t, err := s.load(ctx, db, op, id)
			if err != nil || t.Status != ticket.StatusRESOLVED {
				return err
			}
			if _, err := s.transition(ctx, db, t, ticket.StatusCLOSED, "closed automatically after resolution"); err != nil {
				return err
			}
			n++
			return s.ticketChanged(ctx, id)
		})
		if err != nil {
			return n, finish(op, err)
		}
	}
	return n, nil
}
