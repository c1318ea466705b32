package allocation

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/allocation"
	"github.com/waybill/waybill/ent/order"
	"github.com/waybill/waybill/ent/stocklevel"
	"github.com/waybill/waybill/internal/allocation/decision"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// OverrideInput moves an order, or one of its lines, to a warehouse.
type OverrideInput struct {
	OrderID     pulid.ID
	OrderLineID pulid.ID // empty: the whole order
	WarehouseID pulid.ID
	Note        string
}

func (s *Service) staffTx(ctx context.Context, fn func(ctx context.Context, db *ent.Client, actor string) error) error {
	if err := auth.Require(ctx, auth.Fulfil); err != nil {
		return err
	}
	actor := viewer.FromContext(ctx).Actor()
	err := inventory.InTx(ctx, s.client, func(ctx context.Context, db *ent.Client) error {
		return fn(viewer.SystemContext(ctx), db, actor)
	})
	if err == nil {
		return nil
	}
	if _, ok := errs.UserErrors(err); ok || errs.KindOf(err) != errs.Other {
		return err
	}
	return errs.Wrap("allocation", err)
}

func invalid(code, msg string, field ...string) *errs.Error {
	return &errs.Error{Op: "allocation", Kind: errs.Invalid, Code: code, Message: msg, Field: field}
}

// Override moves the reservations of an order (or one line) to another
// warehouse through the ledger — RELEASE where they were, RESERVE there —
// and records the decision with the staff member and their note (FULFIL).
// Only orders not yet being picked can move.
func (s *Service) Override(ctx context.Context, in OverrideInput) (*ent.Allocation, error) {
	var out *ent.Allocation
	err := s.staffTx(ctx, func(ctx context.Context, db *ent.Client, actor string) error {
		if strings.TrimSpace(in.Note) == "" {
			return invalid("NOTE_REQUIRED", "Say why the allocation changes.", "input", "note")
		}
		st, err := s.load(ctx, db, []pulid.ID{in.OrderID}, nil, order.StatusCONFIRMED, order.StatusALLOCATED)
		if err != nil {
			return err
		}
		if len(st.orders) == 0 {
			o, err := db.Order.Get(ctx, in.OrderID)
			if ent.IsNotFound(err) {
				return invalid("NOT_FOUND", "No such order.", "input", "orderId")
			}
			if err != nil {
				return err
			}
			return errs.E("allocation.Override", errs.Conflict, "NOT_MOVABLE",
				fmt.Sprintf("An order that is %s cannot move; only CONFIRMED and ALLOCATED orders can.", o.Status))
		}
		o := st.orders[0]
		var target *Warehouse
		for _, w := range st.planner.Warehouses {
			if w.ID == in.WarehouseID {
				target = w
			}
		}
		if target == nil {
			return invalid("UNKNOWN_WAREHOUSE", "No such active warehouse.", "input", "warehouseId")
		}
		lines := st.lines[o.ID]
		moved := map[pulid.ID]bool{}
		if in.OrderLineID != "" {
			found := false
			for _, l := range lines {
				found = found || l.ID == in.OrderLineID
			}
			if !found {
				return invalid("UNKNOWN_LINE", "That line is not on this order.", "input", "orderLineId")
			}
			moved[in.OrderLineID] = true
		} else {
			for _, l := range lines {
				moved[l.ID] = true
			}
		}
		// The new assignment: moved lines wholly at the target, the others
		// where they are held now.
		have := map[Key]int{}
		for _, h := range st.held[o.ID] {
			have[Key{h.ProductID, h.WarehouseID}] += h.Reserved - h.Picked
		}
		code := map[pulid.ID]string{}
		for _, w := range st.planner.Warehouses {
			code[w.ID] = w.Code
		}
		var assign []decision.Assignment
		var what []string
		for _, l := range lines {
			need := l.Quantity - l.ShippedQuantity
			if need <= 0 {
				continue
			}
			if moved[l.ID] {
				assign = append(assign, decision.Assignment{OrderLineID: string(l.ID), ProductID: string(l.ProductID), SKU: l.Sku,
					WarehouseID: string(target.ID), WarehouseCode: target.Code, Quantity: need})
				what = append(what, fmt.Sprintf("%s ×%d", l.Sku, need))
				continue
			}
			for _, w := range st.planner.Warehouses {
				k := Key{l.ProductID, w.ID}
				if q := min(have[k], need); q > 0 {
					assign = append(assign, decision.Assignment{OrderLineID: string(l.ID), ProductID: string(l.ProductID), SKU: l.Sku,
						WarehouseID: string(w.ID), WarehouseCode: w.Code, Quantity: q})
					have[k] -= q
					need -= q
				}
			}
		}
		rel, res := moves(o.ID, st.held[o.ID], assign, actor, "override")
		if _, err := inventory.Apply(ctx, db, rel...); err != nil {
			return inventory.AsUserError("allocation.Override", err)
		}
		if _, err := inventory.Apply(ctx, db, res...); err != nil {
			var se *inventory.ShortError
			if errors.As(err, &se) {
				l, _ := db.StockLevel.Query().Where(stocklevel.ProductID(se.Move.ProductID), stocklevel.WarehouseID(target.ID)).Only(ctx)
				avail := 0
				if l != nil {
					avail = l.OnHand - l.Reserved
				}
				e := errs.E("allocation.Override", errs.Conflict, "INSUFFICIENT_STOCK_AT_WAREHOUSE",
					fmt.Sprintf("%s has only %d more available of that product.", target.Code, max(avail, 0)))
				e.Details = map[string]any{"available": max(avail, 0)}
				return e.At("input", "warehouseId")
			}
			return err
		}
		if err := setLineWarehouses(ctx, db, lines, assign); err != nil {
			return err
		}
		ships := map[string]bool{}
		for _, a := range assign {
			ships[a.WarehouseID] = true
		}
		var whs []pulid.ID
		for id := range ships {
			whs = append(whs, pulid.ID(id))
		}
		p := Plan{Assignments: assign, Warehouses: whs, Candidates: []decision.Candidate{},
			Reasons: []string{fmt.Sprintf("Moved by staff to %s (%s): %s", target.Code, strings.Join(what, ", "), strings.TrimSpace(in.Note))}}
		if out, err = s.record(ctx, db, o, p, allocation.StatusOVERRIDDEN, actor, strings.TrimSpace(in.Note), s.now().UTC()); err != nil {
			return err
		}
		note := fmt.Sprintf("allocation overridden: %s to %s", strings.Join(what, ", "), target.Code)
		_, err = s.orders.Advance(ctx, db, o.ID, order.StatusALLOCATED, actor, note)
		return err
	})
	return out, err
}

