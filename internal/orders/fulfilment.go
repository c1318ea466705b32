package orders

import (
	"context"
	"slices"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/order"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/pulid"
)

// Status steps for internal/allocation and internal/fulfilment. They run
// inside the caller's transaction (db) and trust the caller to have checked
// FULFIL; the status machine and the timeline stay here.

// FulfilmentHold is the hold reason of an order staff held at allocation.
const FulfilmentHold = "FULFILMENT_HOLD"

// Advance moves an order to status to, recording the step with note. An
// order already in that status only gets the note on its timeline.
func (s *Service) Advance(ctx context.Context, db *ent.Client, id pulid.ID, to order.Status, actor, note string) (*ent.Order, error) {
	o, err := db.Order.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if o.Status == to {
		if err := s.record(ctx, db, o, o.Status, o.Status, actor, note); err != nil {
			return nil, err
		}
		return o, nil
	}
	out, err := s.transition(ctx, db, o, to, actor, note)
	if err != nil {
		return nil, err
	}
	s.changed(ctx, out)
	return out, nil
}

// Note adds a timeline entry without changing the status.
func (s *Service) Note(ctx context.Context, db *ent.Client, id pulid.ID, actor, note string) error {
	o, err := db.Order.Get(ctx, id)
	if err != nil {
		return err
	}
	return s.record(ctx, db, o, o.Status, o.Status, actor, note)
}

// Requeue sends an ALLOCATED order back to CONFIRMED for allocation (its
// stock moved, e.g. a count found less). Other statuses are left alone.
func (s *Service) Requeue(ctx context.Context, db *ent.Client, id pulid.ID, note string) error {
	o, err := db.Order.Get(ctx, id)
	if err != nil {
		return err
	}
	if o.Status != order.StatusALLOCATED {
		return nil
	}
	out, err := s.transition(ctx, db, o, order.StatusCONFIRMED, "system", note)
	if err != nil {
		return err
	}
	s.changed(ctx, out)
	return nil
}

// HoldForFulfilment stops a CONFIRMED or ALLOCATED order from being
// allocated or picked: ON_HOLD with the reason FULFILMENT_HOLD. Its stock
// stays reserved.
func (s *Service) HoldForFulfilment(ctx context.Context, db *ent.Client, id pulid.ID, actor, note string) (*ent.Order, error) {
	o, err := db.Order.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if o.Status != order.StatusCONFIRMED && o.Status != order.StatusALLOCATED {
		return nil, illegal(o.Status, order.StatusON_HOLD)
	}
	if !slices.Contains(o.HoldReasons, FulfilmentHold) {
		if err := db.Order.UpdateOne(o).SetHoldReasons(append(slices.Clone(o.HoldReasons), FulfilmentHold)).Exec(ctx); err != nil {
			return nil, err
		}
	}
	out, err := s.transition(ctx, db, o, order.StatusON_HOLD, actor, withNote("held at fulfilment", note))
	if err != nil {
		return nil, err
	}
	s.changed(ctx, out)
	return out, nil
}

// ReleaseFulfilmentHold returns an order held only by HoldForFulfilment to
// CONFIRMED, so it is allocated again. Orders held for review need
// approveOrder.
func (s *Service) ReleaseFulfilmentHold(ctx context.Context, db *ent.Client, id pulid.ID, actor, note string) (*ent.Order, error) {
	o, err := db.Order.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if o.Status != order.StatusON_HOLD || !slices.Contains(o.HoldReasons, FulfilmentHold) {
		return nil, errs.E("orders.ReleaseFulfilmentHold", errs.Conflict, "NOT_HELD_AT_FULFILMENT", "This order is not held at fulfilment.")
	}
	rest := slices.DeleteFunc(slices.Clone(o.HoldReasons), func(r string) bool { return r == FulfilmentHold })
	if len(rest) > 0 {
		return nil, errs.E("orders.ReleaseFulfilmentHold", errs.Conflict, "HELD_FOR_REVIEW", "This order also waits for review; approve it instead.")
	}
	if err := db.Order.UpdateOne(o).SetHoldReasons(rest).Exec(ctx); err != nil {
		return nil, err
	}
	out, err := s.transition(ctx, db, o, order.StatusCONFIRMED, actor, withNote("hold released", note))
	if err != nil {
		return nil, err
	}
	s.changed(ctx, out)
	return out, nil
}
