// Package shoptest builds small shops for the tests of allocation,
// fulfilment and the API: warehouses in real cities, carriers, products
// with stock through the ledger, and orders placed through the real intake.
package shoptest

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/order"
	"github.com/waybill/waybill/internal/allocation"
	"github.com/waybill/waybill/internal/contact"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/geo"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/orders"
	"github.com/waybill/waybill/internal/payment"
	"github.com/waybill/waybill/internal/viewer"
)

// Shop is a test shop.
type Shop struct {
	DB         *database.DB
	Sys        context.Context // the system itself
	Staff      context.Context // warehouse staff (FULFIL, MANAGE_STOCK)
	Admin      context.Context
	Agent      context.Context
	Orders     *orders.Service
	Inventory  *inventory.Service
	Allocation *allocation.Service
	Warehouses map[string]*ent.Warehouse // by code
	Products   map[string]*ent.Product   // by SKU
	Carriers   map[string]*ent.Carrier   // by code
	Payments   *payment.Test
	serial     atomic.Int64
}

// Warehouse cities: code → city.
var Cities = map[string]string{"WH-SH": "上海", "WH-BJ": "北京", "WH-GZ": "广州", "WH-CD": "成都"}

// New makes a shop with the given warehouses (codes of Cities, or
// "CODE@city" for another city) and the carriers WAYBILL (S10 prefix WB)
// and SF.
func New(t testing.TB, db *database.DB, warehouses ...string) *Shop {
	t.Helper()
	s := &Shop{DB: db, Sys: viewer.SystemContext(context.Background()), Warehouses: map[string]*ent.Warehouse{},
		Products: map[string]*ent.Product{}, Carriers: map[string]*ent.Carrier{}, Payments: payment.NewTest()}
	s.Staff = viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: "acc_warehouse1", Role: viewer.RoleWarehouse, Email: "wh1@waybill.test"})
	s.Admin = viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: "acc_admin1", Role: viewer.RoleAdmin, Email: "admin1@waybill.test"})
	s.Agent = viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: "acc_agent1", Role: viewer.RoleAgent, Email: "agent1@waybill.test"})
	for _, code := range warehouses {
		city := Cities[code]
		for i := range code {
			if code[i] == '@' {
				code, city = code[:i], code[i+1:]
				break
			}
		}
		c, ok := geo.Lookup(city)
		if !ok {
			t.Fatalf("shoptest: unknown city %q", city)
		}
		s.Warehouses[code] = db.Client.Warehouse.Create().SetCode(code).SetName(code + " DC").SetCity(c.Name).
			SetProvince(c.Province).SetLatitude(c.Latitude).SetLongitude(c.Longitude).SetDailyCapacity(1000).SaveX(s.Sys)
	}
	s.Carriers["WAYBILL"] = db.Client.Carrier.Create().SetCode("WAYBILL").SetName("Waybill Express").SetNameZh("威比快递").SetTrackingPrefix("WB").SaveX(s.Sys)
	s.Carriers["SF"] = db.Client.Carrier.Create().SetCode("SF").SetName("SF Express").SetNameZh("顺丰速运").SetTrackingPrefix("SF").SaveX(s.Sys)
	r := orders.DefaultRules
	r.VelocityMax = 1 << 20
	s.Orders = orders.NewService(db.Client, orders.WithDialect(db.Dialect), orders.WithRules(r), orders.WithPayments(s.Payments))
	s.Inventory = inventory.NewService(db.Client, inventory.WithRequeue(s.Orders.Requeue))
	s.Allocation = allocation.NewService(db.Client, s.Orders)
	return s
}

// Product adds a product and receives stock per warehouse code (in bin
// bins[code] when given). Lot-tracked products get one lot per warehouse,
// LOT-<code>, expiring in 2030.
func (s *Shop) Product(t testing.TB, sku string, lot bool, stock map[string]int, bins map[string]string) *ent.Product {
	t.Helper()
	n := s.serial.Add(1)
	p := s.DB.Client.Product.Create().SetSku(sku).SetBarcode(fmt.Sprintf("69012345%05d", n)).SetNameZh("商品 " + sku).
		SetNameEn("Item " + sku).SetCategory("test").SetPriceAmount(5000).SetWeightGrams(300).SetLotTracked(lot).SaveX(s.Sys)
	s.Products[sku] = p
	for code, qty := range stock {
		lotNo := ""
		var exp *time.Time
		if lot {
			e := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
			lotNo, exp = "LOT-"+code, &e
		}
		bin := bins[code]
		if bin == "" {
			bin = fmt.Sprintf("A-%02d-01-1", n%12+1)
		}
		s.Receive(t, p, code, qty, lotNo, exp, bin)
	}
	return p
}

// Receive books a receipt.
func (s *Shop) Receive(t testing.TB, p *ent.Product, code string, qty int, lot string, exp *time.Time, bin string) {
	t.Helper()
	err := inventory.InTx(s.Sys, s.DB.Client, func(ctx context.Context, db *ent.Client) error {
		_, err := inventory.Receive(ctx, db, "RECEIPT", p.ID, s.Warehouses[code].ID, qty, lot, exp, bin, "", inventory.Meta{Actor: "test", Reason: "stock"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Place places an order shipping to city with the delivery option
// (STANDARD, EXPRESS, NEXT_DAY) for lines given as SKU, quantity, SKU,
// quantity, …; it must be CONFIRMED.
func (s *Shop) Place(t testing.TB, city, option string, lines ...any) *ent.Order {
	t.Helper()
	n := s.serial.Add(1)
	in := orders.PlaceInput{
		IdempotencyKey: fmt.Sprintf("shoptest-%d-%d", n, time.Now().UnixNano()),
		Contact:        orders.Contact{Name: "测试", Email: fmt.Sprintf("buyer%d@example.cn", n), Phone: fmt.Sprintf("138%08d", n)},
		Address:        address(t, city, n),
		Delivery:       orders.Delivery{Option: option},
		Card:           payment.Card{Number: payment.CardApprove},
	}
	for i := 0; i+1 < len(lines); i += 2 {
		in.Lines = append(in.Lines, orders.LineInput{SKU: lines[i].(string), Quantity: lines[i+1].(int)})
	}
	res, err := s.Orders.Place(context.Background(), in)
	if err != nil {
		t.Fatalf("place: %v", err)
	}
	if res.Order.Status != order.StatusCONFIRMED {
		t.Fatalf("placed order is %s", res.Order.Status)
	}
	return res.Order
}

// Verify fails the test if any level drifted from its ledger.
func (s *Shop) Verify(t testing.TB) {
	t.Helper()
	drift, err := inventory.Verify(context.Background(), s.DB.Client)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range drift {
		t.Errorf("drift: %s", d)
	}
}

func address(t testing.TB, city string, n int64) contact.Address {
	c, ok := geo.Lookup(city)
	if !ok {
		t.Fatalf("shoptest: unknown city %q", city)
	}
	postal := c.PostalPrefixes[0]
	for len(postal) < 6 {
		postal += "0"
	}
	return contact.Address{Province: c.Province, City: c.Name, District: "中心区", Line1: fmt.Sprintf("测试路 %d 号", n), PostalCode: postal}
}
