// Package inventory keeps stock true: every change of on-hand or reserved
// quantity is a conditional update of the level and a StockMovement in the
// same transaction, so a level always equals the sum of its ledger and no
// concurrency can push available stock below zero.
package inventory

import (
	"context"
	"errors"
	"sort"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/order"
	"github.com/waybill/waybill/ent/orderline"
	"github.com/waybill/waybill/ent/stocklevel"
	"github.com/waybill/waybill/ent/stockmovement"
	"github.com/waybill/waybill/ent/warehouse"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/geo"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// Need is a quantity of one product an order needs.
type Need struct {
	Line      int // index of the order line, for errors
	ProductID pulid.ID
	Quantity  int
	// Backorder allows taking what is there and backordering the rest (the
	// product's backorder policy is ALLOW) instead of refusing the order.
	Backorder bool
}

// Reservation is stock held for one line in one warehouse.
type Reservation struct {
	Line        int
	ProductID   pulid.ID
	WarehouseID pulid.ID
	Quantity    int
}

// Shortage is a line that cannot be reserved.
type Shortage struct {
	Line      int
	Available int
}

// Backordered is the part of a line that waits for stock: allocation reserves
// it when stock arrives, oldest order first.
type Backordered struct {
	Line      int
	ProductID pulid.ID
	Quantity  int
}

// Outcome is what Reserve did: either Shortages (and nothing reserved), or
// Reservations plus the Backorders of lines that allow them.
type Outcome struct {
	Reservations []Reservation
	Shortages    []Shortage
	Backorders   []Backordered
}

// level is a stock level as planning sees it.
type level struct {
	id          pulid.ID
	productID   pulid.ID
	warehouseID pulid.ID
	available   int
	distance    float64
}

// Reserve holds stock for every need or for none: it returns the
// reservations, or the shortages when some need cannot be met (and then
// writes nothing the caller's rollback would not undo). A need that allows
// backorders takes what is available and backorders the rest; stock that
// earlier backorders wait for is not available to it, so backorders are
// filled first come, first served. It plans from current levels — one
// warehouse for the whole order when one can fill it, the nearest first —
// and reserves with conditional updates, so a concurrent buyer who took the
// stock first makes it plan again rather than oversell. Run it inside a
// transaction.
func Reserve(ctx context.Context, client *ent.Client, orderID pulid.ID, dest *geo.Point, needs []Need, actor string) (*Outcome, error) {
	const op = "inventory.Reserve"
	sys := viewer.SystemContext(ctx)
	for attempt := 0; ; attempt++ {
		levels, err := loadLevels(sys, client, needs, dest)
		if err != nil {
			return nil, errs.Wrap(op, err)
		}
		keep, err := channelKeep(ctx, client, needs)
		if err != nil {
			return nil, errs.Wrap(op, err)
		}
		waiting, err := BackorderedDemand(sys, client, productIDs(needs))
		if err != nil {
			return nil, errs.Wrap(op, err)
		}
		for id, q := range waiting {
			if keep == nil {
				keep = map[pulid.ID]int{}
			}
			keep[id] += q
		}
		reserve, back, short := backorder(needs, levels, keep)
		if len(short) > 0 {
			return &Outcome{Shortages: short}, nil
		}
		plan, short := planReservations(reserve, levels, nil)
		if len(short) > 0 {
			return &Outcome{Shortages: short}, nil
		}
		lost, err := apply(sys, client, orderID, plan, actor)
		if err != nil {
			return nil, errs.Wrap(op, err)
		}
		if !lost {
			return &Outcome{Reservations: plan, Backorders: back}, nil
		}
		// Someone reserved first. What this attempt reserved stays reserved
		// and is released with the caller's rollback; try again on fresh
		// numbers a few times, then report the shortage.
		if attempt >= 3 {
			return nil, errs.E(op, errs.Conflict, "STOCK_CONTENDED", "Stock changed while ordering; try again.")
		}
		if err := releaseOrder(sys, client, orderID, actor, "replan"); err != nil {
			return nil, errs.Wrap(op, err)
		}
	}
}

// backorder splits the needs into what to reserve now and what to
// backorder, after keeping back keep per product: a need that allows
// backorders takes what is left and backorders the rest; one that does not
// is short when there is not enough.
func backorder(needs []Need, levels map[pulid.ID][]level, keep map[pulid.ID]int) (reserve []Need, back []Backordered, short []Shortage) {
	left := map[pulid.ID]int{}
	for _, n := range needs {
		if _, ok := left[n.ProductID]; ok {
			continue
		}
		total := 0
		for _, l := range levels[n.ProductID] {
			total += max(l.available, 0)
		}
		left[n.ProductID] = max(total-keep[n.ProductID], 0)
	}
	for _, n := range needs {
		have := left[n.ProductID]
		switch {
		case have >= n.Quantity:
			reserve = append(reserve, n)
			left[n.ProductID] -= n.Quantity
		case n.Backorder:
			if have > 0 {
				r := n
				r.Quantity = have
				reserve = append(reserve, r)
			}
			back = append(back, Backordered{Line: n.Line, ProductID: n.ProductID, Quantity: n.Quantity - have})
			left[n.ProductID] = 0
		default:
			short = append(short, Shortage{Line: n.Line, Available: have})
		}
	}
	return reserve, back, short
}

func productIDs(needs []Need) []pulid.ID {
	ids := make([]pulid.ID, 0, len(needs))
	for _, n := range needs {
		ids = append(ids, n.ProductID)
	}
	return ids
}

// BackorderStatuses are the order statuses whose backordered quantities
// still wait for stock (allocation clears them).
var BackorderStatuses = []order.Status{order.StatusPENDING_PAYMENT, order.StatusON_HOLD, order.StatusCONFIRMED}

// BackorderedDemand returns, per product, the units backordered by orders
// still waiting for them.
func BackorderedDemand(ctx context.Context, client *ent.Client, ids []pulid.ID) (map[pulid.ID]int, error) {
	var rows []struct {
		ProductID pulid.ID `json:"product_id"`
		Sum       int      `json:"sum"`
	}
	err := client.OrderLine.Query().
		Where(orderline.ProductIDIn(ids...), orderline.BackorderedQuantityGT(0), orderline.HasOrderWith(order.StatusIn(BackorderStatuses...))).
		GroupBy(orderline.FieldProductID).
		Aggregate(ent.As(ent.Sum(orderline.FieldBackorderedQuantity), "sum")).
		Scan(viewer.SystemContext(ctx), &rows)
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	out := make(map[pulid.ID]int, len(rows))
	for _, r := range rows {
		out[r.ProductID] = r.Sum
	}
	return out, nil
}

func loadLevels(ctx context.Context, client *ent.Client, needs []Need, dest *geo.Point) (map[pulid.ID][]level, error) {
	ids := make([]pulid.ID, 0, len(needs))
	for _, n := range needs {
		ids = append(ids, n.ProductID)
	}
	rows, err := client.StockLevel.Query().
		Where(stocklevel.ProductIDIn(ids...), stocklevel.HasWarehouseWith(warehouse.Active(true))).
		WithWarehouse().All(ctx)
	if err != nil {
		return nil, err
	}
	out := map[pulid.ID][]level{}
	for _, r := range rows {
		l := level{id: r.ID, productID: r.ProductID, warehouseID: r.WarehouseID, available: r.OnHand - r.Reserved}
		if w := r.Edges.Warehouse; w != nil && dest != nil {
			l.distance = geo.Distance(w.Latitude, w.Longitude, dest.Lat, dest.Lng)
		}
		out[r.ProductID] = append(out[r.ProductID], l)
	}
	for _, ls := range out {
		sort.Slice(ls, func(i, j int) bool {
			if ls[i].distance != ls[j].distance {
				return ls[i].distance < ls[j].distance
			}
			return ls[i].warehouseID < ls[j].warehouseID
		})
	}
	return out, nil
}

// planReservations prefers one warehouse that can fill every need (nearest
// first), then for each need the nearest warehouse that can fill it, then a
// split over the nearest ones.
func planReservations(needs []Need, levels map[pulid.ID][]level, keep map[pulid.ID]int) ([]Reservation, []Shortage) {
	var short []Shortage
	for _, n := range needs {
		total := 0
		for _, l := range levels[n.ProductID] {
			total += max(l.available, 0)
		}
		if total -= keep[n.ProductID]; total < n.Quantity {
			short = append(short, Shortage{Line: n.Line, Available: max(total, 0)})
		}
	}
	if len(short) > 0 {
		return nil, short
	}
	// One warehouse for everything?
	type cand struct {
		wh   pulid.ID
		dist float64
	}
	var cands []cand
	seen := map[pulid.ID]bool{}
	for _, n := range needs {
		for _, l := range levels[n.ProductID] {
			if !seen[l.warehouseID] {
				seen[l.warehouseID] = true
				cands = append(cands, cand{l.warehouseID, l.distance})
			}
		}
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].dist != cands[j].dist {
			return cands[i].dist < cands[j].dist
		}
		return cands[i].wh < cands[j].wh
	})
	for _, c := range cands {
		if plan, ok := fillFrom(needs, levels, c.wh); ok {
			return plan, nil
		}
	}
	var plan []Reservation
	for _, n := range needs {
		left := n.Quantity
		for _, l := range levels[n.ProductID] {
			if l.available >= left {
				plan = append(plan, Reservation{Line: n.Line, ProductID: n.ProductID, WarehouseID: l.warehouseID, Quantity: left})
				left = 0
				break
			}
		}
		for _, l := range levels[n.ProductID] {
			if left == 0 {
				break
			}
			if take := min(left, l.available); take > 0 {
				plan = append(plan, Reservation{Line: n.Line, ProductID: n.ProductID, WarehouseID: l.warehouseID, Quantity: take})
				left -= take
			}
		}
	}
	return plan, nil
}

