package allocation

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"sort"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/allocation"
	"github.com/waybill/waybill/ent/order"
	"github.com/waybill/waybill/ent/orderline"
	"github.com/waybill/waybill/ent/stocklevel"
	"github.com/waybill/waybill/ent/stockmovement"
	"github.com/waybill/waybill/ent/warehouse"
	"github.com/waybill/waybill/internal/allocation/decision"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/geo"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/orders"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// Service allocates orders.
type Service struct {
	client *ent.Client
	orders *orders.Service
	now    func() time.Time
	// ChunkSize orders are allocated per transaction.
	ChunkSize int
	// DistanceTieKm: see Planner.
	DistanceTieKm float64
}

// NewService returns an allocation service; orders moves order statuses.
func NewService(client *ent.Client, ords *orders.Service) *Service {
	return &Service{client: client, orders: ords, now: time.Now, ChunkSize: 100, DistanceTieKm: DefaultDistanceTieKm}
}

// SetClock sets the clock (tests).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// Result is what a batch allocation did.
type Result struct {
	Allocated   int
	Unfillable  int
	Skipped     int // changed by someone else meanwhile
	Allocations []*ent.Allocation
}

// openStatuses are orders whose picking work is still ahead.
var openStatuses = []order.Status{order.StatusALLOCATED, order.StatusPICKING, order.StatusPACKED}

// AllocatePending allocates up to limit CONFIRMED orders, NEXT_DAY and
// EXPRESS first, then oldest first (FULFIL; the background worker runs it
// as the system).
func (s *Service) AllocatePending(ctx context.Context, limit int) (*Result, error) {
	if err := auth.Require(ctx, auth.Fulfil); err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = 1000
	}
	sys := viewer.SystemContext(ctx)
	rows, err := database.Client(ctx, s.client).Order.Query().Where(order.StatusEQ(order.StatusCONFIRMED)).
		Select(order.FieldID, order.FieldDeliveryOption, order.FieldCreatedAt).All(sys)
	if err != nil {
		return nil, errs.Wrap("allocation.AllocatePending", err)
	}
	sort.SliceStable(rows, func(i, j int) bool {
		pi, pj := Priority(rows[i].DeliveryOption), Priority(rows[j].DeliveryOption)
		if pi != pj {
			return pi < pj
		}
		if !rows[i].CreatedAt.Equal(rows[j].CreatedAt) {
			return rows[i].CreatedAt.Before(rows[j].CreatedAt)
		}
		return rows[i].ID < rows[j].ID
	})
	if len(rows) > limit {
		rows = rows[:limit]
	}
	ids := make([]pulid.ID, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	return s.allocate(ctx, ids)
}

// Allocate allocates one CONFIRMED order now (FULFIL).
func (s *Service) Allocate(ctx context.Context, orderID pulid.ID) (*ent.Allocation, error) {
	if err := auth.Require(ctx, auth.Fulfil); err != nil {
		return nil, err
	}
	o, err := database.Client(ctx, s.client).Order.Get(viewer.SystemContext(ctx), orderID)
	if ent.IsNotFound(err) {
		return nil, errs.E("allocation.Allocate", errs.Invalid, "NOT_FOUND", "No such order.").At("orderId")
	}
	if err != nil {
		return nil, errs.Wrap("allocation.Allocate", err)
	}
	if o.Status != order.StatusCONFIRMED {
		return nil, errs.E("allocation.Allocate", errs.Conflict, "NOT_CONFIRMED",
			fmt.Sprintf("Only CONFIRMED orders are allocated; this one is %s.", o.Status))
	}
	res, err := s.allocate(ctx, []pulid.ID{orderID})
	if err != nil {
		return nil, err
	}
	switch {
	case len(res.Allocations) > 0:
		return res.Allocations[0], nil
	case res.Unfillable > 0: // unfillable as before: the standing decision
		return s.Current(ctx, orderID)
	}
	return nil, errs.E("allocation.Allocate", errs.Conflict, "CONCURRENT_CHANGE", "The order changed meanwhile; reload and try again.")
}

