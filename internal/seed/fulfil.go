package seed

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/waybill/waybill/ent/order"
	"github.com/waybill/waybill/internal/allocation"
	"github.com/waybill/waybill/internal/allocation/decision"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/tracking"
	"github.com/waybill/waybill/internal/viewer"
)

// The warehouse floor: orders that are ALLOCATED, PICKING or PACKED carry
// the work the real services would have left behind, so that the warehouse
// screens can carry on with them.
//
//   - Allocation (internal/allocation): the decision of its Planner — the
//     same rules, reasons and candidates — on the stock the seed laid out;
//     reservations that move go through the ledger (RELEASE, RESERVE) and
//     each order line records its warehouse.
//   - Pick lists (internal/fulfilment): one per warehouse of the order, its
//     lines in walking order (inventory.WalkOrder) with lots suggested
//     earliest expiry first (inventory.TakeLots); scans are PICK movements.
//     PICKING orders are not scanned yet or partly; PACKED ones completely.
//   - Cartons: PACKED orders are packed, with weight and dimensions.
//
// The seed writes these rows itself rather than calling the services: they
// stamp the wall clock and random document numbers, and the seed's story is
// set in the past, the same on every run.

// openStatus reports whether an order in status st is on the warehouse floor.
func openStatus(st string) bool { return st == stAllocated || st == stPicking || st == stPacked }

type allocRow struct {
	id    pulid.ID
	order *orderRow
	plan  allocation.Plan
	off   time.Duration
}

type pickListRow struct {
	id         pulid.ID
	number     string
	order      *orderRow
	wh         *warehouseRow
	lines      []*pickLineRow // walking order
	status     string         // OPEN, IN_PROGRESS, PICKED
	createdOff time.Duration
	started    bool
	startedOff time.Duration
	lastOff    time.Duration // the last change
	done       bool
	doneOff    time.Duration
	carton     *cartonRow
}

type pickLineRow struct {
	id         pulid.ID
	line       *lineRow
	seq        int
	qty        int
	picked     int
	lot        string // suggested (FEFO)
	lotExpires *time.Time
	pickedLot  string
	status     string // PENDING, PICKED, PACKED
}

type cartonRow struct {
	id                            pulid.ID
	list                          *pickListRow
	weight, length, width, height int
	items                         int
	off                           time.Duration
}

func (g *gen) staffActor() string { return string(g.accountIDs[viewer.RoleWarehouse]) }

