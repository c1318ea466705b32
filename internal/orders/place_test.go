package orders_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/order"
	"github.com/waybill/waybill/ent/stocklevel"
	"github.com/waybill/waybill/internal/contact"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/orders"
	"github.com/waybill/waybill/internal/payment"
	"github.com/waybill/waybill/internal/testdb"
	"github.com/waybill/waybill/internal/viewer"
)

func ptr[T any](v T) *T { return &v }

func codesOf(err error) map[string]string {
	out := map[string]string{}
	list, _ := errs.UserErrors(err)
	for _, e := range list {
		field := ""
		if len(e.Field) > 0 {
			field = fmt.Sprint(e.Field[1:])
		}
		out[e.Code] = field
	}
	return out
}

// TestValidationCodes: one table row per code; each bad order is refused
// with the code and writes nothing.
func TestValidationCodes(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		tomorrow := w.now.AddDate(0, 0, 1)
		cases := []struct {
			code string
			ctx  context.Context
			mod  func(in *orders.PlaceInput)
		}{
			{"INVALID_EMAIL", nil, func(in *orders.PlaceInput) { in.Contact.Email = "wang@" }},
			{"INVALID_PHONE", nil, func(in *orders.PlaceInput) { in.Contact.Phone = "12345" }},
			{"INVALID_POSTAL_CODE", nil, func(in *orders.PlaceInput) { in.Address.PostalCode = "12AB" }},
			{"INVALID_POSTAL_CODE", nil, func(in *orders.PlaceInput) { in.Address.PostalCode = "610000" }}, // Chengdu's, not Shanghai's
			{"INCOMPLETE_ADDRESS", nil, func(in *orders.PlaceInput) { in.Address.District = "" }},
			{"UNKNOWN_SKU", nil, func(in *orders.PlaceInput) { in.Lines[0].SKU = "NOPE-9" }},
			{"PRODUCT_INACTIVE", nil, func(in *orders.PlaceInput) { in.Lines[0].SKU = "OLD" }},
			{"QUANTITY_OUT_OF_RANGE", nil, func(in *orders.PlaceInput) { in.Lines[0].Quantity = 0 }},
			{"QUANTITY_OUT_OF_RANGE", nil, func(in *orders.PlaceInput) { in.Lines[0].Quantity = 1000 }},
			{"DUPLICATE_LINE", nil, func(in *orders.PlaceInput) { in.Lines = append(in.Lines, orders.LineInput{SKU: "a-1", Quantity: 2}) }},
			{"PRICE_CHANGED", nil, func(in *orders.PlaceInput) { in.Lines[0].ExpectedUnitPrice = ptr(int64(9900)) }},
			{"INSUFFICIENT_STOCK", nil, func(in *orders.PlaceInput) { in.Lines[0] = orders.LineInput{SKU: "B-2", Quantity: 11} }},
			{"DELIVERY_OPTION_UNAVAILABLE", nil, func(in *orders.PlaceInput) {
				in.Address = contact.Address{Country: "US", Province: "CA", City: "San Francisco", Line1: "1 Market St", PostalCode: "94105"}
				in.Delivery.Option = "NEXT_DAY"
			}},
			{"DELIVERY_OPTION_UNAVAILABLE", nil, func(in *orders.PlaceInput) {
				in.Delivery = orders.Delivery{Option: "SCHEDULED", Date: &tomorrow, Window: "03:00-04:00"}
			}},
			{"COUPON_INVALID", nil, func(in *orders.PlaceInput) { in.CouponCode = "NOSUCH" }},
			{"COUPON_EXPIRED", nil, func(in *orders.PlaceInput) { in.CouponCode = "OLDIE" }},
			{"COUPON_MIN_SPEND", nil, func(in *orders.PlaceInput) {
				in.CouponCode = "FIXED20"
				in.Lines[0] = orders.LineInput{SKU: "B-2", Quantity: 1}
			}},
			{"POINTS_INSUFFICIENT", w.customer, func(in *orders.PlaceInput) { in.PointsToRedeem = 999999 }},
			{"POINTS_INSUFFICIENT", context.Background(), func(in *orders.PlaceInput) { in.PointsToRedeem = 10 }}, // guests have none
			{"NO_LINES", nil, func(in *orders.PlaceInput) { in.Lines = nil }},
			{"INVALID_IDEMPOTENCY_KEY", nil, func(in *orders.PlaceInput) { in.IdempotencyKey = " " }},
		}
		for i, c := range cases {
			before := counts(t, w)
			in := w.input(fmt.Sprintf("bad-%d", i))
			c.mod(&in)
			ctx := c.ctx
			if ctx == nil {
				ctx = w.customer
			}
			_, err := w.svc.Place(ctx, in)
			got := codesOf(err)
			if _, ok := got[c.code]; !ok {
				t.Errorf("case %d: want %s, got %v (%v)", i, c.code, got, err)
			}
			if after := counts(t, w); after != before {
				t.Errorf("case %d (%s): a refused order wrote rows: %s → %s", i, c.code, before, after)
			}
		}
		// Several problems come back at once, each with its field.
		in := w.input("many")
		in.Contact.Email, in.Contact.Phone, in.Lines[0].SKU = "x", "1", "NOPE"
		got := codesOf(func() error { _, err := w.svc.Place(w.customer, in); return err }())
		for _, code := range []string{"INVALID_EMAIL", "INVALID_PHONE", "UNKNOWN_SKU"} {
			if _, ok := got[code]; !ok {
				t.Errorf("want %s among %v", code, got)
			}
		}
		// PRICE_CHANGED carries the current price.
		in = w.input("price")
		in.Lines[0].ExpectedUnitPrice = ptr(int64(1))
		_, err := w.svc.Place(w.customer, in)
		list, _ := errs.UserErrors(err)
		if len(list) != 1 || list[0].Details["currentPrice"] != int64(12900) {
			t.Errorf("PRICE_CHANGED details: %+v", list)
		}
		verifyLedger(t, db)
	})
}

