package inventory_test

import (
	"context"
	"errors"
	"testing"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/cyclecountline"
	"github.com/waybill/waybill/ent/stockmovement"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/testdb"
	"github.com/waybill/waybill/internal/viewer"
)

func staff(role viewer.Role, id string) context.Context {
	return viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: pulid.ID(id), Role: role, Email: id + "@waybill.test"})
}

// TestCycleCountWithMovementDuringCounting: stock moves after the task is
// created and again after the count is recorded; the approved adjustment is
// exactly what the counter found missing, no more, no less.
func TestCycleCountWithMovementDuringCounting(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newShop(t, db, 2, 0)
		p, other, sh := s.products[0], s.products[1], s.whs[0]
		s.receive(t, p, sh, 50, "", nil)
		s.receive(t, other, sh, 10, "", nil)
		svc := inventory.NewService(db.Client)
		counter, approver := staff(viewer.RoleWarehouse, "acc_counter"), staff(viewer.RoleWarehouse, "acc_approver")

		// Customers and agents may not count.
		if _, err := svc.CreateCount(staff(viewer.RoleAgent, "acc_agent"), inventory.CountInput{WarehouseID: sh.ID}); errs.KindOf(err) != errs.Forbidden {
			t.Fatalf("agent creating a count: %v", err)
		}
		c, err := svc.CreateCount(counter, inventory.CountInput{WarehouseID: sh.ID, ProductIDs: []pulid.ID{p.ID}})
		if err != nil {
			t.Fatal(err)
		}
		line := db.Client.CycleCountLine.Query().Where(cyclecountline.CycleCountID(c.ID)).OnlyX(s.sys)
		if !c.Blind || line.SnapshotQuantity != 50 || inventory.ExpectedVisible(c) {
			t.Fatalf("blind count with snapshot 50: %+v %+v", c, line)
		}
		// During counting: 6 units are reserved, 5 of them picked and shipped.
		ord := newOrderID()
		meta := inventory.Meta{Actor: "test", Reason: "order"}
		if err := s.tx(func(ctx context.Context, db *ent.Client) error {
			if _, err := inventory.Reserve(ctx, db, ord, nil, []inventory.Need{{ProductID: p.ID, Quantity: 6}}, "test"); err != nil {
				return err
			}
			if _, err := inventory.Pick(ctx, db, ord, p.ID, sh.ID, 5, "", meta); err != nil {
				return err
			}
			_, err := inventory.Ship(ctx, db, []inventory.ShipItem{{OrderID: ord, ProductID: p.ID, WarehouseID: sh.ID, Quantity: 5}}, meta)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		// The bin should hold 45; the counter finds 43.
		if _, err := svc.RecordCount(counter, line.ID, 43); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SubmitCount(counter, c.ID); err != nil {
			t.Fatal(err)
		}
		// After counting, before approval: a receipt of 10 and one more pick.
		s.receive(t, p, sh, 10, "", nil)
		if err := s.tx(func(ctx context.Context, db *ent.Client) error {
			_, err := inventory.Pick(ctx, db, ord, p.ID, sh.ID, 1, "", meta)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		// The counter may not approve their own count.
		if _, err := svc.ApproveCount(counter, c.ID, ""); err == nil || !hasCode(err, "SELF_APPROVAL") {
			t.Fatalf("self approval: %v", err)
		}
		c, err = svc.ApproveCount(approver, c.ID, "ok")
		if err != nil {
			t.Fatal(err)
		}
		l := s.level(t, p, sh)
		// 50 - 5 shipped - 2 missing + 10 received = 53 on hand; 1 reserved and picked.
		if l.OnHand != 53 || l.Reserved != 1 || l.Picked != 1 {
			t.Fatalf("level after approval: on hand %d reserved %d picked %d", l.OnHand, l.Reserved, l.Picked)
		}
		line = db.Client.CycleCountLine.GetX(s.sys, line.ID)
		if *line.ExpectedQuantity != 45 || *line.Variance != -2 || *line.WithinTolerance || line.MovementID == nil {
			t.Fatalf("line: %+v", line)
		}
		mov := db.Client.StockMovement.GetX(s.sys, *line.MovementID)
		if mov.Kind != stockmovement.KindCOUNT || mov.OnHandDelta != -2 || mov.Actor != "acc_approver" || mov.Reference != c.Number {
			t.Fatalf("movement: %+v", mov)
		}
		if c.Accuracy == nil || *c.Accuracy != 0 || c.LinesCounted != 1 {
			t.Fatalf("accuracy: %+v", c)
		}
		pts, err := svc.Accuracy(approver, sh.ID, 30, "WEEK")
		if err != nil || len(pts) != 1 || pts[0].LinesCounted != 1 {
			t.Fatalf("accuracy over time: %+v %v", pts, err)
		}
		verify(t, db)
	})
}

// TestCountShortfallReleasesReservations: a bin found with fewer units than
// orders reserved gives the newest reservations back.
func TestCountShortfallReleasesReservations(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newShop(t, db, 1, 0)
		p, sh := s.products[0], s.whs[0]
		s.receive(t, p, sh, 10, "", nil)
		first, second := newOrderID(), newOrderID()
		for _, o := range []pulid.ID{first, second} {
			if err := s.tx(func(ctx context.Context, db *ent.Client) error {
				_, err := inventory.Reserve(ctx, db, o, nil, []inventory.Need{{ProductID: p.ID, Quantity: 4}}, "test")
				return err
			}); err != nil {
				t.Fatal(err)
			}
		}
		// Only 5 in the bin: 3 of the newest order's 4 go back.
		if err := s.tx(func(ctx context.Context, db *ent.Client) error {
			_, err := inventory.Count(ctx, db, p.ID, sh.ID, 5, 10, inventory.Meta{Actor: "t", Reason: "count"}, nil)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		held, _ := inventory.HeldBy(s.sys, db.Client, []pulid.ID{first, second})
		if held[first][0].Reserved != 4 || held[second][0].Reserved != 1 {
			t.Fatalf("held: %+v", held)
		}
		if l := s.level(t, p, sh); l.OnHand != 5 || l.Reserved != 5 {
			t.Fatalf("level %+v", l)
		}
		verify(t, db)
	})
}

func hasCode(err error, code string) bool {
	var e *errs.Error
	return errors.As(err, &e) && e.Code == code
}
