package support_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/account"
	"github.com/waybill/waybill/ent/order"
	"github.com/waybill/waybill/ent/shipment"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/contact"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/orders"
	"github.com/waybill/waybill/internal/payment"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/s10"
	"github.com/waybill/waybill/internal/support"
	"github.com/waybill/waybill/internal/viewer"
)

// testClock is a clock tests move by hand.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t.UTC()
	c.mu.Unlock()
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// cst is China time.
var cst = time.FixedZone("CST", 8*3600)

// world is a small shop with a service desk: one warehouse in Shanghai,
// a few products with stock, two customers and agents.
type world struct {
	t        testing.TB
	db       *database.DB
	clock    *testClock
	orders   *orders.Service
	svc      *support.Service
	sys      context.Context
	wh       *ent.Warehouse
	carrier  *ent.Carrier
	products map[string]*ent.Product
	custA    *ent.Customer
	custB    *ent.Customer
	asA      context.Context
	asB      context.Context
	admin    context.Context
	accounts map[string]*ent.Account
}

// Monday 2026-11-23 10:00 in Shanghai.
var monday10 = time.Date(2026, 11, 23, 10, 0, 0, 0, cst)

func newWorld(t testing.TB, db *database.DB, opts ...func(*support.Options)) *world {
	t.Helper()
	w := &world{t: t, db: db, clock: &testClock{}, sys: viewer.SystemContext(context.Background()),
		products: map[string]*ent.Product{}, accounts: map[string]*ent.Account{}}
	w.clock.Set(monday10)
	c := db.Client
	w.wh = c.Warehouse.Create().SetCode("WH-SH").SetName("上海仓").SetCity("上海").SetLatitude(31.2304).SetLongitude(121.4737).SaveX(w.sys)
	w.carrier = c.Carrier.Create().SetCode("SF").SetName("SF Express").SetNameZh("顺丰速运").SetTrackingPrefix("SF").SaveX(w.sys)
	mk := func(sku string, price int64, qty int, returnable bool) {
		p := c.Product.Create().SetSku(sku).SetBarcode("69" + sku).SetNameZh("商品" + sku).SetNameEn("Item " + sku).
			SetCategory("test").SetPriceAmount(price).SetReturnable(returnable).SaveX(w.sys)
		w.products[sku] = p
		c.StockLevel.Create().SetProductID(p.ID).SetWarehouseID(w.wh.ID).SetOnHand(qty).SaveX(w.sys)
		c.StockMovement.Create().SetKind("RECEIPT").SetProductID(p.ID).SetWarehouseID(w.wh.ID).SetOnHandDelta(qty).SetActor("test").ExecX(w.sys)
	}
	mk("KETTLE", 12900, 50, true) // ¥129
	mk("MUG", 4500, 50, true)     // ¥45
	mk("TV", 150000, 10, true)    // ¥1,500
	mk("SOCKS", 1900, 50, false)  // not returnable
	as := auth.NewService(c, auth.WithBcryptCost(bcrypt.MinCost))
	cust := func(email, name string) (*ent.Customer, context.Context) {
		acc, err := as.CreateAccount(w.sys, auth.NewAccount{Email: email, Password: "customer-pass-1", Role: viewer.RoleCustomer, DisplayName: name})
		if err != nil {
			t.Fatal(err)
		}
		cu := acc.QueryCustomer().OnlyX(w.sys)
		return cu, viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: acc.ID, CustomerID: cu.ID, Role: viewer.RoleCustomer, Email: email})
	}
	w.custA, w.asA = cust("wang.fang@example.cn", "王芳")
	w.custB, w.asB = cust("li.si@example.cn", "李四")
	adm := c.Account.Create().SetEmail("admin@x.test").SetPasswordHash("x").SetRole(account.RoleADMIN).SetDisplayName("管理员").SaveX(w.sys)
	w.accounts["admin"] = adm
	w.admin = viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: adm.ID, Role: viewer.RoleAdmin, Email: adm.Email})
	rules := orders.DefaultRules
	rules.VelocityMax = 1000
	w.orders = orders.NewService(c, orders.WithClock(w.clock.Now), orders.WithDialect(db.Dialect), orders.WithRules(rules))
	o := support.Options{Dialect: db.Dialect, Now: w.clock.Now}
	for _, f := range opts {
		f(&o)
	}
	w.svc = support.NewService(c, w.orders, o)
	if err := w.svc.EnsureDefaults(context.Background()); err != nil {
		t.Fatal(err)
	}
	return w
}