func TestPlaceConfirmsAndReserves(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		in := w.input("ok-1", orders.LineInput{SKU: "A-1", Quantity: 2, ExpectedUnitPrice: ptr(int64(12900))}, orders.LineInput{SKU: "B-2", Quantity: 3})
		res, err := w.svc.Place(w.customer, in)
		if err != nil {
			t.Fatal(err)
		}
		o := res.Order
		if o.Status != order.StatusCONFIRMED || o.SubtotalAmount != 2*12900+3*4500 || o.ShippingAmount != 0 || o.TotalAmount != o.SubtotalAmount {
			t.Fatalf("order: %s subtotal %d shipping %d total %d", o.Status, o.SubtotalAmount, o.ShippingAmount, o.TotalAmount)
		}
		if o.CustomerID == nil || *o.CustomerID != w.custID.ID {
			t.Fatal("the order must belong to the signed-in customer")
		}
		// B-2 exists only in Shanghai, so the whole order reserves there.
		for _, l := range db.Client.OrderLine.Query().AllX(w.sys) {
			if l.WarehouseID == nil || *l.WarehouseID != w.shanghai.ID {
				t.Fatalf("line %s reserved at %v, want Shanghai (one warehouse fills it)", l.Sku, l.WarehouseID)
			}
		}
		lvl := db.Client.StockLevel.Query().Where(stocklevel.ProductID(w.products["B-2"].ID), stocklevel.WarehouseID(w.shanghai.ID)).OnlyX(w.sys)
		if lvl.Reserved != 3 {
			t.Fatalf("B-2 reserved = %d", lvl.Reserved)
		}
		events := o.QueryEvents().AllX(w.sys)
		if len(events) != 2 || events[1].ToStatus != "CONFIRMED" {
			t.Fatalf("timeline: %+v", events)
		}
		// Cancelling releases the stock.
		if _, err := w.svc.Cancel(w.customer, o.ID, "changed my mind"); err != nil {
			t.Fatal(err)
		}
		if lvl := db.Client.StockLevel.Query().Where(stocklevel.ProductID(w.products["B-2"].ID), stocklevel.WarehouseID(w.shanghai.ID)).OnlyX(w.sys); lvl.Reserved != 0 {
			t.Fatalf("after cancel reserved = %d", lvl.Reserved)
		}
		verifyLedger(t, db)
	})
}