func fillFrom(needs []Need, levels map[pulid.ID][]level, wh pulid.ID) ([]Reservation, bool) {
	plan := make([]Reservation, 0, len(needs))
	for _, n := range needs {
		ok := false
		for _, l := range levels[n.ProductID] {
			if l.warehouseID == wh && l.available >= n.Quantity {
				ok = true
				break
			}
		}
		if !ok {
			return nil, false
		}
		plan = append(plan, Reservation{Line: n.Line, ProductID: n.ProductID, WarehouseID: wh, Quantity: n.Quantity})
	}
	return plan, true
}

// apply reserves the plan; lost reports that a conditional update found the
// stock already taken.
func apply(ctx context.Context, client *ent.Client, orderID pulid.ID, plan []Reservation, actor string) (lost bool, err error) {
	moves := make([]Move, 0, len(plan))
	for _, r := range plan {
		moves = append(moves, Move{Kind: stockmovement.KindRESERVE, ProductID: r.ProductID, WarehouseID: r.WarehouseID,
			Reserved: r.Quantity, OrderID: orderID, Actor: actor, Reason: "order placed"})
	}
	_, err = Apply(ctx, client, moves...)
	var se *ShortError
	if errors.As(err, &se) {
		return true, nil
	}
	return false, err
}

// Release gives back everything an order still has reserved (cancel,
// reject, payment expiry). It is idempotent.
func Release(ctx context.Context, client *ent.Client, orderID pulid.ID, actor, reason string) error {
	return errs.Wrap("inventory.Release", releaseOrder(viewer.SystemContext(ctx), client, orderID, actor, reason))
}

