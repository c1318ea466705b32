package allocation_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/order"
	"github.com/waybill/waybill/ent/orderline"
	"github.com/waybill/waybill/ent/product"
	"github.com/waybill/waybill/internal/allocation/shoptest"
	"github.com/waybill/waybill/internal/contact"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/orders"
	"github.com/waybill/waybill/internal/payment"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/testdb"
)

func backordered(t *testing.T, s *shoptest.Shop, o *ent.Order) int {
	t.Helper()
	ls, err := s.DB.Client.OrderLine.Query().Where(orderline.OrderID(o.ID)).All(s.Sys)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, l := range ls {
		n += l.BackorderedQuantity
	}
	return n
}

// place places an order for one line, shipping to Shanghai.
func place(s *shoptest.Shop, key, sku string, qty int) (*ent.Order, error) {
	res, err := s.Orders.Place(context.Background(), orders.PlaceInput{
		IdempotencyKey: key,
		Contact:        orders.Contact{Name: "测试", Email: key + "@example.cn", Phone: "13800000001"},
		Address:        contact.Address{Province: "上海市", City: "上海", District: "浦东新区", Line1: "测试路 1 号", PostalCode: "200000"},
		Delivery:       orders.Delivery{Option: "STANDARD"},
		Card:           payment.Card{Number: payment.CardApprove},
		Lines:          []orders.LineInput{{SKU: sku, Quantity: qty}},
	})
	if err != nil {
		return nil, err
	}
	return res.Order, nil
}

func allowBackorders(t *testing.T, s *shoptest.Shop, p *ent.Product) {
	t.Helper()
	if _, err := s.Inventory.SetBackorderPolicy(s.Staff, p.ID, string(product.BackorderPolicyALLOW)); err != nil {
		t.Fatal(err)
	}
}

// TestBackorderAllowSellsBeyondStock: a product that allows backorders is
// sold beyond its stock — what is there is reserved, the rest waits on the
// line — while a product that does not is refused. Receiving stock lets
// allocation fill the backorders oldest first, and stock that backorders
// wait for is not sold to a later order.
func TestBackorderAllowSellsBeyondStock(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := shoptest.New(t, db, "WH-SH")
		p := s.Product(t, "PRE-1", false, map[string]int{"WH-SH": 2}, nil)
		deny := s.Product(t, "DENY-1", false, map[string]int{"WH-SH": 1}, nil)
		allowBackorders(t, s, p)

		first := s.Place(t, "上海", "STANDARD", "PRE-1", 5)
		if got := held(t, s, first); got["WH-SH"] != 2 {
			t.Fatalf("first order should hold the 2 in stock: %v", got)
		}
		if got := backordered(t, s, first); got != 3 {
			t.Fatalf("first order backordered %d, want 3", got)
		}
		// Nothing left: the second is wholly backordered.
		second := s.Place(t, "上海", "STANDARD", "PRE-1", 1)
		if got := held(t, s, second); got["WH-SH"] != 0 {
			t.Fatalf("second order holds %v", got)
		}
		if got := backordered(t, s, second); got != 1 {
			t.Fatalf("second order backordered %d, want 1", got)
		}
		// A product without the policy is still refused, and nothing is written.
		_, err := place(s, "deny-beyond", deny.Sku, 2)
		if l, ok := errs.UserErrors(err); !ok || len(l) != 1 || l[0].Code != "INSUFFICIENT_STOCK" {
			t.Fatalf("DENY beyond stock: %v", err)
		}

		// The storefront sees nothing available while backorders wait.
		avail, err := s.Inventory.Available(s.Sys, []pulid.ID{p.ID})
		if err != nil {
			t.Fatal(err)
		}
		if avail[p.ID] != 0 {
			t.Fatalf("available %d while 4 are backordered", avail[p.ID])
		}

		// Backorders cannot be allocated yet.
		res, err := s.Allocation.AllocatePending(s.Staff, 10)
		if err != nil {
			t.Fatal(err)
		}
		if res.Allocated != 0 || res.Unfillable != 2 {
			t.Fatalf("before restock: %+v", res)
		}

		// 3 arrive: they wait for the first order (3 short), so a third
		// order placed now is backordered instead of taking them.
		s.Receive(t, p, "WH-SH", 3, "", nil, "A-01-01-1")
		third := s.Place(t, "上海", "STANDARD", "PRE-1", 1)
		if got := backordered(t, s, third); got != 1 {
			t.Fatalf("third order backordered %d, want 1 (the 3 received wait for earlier orders)", got)
		}
		if res, err = s.Allocation.AllocatePending(s.Staff, 10); err != nil {
			t.Fatal(err)
		}
		if res.Allocated != 1 {
			t.Fatalf("after 3 arrived: %+v", res)
		}
		if o := s.DB.Client.Order.GetX(s.Sys, first.ID); o.Status != order.StatusALLOCATED {
			t.Fatalf("first order is %s", o.Status)
		}
		if got := held(t, s, first); got["WH-SH"] != 5 {
			t.Fatalf("first order should now hold 5: %v", got)
		}
		if got := backordered(t, s, first); got != 0 {
			t.Fatalf("allocated order still backordered %d", got)
		}

		// 2 more: the second and third orders, in order.
		s.Receive(t, p, "WH-SH", 2, "", nil, "A-01-01-1")
		if res, err = s.Allocation.AllocatePending(s.Staff, 10); err != nil {
			t.Fatal(err)
		}
		if res.Allocated != 2 {
			t.Fatalf("after 2 more arrived: %+v", res)
		}
		for _, o := range []*ent.Order{second, third} {
			if got := backordered(t, s, o); got != 0 {
				t.Fatalf("%s still backordered %d", o.Number, got)
			}
		}
		s.Verify(t)
	})
}

// TestBackorderConcurrentBuyers: many buyers of a backorderable product at
// once never push a level negative or reserve more than is there; every
// unit ordered is either reserved or backordered, and the ledger agrees.
func TestBackorderConcurrentBuyers(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := shoptest.New(t, db, "WH-SH", "WH-BJ")
		p := s.Product(t, "PRE-2", false, map[string]int{"WH-SH": 7, "WH-BJ": 5}, nil)
		allowBackorders(t, s, p)
		const buyers = 30
		var wg sync.WaitGroup
		placed := make(chan *ent.Order, buyers)
		for i := range buyers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				o, err := place(s, fmt.Sprintf("buyer-%d", i), "PRE-2", 1)
				if err != nil {
					t.Errorf("buyer %d: %v", i, err)
					return
				}
				placed <- o
			}()
		}
		wg.Wait()
		close(placed)
		if t.Failed() {
			return
		}
		reserved, waiting := 0, 0
		for o := range placed {
			for _, q := range held(t, s, o) {
				reserved += q
			}
			waiting += backordered(t, s, o)
		}
		if reserved != 12 || waiting != buyers-12 {
			t.Fatalf("reserved %d and backordered %d of %d; want 12 and %d", reserved, waiting, buyers, buyers-12)
		}
		ls, err := s.DB.Client.StockLevel.Query().All(s.Sys)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range ls {
			if l.Reserved > l.OnHand || l.OnHand < 0 || l.Reserved < 0 {
				t.Fatalf("level %s: on hand %d, reserved %d", l.ID, l.OnHand, l.Reserved)
			}
		}
		s.Verify(t)
	})
}