// TestMultiLineShortageReservesNothing: all lines reserve or none do.
func TestMultiLineShortageReservesNothing(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		before := counts(t, w)
		_, err := w.svc.Place(w.customer, w.input("partial", orders.LineInput{SKU: "A-1", Quantity: 5}, orders.LineInput{SKU: "B-2", Quantity: 11}))
		list, _ := errs.UserErrors(err)
		if len(list) != 1 || list[0].Code != "INSUFFICIENT_STOCK" || list[0].Details["available"] != 10 {
			t.Fatalf("want one INSUFFICIENT_STOCK with available 10, got %+v (%v)", list, err)
		}
		if after := counts(t, w); after != before {
			t.Fatalf("rows written: %s → %s", before, after)
		}
		for _, l := range db.Client.StockLevel.Query().AllX(w.sys) {
			if l.Reserved != 0 {
				t.Fatalf("%s reserved %d after a refused order", l.ProductID, l.Reserved)
			}
		}
		verifyLedger(t, db)
	})
}

// TestNoOversellUnderConcurrency: 200 buyers race for the last 50 units.
func TestNoOversellUnderConcurrency(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		const buyers = 200
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok, short, other := 0, 0, []error{}
		for i := range buyers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				in := w.input(fmt.Sprintf("buyer-%d", i), orders.LineInput{SKU: "HOT", Quantity: 1})
				in.Contact.Email = fmt.Sprintf("buyer%d@example.cn", i)
				in.Contact.Phone = fmt.Sprintf("139%08d", i)
				in.Address.Line1 = fmt.Sprintf("路 %d 号", i)
				_, err := w.svc.Place(context.Background(), in)
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					ok++
				case codesOf(err)["INSUFFICIENT_STOCK"] != "" || hasCode(err, "INSUFFICIENT_STOCK"):
					short++
				default:
					other = append(other, err)
				}
			}()
		}
		wg.Wait()
		if len(other) > 0 {
			t.Fatalf("unexpected errors (%d), first: %v", len(other), other[0])
		}
		if ok != 50 || short != buyers-50 {
			t.Fatalf("%d orders succeeded and %d were refused; want 50 and %d", ok, short, buyers-50)
		}
		lvl := db.Client.StockLevel.Query().Where(stocklevel.ProductID(w.products["HOT"].ID), stocklevel.WarehouseID(w.shanghai.ID)).OnlyX(w.sys)
		if lvl.OnHand-lvl.Reserved != 0 || lvl.Reserved != 50 {
			t.Fatalf("HOT: on hand %d reserved %d", lvl.OnHand, lvl.Reserved)
		}
		verifyLedger(t, db)
	})
}

func hasCode(err error, code string) bool {
	list, _ := errs.UserErrors(err)
	for _, e := range list {
		if e.Code == code {
			return true
		}
	}
	return false
}

// TestIdempotency: one key, fifty racing requests, one order; the key with
// another payload is refused.
func TestIdempotency(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		in := w.input("same-key", orders.LineInput{SKU: "A-1", Quantity: 1})
		var wg sync.WaitGroup
		ids := make([]string, 50)
		errsSeen := make([]error, 50)
		for i := range 50 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, err := w.svc.Place(w.customer, in)
				errsSeen[i] = err
				if err == nil {
					ids[i] = string(res.Order.ID)
				}
			}()
		}
		wg.Wait()
		for i, err := range errsSeen {
			if err != nil {
				t.Fatalf("request %d: %v", i, err)
			}
			if ids[i] != ids[0] {
				t.Fatalf("request %d got order %s, request 0 got %s", i, ids[i], ids[0])
			}
		}
		if n := db.Client.Order.Query().CountX(w.sys); n != 1 {
			t.Fatalf("%d orders for one key", n)
		}
		changed := in
		changed.Lines = []orders.LineInput{{SKU: "A-1", Quantity: 2}}
		if _, err := w.svc.Place(w.customer, changed); !hasCode(err, "IDEMPOTENCY_KEY_REUSED") {
			t.Fatalf("reused key with another payload: %v", err)
		}
		verifyLedger(t, db)
	})
}

