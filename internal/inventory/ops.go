package inventory

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/order"
	"github.com/waybill/waybill/ent/product"
	"github.com/waybill/waybill/ent/stocklevel"
	"github.com/waybill/waybill/ent/stockmovement"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// The stock operations. Each runs in the transaction of client (run them
// inside one), checks what the level invariant cannot (an order's own
// reservation, lots) and writes through Apply. Authorization is the
// caller's: these are the building blocks of Service and of
// internal/fulfilment.

// Meta is who and why, for the ledger.
type Meta struct {
	Actor     string
	Reason    string
	Reference string
}

func (m Meta) move(kind stockmovement.Kind, p, w pulid.ID) Move {
	return Move{Kind: kind, ProductID: p, WarehouseID: w, Actor: m.Actor, Reason: m.Reason, Reference: m.Reference}
}

// orderHolding returns what an order holds at one level.
func orderHolding(ctx context.Context, client *ent.Client, orderID, productID, warehouseID pulid.ID) (Holding, error) {
	held, err := heldByOrder(ctx, client, []pulid.ID{orderID})
	if err != nil {
		return Holding{}, err
	}
	for _, h := range held[orderID] {
		if h.ProductID == productID && h.WarehouseID == warehouseID {
			return h, nil
		}
	}
	return Holding{ProductID: productID, WarehouseID: warehouseID}, nil
}

// Pick marks qty of what an order has reserved at a level as off the shelf,
// from lot (empty for products without lots). The order must hold that much
// unpicked, and the lot must have that much free. A negative qty puts
// picked units back on the shelf.
func Pick(ctx context.Context, client *ent.Client, orderID, productID, warehouseID pulid.ID, qty int, lot string, meta Meta) (*ent.StockMovement, error) {
	const op = "inventory.Pick"
	if qty == 0 {
		return nil, nil
	}
	if _, err := lockLevel(ctx, client, productID, warehouseID); err != nil {
		return nil, err
	}
	h, err := orderHolding(ctx, client, orderID, productID, warehouseID)
	if err != nil {
		return nil, err
	}
	if qty > 0 && h.Reserved-h.Picked < qty {
		e := errs.E(op, errs.Conflict, "PICK_EXCEEDS_RESERVED", fmt.Sprintf("The order holds only %d unpicked here.", max(h.Reserved-h.Picked, 0)))
		e.Details = map[string]any{"unpicked": max(h.Reserved-h.Picked, 0)}
		return nil, e
	}
	if qty < 0 && h.Picked < -qty {
		return nil, errs.E(op, errs.Conflict, "UNPICK_EXCEEDS_PICKED", fmt.Sprintf("The order has only %d picked here.", h.Picked))
	}
	m := meta.move(stockmovement.KindPICK, productID, warehouseID)
	m.Picked, m.Lot, m.OrderID = qty, lot, orderID
	movs, err := Apply(ctx, client, m)
	if err != nil {
		return nil, AsUserError(op, err)
	}
	if err := checkLots(ctx, client, productID, warehouseID, lot); err != nil {
		return nil, err
	}
	return movs[0], nil
}

// ShipItem is a picked quantity of an order leaving a warehouse.
type ShipItem struct {
	OrderID, ProductID, WarehouseID, ShipmentID pulid.ID
	Quantity                                    int
	Lot                                         string
}

// Ship books picked units as gone: on hand, reserved and picked all fall.
func Ship(ctx context.Context, client *ent.Client, items []ShipItem, meta Meta) ([]*ent.StockMovement, error) {
	const op = "inventory.Ship"
	var moves []Move
	need := map[key]int{}
	orderOf := map[key]pulid.ID{}
	for _, it := range items {
		if it.Quantity <= 0 {
			return nil, errs.E(op, errs.Invalid, "INVALID_QUANTITY", "Ship a positive quantity.")
		}
		k := key{it.ProductID, it.WarehouseID}
		need[k] += it.Quantity
		orderOf[k] = it.OrderID
		m := meta.move(stockmovement.KindSHIP, it.ProductID, it.WarehouseID)
		m.OnHand, m.Reserved, m.Picked = -it.Quantity, -it.Quantity, -it.Quantity
		m.Lot, m.OrderID, m.ShipmentID = it.Lot, it.OrderID, it.ShipmentID
		moves = append(moves, m)
	}
	for k, q := range need {
		h, err := orderHolding(ctx, client, orderOf[k], k.p, k.w)
		if err != nil {
			return nil, err
		}
		if h.Picked < q {
			return nil, errs.E(op, errs.Conflict, "NOT_PICKED", fmt.Sprintf("Only %d of these units are picked.", h.Picked))
		}
	}
	movs, err := Apply(ctx, client, moves...)
	if err != nil {
		return nil, AsUserError(op, err)
	}
	for _, it := range items {
		if err := checkLots(ctx, client, it.ProductID, it.WarehouseID, it.Lot); err != nil {
			return nil, err
		}
	}
	return movs, nil
}

