package allocation_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/allocation"
	"github.com/waybill/waybill/ent/order"
	"github.com/waybill/waybill/internal/allocation/shoptest"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/testdb"
)

func held(t *testing.T, s *shoptest.Shop, o *ent.Order) map[string]int {
	t.Helper()
	hs, err := inventory.HeldBy(s.Sys, s.DB.Client, []pulid.ID{o.ID})
	if err != nil {
		t.Fatal(err)
	}
	codes := map[pulid.ID]string{}
	for code, w := range s.Warehouses {
		codes[w.ID] = code
	}
	out := map[string]int{}
	for _, h := range hs[o.ID] {
		out[codes[h.WarehouseID]] += h.Reserved
	}
	return out
}

// TestPriorityOrdersChooseFirst: the only unit in Shanghai goes to the
// EXPRESS order placed after a STANDARD one; the standard order moves to
// Beijing. Reservations move through the ledger and reasons are stored.
func TestPriorityOrdersChooseFirst(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := shoptest.New(t, db, "WH-SH", "WH-BJ")
		s.Product(t, "X-1", false, map[string]int{"WH-SH": 1, "WH-BJ": 1}, nil)
		standard := s.Place(t, "上海", "STANDARD", "X-1", 1)
		express := s.Place(t, "上海", "EXPRESS", "X-1", 1)
		if h := held(t, s, standard); h["WH-SH"] != 1 {
			t.Fatalf("placement should reserve the nearest: %v", h)
		}
		// Only staff who fulfil may allocate.
		if _, err := s.Allocation.AllocatePending(s.Agent, 10); errs.KindOf(err) != errs.Forbidden {
			t.Fatalf("agent allocating: %v", err)
		}
		res, err := s.Allocation.AllocatePending(s.Staff, 10)
		if err != nil {
			t.Fatal(err)
		}
		if res.Allocated != 2 {
			t.Fatalf("result %+v", res)
		}
		if h := held(t, s, express); h["WH-SH"] != 1 || h["WH-BJ"] != 0 {
			t.Fatalf("express holds %v", h)
		}
		if h := held(t, s, standard); h["WH-BJ"] != 1 || h["WH-SH"] != 0 {
			t.Fatalf("standard holds %v", h)
		}
		a, err := s.Allocation.Current(s.Staff, express.ID)
		if err != nil || a == nil {
			t.Fatal(err)
		}
		if a.Status != allocation.StatusALLOCATED || a.Shipments != 1 || a.Priority != 1 ||
			!strings.Contains(strings.Join(a.Reasons, " "), "EXPRESS order: allocated ahead") {
			t.Fatalf("express decision: %+v", a)
		}
		if len(a.Candidates) != 2 || len(a.Assignments) != 1 || a.Assignments[0].WarehouseCode != "WH-SH" {
			t.Fatalf("decision details: %+v %+v", a.Candidates, a.Assignments)
		}
		for _, o := range []*ent.Order{standard, express} {
			if st := db.Client.Order.GetX(s.Sys, o.ID).Status; st != order.StatusALLOCATED {
				t.Fatalf("order %s", st)
			}
		}
		s.Verify(t)
	})
}