// agent creates an agent with skills (categories) and availability.
func (w *world) agent(name string, available bool, skills ...string) *ent.Account {
	w.t.Helper()
	a := w.db.Client.Account.Create().SetEmail(name + "@x.test").SetPasswordHash("x").SetRole(account.RoleAGENT).
		SetDisplayName(name).SetAvailable(available).SetSkills(skills).SaveX(w.sys)
	w.accounts[name] = a
	return a
}

// as returns a context signed in as a staff account.
func (w *world) as(a *ent.Account) context.Context {
	return viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: a.ID, Role: viewer.Role(a.Role), Email: a.Email})
}

// place places, pays and captures an order of the customer in ctx for
// lines "SKU:qty".
func (w *world) place(ctx context.Context, coupon string, lines ...orders.LineInput) *ent.Order {
	w.t.Helper()
	v := viewer.FromContext(ctx)
	cu := w.db.Client.Customer.GetX(w.sys, v.CustomerID)
	p, err := w.orders.Place(ctx, orders.PlaceInput{
		IdempotencyKey: fmt.Sprintf("k-%s", pulid.New("key")),
		Contact:        orders.Contact{Name: cu.Name, Email: cu.Email, Phone: "13812345678"},
		Address:        contact.Address{Province: "上海市", City: "上海", District: "浦东新区", Line1: "世纪大道 100 号", PostalCode: "200120"},
		Lines:          lines,
		Delivery:       orders.Delivery{Option: "STANDARD"},
		CouponCode:     coupon,
		Card:           payment.Card{Number: payment.CardApprove},
	})
	if err != nil {
		w.t.Fatalf("place: %v", err)
	}
	if err := w.orders.Capture(w.sys, p.Order.ID); err != nil {
		w.t.Fatalf("capture: %v", err)
	}
	return p.Order
}

func line(sku string, q int) orders.LineInput { return orders.LineInput{SKU: sku, Quantity: q} }

// ship gives an order a parcel; delivered (at deliveredAt) when not nil.
func (w *world) ship(o *ent.Order, promised time.Time, deliveredAt *time.Time) *ent.Shipment {
	w.t.Helper()
	n, err := s10.Format("SF", 10000000+w.db.Client.Shipment.Query().CountX(w.sys), "CN")
	if err != nil {
		w.t.Fatal(err)
	}
	st := shipment.StatusIN_TRANSIT
	if deliveredAt != nil {
		st = shipment.StatusDELIVERED
	}
	shippedAt := w.clock.Now().Add(-time.Hour)
	if deliveredAt != nil && deliveredAt.Before(shippedAt) {
		shippedAt = deliveredAt.Add(-time.Hour)
	}
	shp := w.db.Client.Shipment.Create().SetTrackingNumber(n).SetOrderID(o.ID).SetWarehouseID(w.wh.ID).
		SetCarrierID(w.carrier.ID).SetStatus(st).SetOriginCity("上海").SetDestinationCity("上海").
		SetPromisedDate(promised).SetShippedAt(shippedAt).SetNillableDeliveredAt(deliveredAt).SaveX(w.sys)
	if deliveredAt != nil {
		w.db.Client.Order.UpdateOneID(o.ID).SetStatus(order.StatusDELIVERED).ExecX(w.sys)
	}
	return shp
}

// verifyLedger fails the test when a stock level drifted from its ledger.
func (w *world) verifyLedger() {
	w.t.Helper()
	drift, err := inventory.Verify(context.Background(), w.db.Client)
	if err != nil {
		w.t.Fatal(err)
	}
	for _, d := range drift {
		w.t.Errorf("ledger drift: %s", d)
	}
}

// code returns the code of the first caller-fixable problem in err, or of err itself.
func code(err error) string {
	if list, ok := errs.UserErrors(err); ok && len(list) > 0 {
		return list[0].Code
	}
	var e *errs.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func addr() contact.Address {
	return contact.Address{Province: "上海市", City: "上海", District: "浦东新区", Line1: "世纪大道 100 号", PostalCode: "200120"}
}

func card() payment.Card { return payment.Card{Number: payment.CardApprove} }