// allocate runs the orders through the planner chunk by chunk, each chunk
// in one transaction (joining the caller's, inside a GraphQL mutation).
func (s *Service) allocate(ctx context.Context, ids []pulid.ID) (*Result, error) {
	out := &Result{}
	actor := viewer.FromContext(ctx).Actor()
	size := max(s.ChunkSize, 1)
	// Open work per warehouse: read once, then counted up as orders are
	// allocated (an estimate under concurrency, which is all load needs).
	open, err := openWork(viewer.SystemContext(ctx), database.Client(ctx, s.client))
	if err != nil {
		return out, errs.Wrap("allocation", err)
	}
	for start := 0; start < len(ids); start += size {
		chunk := ids[start:min(start+size, len(ids))]
		var res *Result
		var err error
		for attempt := 0; ; attempt++ {
			work := maps.Clone(open)
			err = inventory.InTxRetry(ctx, s.client, func(ctx context.Context, db *ent.Client) error {
				var err error
				res, err = s.allocateChunk(viewer.SystemContext(ctx), db, chunk, actor, work)
				return err
			})
			if err == nil {
				open = work
			}
			if !errors.Is(err, errContended) || attempt >= 3 || ent.TxFromContext(ctx) != nil {
				break
			}
		}
		if err != nil {
			if errors.Is(err, errContended) {
				return out, errs.E("allocation", errs.Conflict, "STOCK_CONTENDED", "Stock changed while allocating; try again.")
			}
			if _, ok := errs.UserErrors(err); ok {
				return out, err
			}
			return out, errs.Wrap("allocation", err)
		}
		out.Allocated += res.Allocated
		out.Unfillable += res.Unfillable
		out.Skipped += res.Skipped
		out.Allocations = append(out.Allocations, res.Allocations...)
	}
	return out, nil
}

var errContended = errors.New("allocation: stock changed while allocating")

// forUpdate locks the selected rows on PostgreSQL (SQLite has one writer).
func forUpdate(s *entsql.Selector) {
	if s.Dialect() == dialect.Postgres {
		s.ForUpdate()
	}
}

// planState is what one chunk's planning reads.
type planState struct {
	orders  []*ent.Order
	lines   map[pulid.ID][]*ent.OrderLine
	held    map[pulid.ID][]inventory.Holding
	pool    Pool
	planner *Planner
}