func TestTotalsCouponsAndPoints(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		// 3 × ¥129 + 1 × ¥45 = ¥432; 10% off = ¥43.20; points: 2000 of 5000 (¥20).
		in := w.input("totals", orders.LineInput{SKU: "A-1", Quantity: 3}, orders.LineInput{SKU: "B-2", Quantity: 1})
		in.CouponCode, in.PointsToRedeem = "ten", 2000
		res, err := w.svc.Place(w.customer, in)
		if err != nil {
			t.Fatal(err)
		}
		o := res.Order
		if o.SubtotalAmount != 43200 || o.DiscountAmount != 4320 || o.PointsDiscountAmount != 2000 || o.ShippingAmount != 0 ||
			o.TotalAmount != 43200-4320-2000 || o.PointsRedeemed != 2000 {
			t.Fatalf("totals: sub %d disc %d pts %d ship %d total %d", o.SubtotalAmount, o.DiscountAmount, o.PointsDiscountAmount, o.ShippingAmount, o.TotalAmount)
		}
		var lineDisc, lineTotals int64
		for _, l := range o.QueryLines().AllX(w.sys) {
			lineDisc += l.DiscountAmount
			lineTotals += l.LineTotalAmount
			if l.LineTotalAmount != l.UnitPriceAmount*int64(l.Quantity)-l.DiscountAmount {
				t.Fatalf("line %s arithmetic", l.Sku)
			}
		}
		if lineDisc != o.DiscountAmount || lineTotals != o.SubtotalAmount-o.DiscountAmount {
			t.Fatalf("line discounts %d / totals %d do not add up", lineDisc, lineTotals)
		}
		if bal := db.Client.Customer.GetX(w.sys, w.custID.ID).PointsBalance; bal != 3000 {
			t.Fatalf("points balance %d, want 3000", bal)
		}
		// Points pay at most half of the goods.
		in2 := w.input("points-cap", orders.LineInput{SKU: "B-2", Quantity: 1})
		in2.PointsToRedeem = 3000
		res2, err := w.svc.Place(w.customer, in2)
		if err != nil {
			t.Fatal(err)
		}
		if res2.Order.PointsRedeemed != 2250 || res2.Order.ShippingAmount != 1000 || res2.Order.TotalAmount != 4500-2250+1000 {
			t.Fatalf("capped points: %d, shipping %d, total %d", res2.Order.PointsRedeemed, res2.Order.ShippingAmount, res2.Order.TotalAmount)
		}
		// A single-use coupon works once.
		in3 := w.input("once-1")
		in3.CouponCode = "ONCE"
		if _, err := w.svc.Place(w.customer, in3); err != nil {
			t.Fatal(err)
		}
		in4 := w.input("once-2")
		in4.CouponCode = "ONCE"
		if _, err := w.svc.Place(w.customer, in4); !hasCode(err, "COUPON_INVALID") {
			t.Fatalf("second use of a single-use coupon: %v", err)
		}
		// Cancelling gives the points back.
		if _, err := w.svc.Cancel(w.customer, o.ID, ""); err != nil {
			t.Fatal(err)
		}
		if bal := db.Client.Customer.GetX(w.sys, w.custID.ID).PointsBalance; bal != 3000-2250+2000 {
			t.Fatalf("points after cancel %d", bal)
		}
		verifyLedger(t, db)
	})
}

