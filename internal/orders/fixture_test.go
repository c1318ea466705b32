package orders_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/mail"
	"github.com/waybill/waybill/internal/orders"
	"github.com/waybill/waybill/internal/payment"
	"github.com/waybill/waybill/internal/viewer"
)

// world is a small shop: two warehouses (Shanghai, Chengdu), a few
// products with stock, coupons and a signed-in customer.
type world struct {
	db       *database.DB
	svc      *orders.Service
	sys      context.Context
	now      time.Time
	products map[string]*ent.Product
	shanghai *ent.Warehouse
	chengdu  *ent.Warehouse
	customer context.Context // signed in as the customer
	staff    context.Context // signed in as an agent
	custID   *ent.Customer
	outbox   *mail.Outbox
}

func newWorld(t testing.TB, db *database.DB) *world {
	t.Helper()
	w := &world{db: db, sys: viewer.SystemContext(context.Background()), products: map[string]*ent.Product{},
		now: time.Date(2026, 11, 22, 2, 0, 0, 0, time.UTC)}
	c := db.Client
	w.shanghai = c.Warehouse.Create().SetCode("WH-SH").SetName("上海仓").SetCity("上海").SetLatitude(31.2304).SetLongitude(121.4737).SaveX(w.sys)
	w.chengdu = c.Warehouse.Create().SetCode("WH-CD").SetName("成都仓").SetCity("成都").SetLatitude(30.5728).SetLongitude(104.0668).SaveX(w.sys)
	mk := func(sku string, price int64, sh, cd int, active bool) {
		p := c.Product.Create().SetSku(sku).SetBarcode("69" + sku).SetNameZh("商品" + sku).SetNameEn("Item " + sku).
			SetCategory("test").SetPriceAmount(price).SetActive(active).SaveX(w.sys)
		w.products[sku] = p
		for wh, qty := range map[*ent.Warehouse]int{w.shanghai: sh, w.chengdu: cd} {
			c.StockLevel.Create().SetProductID(p.ID).SetWarehouseID(wh.ID).SetOnHand(qty).SaveX(w.sys)
			c.StockMovement.Create().SetKind("RECEIPT").SetProductID(p.ID).SetWarehouseID(wh.ID).SetOnHandDelta(qty).SetActor("test").ExecX(w.sys)
		}
	}
	mk("A-1", 12900, 100, 100, true) // ¥129
	mk("B-2", 4500, 10, 0, true)
	mk("HOT", 9900, 50, 0, true) // the last 50 units
	mk("C-3", 100000, 5, 5, true)
	mk("OLD", 1000, 10, 10, false)
	c.Coupon.Create().SetCode("TEN").SetKind("PERCENT").SetPercentOff(10).ExecX(w.sys)
	c.Coupon.Create().SetCode("FIXED20").SetKind("FIXED").SetAmountOff(2000).SetMinSpendAmount(10000).ExecX(w.sys)
	c.Coupon.Create().SetCode("ONCE").SetKind("FIXED").SetAmountOff(500).SetUsageLimit(1).ExecX(w.sys)
	c.Coupon.Create().SetCode("OLDIE").SetKind("FIXED").SetAmountOff(500).SetEndsAt(w.now.Add(-time.Hour)).ExecX(w.sys)

	as := auth.NewService(c, auth.WithBcryptCost(bcrypt.MinCost))
	acc, err := as.CreateAccount(w.sys, auth.NewAccount{Email: "wang.fang@example.cn", Password: "wang-fang-pass-1", Role: viewer.RoleCustomer, DisplayName: "王芳"})
	if err != nil {
		t.Fatal(err)
	}
	w.custID = acc.QueryCustomer().OnlyX(w.sys)
	c.Customer.UpdateOne(w.custID).SetPointsBalance(5000).ExecX(w.sys)
	w.customer = viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: acc.ID, CustomerID: w.custID.ID, Role: viewer.RoleCustomer, Email: acc.Email})
	w.staff = viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: "acc_agent", Role: viewer.RoleAgent, Email: "agent@x"})
	w.outbox = &mail.Outbox{}
	w.svc = orders.NewService(c, orders.WithClock(func() time.Time { return w.now }), orders.WithDialect(db.Dialect), orders.WithMailer(w.outbox))
	return w
}

// input is a valid order for one line of sku; tweak it per test.
func (w *world) input(key string, lines ...orders.LineInput) orders.PlaceInput {
	if len(lines) == 0 {
		lines = []orders.LineInput{{SKU: "A-1", Quantity: 1}}
	}
	return orders.PlaceInput{
		IdempotencyKey: key,
		Contact:        orders.Contact{Name: "王芳", Email: "wang.fang@example.cn", Phone: "13812345678"},
		Address:        addressShanghai(),
		Lines:          lines,
		Delivery:       orders.Delivery{Option: "STANDARD"},
		Card:           payment.Card{Number: payment.CardApprove},
	}
}

// verifyLedger fails the test when any level drifted from its ledger.
func verifyLedger(t testing.TB, db *database.DB) {
	t.Helper()
	drift, err := inventory.Verify(context.Background(), db.Client)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range drift {
		t.Errorf("ledger drift: %s", d)
	}
}

// counts returns the number of rows of the tables an order writes.
func counts(t *testing.T, w *world) string {
	t.Helper()
	c := w.db.Client
	return fmt.Sprint(c.Order.Query().CountX(w.sys), c.OrderLine.Query().CountX(w.sys), c.Payment.Query().CountX(w.sys),
		c.StockMovement.Query().CountX(w.sys), c.Customer.Query().CountX(w.sys), c.OrderEvent.Query().CountX(w.sys),
		c.PointsEntry.Query().CountX(w.sys))
}

func sysCtx() context.Context { return viewer.SystemContext(context.Background()) }