// allocate decides where an order ships from, as allocation.Service does
// for a CONFIRMED order: the pool is what each warehouse has available plus
// what the order holds; the planner's warehouses count the open orders
// allocated there. It moves the reservations that change and returns the
// warehouse codes chosen.
func (g *gen) allocate(o *orderRow, off time.Duration) []string {
	if g.planner == nil {
		g.planner = &allocation.Planner{DistanceTieKm: allocation.DefaultDistanceTieKm}
		ws := append([]*warehouseRow(nil), g.warehouses...)
		sort.Slice(ws, func(i, j int) bool { return ws[i].def.code < ws[j].def.code }) // as the service reads them
		for _, w := range ws {
			g.planner.Warehouses = append(g.planner.Warehouses, &allocation.Warehouse{ID: w.id, Code: w.def.code,
				City: w.city.Name, Lat: w.city.Latitude, Lng: w.city.Longitude, Capacity: w.def.capacity})
		}
	}
	opt := order.DeliveryOption(o.delivery)
	dest := o.addr.city.Point()
	po := allocation.Order{ID: o.id, Priority: allocation.Priority(opt), Option: opt, Dest: &dest, DestName: o.addr.city.Name}
	for _, l := range o.lines {
		po.Lines = append(po.Lines, allocation.Line{ID: l.id, ProductID: l.prod.id, SKU: l.prod.sku, Quantity: l.qty})
	}
	open := make([]int, len(g.planner.Warehouses))
	for i, w := range g.planner.Warehouses {
		open[i] = w.Open
	}
	plan := func(whole bool) allocation.Plan {
		for i, w := range g.planner.Warehouses {
			w.Open = open[i]
		}
		pool := allocation.Pool{}
		for _, l := range o.lines {
			for _, w := range g.warehouses {
				lv := g.levels[l.prod.idx][w.idx]
				if lv == nil {
					continue
				}
				q := lv.available()
				if l.level == lv {
					q += l.qty // what the order holds is its own to re-plan
				}
				if whole && q < l.qty {
					q = 0
				}
				pool[allocation.Key{Product: l.prod.id, Warehouse: w.id}] += q
			}
		}
		return g.planner.Plan(po, pool)
	}
	p := plan(false)
	if splitsLine(p) {
		// The seed keeps each line in one warehouse: plan again with only
		// the warehouses that can ship a line whole.
		p = plan(true)
	}
	if !p.Fillable || splitsLine(p) {
		panic(fmt.Sprintf("seed: cannot allocate an order of %d lines: %v", len(o.lines), p.Reasons))
	}
	byID := map[pulid.ID]*warehouseRow{}
	for _, w := range g.warehouses {
		byID[w.id] = w
	}
	var codes []string
	for _, a := range p.Assignments {
		if !contains(codes, a.WarehouseCode) {
			codes = append(codes, a.WarehouseCode)
		}
		var l *lineRow
		for _, x := range o.lines {
			if string(x.id) == a.OrderLineID {
				l = x
			}
		}
		w := byID[pulid.ID(a.WarehouseID)]
		if l.wh == w {
			continue
		}
		// Moved: as allocation.Service books it.
		g.move(&moveRow{kind: "RELEASE", level: l.level, reserved: -l.qty, order: o, off: off, actor: "system",
			reason: "allocation: moved to another warehouse"})
		l.wh, l.level = w, g.levels[l.prod.idx][w.idx]
		g.move(&moveRow{kind: "RESERVE", level: l.level, reserved: l.qty, order: o, off: off, actor: "system",
			reason: "allocation: reserved at " + w.def.code})
	}
	o.alloc = &allocRow{id: pulid.New("alc"), order: o, plan: p, off: off}
	g.allocs = append(g.allocs, o.alloc)
	return codes
}

// allocationPriority ranks a delivery option as the allocator does.
func allocationPriority(delivery string) int {
	return allocation.Priority(order.DeliveryOption(delivery))
}

// splitsLine reports whether a plan ships one order line from more than one warehouse.
func splitsLine(p allocation.Plan) bool {
	seen := map[string]string{}
	for _, a := range p.Assignments {
		if w, ok := seen[a.OrderLineID]; ok && w != a.WarehouseID {
			return true
		}
		seen[a.OrderLineID] = a.WarehouseID
	}
	return false
}

// issuePickLists makes the order's pick lists at off, one per warehouse, as
// fulfilment.Service.CreatePickList does for a single order: bins from the
// levels, lots suggested FEFO net of what other pending lines claim, lines
// in walking order.
func (g *gen) issuePickLists(o *orderRow, off time.Duration) {
	var whs []*warehouseRow
	for _, l := range o.lines {
		if !containsWarehouse(whs, l.wh) {
			whs = append(whs, l.wh)
		}
	}
	for _, w := range whs {
		pl := &pickListRow{id: pulid.New("pkl"), order: o, wh: w, status: "OPEN", createdOff: off, lastOff: off}
		var lines []*lineRow
		for _, l := range o.lines {
			if l.wh == w {
				lines = append(lines, l)
			}
		}
		sort.Slice(lines, func(i, j int) bool { return lines[i].prod.sku < lines[j].prod.sku })
		var pending []*pickLineRow
		var bins []string
		for _, l := range lines {
			mk := func(qty int) *pickLineRow {
				pn := &pickLineRow{id: pulid.New("pkn"), line: l, qty: qty, status: "PENDING"}
				pending = append(pending, pn)
				bins = append(bins, l.level.bin)
				return pn
			}
			if !l.prod.def.lot {
				mk(l.qty)
				continue
			}
			lv := l.level
			if g.claimed[lv] == nil {
				g.claimed[lv] = map[string]int{}
			}
			exp := lv.lotExpires
			// Every unit of a seeded level is of its one lot.
			lots := []inventory.Lot{{Number: lv.lot, ExpiresAt: &exp, OnHand: lv.onHand, Picked: lv.picked}}
			for _, share := range inventory.TakeLots(lots, l.qty, g.claimed[lv]) {
				pn := mk(share.Quantity)
				if share.Lot != "" {
					pn.lot, pn.lotExpires = share.Lot, share.ExpiresAt
					g.claimed[lv][share.Lot] += share.Quantity
				}
			}
		}
		for seq, i := range inventory.WalkOrder(bins) {
			pending[i].seq = seq
			pl.lines = append(pl.lines, pending[i])
		}
		o.lists = append(o.lists, pl)
		g.pickLists = append(g.pickLists, pl)
	}
}