// Hold stops an order from being allocated or picked (FULFIL): it goes
// ON_HOLD (reason FULFILMENT_HOLD) and keeps its stock reserved.
func (s *Service) Hold(ctx context.Context, orderID pulid.ID, note string) (*ent.Order, error) {
	var out *ent.Order
	err := s.staffTx(ctx, func(ctx context.Context, db *ent.Client, actor string) error {
		if strings.TrimSpace(note) == "" {
			return invalid("NOTE_REQUIRED", "Say why the order is held.", "note")
		}
		o, err := db.Order.Get(ctx, orderID)
		if ent.IsNotFound(err) {
			return invalid("NOT_FOUND", "No such order.", "orderId")
		}
		if err != nil {
			return err
		}
		if out, err = s.orders.HoldForFulfilment(ctx, db, orderID, actor, note); err != nil {
			return err
		}
		_, err = db.Allocation.Create().SetOrderID(o.ID).SetStatus(allocation.StatusHELD).SetPriority(Priority(o.DeliveryOption)).
			SetReasons([]string{"Held by staff: " + strings.TrimSpace(note)}).SetCandidates([]decision.Candidate{}).
			SetAssignments([]decision.Assignment{}).SetDecidedBy(actor).SetNote(strings.TrimSpace(note)).SetCreatedAt(s.now().UTC()).Save(ctx)
		return err
	})
	return out, err
}

// ReleaseHold returns an order held at fulfilment to CONFIRMED and
// allocates it at once (FULFIL).
func (s *Service) ReleaseHold(ctx context.Context, orderID pulid.ID, note string) (*ent.Order, error) {
	var out *ent.Order
	err := s.staffTx(ctx, func(ctx context.Context, db *ent.Client, actor string) error {
		o, err := s.orders.ReleaseFulfilmentHold(ctx, db, orderID, actor, note)
		if ent.IsNotFound(err) {
			return invalid("NOT_FOUND", "No such order.", "orderId")
		}
		if err != nil {
			return err
		}
		if _, err := db.Allocation.Create().SetOrderID(o.ID).SetStatus(allocation.StatusRELEASED).SetPriority(Priority(o.DeliveryOption)).
			SetReasons([]string{"Hold released by staff."}).SetCandidates([]decision.Candidate{}).
			SetAssignments([]decision.Assignment{}).SetDecidedBy(actor).SetNote(strings.TrimSpace(note)).SetCreatedAt(s.now().UTC()).Save(ctx); err != nil {
			return err
		}
		if _, err := s.allocateChunk(ctx, db, []pulid.ID{orderID}, actor, nil); err != nil {
			if errors.Is(err, errContended) {
				return nil // the worker allocates it later
			}
			return err
		}
		out, err = db.Order.Get(ctx, orderID)
		return err
	})
	return out, err
}

// Current returns an order's newest allocation decision, or nil.
func (s *Service) Current(ctx context.Context, orderID pulid.ID) (*ent.Allocation, error) {
	a, err := database.Client(ctx, s.client).Allocation.Query().Where(allocation.OrderID(orderID)).
		Order(ent.Desc(allocation.FieldCreatedAt), ent.Desc(allocation.FieldID)).First(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return a, err
}

// History returns an order's allocation decisions, newest first.
func (s *Service) History(ctx context.Context, orderID pulid.ID) ([]*ent.Allocation, error) {
	return database.Client(ctx, s.client).Allocation.Query().Where(allocation.OrderID(orderID)).
		Order(ent.Desc(allocation.FieldCreatedAt), ent.Desc(allocation.FieldID)).All(ctx)
}

// Queue returns CONFIRMED orders waiting for allocation in the order they
// will be allocated: NEXT_DAY and EXPRESS first, then oldest.
func (s *Service) Queue(ctx context.Context, limit int) ([]*ent.Order, error) {
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	os, err := database.Client(ctx, s.client).Order.Query().Where(order.StatusEQ(order.StatusCONFIRMED)).All(ctx)
	if err != nil {
		return nil, err
	}
	sortQueue(os)
	if len(os) > limit {
		os = os[:limit]
	}
	return os, nil
}

func sortQueue(os []*ent.Order) {
	sort.SliceStable(os, func(i, j int) bool {
		pa, pb := Priority(os[i].DeliveryOption), Priority(os[j].DeliveryOption)
		if pa != pb {
			return pa < pb
		}
		return os[i].CreatedAt.Before(os[j].CreatedAt)
	})
}
