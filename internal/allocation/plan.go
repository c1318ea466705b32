// Package allocation routes confirmed orders to warehouses: only those that
// can fill them, the fewest parcels, the nearest to the destination (great
// circle from the city's coordinates), then the least loaded against daily
// capacity; NEXT_DAY and EXPRESS orders choose first. Each decision is
// stored with its reasons and the warehouses it weighed; staff can move an
// order or a line elsewhere, or hold it. Reservations always move through
// the stock ledger.
package allocation

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/waybill/waybill/ent/order"
	"github.com/waybill/waybill/internal/allocation/decision"
	"github.com/waybill/waybill/internal/geo"
	"github.com/waybill/waybill/internal/pulid"
)

// Priority ranks delivery options: lower is allocated first.
func Priority(opt order.DeliveryOption) int {
	switch opt {
	case order.DeliveryOptionNEXT_DAY:
		return 0
	case order.DeliveryOptionEXPRESS:
		return 1
	case order.DeliveryOptionSCHEDULED:
		return 2
	}
	return 3
}

// Warehouse is a warehouse as the planner sees it.
type Warehouse struct {
	ID       pulid.ID
	Code     string
	City     string
	Lat, Lng float64
	Capacity int // orders per day
	Open     int // orders allocated there and not yet shipped
}

func (w *Warehouse) load() float64 {
	if w.Capacity <= 0 {
		return math.Inf(1)
	}
	return float64(w.Open) / float64(w.Capacity)
}

// Line is a quantity of one product an order still needs allocated.
type Line struct {
	ID        pulid.ID
	ProductID pulid.ID
	SKU       string
	Quantity  int
}

// Order is an order to plan.
type Order struct {
	ID       pulid.ID
	Priority int
	Option   order.DeliveryOption
	Dest     *geo.Point // nil: unknown city, distance ignored
	DestName string
	Lines    []Line
}

// Key is a stock level.
type Key struct{ Product, Warehouse pulid.ID }

// Pool is the stock the planner may hand out per level: available plus
// what the orders being planned already hold.
type Pool map[Key]int

// Plan is the planner's decision for one order.
type Plan struct {
	OrderID     pulid.ID
	Fillable    bool
	Assignments []decision.Assignment
	Warehouses  []pulid.ID
	Candidates  []decision.Candidate
	Reasons     []string
	DistanceKm  float64
}

// Planner chooses warehouses. Its state is the warehouses with their open
// work, which grows as it allocates.
type Planner struct {
	Warehouses []*Warehouse
	// DistanceTieKm: warehouses whose distances differ by less than this
	// are equally near, and load decides between them.
	DistanceTieKm float64
}

// DefaultDistanceTieKm is the default tie band (one metropolitan area).
const DefaultDistanceTieKm = 50

