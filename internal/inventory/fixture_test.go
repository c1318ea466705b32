package inventory_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/stocklevel"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// shop is a few warehouses and products, no stock.
type shop struct {
	db       *database.DB
	sys      context.Context
	whs      []*ent.Warehouse
	products []*ent.Product
}

var cities = []struct {
	code, city string
	lat, lng   float64
}{
	{"WH-SH", "上海", 31.2304, 121.4737},
	{"WH-BJ", "北京", 39.9042, 116.4074},
	{"WH-GZ", "广州", 23.1291, 113.2644},
}

func newShop(t testing.TB, db *database.DB, products int, lotEvery int) *shop {
	t.Helper()
	s := &shop{db: db, sys: viewer.SystemContext(context.Background())}
	for _, c := range cities {
		s.whs = append(s.whs, db.Client.Warehouse.Create().SetCode(c.code).SetName(c.code).SetCity(c.city).
			SetLatitude(c.lat).SetLongitude(c.lng).SaveX(s.sys))
	}
	for i := range products {
		s.products = append(s.products, db.Client.Product.Create().SetSku(fmt.Sprintf("SKU-%03d", i)).
			SetBarcode(fmt.Sprintf("6900000%05d", i)).SetNameZh("商品").SetNameEn("Item").SetCategory("test").
			SetPriceAmount(1000).SetLotTracked(lotEvery > 0 && i%lotEvery == 0).SaveX(s.sys))
	}
	return s
}

// tx runs fn in its own transaction, retried after PostgreSQL deadlocks.
func (s *shop) tx(fn func(ctx context.Context, db *ent.Client) error) error {
	return inventory.InTxRetry(s.sys, s.db.Client, fn)
}

func (s *shop) receive(t testing.TB, p *ent.Product, w *ent.Warehouse, qty int, lot string, expires *time.Time) {
	t.Helper()
	err := s.tx(func(ctx context.Context, db *ent.Client) error {
		_, err := inventory.Receive(ctx, db, "RECEIPT", p.ID, w.ID, qty, lot, expires, "A-01-01-1", "", inventory.Meta{Actor: "test", Reason: "test receipt"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func (s *shop) level(t testing.TB, p *ent.Product, w *ent.Warehouse) *ent.StockLevel {
	t.Helper()
	l, err := s.db.Client.StockLevel.Query().Where(stocklevel.ProductID(p.ID), stocklevel.WarehouseID(w.ID)).Only(s.sys)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func verify(t testing.TB, db *database.DB) {
	t.Helper()
	drift, err := inventory.Verify(context.Background(), db.Client)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range drift {
		t.Errorf("drift: %s", d)
	}
}

func newOrderID() pulid.ID { return pulid.New("ord") }