func containsWarehouse(ws []*warehouseRow, w *warehouseRow) bool {
	for _, x := range ws {
		if x == w {
			return true
		}
	}
	return false
}

// scan books n units of a pick list line as picked at off (a PICK movement
// of the lot scanned), as fulfilment.Service.Scan does.
func (g *gen) scan(pl *pickListRow, pn *pickLineRow, n int, off time.Duration) {
	lv := pn.line.level
	lot := ""
	if pn.line.prod.def.lot {
		lot = lv.lot // the one lot of the level: the suggested one, when there is one
		pn.pickedLot = lot
		if pn.lot != "" {
			g.claimed[lv][pn.lot] -= n
		}
	}
	pn.picked += n
	if pn.picked == pn.qty {
		pn.status = "PICKED"
	}
	g.move(&moveRow{kind: "PICK", level: lv, picked: n, order: pl.order, off: off, actor: g.staffActor(), pick: pl, lot: lot})
	if !pl.started {
		pl.started, pl.startedOff, pl.status = true, off, "IN_PROGRESS"
	}
	pl.lastOff = off
	all := true
	for _, x := range pl.lines {
		all = all && x.status != "PENDING"
	}
	if all {
		pl.done, pl.doneOff, pl.status = true, off, "PICKED"
	}
}

// scanSome leaves a PICKING order's lists not yet scanned or partly
// scanned: the picker walked part of the list after it was issued at off.
func (g *gen) scanSome(o *orderRow, off time.Duration) {
	for _, pl := range o.lists {
		units := 0
		for _, pn := range pl.lines {
			units += pn.qty
		}
		// The first list that can be is partly scanned, so the screens show
		// one in progress; a third of the others are not started yet.
		if units < 2 || (g.scanning && g.frng.IntN(3) == 0) {
			continue
		}
		g.scanning = true
		left := 1 + g.frng.IntN(units-1) // at least one unit, never all
		t := off + time.Duration(3+g.frng.IntN(18))*time.Minute
		for _, pn := range pl.lines {
			if left == 0 {
				break
			}
			n := min(left, pn.qty)
			g.scan(pl, pn, n, t)
			left -= n
			t += time.Duration(1+g.frng.IntN(4)) * time.Minute
		}
		o.touch(pl.lastOff)
	}
}

// pickAndPack scans every line of a PACKED order's lists between listed
// and packed, then packs each list's units into a carton at packed.
func (g *gen) pickAndPack(o *orderRow, listed, packed time.Duration) {
	for _, pl := range o.lists {
		n := len(pl.lines)
		for i, pn := range pl.lines {
			// Evenly through the time the order was being picked.
			at := listed + (packed-listed)*time.Duration(i+1)/time.Duration(n+2)
			g.scan(pl, pn, pn.qty, at.Truncate(time.Second))
		}
		c := &cartonRow{id: pulid.New("ctn"), list: pl, off: packed}
		grams := 0
		for _, pn := range pl.lines {
			c.items += pn.picked
			grams += pn.line.prod.def.grams * pn.picked
			pn.status = "PACKED"
		}
		box := boxes[len(boxes)-1]
		for _, b := range boxes {
			if grams <= b.maxGrams && c.items <= b.maxItems {
				box = b
				break
			}
		}
		c.length, c.width, c.height = box.l, box.w, box.h
		// The scale reads the goods, the box and the filling.
		c.weight = grams + box.grams + g.frng.IntN(40)
		pl.carton = c
		pl.lastOff = packed
	}
}