// Plan decides where order o ships from, taking its stock out of pool and
// counting the work against the chosen warehouses. An order no combination
// of warehouses can fill is not Fillable and takes nothing.
func (pl *Planner) Plan(o Order, pool Pool) Plan {
	tie := pl.DistanceTieKm
	if tie <= 0 {
		tie = DefaultDistanceTieKm
	}
	out := Plan{OrderID: o.ID}
	dist := make(map[pulid.ID]float64, len(pl.Warehouses))
	for _, w := range pl.Warehouses {
		if o.Dest != nil {
			dist[w.ID] = geo.Distance(w.Lat, w.Lng, o.Dest.Lat, o.Dest.Lng)
		}
	}
	cand := make([]decision.Candidate, len(pl.Warehouses))
	var fillers []*Warehouse
	for i, w := range pl.Warehouses {
		c := decision.Candidate{WarehouseID: string(w.ID), Code: w.Code, City: w.City, DistanceKm: round1(dist[w.ID]),
			OpenOrders: w.Open, DailyCapacity: w.Capacity, Load: round3(w.load()), CanFill: true}
		var short []string
		for _, l := range o.Lines {
			if have := pool[Key{l.ProductID, w.ID}]; have < l.Quantity {
				c.CanFill = false
				short = append(short, fmt.Sprintf("%s by %d", l.SKU, l.Quantity-have))
			}
		}
		if !c.CanFill {
			c.Note = "short " + strings.Join(short, ", ")
		} else {
			fillers = append(fillers, w)
		}
		cand[i] = c
	}
	better := func(a, b *Warehouse) bool {
		fa, fb := a.load() >= 1, b.load() >= 1
		if fa != fb {
			return !fa
		}
		ba, bb := math.Floor(dist[a.ID]/tie), math.Floor(dist[b.ID]/tie)
		if ba != bb {
			return ba < bb
		}
		if a.load() != b.load() {
			return a.load() < b.load()
		}
		if dist[a.ID] != dist[b.ID] {
			return dist[a.ID] < dist[b.ID]
		}
		return a.Code < b.Code
	}
	if o.Priority < 3 {
		out.Reasons = append(out.Reasons, fmt.Sprintf("%s order: allocated ahead of standard orders.", o.Option))
	}
	var chosen []*Warehouse
	switch {
	case len(fillers) > 0:
		sort.SliceStable(fillers, func(i, j int) bool { return better(fillers[i], fillers[j]) })
		best := fillers[0]
		chosen = []*Warehouse{best}
		out.Reasons = append(out.Reasons, fmt.Sprintf("%s holds every line: one parcel.", best.Code))
		if len(fillers) > 1 {
			next := fillers[1]
			switch {
			case best.load() < 1 && next.load() >= 1:
				out.Reasons = append(out.Reasons, fmt.Sprintf("%s is at its daily capacity (%d/%d orders); %s is not.", next.Code, next.Open, next.Capacity, best.Code))
			case o.Dest != nil && math.Floor(dist[best.ID]/tie) < math.Floor(dist[next.ID]/tie):
				out.Reasons = append(out.Reasons, fmt.Sprintf("Nearest of %d warehouses that can fill it: %.0f km to %s (next: %s, %.0f km).",
					len(fillers), dist[best.ID], o.DestName, next.Code, dist[next.ID]))
			case best.load() < next.load():
				out.Reasons = append(out.Reasons, fmt.Sprintf("%s and %s are about as near (within %.0f km); %s is less loaded: %.0f%% against %.0f%% of daily capacity.",
					best.Code, next.Code, tie, best.Code, 100*best.load(), 100*next.load()))
			default:
				out.Reasons = append(out.Reasons, fmt.Sprintf("%s and %s are alike in distance and load; %s is nearer.", best.Code, next.Code, best.Code))
			}
		} else if o.Dest != nil {
			out.Reasons = append(out.Reasons, fmt.Sprintf("The only warehouse that can fill it; %.0f km to %s.", dist[best.ID], o.DestName))
		}
	default:
		chosen = pl.split(o, pool, dist, better)
		if chosen == nil {
			var short []string
			for _, l := range o.Lines {
				have := 0
				for _, w := range pl.Warehouses {
					have += pool[Key{l.ProductID, w.ID}]
				}
				if have < l.Quantity {
					short = append(short, fmt.Sprintf("%s by %d", l.SKU, l.Quantity-have))
				}
			}
			out.Reasons = append(out.Reasons, "Not enough stock in all warehouses together: short "+strings.Join(short, ", ")+".")
			out.Candidates = cand
			return out
		}
		codes := make([]string, len(chosen))
		for i, w := range chosen {
			codes[i] = w.Code
		}
		out.Reasons = append(out.Reasons, fmt.Sprintf("No single warehouse holds every line: split over %d (%s), the fewest parcels possible, nearest first.",
			len(chosen), strings.Join(codes, ", ")))
	}
	// Assign each line, nearest chosen warehouse first.
	sort.SliceStable(chosen, func(i, j int) bool { return dist[chosen[i].ID] < dist[chosen[j].ID] })
	used := map[pulid.ID]bool{}
	for _, l := range o.Lines {
		left := l.Quantity
		for _, w := range chosen {
			k := Key{l.ProductID, w.ID}
			take := min(left, pool[k])
			if take <= 0 {
				continue
			}
			pool[k] -= take
			left -= take
			used[w.ID] = true
			out.Assignments = append(out.Assignments, decision.Assignment{OrderLineID: string(l.ID), ProductID: string(l.ProductID),
				SKU: l.SKU, WarehouseID: string(w.ID), WarehouseCode: w.Code, Quantity: take})
			if left == 0 {
				break
			}
		}
	}
	for _, w := range chosen {
		if used[w.ID] {
			w.Open++
			out.Warehouses = append(out.Warehouses, w.ID)
			out.DistanceKm += dist[w.ID]
		}
	}
	out.DistanceKm = round1(out.DistanceKm)
	for i := range cand {
		cand[i].Chosen = used[pulid.ID(cand[i].WarehouseID)]
	}
	out.Candidates = cand
	out.Fillable = true
	return out
}

// split finds the fewest warehouses that together hold every line — the
// nearest such set (then the least loaded) — or nil.
func (pl *Planner) split(o Order, pool Pool, dist map[pulid.ID]float64, better func(a, b *Warehouse) bool) []*Warehouse {
	var relevant []*Warehouse
	for _, w := range pl.Warehouses {
		for _, l := range o.Lines {
			if pool[Key{l.ProductID, w.ID}] > 0 {
				relevant = append(relevant, w)
				break
			}
		}
	}
	sort.SliceStable(relevant, func(i, j int) bool { return better(relevant[i], relevant[j]) })
	feasible := func(set []*Warehouse) bool {
		for _, l := range o.Lines {
			have := 0
			for _, w := range set {
				have += pool[Key{l.ProductID, w.ID}]
			}
			if have < l.Quantity {
				return false
			}
		}
		return true
	}
	if !feasible(relevant) {
		return nil
	}
	if len(relevant) > 12 { // too many to try every set: greedy cover
		var set []*Warehouse
		for _, w := range relevant {
			set = append(set, w)
			if feasible(set) {
				return set
			}
		}
		return relevant
	}
	n := len(relevant)
	var best []*Warehouse
	bestDist, bestLoad := math.Inf(1), math.Inf(1)
	for k := 2; k <= n && best == nil; k++ {
		for mask := 0; mask < 1<<n; mask++ {
			if popcount(mask) != k {
				continue
			}
			var set []*Warehouse
			d, ld := 0.0, 0.0
			for i := 0; i < n; i++ {
				if mask&(1<<i) != 0 {
					set = append(set, relevant[i])
					d += dist[relevant[i].ID]
					ld += relevant[i].load()
				}
			}
			if !feasible(set) {
				continue
			}
			if d < bestDist-1e-9 || (math.Abs(d-bestDist) < 1e-9 && ld < bestLoad) {
				best, bestDist, bestLoad = set, d, ld
			}
		}
	}
	return best
}

func popcount(x int) int {
	n := 0
	for ; x != 0; x &= x - 1 {
		n++
	}
	return n
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }
func round3(f float64) float64 {
	if math.IsInf(f, 0) {
		return 999
	}
	return math.Round(f*1000) / 1000
}