func TestPaymentCardsAndReview(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		place := func(key, card string, lines ...orders.LineInput) *ent.Order {
			t.Helper()
			in := w.input(key, lines...)
			in.Card = payment.Card{Number: card}
			res, err := w.svc.Place(w.customer, in)
			if err != nil {
				t.Fatal(err)
			}
			return res.Order
		}
		declined := place("declined", payment.CardDecline)
		if declined.Status != order.StatusPENDING_PAYMENT || declined.PaymentExpiresAt == nil {
			t.Fatalf("declined: %s", declined.Status)
		}
		if o := place("nofunds", payment.CardInsufficientFunds); o.Status != order.StatusPENDING_PAYMENT {
			t.Fatalf("insufficient funds: %s", o.Status)
		}
		flagged := place("flagged", payment.CardFlagged)
		if flagged.Status != order.StatusON_HOLD || !contains(flagged.HoldReasons, "PAYMENT_RISK") {
			t.Fatalf("flagged: %s %v", flagged.Status, flagged.HoldReasons)
		}
		// A retry with a good card confirms the declined order.
		retried, err := w.svc.RetryPayment(w.customer, declined.ID, payment.Card{Number: payment.CardApprove}, "")
		if err != nil || retried.Status != order.StatusCONFIRMED {
			t.Fatalf("retry: %v %v", retried, err)
		}
		// Large orders wait for review with their reasons.
		big := place("big", payment.CardApprove, orders.LineInput{SKU: "C-3", Quantity: 6})
		if big.Status != order.StatusON_HOLD || !contains(big.HoldReasons, "LARGE_ORDER") {
			t.Fatalf("large order: %s %v", big.Status, big.HoldReasons)
		}
		// Customers cannot approve; agents can; rejection needs a note and releases stock.
		if _, err := w.svc.Approve(w.customer, big.ID, ""); errs.KindOf(err) != errs.Forbidden {
			t.Fatalf("customer approving: %v", err)
		}
		if _, err := w.svc.Reject(w.staff, big.ID, ""); !hasCode(err, "NOTE_REQUIRED") {
			t.Fatalf("reject without note: %v", err)
		}
		rej, err := w.svc.Reject(w.staff, big.ID, "looks fraudulent")
		if err != nil || rej.Status != order.StatusCANCELLED {
			t.Fatalf("reject: %v %v", rej, err)
		}
		if sent := w.outbox.Sent(); len(sent) != 1 || sent[0].To != big.ContactEmail || !strings.Contains(sent[0].Body, "looks fraudulent") {
			t.Fatalf("the customer must be told why: %+v", sent)
		}
		app, err := w.svc.Approve(w.staff, flagged.ID, "called the customer")
		if err != nil || app.Status != order.StatusCONFIRMED {
			t.Fatalf("approve: %v %v", app, err)
		}
		// An unpaid order is released when its window closes.
		w.now = w.now.Add(31 * time.Minute)
		n, err := w.svc.ExpirePayments(context.Background())
		if err != nil || n != 1 {
			t.Fatalf("expired %d (%v), want 1 (the insufficient-funds order)", n, err)
		}
		verifyLedger(t, db)
		for _, l := range db.Client.StockLevel.Query().Where(stocklevel.ProductID(w.products["C-3"].ID)).AllX(w.sys) {
			if l.Reserved != 0 {
				t.Fatalf("C-3 still reserved after rejection: %d", l.Reserved)
			}
		}
	})
}