// TestOverrideHoldAndRelease: staff move a line to another warehouse (its
// reservation moves), are refused where stock is short, hold the order and
// release it.
func TestOverrideHoldAndRelease(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := shoptest.New(t, db, "WH-SH", "WH-BJ")
		s.Product(t, "A-1", false, map[string]int{"WH-SH": 10, "WH-BJ": 10}, nil)
		s.Product(t, "B-1", false, map[string]int{"WH-SH": 10, "WH-BJ": 1}, nil)
		o := s.Place(t, "上海", "STANDARD", "A-1", 2, "B-1", 2)
		if _, err := s.Allocation.Allocate(s.Staff, o.ID); err != nil {
			t.Fatal(err)
		}
		lines := db.Client.Order.QueryLines(o).AllX(s.Sys)
		var lineA, lineB *ent.OrderLine
		for _, l := range lines {
			if l.Sku == "A-1" {
				lineA = l
			} else {
				lineB = l
			}
		}
		a, err := s.Allocation.Override(s.Staff, allocationInput(o.ID, lineA.ID, s.Warehouses["WH-BJ"].ID, "SH is out of boxes"))
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != allocation.StatusOVERRIDDEN || a.DecidedBy != "acc_warehouse1" || a.Shipments != 2 ||
			!strings.Contains(a.Reasons[0], "SH is out of boxes") {
			t.Fatalf("override decision %+v", a)
		}
		if h := held(t, s, o); h["WH-BJ"] != 2 || h["WH-SH"] != 2 {
			t.Fatalf("after moving line A: %v", h)
		}
		if l := db.Client.OrderLine.GetX(s.Sys, lineA.ID); *l.WarehouseID != s.Warehouses["WH-BJ"].ID {
			t.Fatalf("line warehouse %v", l.WarehouseID)
		}
		// Beijing has 1 of B: moving B there is refused and nothing changes.
		_, err = s.Allocation.Override(s.Staff, allocationInput(o.ID, lineB.ID, s.Warehouses["WH-BJ"].ID, "try"))
		if e, ok := err.(*errs.Error); !ok || e.Code != "INSUFFICIENT_STOCK_AT_WAREHOUSE" {
			t.Fatalf("override to short warehouse: %v", err)
		}
		if h := held(t, s, o); h["WH-BJ"] != 2 || h["WH-SH"] != 2 {
			t.Fatalf("a refused override changed holdings: %v", h)
		}
		// The whole order back to Shanghai.
		if _, err := s.Allocation.Override(s.Staff, allocationInput(o.ID, "", s.Warehouses["WH-SH"].ID, "consolidate")); err != nil {
			t.Fatal(err)
		}
		if h := held(t, s, o); h["WH-SH"] != 4 || h["WH-BJ"] != 0 {
			t.Fatalf("after moving the order: %v", h)
		}
		// Hold, then release: allocated again.
		held, err := s.Allocation.Hold(s.Staff, o.ID, "customer called")
		if err != nil || held.Status != order.StatusON_HOLD {
			t.Fatalf("hold: %v %v", held, err)
		}
		if res, _ := s.Allocation.AllocatePending(s.Staff, 10); res.Allocated != 0 {
			t.Fatalf("a held order was allocated")
		}
		back, err := s.Allocation.ReleaseHold(s.Staff, o.ID, "")
		if err != nil || back.Status != order.StatusALLOCATED {
			t.Fatalf("release: %v %v", back, err)
		}
		hist, _ := s.Allocation.History(s.Staff, o.ID)
		if len(hist) != 6 || hist[0].Status != allocation.StatusALLOCATED || hist[1].Status != allocation.StatusRELEASED {
			var st []string
			for _, h := range hist {
				st = append(st, string(h.Status))
			}
			t.Fatalf("history %v", st)
		}
		s.Verify(t)
	})
}

// TestWorkerAllocatesConfirmedOrders: a confirmed order is routed without
// anyone asking.
func TestWorkerAllocatesConfirmedOrders(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := shoptest.New(t, db, "WH-SH")
		s.Product(t, "A-1", false, map[string]int{"WH-SH": 3}, nil)
		o := s.Place(t, "上海", "STANDARD", "A-1", 1)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() {
			defer close(done)
			s.Allocation.Run(ctx, 20*time.Millisecond, slog.New(slog.NewTextHandler(io.Discard, nil)))
		}()
		defer func() { cancel(); <-done }()
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			if db.Client.Order.GetX(s.Sys, o.ID).Status == order.StatusALLOCATED {
				return
			}
		}
		t.Fatal("the worker did not allocate the order")
	})
}
