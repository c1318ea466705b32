package inventory_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/stockalert"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/testdb"
	"github.com/waybill/waybill/internal/viewer"
)

func TestLedgerFlow(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newShop(t, db, 2, 0)
		p, sh, bj := s.products[0], s.whs[0], s.whs[1]
		s.receive(t, p, sh, 10, "", nil) // creates the level
		s.receive(t, p, sh, 5, "", nil)
		meta := inventory.Meta{Actor: "test", Reason: "t"}
		ord := newOrderID()
		if err := s.tx(func(ctx context.Context, db *ent.Client) error {
			out, err := inventory.Reserve(ctx, db, ord, nil, []inventory.Need{{ProductID: p.ID, Quantity: 4}}, "test")
			if err != nil || len(out.Shortages) > 0 || len(out.Reservations) != 1 {
				t.Fatalf("reserve: %+v %v", out, err)
			}
			if _, err := inventory.Pick(ctx, db, ord, p.ID, sh.ID, 3, "", meta); err != nil {
				return err
			}
			_, err = inventory.Ship(ctx, db, []inventory.ShipItem{{OrderID: ord, ProductID: p.ID, WarehouseID: sh.ID, Quantity: 3}}, meta)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if l := s.level(t, p, sh); l.OnHand != 12 || l.Reserved != 1 || l.Picked != 0 {
			t.Fatalf("after ship: %+v", l)
		}
		// Picking more than the order holds is refused.
		err := s.tx(func(ctx context.Context, db *ent.Client) error {
			_, err := inventory.Pick(ctx, db, ord, p.ID, sh.ID, 2, "", meta)
			return err
		})
		if e := (*errs.Error)(nil); !errors.As(err, &e) || e.Code != "PICK_EXCEEDS_RESERVED" {
			t.Fatalf("over-pick: %v", err)
		}
		// Adjusting below reserved is refused; transfers keep both sides.
		err = s.tx(func(ctx context.Context, db *ent.Client) error {
			_, err := inventory.Change(ctx, db, "WRITE_OFF", p.ID, sh.ID, -12, "", meta)
			return err
		})
		if e := (*errs.Error)(nil); !errors.As(err, &e) || e.Code != "INSUFFICIENT_STOCK" {
			t.Fatalf("write-off below reserved: %v", err)
		}
		if err := s.tx(func(ctx context.Context, db *ent.Client) error {
			_, err := inventory.Transfer(ctx, db, p.ID, sh.ID, bj.ID, 6, "", meta)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if a, b := s.level(t, p, sh), s.level(t, p, bj); a.OnHand != 6 || b.OnHand != 6 {
			t.Fatalf("after transfer: %d %d", a.OnHand, b.OnHand)
		}
		if err := s.tx(func(ctx context.Context, db *ent.Client) error {
			return inventory.Release(ctx, db, ord, "test", "cancelled")
		}); err != nil {
			t.Fatal(err)
		}
		verify(t, db)
	})
}

func TestLotsFEFOAndAlerts(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newShop(t, db, 1, 1) // lot-tracked
		p, sh := s.products[0], s.whs[0]
		late, early := time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
		s.receive(t, p, sh, 5, "L-LATE", &late)
		s.receive(t, p, sh, 5, "L-EARLY", &early)
		s.receive(t, p, sh, 5, "L-NONE", nil)
		lots, err := inventory.Lots(s.sys, db.Client, p.ID, sh.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(lots) != 3 || lots[0].Number != "L-EARLY" || lots[1].Number != "L-LATE" || lots[2].Number != "L-NONE" {
			t.Fatalf("FEFO then FIFO: %+v", lots)
		}
		// A write-off without a lot takes from the earliest expiry first.
		if err := s.tx(func(ctx context.Context, db *ent.Client) error {
			_, err := inventory.Change(ctx, db, "WRITE_OFF", p.ID, sh.ID, -7, "", inventory.Meta{Actor: "t", Reason: "damaged"})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		lots, _ = inventory.Lots(s.sys, db.Client, p.ID, sh.ID)
		if len(lots) != 2 || lots[0].Number != "L-LATE" || lots[0].OnHand != 3 {
			t.Fatalf("after write-off: %+v", lots)
		}
		// Falling to the reorder point raises one alert; climbing back resolves it.
		db.Client.StockLevel.UpdateOne(s.level(t, p, sh)).SetReorderPoint(6).ExecX(s.sys)
		if err := s.tx(func(ctx context.Context, db *ent.Client) error {
			_, err := inventory.Change(ctx, db, "ADJUST", p.ID, sh.ID, -2, "L-NONE", inventory.Meta{Actor: "t", Reason: "found broken"})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		open := db.Client.StockAlert.Query().Where(stockalert.StatusEQ(stockalert.StatusOPEN)).AllX(s.sys)
		if len(open) != 1 || open[0].Kind != stockalert.KindLOW_STOCK || open[0].SuggestedQuantity < 1 {
			t.Fatalf("alerts: %+v", open)
		}
		s.receive(t, p, sh, 10, "L-NEW", nil)
		if n := db.Client.StockAlert.Query().Where(stockalert.StatusEQ(stockalert.StatusOPEN)).CountX(s.sys); n != 0 {
			t.Fatalf("open alerts after restock: %d", n)
		}
		verify(t, db)
	})
}

// TestChannelReserveKeepsStockBack: an order from a channel with a safety
// reserve may take only what the reserve leaves.
func TestChannelReserveKeepsStockBack(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newShop(t, db, 1, 0)
		p, sh := s.products[0], s.whs[0]
		s.receive(t, p, sh, 10, "", nil)
		svc := inventory.NewService(db.Client)
		if _, err := svc.SetChannelReserve(staff(viewer.RoleWarehouse, "acc_w"), "MARKETPLACE", p.ID, 4); err != nil {
			t.Fatal(err)
		}
		reserve := func(ctx context.Context, q int) []inventory.Shortage {
			var short []inventory.Shortage
			if err := inventory.InTx(ctx, db.Client, func(c context.Context, db *ent.Client) error {
				out, err := inventory.Reserve(c, db, newOrderID(), nil, []inventory.Need{{ProductID: p.ID, Quantity: q}}, "t")
				if out != nil {
					short = out.Shortages
				}
				return err
			}); err != nil {
				t.Fatal(err)
			}
			return short
		}
		mp := inventory.WithChannel(s.sys, "MARKETPLACE")
		if short := reserve(mp, 7); len(short) != 1 || short[0].Available != 6 {
			t.Fatalf("marketplace over its share: %+v", short)
		}
		if short := reserve(mp, 6); len(short) != 0 {
			t.Fatalf("marketplace within its share: %+v", short)
		}
		if short := reserve(inventory.WithChannel(s.sys, "WEB"), 4); len(short) != 0 {
			t.Fatalf("the web shop may take the reserve: %+v", short)
		}
		ats, err := svc.AvailableToSell(s.sys, []pulid.ID{p.ID})
		if err != nil || ats[p.ID][2].Channel != "MARKETPLACE" || ats[p.ID][2].AvailableToSell != 0 {
			t.Fatalf("ats %+v %v", ats, err)
		}
		verify(t, db)
	})
}