func releaseOrder(ctx context.Context, client *ent.Client, orderID pulid.ID, actor, reason string) error {
	held, err := heldByOrder(ctx, client, []pulid.ID{orderID})
	if err != nil {
		return err
	}
	if len(held[orderID]) == 0 {
		return nil
	}
	// Lock the levels (in order), then read again: a count may have taken
	// some of the reservation back meanwhile.
	for _, h := range held[orderID] {
		if _, err := lockLevel(ctx, client, h.ProductID, h.WarehouseID); err != nil {
			return err
		}
	}
	if held, err = heldByOrder(ctx, client, []pulid.ID{orderID}); err != nil {
		return err
	}
	var moves []Move
	for _, h := range held[orderID] {
		if q := h.Reserved - h.Picked; q > 0 {
			moves = append(moves, Move{Kind: stockmovement.KindRELEASE, ProductID: h.ProductID, WarehouseID: h.WarehouseID,
				Reserved: -q, OrderID: orderID, Actor: actor, Reason: reason})
		}
	}
	_, err = Apply(ctx, client, moves...)
	return err
}

// Held returns what an order holds reserved per product and warehouse: the
// sum of its ledger's reserved deltas.
func Held(ctx context.Context, client *ent.Client, orderID pulid.ID) ([]Reservation, error) {
	var rows []struct {
		ProductID   pulid.ID `json:"product_id"`
		WarehouseID pulid.ID `json:"warehouse_id"`
		Sum         int      `json:"sum"`
	}
	err := client.StockMovement.Query().
		Where(stockmovement.OrderID(orderID)).
		GroupBy(stockmovement.FieldProductID, stockmovement.FieldWarehouseID).
		Aggregate(ent.As(ent.Sum(stockmovement.FieldReservedDelta), "sum")).
		Scan(viewer.SystemContext(ctx), &rows)
	if err != nil {
		return nil, err
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].ProductID != rows[j].ProductID {
			return rows[i].ProductID < rows[j].ProductID
		}
		return rows[i].WarehouseID < rows[j].WarehouseID
	})
	out := make([]Reservation, 0, len(rows))
	for _, r := range rows {
		out = append(out, Reservation{ProductID: r.ProductID, WarehouseID: r.WarehouseID, Quantity: r.Sum})
	}
	return out, nil
}

type channelKey struct{}

// WithChannel tells Reserve which sales channel an order comes from, so the
// channel's safety reserve (ChannelReserve) is kept back: an order from it
// may take only the available stock minus the reserve. The check reads the
// totals before reserving, so under heavy concurrency a reserve is a soft
// buffer; levels themselves can never oversell.
func WithChannel(ctx context.Context, channel string) context.Context {
	return context.WithValue(ctx, channelKey{}, channel)
}

// channelKeep returns the units to keep back per product for the channel in
// ctx (none without one).
func channelKeep(ctx context.Context, client *ent.Client, needs []Need) (map[pulid.ID]int, error) {
	ch, _ := ctx.Value(channelKey{}).(string)
	if ch == "" {
		return nil, nil
	}
	ids := make([]pulid.ID, len(needs))
	for i, n := range needs {
		ids[i] = n.ProductID
	}
	res, err := (&Service{client: client}).Reserves(viewer.SystemContext(ctx), ids)
	if err != nil {
		return nil, err
	}
	keep := map[pulid.ID]int{}
	for id, m := range res {
		keep[id] = m[ch]
	}
	return keep, nil
}