// Receive books goods in: RECEIPT (or RETURN_RESTOCK, TRANSFER_IN) of qty,
// with a lot and expiry for lot-tracked products. A missing level is
// created in bin.
func Receive(ctx context.Context, client *ent.Client, kind stockmovement.Kind, productID, warehouseID pulid.ID, qty int,
	lot string, expires *time.Time, bin string, orderID pulid.ID, meta Meta) ([]*ent.StockMovement, error) {
	if qty <= 0 {
		return nil, errs.E("inventory.Receive", errs.Invalid, "INVALID_QUANTITY", "Receive a positive quantity.").At("quantity")
	}
	m := meta.move(kind, productID, warehouseID)
	m.OnHand, m.Lot, m.LotExpires, m.Bin, m.OrderID = qty, lot, expires, bin, orderID
	return Apply(ctx, client, m)
}

// Change books a change of on hand that is not a receipt: ADJUST, COUNT,
// WRITE_OFF or TRANSFER_OUT (negative), ADJUST or COUNT (positive). It never
// takes on hand below what is reserved. For a lot-tracked product without
// a lot, removals come from lots in picking order and additions go to the
// newest lot.
func Change(ctx context.Context, client *ent.Client, kind stockmovement.Kind, productID, warehouseID pulid.ID, delta int,
	lot string, meta Meta) ([]*ent.StockMovement, error) {
	const op = "inventory.Change"
	if delta == 0 {
		return nil, nil
	}
	exists, err := lockLevel(ctx, client, productID, warehouseID)
	if err != nil {
		return nil, err
	}
	if !exists && delta < 0 {
		return nil, errs.E(op, errs.Conflict, "NO_STOCK_LEVEL", "This warehouse does not stock this product.")
	}
	m := meta.move(kind, productID, warehouseID)
	m.OnHand, m.Lot = delta, lot
	moves := []Move{m}
	if lot == "" {
		tracked, err := client.Product.Query().Where(product.ID(productID)).Select(product.FieldLotTracked).Bool(viewer.SystemContext(ctx))
		if err != nil {
			return nil, err
		}
		if tracked {
			if moves, err = splitByLot(ctx, client, m); err != nil {
				return nil, err
			}
		}
	}
	movs, err := Apply(ctx, client, moves...)
	if err != nil {
		return nil, AsUserError(op, err)
	}
	if lot != "" && delta < 0 {
		if err := checkLots(ctx, client, productID, warehouseID, lot); err != nil {
			return nil, err
		}
	}
	return movs, nil
}

// Transfer moves qty of a product from one warehouse to another at once:
// TRANSFER_OUT of free stock there, TRANSFER_IN here, lots kept.
func Transfer(ctx context.Context, client *ent.Client, productID, from, to pulid.ID, qty int, lot string, meta Meta) ([]*ent.StockMovement, error) {
	const op = "inventory.Transfer"
	if qty <= 0 {
		return nil, errs.E(op, errs.Invalid, "INVALID_QUANTITY", "Transfer a positive quantity.").At("quantity")
	}
	if from == to {
		return nil, errs.E(op, errs.Invalid, "SAME_WAREHOUSE", "Choose two different warehouses.").At("toWarehouseId")
	}
	out, err := Change(ctx, client, stockmovement.KindTRANSFER_OUT, productID, from, -qty, lot, meta)
	if err != nil {
		return nil, err
	}
	var ins []Move
	for _, o := range out {
		m := meta.move(stockmovement.KindTRANSFER_IN, productID, to)
		m.OnHand, m.LotExpires = -o.OnHandDelta, o.LotExpiresAt
		if o.LotNumber != nil {
			m.Lot = *o.LotNumber
		}
		ins = append(ins, m)
	}
	in, err := Apply(ctx, client, ins...)
	if err != nil {
		return nil, AsUserError(op, err)
	}
	return append(out, in...), nil
}