// load locks the orders (those still in status), and reads their lines,
// what they hold, the stock of their products and the warehouses.
func (s *Service) load(ctx context.Context, db *ent.Client, ids []pulid.ID, open map[pulid.ID]int, status ...order.Status) (*planState, error) {
	os, err := db.Order.Query().Where(order.IDIn(ids...), order.StatusIn(status...), forUpdate).
		Order(ent.Asc(order.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	st := &planState{orders: os, lines: map[pulid.ID][]*ent.OrderLine{}, pool: Pool{}}
	if len(os) == 0 {
		return st, nil
	}
	locked := make([]pulid.ID, len(os))
	for i, o := range os {
		locked[i] = o.ID
	}
	lines, err := db.OrderLine.Query().Where(orderline.OrderIDIn(locked...)).Order(ent.Asc(orderline.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	products := map[pulid.ID]bool{}
	var pids []pulid.ID
	for _, l := range lines {
		st.lines[l.OrderID] = append(st.lines[l.OrderID], l)
		if !products[l.ProductID] {
			products[l.ProductID] = true
			pids = append(pids, l.ProductID)
		}
	}
	if st.held, err = inventory.HeldBy(ctx, db, locked); err != nil {
		return nil, err
	}
	whs, err := db.Warehouse.Query().Where(warehouse.Active(true)).Order(ent.Asc(warehouse.FieldCode)).All(ctx)
	if err != nil {
		return nil, err
	}
	if open == nil {
		if open, err = openWork(ctx, db); err != nil {
			return nil, err
		}
	}
	st.planner = &Planner{DistanceTieKm: s.DistanceTieKm}
	active := map[pulid.ID]bool{}
	for _, w := range whs {
		active[w.ID] = true
		st.planner.Warehouses = append(st.planner.Warehouses, &Warehouse{ID: w.ID, Code: w.Code, City: w.City,
			Lat: w.Latitude, Lng: w.Longitude, Capacity: w.DailyCapacity, Open: open[w.ID]})
	}
	levels, err := db.StockLevel.Query().Where(stocklevel.ProductIDIn(pids...)).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, l := range levels {
		if active[l.WarehouseID] {
			st.pool[Key{l.ProductID, l.WarehouseID}] += l.OnHand - l.Reserved
		}
	}
	// What the orders hold (and have not picked) is theirs to re-plan.
	for _, hs := range st.held {
		for _, h := range hs {
			if active[h.WarehouseID] {
				st.pool[Key{h.ProductID, h.WarehouseID}] += h.Reserved - h.Picked
			}
		}
	}
	return st, nil
}

// openWork counts, per warehouse, the orders allocated there and not yet
// shipped.
func openWork(ctx context.Context, db *ent.Client) (map[pulid.ID]int, error) {
	var rows []struct {
		WarehouseID pulid.ID `json:"warehouse_id"`
		N           int      `json:"n"`
	}
	err := db.OrderLine.Query().Where(orderline.WarehouseIDNotNil(), orderline.HasOrderWith(order.StatusIn(openStatuses...))).
		GroupBy(orderline.FieldWarehouseID).
		Aggregate(func(s *entsql.Selector) string {
			return entsql.As("COUNT(DISTINCT "+s.C(orderline.FieldOrderID)+")", "n")
		}).Scan(ctx, &rows)
	if err != nil {
		return nil, err
	}
	out := map[pulid.ID]int{}
	for _, r := range rows {
		out[r.WarehouseID] = r.N
	}
	return out, nil
}

func planOrder(o *ent.Order, lines []*ent.OrderLine) Order {
	po := Order{ID: o.ID, Priority: Priority(o.DeliveryOption), Option: o.DeliveryOption, DestName: o.ShipCity}
	if c, ok := geo.Lookup(o.ShipCity); ok && (o.ShipCountry == "" || o.ShipCountry == "CN") {
		p := c.Point()
		po.Dest, po.DestName = &p, c.Name
	}
	for _, l := range lines {
		if q := l.Quantity - l.ShippedQuantity; q > 0 {
			po.Lines = append(po.Lines, Line{ID: l.ID, ProductID: l.ProductID, SKU: l.Sku, Quantity: q})
		}
	}
	return po
}

// allocateChunk allocates ids in one transaction; open (may be nil) is the
// open work per warehouse, counted up for the orders allocated.
func (s *Service) allocateChunk(ctx context.Context, db *ent.Client, ids []pulid.ID, actor string, open map[pulid.ID]int) (*Result, error) {
	st, err := s.load(ctx, db, ids, open, order.StatusCONFIRMED)
	if err != nil {
		return nil, err
	}
	res := &Result{Skipped: len(ids) - len(st.orders)}
	if len(st.orders) == 0 {
		return res, nil
	}
	// Plan in priority order: the best warehouses go to the urgent orders.
	sorted := append([]*ent.Order(nil), st.orders...)
	sort.SliceStable(sorted, func(i, j int) bool {
		pi, pj := Priority(sorted[i].DeliveryOption), Priority(sorted[j].DeliveryOption)
		if pi != pj {
			return pi < pj
		}
		return sorted[i].CreatedAt.Before(sorted[j].CreatedAt)
	})
	plans := planChunk(st, sorted)
	var releases, reserves []inventory.Move
	for i, o := range sorted {
		if !plans[i].Fillable {
			continue
		}
		rel, res := moves(o.ID, st.held[o.ID], plans[i].Assignments, actor, "allocation")
		releases = append(releases, rel...)
		reserves = append(reserves, res...)
	}
	if _, err := inventory.Apply(ctx, db, releases...); err != nil {
		var se *inventory.ShortError
		if errors.As(err, &se) {
			return nil, errContended
		}
		return nil, err
	}
	if _, err := inventory.Apply(ctx, db, reserves...); err != nil {
		var se *inventory.ShortError
		if errors.As(err, &se) {
			return nil, errContended
		}
		return nil, err
	}
	if open != nil {
		for _, w := range st.planner.Warehouses {
			open[w.ID] = w.Open
		}
	}
	now := s.now().UTC()
	var decisions []*ent.AllocationCreate
	lw := lineWarehouses{}
	for i, o := range sorted {
		p := plans[i]
		if !p.Fillable {
			var waits []string
			for _, l := range st.lines[o.ID] {
				if l.BackorderedQuantity > 0 {
					waits = append(waits, fmt.Sprintf("%d × %s", l.BackorderedQuantity, l.Sku))
				}
			}
			if len(waits) > 0 {
				p.Reasons = append(p.Reasons, "Backordered at intake: waiting for "+strings.Join(waits, ", ")+"; allocated as soon as stock arrives, oldest order first.")
			}
			last, err := db.Allocation.Query().Where(allocation.OrderID(o.ID)).Order(ent.Desc(allocation.FieldCreatedAt)).First(ctx)
			if err != nil && !ent.IsNotFound(err) {
				return nil, err
			}
			res.Unfillable++
			if last != nil && last.Status == allocation.StatusUNFILLABLE && strings.Join(last.Reasons, "\n") == strings.Join(p.Reasons, "\n") {
				continue // already said so
			}
			decisions = append(decisions, s.decision(db, o, p, allocation.StatusUNFILLABLE, actor, "", now))
			continue
		}
		lw.add(st.lines[o.ID], p.Assignments)
		decisions = append(decisions, s.decision(db, o, p, allocation.StatusALLOCATED, actor, "", now))
		if _, err := s.orders.Advance(ctx, db, o.ID, order.StatusALLOCATED, actor, summary(p)); err != nil {
			return nil, err
		}
		res.Allocated++
	}
	if err := lw.save(ctx, db); err != nil {
		return nil, err
	}
	// Allocation reserved every unit, so nothing waits any more.
	var filled []pulid.ID
	for i, o := range sorted {
		if plans[i].Fillable {
			for _, l := range st.lines[o.ID] {
				if l.BackorderedQuantity > 0 {
					filled = append(filled, l.ID)
				}
			}
		}
	}
	if len(filled) > 0 {
		if err := db.OrderLine.Update().Where(orderline.IDIn(filled...)).SetBackorderedQuantity(0).Exec(ctx); err != nil {
			return nil, err
		}
	}
	if len(decisions) > 0 {
		if res.Allocations, err = db.Allocation.CreateBulk(decisions...).Save(ctx); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// planChunk plans the orders in turn. What an order holds is in the pool
// for everyone when the order holds all it needs: it is planned again, so
// an urgent order may take its units and it moves elsewhere. An order that
// waits for more stock (a backorder, or a count took some back) keeps what
// it holds unless it can now be filled. Should an urgent order leave a
// fully held order unfillable, that order keeps its units too and the
// chunk is planned again.
func planChunk(st *planState, sorted []*ent.Order) []Plan {
	keeps := map[pulid.ID]bool{}
	for _, o := range sorted {
		if !fullyHeld(planOrder(o, st.lines[o.ID]), st.held[o.ID]) {
			keeps[o.ID] = true
		}
	}
	base := make([]Warehouse, len(st.planner.Warehouses))
	for i, w := range st.planner.Warehouses {
		base[i] = *w
	}
	for round := 0; ; round++ {
		for i, w := range st.planner.Warehouses {
			*w = base[i]
		}
		pool := maps.Clone(st.pool)
		hold := func(id pulid.ID, sign int) {
			for _, h := range st.held[id] {
				if k := (Key{h.ProductID, h.WarehouseID}); h.Reserved > h.Picked {
					if _, active := pool[k]; active {
						pool[k] += sign * (h.Reserved - h.Picked)
					}
				}
			}
		}
		for id := range keeps {
			hold(id, -1)
		}
		plans := make([]Plan, len(sorted))
		again := false
		for i, o := range sorted {
			if keeps[o.ID] {
				hold(o.ID, +1)
			}
			plans[i] = st.planner.Plan(planOrder(o, st.lines[o.ID]), pool)
			if plans[i].Fillable || len(st.held[o.ID]) == 0 {
				continue
			}
			if keeps[o.ID] {
				hold(o.ID, -1)
			} else {
				keeps[o.ID], again = true, true
			}
		}
		if !again || round >= 3 {
			return plans
		}
	}
}

// fullyHeld reports whether an order holds (reserved, not yet picked) all
// it still needs of every product.
func fullyHeld(o Order, held []inventory.Holding) bool {
	need := map[pulid.ID]int{}
	for _, l := range o.Lines {
		need[l.ProductID] += l.Quantity
	}
	for _, h := range held {
		need[h.ProductID] -= h.Reserved - h.Picked
	}
	for _, q := range need {
		if q > 0 {
			return false
		}
	}
	return true
}

// moves turns what an order holds and what it should hold into RELEASE and
// RESERVE movements.
func moves(orderID pulid.ID, held []inventory.Holding, assign []decision.Assignment, actor, why string) (rel, res []inventory.Move) {
	target := map[Key]int{}
	code := map[pulid.ID]string{}
	for _, a := range assign {
		target[Key{pulid.ID(a.ProductID), pulid.ID(a.WarehouseID)}] += a.Quantity
		code[pulid.ID(a.WarehouseID)] = a.WarehouseCode
	}
	have := map[Key]int{}
	for _, h := range held {
		have[Key{h.ProductID, h.WarehouseID}] = h.Reserved - h.Picked
	}
	for k, q := range have {
		if t := target[k]; q > t {
			rel = append(rel, inventory.Move{Kind: stockmovement.KindRELEASE, ProductID: k.Product, WarehouseID: k.Warehouse,
				Reserved: -(q - t), OrderID: orderID, Actor: actor, Reason: why + ": moved to another warehouse"})
		}
	}
	for k, t := range target {
		if q := have[k]; t > q {
			res = append(res, inventory.Move{Kind: stockmovement.KindRESERVE, ProductID: k.Product, WarehouseID: k.Warehouse,
				Reserved: t - q, OrderID: orderID, Actor: actor, Reason: why + ": reserved at " + code[k.Warehouse]})
		}
	}
	sortMoves(rel)
	sortMoves(res)
	return rel, res
}

func sortMoves(ms []inventory.Move) {
	sort.Slice(ms, func(i, j int) bool {
		if ms[i].ProductID != ms[j].ProductID {
			return ms[i].ProductID < ms[j].ProductID
		}
		return ms[i].WarehouseID < ms[j].WarehouseID
	})
}

// lineWarehouses collects where each order line ships from (none when
// split over warehouses), for the lines that change.
type lineWarehouses map[pulid.ID][]pulid.ID // warehouse ("" = none) → lines

func (lw lineWarehouses) add(lines []*ent.OrderLine, assign []decision.Assignment) {
	whs := map[pulid.ID]map[pulid.ID]bool{}
	for _, a := range assign {
		l := pulid.ID(a.OrderLineID)
		if whs[l] == nil {
			whs[l] = map[pulid.ID]bool{}
		}
		whs[l][pulid.ID(a.WarehouseID)] = true
	}
	for _, l := range lines {
		var want pulid.ID
		if len(whs[l.ID]) == 1 {
			for w := range whs[l.ID] {
				want = w
			}
		}
		if have := l.WarehouseID; (have == nil && want == "") || (have != nil && *have == want) {
			continue
		}
		lw[want] = append(lw[want], l.ID)
	}
}

// save writes the changes, one statement per warehouse.
func (lw lineWarehouses) save(ctx context.Context, db *ent.Client) error {
	for w, ids := range lw {
		u := db.OrderLine.Update().Where(orderline.IDIn(ids...))
		if w == "" {
			u.ClearWarehouseID()
		} else {
			u.SetWarehouseID(w)
		}
		if err := u.Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

// setLineWarehouses records each line's warehouse (none when split).
func setLineWarehouses(ctx context.Context, db *ent.Client, lines []*ent.OrderLine, assign []decision.Assignment) error {
	lw := lineWarehouses{}
	lw.add(lines, assign)
	return lw.save(ctx, db)
}

func (s *Service) record(ctx context.Context, db *ent.Client, o *ent.Order, p Plan, status allocation.Status, actor, note string, now time.Time) (*ent.Allocation, error) {
	return s.decision(db, o, p, status, actor, note, now).Save(ctx)
}

func (s *Service) decision(db *ent.Client, o *ent.Order, p Plan, status allocation.Status, actor, note string, now time.Time) *ent.AllocationCreate {
	reasons := p.Reasons
	if reasons == nil {
		reasons = []string{}
	}
	assign := p.Assignments
	if assign == nil {
		assign = []decision.Assignment{}
	}
	return db.Allocation.Create().SetOrderID(o.ID).SetStatus(status).SetShipments(len(p.Warehouses)).SetDistanceKm(p.DistanceKm).
		SetPriority(Priority(o.DeliveryOption)).SetReasons(reasons).SetCandidates(p.Candidates).SetAssignments(assign).
		SetDecidedBy(actor).SetNote(note).SetCreatedAt(now)
}

func summary(p Plan) string {
	codes := map[string]bool{}
	var list []string
	for _, a := range p.Assignments {
		if !codes[a.WarehouseCode] {
			codes[a.WarehouseCode] = true
			list = append(list, a.WarehouseCode)
		}
	}
	return "allocated to " + strings.Join(list, " + ")
}