// boxes are the carton sizes the packers use, smallest first.
var boxes = []struct {
	l, w, h            int // mm
	grams              int // the empty box and its filling
	maxGrams, maxItems int
}{
	{220, 160, 100, 90, 800, 2},
	{300, 220, 150, 150, 2500, 4},
	{400, 300, 220, 260, 7000, 8},
	{500, 400, 300, 420, 16000, 12},
	{600, 450, 450, 650, 70000, 99},
}

// nameFloorWork numbers the pick lists once orders have dates (PL-YYYYMMDD-
// XXXXX, as fulfilment numbers them) and names them, and the cartons, in
// the order events.
func (g *gen) nameFloorWork() {
	const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ" // Crockford base32, as in the IDs
	for _, pl := range g.pickLists {
		for {
			b := make([]byte, 5)
			for i := range b {
				b[i] = alphabet[g.frng.IntN(len(alphabet))]
			}
			n := "PL-" + pl.order.abs(pl.createdOff).UTC().Format("20060102") + "-" + string(b)
			if !g.plNumbers[n] {
				g.plNumbers[n] = true
				pl.number = n
				break
			}
		}
	}
	for _, o := range g.orders {
		if o.pickEvent == nil {
			continue
		}
		var zh, en []string
		for _, pl := range o.lists {
			zh = append(zh, fmt.Sprintf("%s（%s）", pl.number, pl.wh.def.code))
			en = append(en, fmt.Sprintf("%s at %s", pl.number, pl.wh.def.code))
		}
		o.pickEvent.note = fmt.Sprintf("拣货单已下发：%s Pick list issued: %s", strings.Join(zh, "、"), strings.Join(en, ", "))
		if o.packEvent == nil {
			continue
		}
		zh, en = nil, nil
		for _, pl := range o.lists {
			c := pl.carton
			zh = append(zh, fmt.Sprintf("%d 件，%d 克，%d×%d×%d 毫米（拣货单 %s）", c.items, c.weight, c.length, c.width, c.height, pl.number))
			en = append(en, fmt.Sprintf("%d items, %d g, %d×%d×%d mm (pick list %s)", c.items, c.weight, c.length, c.width, c.height, pl.number))
		}
		o.packEvent.note = fmt.Sprintf("商品已逐件扫码复核并装箱：%s Every item scanned and packed: %s", strings.Join(zh, "；"), strings.Join(en, "; "))
	}
}

// lateness flags parcels as the tracking service would on the last event:
// an exception makes a parcel late (and raises an EXCEPTION alert); an ETA
// after the promised date too (a LATE alert). The reasons are the tracking
// service's own words.
func (g *gen) lateness(o *orderRow) {
	for _, s := range o.shipments {
		if s.isReturn || s.delivered || o.promised == nil {
			continue
		}
		last := s.events[len(s.events)-1]
		centre := s.etaFrom.Add(s.etaTo.Sub(s.etaFrom) / 2)
		switch {
		case s.status == "EXCEPTION":
			s.late, s.lateReason, s.alert = true, tracking.ExceptionLateReason(last.desc), "EXCEPTION"
		case s.late || centre.After(*o.promised):
			s.late, s.lateReason, s.alert = true, tracking.ETALateReason(centre, *o.promised), "LATE"
		default:
			continue
		}
		s.alertOff = last.off
	}
}

// decisionOf is what the Allocation row stores (never nil slices).
func decisionOf(p allocation.Plan) ([]string, []decision.Candidate, []decision.Assignment) {
	reasons, cand, assign := p.Reasons, p.Candidates, p.Assignments
	if reasons == nil {
		reasons = []string{}
	}
	if cand == nil {
		cand = []decision.Candidate{}
	}
	if assign == nil {
		assign = []decision.Assignment{}
	}
	return reasons, cand, assign
}
