package allocation

import (
	"strings"
	"testing"

	"github.com/waybill/waybill/internal/geo"
	"github.com/waybill/waybill/internal/pulid"
)

func wh(code, city string, open int) *Warehouse {
	c, _ := geo.Lookup(city)
	return &Warehouse{ID: pulid.ID("whs_" + code), Code: code, City: city, Lat: c.Latitude, Lng: c.Longitude, Capacity: 1000, Open: open}
}

func to(city string) *geo.Point {
	c, _ := geo.Lookup(city)
	p := c.Point()
	return &p
}

func line(sku string, q int) Line {
	return Line{ID: pulid.ID("orl_" + sku), ProductID: pulid.ID("prd_" + sku), SKU: sku, Quantity: q}
}

func stock(pairs ...any) Pool {
	p := Pool{}
	for i := 0; i+2 < len(pairs)+1; i += 3 {
		p[Key{pulid.ID("prd_" + pairs[i].(string)), pulid.ID("whs_" + pairs[i+1].(string))}] = pairs[i+2].(int)
	}
	return p
}

func chosen(p Plan) string {
	var s []string
	for _, w := range p.Warehouses {
		s = append(s, strings.TrimPrefix(string(w), "whs_"))
	}
	return strings.Join(s, "+")
}

func TestPlannerPrefersOneWarehouseOverASplit(t *testing.T) {
	pl := &Planner{Warehouses: []*Warehouse{wh("SH", "上海", 0), wh("GZ", "广州", 0), wh("BJ", "北京", 0)}}
	// Shanghai and Guangzhou could ship one line each; only Beijing, far
	// from Hangzhou, has both.
	p := pl.Plan(Order{ID: "ord_1", Priority: 3, Dest: to("杭州"), DestName: "杭州", Lines: []Line{line("A", 2), line("B", 1)}},
		stock("A", "SH", 5, "B", "GZ", 5, "A", "BJ", 5, "B", "BJ", 5))
	if !p.Fillable || chosen(p) != "BJ" || len(p.Assignments) != 2 {
		t.Fatalf("want BJ alone, got %s %+v", chosen(p), p)
	}
	if !strings.Contains(strings.Join(p.Reasons, " "), "holds every line") {
		t.Fatalf("reasons: %v", p.Reasons)
	}
}

func TestPlannerSplitsOverTheFewestWarehouses(t *testing.T) {
	pl := &Planner{Warehouses: []*Warehouse{wh("SH", "上海", 0), wh("GZ", "广州", 0), wh("BJ", "北京", 0), wh("CD", "成都", 0)}}
	p := pl.Plan(Order{ID: "ord_1", Priority: 3, Dest: to("上海"), DestName: "上海", Lines: []Line{line("A", 1), line("B", 1), line("C", 3)}},
		stock("A", "SH", 1, "B", "BJ", 1, "C", "BJ", 2, "C", "CD", 3, "C", "SH", 1))
	if !p.Fillable || len(p.Warehouses) != 2 || !strings.Contains(chosen(p), "SH") || !strings.Contains(chosen(p), "BJ") {
		t.Fatalf("want SH+BJ, got %s %+v", chosen(p), p.Assignments)
	}
	if !strings.Contains(strings.Join(p.Reasons, " "), "split over 2") {
		t.Fatalf("reasons: %v", p.Reasons)
	}
}

func TestPlannerPrefersNearerWarehouse(t *testing.T) {
	pl := &Planner{Warehouses: []*Warehouse{wh("BJ", "北京", 0), wh("SH", "上海", 500)}}
	p := pl.Plan(Order{ID: "ord_1", Priority: 3, Dest: to("苏州"), DestName: "苏州", Lines: []Line{line("A", 1)}},
		stock("A", "SH", 5, "A", "BJ", 5))
	if chosen(p) != "SH" || !strings.Contains(strings.Join(p.Reasons, " "), "Nearest") {
		t.Fatalf("want SH (nearer, even if busier), got %s: %v", chosen(p), p.Reasons)
	}
	for _, c := range p.Candidates {
		if c.Code == "SH" && (!c.Chosen || c.DistanceKm > 150) || c.Code == "BJ" && (c.Chosen || c.DistanceKm < 900) {
			t.Fatalf("candidate %+v", c)
		}
	}
}

func TestPlannerPrefersLessLoadedAtEqualDistance(t *testing.T) {
	busy, idle := wh("SH1", "上海", 800), wh("SH2", "上海", 100)
	pl := &Planner{Warehouses: []*Warehouse{busy, idle}}
	p := pl.Plan(Order{ID: "ord_1", Priority: 3, Dest: to("上海"), DestName: "上海", Lines: []Line{line("A", 1)}},
		stock("A", "SH1", 5, "A", "SH2", 5))
	if chosen(p) != "SH2" || !strings.Contains(strings.Join(p.Reasons, " "), "less loaded") {
		t.Fatalf("want SH2, got %s: %v", chosen(p), p.Reasons)
	}
	if idle.Open != 101 {
		t.Fatalf("open work not counted: %d", idle.Open)
	}
}

func TestPlannerSkipsAFullWarehouse(t *testing.T) {
	full := wh("SH", "上海", 1000)
	pl := &Planner{Warehouses: []*Warehouse{full, wh("BJ", "北京", 10)}}
	p := pl.Plan(Order{ID: "ord_1", Priority: 3, Dest: to("上海"), Lines: []Line{line("A", 1)}}, stock("A", "SH", 5, "A", "BJ", 5))
	if chosen(p) != "BJ" {
		t.Fatalf("want BJ while SH is at capacity, got %s", chosen(p))
	}
}

func TestPlannerUnfillable(t *testing.T) {
	pl := &Planner{Warehouses: []*Warehouse{wh("SH", "上海", 0), wh("BJ", "北京", 0)}}
	pool := stock("A", "SH", 1, "A", "BJ", 1)
	p := pl.Plan(Order{ID: "ord_1", Priority: 3, Dest: to("上海"), Lines: []Line{line("A", 3)}}, pool)
	if p.Fillable || !strings.Contains(strings.Join(p.Reasons, " "), "short A by 1") || pool[Key{"prd_A", "whs_SH"}] != 1 {
		t.Fatalf("unfillable: %+v %v", p, pool)
	}
}