func TestReviewRules(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		guest := context.Background()
		in := w.input("first-high", orders.LineInput{SKU: "C-3", Quantity: 3}) // ¥3,000, a guest's first order
		in.Contact.Email = "new@example.cn"
		res, err := w.svc.Place(guest, in)
		if err != nil {
			t.Fatal(err)
		}
		if !contains(res.Order.HoldReasons, "FIRST_ORDER_HIGH_VALUE") || res.Order.Status != order.StatusON_HOLD {
			t.Fatalf("first high-value order: %v", res.Order.HoldReasons)
		}
		hq := w.input("qty", orders.LineInput{SKU: "A-1", Quantity: 30})
		res, err = w.svc.Place(w.customer, hq)
		if err != nil {
			t.Fatal(err)
		}
		if !contains(res.Order.HoldReasons, "HIGH_QUANTITY") {
			t.Fatalf("high quantity: %v", res.Order.HoldReasons)
		}
		for i := range 3 {
			res, err = w.svc.Place(w.customer, w.input(fmt.Sprintf("vel-%d", i)))
			if err != nil {
				t.Fatal(err)
			}
		}
		if !contains(res.Order.HoldReasons, "HIGH_VELOCITY") {
			t.Fatalf("the 5th order in a day: %v", res.Order.HoldReasons)
		}
		abroad := w.input("mismatch")
		abroad.Address = contact.Address{Country: "DE", City: "Berlin", Line1: "Unter den Linden 1", PostalCode: "10117"}
		abroad.Contact.Email = "other@example.cn"
		abroad.Contact.Phone = "13900001111"
		res, err = w.svc.Place(guest, abroad)
		if err != nil {
			t.Fatal(err)
		}
		if !contains(res.Order.HoldReasons, "CONTACT_MISMATCH") {
			t.Fatalf("Chinese mobile shipping abroad: %v", res.Order.HoldReasons)
		}
	})
}

func TestLifecycleTransitions(t *testing.T) {
	legal := [][2]order.Status{{"PENDING_PAYMENT", "CONFIRMED"}, {"CONFIRMED", "ALLOCATED"}, {"ALLOCATED", "PICKING"},
		{"PICKING", "PACKED"}, {"PACKED", "SHIPPED"}, {"PACKED", "PARTIALLY_SHIPPED"}, {"SHIPPED", "DELIVERED"},
		{"DELIVERED", "COMPLETED"}, {"ON_HOLD", "CANCELLED"}, {"DELIVERED", "RETURNED"}}
	illegal := [][2]order.Status{{"PENDING_PAYMENT", "SHIPPED"}, {"CANCELLED", "CONFIRMED"}, {"DELIVERED", "PICKING"},
		{"COMPLETED", "CANCELLED"}, {"SHIPPED", "CANCELLED"}, {"PICKING", "CANCELLED"}}
	for _, p := range legal {
		if !orders.CanTransition(p[0], p[1]) {
			t.Errorf("%s → %s must be allowed", p[0], p[1])
		}
	}
	for _, p := range illegal {
		if orders.CanTransition(p[0], p[1]) {
			t.Errorf("%s → %s must be refused", p[0], p[1])
		}
	}
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		res, err := w.svc.Place(w.customer, w.input("life"))
		if err != nil {
			t.Fatal(err)
		}
		wh := viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: "acc_wh", Role: viewer.RoleWarehouse})
		if _, err := w.svc.Transition(wh, res.Order.ID, order.StatusSHIPPED, ""); !hasCode(err, "ILLEGAL_TRANSITION") {
			var e *errs.Error
			errors.As(err, &e)
			t.Fatalf("CONFIRMED → SHIPPED: %v", err)
		}
		o, err := w.svc.Transition(wh, res.Order.ID, order.StatusALLOCATED, "routed")
		if err != nil || o.Status != order.StatusALLOCATED {
			t.Fatalf("CONFIRMED → ALLOCATED: %v", err)
		}
		if _, err := w.svc.Transition(w.customer, res.Order.ID, order.StatusPICKING, ""); errs.KindOf(err) != errs.Forbidden {
			t.Fatalf("a customer moving an order: %v", err)
		}
		ev := o.QueryEvents().Order(ent.Asc("occurred_at"), ent.Asc("id")).AllX(w.sys)
		last := ev[len(ev)-1]
		if last.FromStatus != "CONFIRMED" || last.ToStatus != "ALLOCATED" || last.Actor != "acc_wh" || last.Note != "routed" {
			t.Fatalf("timeline entry: %+v", last)
		}
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