// Requeue sends an order that lost stock back to allocation (ALLOCATED →
// CONFIRMED), inside the caller's transaction. internal/orders provides it.
type Requeue func(ctx context.Context, db *ent.Client, orderID pulid.ID, note string) error

// releasable are the order statuses whose reservations a count may take back.
var releasable = map[order.Status]bool{order.StatusPENDING_PAYMENT: true, order.StatusON_HOLD: true,
	order.StatusCONFIRMED: true, order.StatusALLOCATED: true}

// Count books what a count found in a bin: COUNT of counted minus expected
// (both "in the bin": on hand minus picked). When the bin holds less than
// orders have reserved there and not yet picked, the newest of those orders
// that are not being picked give their reservations back (RELEASE) and go
// back to allocation through requeue (may be nil); it fails with
// COUNT_BELOW_PICK_WORK only if orders being picked would still be short.
func Count(ctx context.Context, client *ent.Client, productID, warehouseID pulid.ID, counted, expected int, meta Meta,
	requeue Requeue) ([]*ent.StockMovement, error) {
	const op = "inventory.Count"
	delta := counted - expected
	if delta == 0 {
		return nil, nil
	}
	sys := viewer.SystemContext(ctx)
	if _, err := lockLevel(ctx, client, productID, warehouseID); err != nil {
		return nil, err
	}
	l, err := client.StockLevel.Query().Where(stocklevel.ProductID(productID), stocklevel.WarehouseID(warehouseID)).Only(sys)
	if err != nil {
		return nil, err
	}
	var out []*ent.StockMovement
	if short := l.Reserved - (l.OnHand + delta); short > 0 {
		holders, err := holdersAt(ctx, client, productID, warehouseID)
		if err != nil {
			return nil, err
		}
		ids := make([]pulid.ID, 0, len(holders))
		for id, h := range holders {
			if h.Reserved-h.Picked > 0 {
				ids = append(ids, id)
			}
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i] > ids[j] }) // newest first
		status := map[pulid.ID]order.Status{}
		orders, err := client.Order.Query().Where(order.IDIn(ids...)).Select(order.FieldID, order.FieldStatus).All(sys)
		if err != nil {
			return nil, err
		}
		for _, o := range orders {
			status[o.ID] = o.Status
		}
		var releases []Move
		var requeued []pulid.ID
		for _, id := range ids {
			if short == 0 {
				break
			}
			if st, known := status[id]; known && !releasable[st] {
				continue
			}
			h := holders[id]
			take := min(h.Reserved-h.Picked, short)
			m := meta.move(stockmovement.KindRELEASE, productID, warehouseID)
			m.Reserved, m.OrderID = -take, id
			m.Reason = "count found less than reserved: " + meta.Reason
			releases = append(releases, m)
			short -= take
			if status[id] == order.StatusALLOCATED {
				requeued = append(requeued, id)
			}
		}
		if short > 0 {
			e := errs.E(op, errs.Conflict, "COUNT_BELOW_PICK_WORK",
				fmt.Sprintf("The bin holds %d fewer than orders being picked need; finish or cancel their pick lists first.", short))
			e.Details = map[string]any{"short": short}
			return nil, e
		}
		movs, err := Apply(ctx, client, releases...)
		if err != nil {
			return nil, AsUserError(op, err)
		}
		out = append(out, movs...)
		if requeue != nil {
			for _, id := range requeued {
				if err := requeue(ctx, client, id, "stock counted short at the warehouse; allocating again"); err != nil {
					return nil, err
				}
			}
		}
	}
	movs, err := Change(ctx, client, stockmovement.KindCOUNT, productID, warehouseID, delta, "", meta)
	if err != nil {
		return nil, err
	}
	return append(out, movs...), nil
}
