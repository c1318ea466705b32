package support_test

import (
	"testing"

	"github.com/waybill/waybill/ent/auditentry"
	"github.com/waybill/waybill/ent/coupon"
	"github.com/waybill/waybill/ent/order"
	"github.com/waybill/waybill/ent/payment"
	"github.com/waybill/waybill/ent/stockmovement"
	"github.com/waybill/waybill/ent/ticket"
	"github.com/waybill/waybill/ent/ticketmessage"
	"github.com/waybill/waybill/ent/ticketremedy"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/orders"
	"github.com/waybill/waybill/internal/support"
	"github.com/waybill/waybill/internal/testdb"
)

// TestRemedies: a coupon that works once at checkout for its customer
// only, a reship that reserves through the ledger, refunds never above
// what was paid, each recorded on the ticket and in the audit log.
func TestRemedies(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		ann := w.agent("ann", true, "DAMAGED")
		asAnn := w.as(ann)
		o := w.place(w.asA, "", line("KETTLE", 2), line("MUG", 1)) // ¥303, free shipping
		if o.TotalAmount != 30300 {
			t.Fatalf("total %d", o.TotalAmount)
		}
		res, err := w.svc.Open(w.asA, support.OpenInput{OrderID: &o.ID, Category: ticket.CategoryDAMAGED, Message: "水壶坏了 A kettle is broken"})
		if err != nil {
			t.Fatal(err)
		}
		tk := res.Ticket

		// Permissions first: customers and warehouse staff give no remedies.
		if _, err := w.svc.IssueCoupon(w.asA, tk.ID, support.CouponInput{Kind: coupon.KindFIXED, AmountOff: 3000}); code(err) != "FORBIDDEN" {
			t.Fatalf("a customer issued a coupon: %v", err)
		}
		if _, err := w.svc.IssueCoupon(asAnn, tk.ID, support.CouponInput{Kind: coupon.KindFIXED, AmountOff: 10_000_000}); code(err) != "OUT_OF_RANGE" {
			t.Fatalf("a huge coupon: %v", err)
		}

		// 1. A coupon: usable once, by this customer only.
		cr, err := w.svc.IssueCoupon(asAnn, tk.ID, support.CouponInput{Kind: coupon.KindFIXED, AmountOff: 3000, Note: "破损补偿"})
		if err != nil {
			t.Fatal(err)
		}
		cp := cr.Coupon
		if cp.CustomerID == nil || *cp.CustomerID != w.custA.ID || cp.UsageLimit != 1 || cp.IssuedByTicketID == nil || *cp.IssuedByTicketID != tk.ID {
			t.Fatalf("coupon %+v", cp)
		}
		toCustomer := db.Client.TicketMessage.Query().Where(ticketmessage.TicketID(tk.ID), ticketmessage.Internal(false),
			ticketmessage.BodyContains(cp.Code)).CountX(w.sys)
		if toCustomer != 1 {
			t.Fatal("the customer was not told the coupon code")
		}
		_, err = w.orders.Place(w.asB, orders.PlaceInput{IdempotencyKey: "b-1", Contact: orders.Contact{Name: "李四", Email: "li.si@example.cn", Phone: "13912345678"},
			Address: addr(), Lines: []orders.LineInput{line("MUG", 3)}, Delivery: orders.Delivery{Option: "STANDARD"},
			CouponCode: cp.Code, Card: card()})
		if code(err) != "COUPON_INVALID" {
			t.Fatalf("another customer used the coupon: %v", err)
		}
		o2 := w.place(w.asA, cp.Code, line("MUG", 3)) // ¥135 − ¥30
		if o2.DiscountAmount != 3000 || o2.TotalAmount != 10500 || o2.CouponCode == nil || *o2.CouponCode != cp.Code {
			t.Fatalf("checkout with the coupon: %+v", o2)
		}
		if n := db.Client.Coupon.GetX(w.sys, cp.ID).TimesUsed; n != 1 {
			t.Fatalf("times used %d", n)
		}
		_, err = w.orders.Place(w.asA, orders.PlaceInput{IdempotencyKey: "a-again", Contact: orders.Contact{Name: "王芳", Email: "wang.fang@example.cn", Phone: "13812345678"},
			Address: addr(), Lines: []orders.LineInput{line("MUG", 3)}, Delivery: orders.Delivery{Option: "STANDARD"},
			CouponCode: cp.Code, Card: card()})
		if code(err) != "COUPON_INVALID" {
			t.Fatalf("the coupon worked twice: %v", err)
		}

		// 2. A reship: a new order that reserves its stock through the ledger.
		lines := db.Client.Order.QueryLines(o).AllX(w.sys)
		var kettleLine = lines[0]
		for _, l := range lines {
			if l.Sku == "KETTLE" {
				kettleLine = l
			}
		}
		if _, err := w.svc.Reship(asAnn, tk.ID, []orders.ReshipLine{{OrderLineID: kettleLine.ID, Quantity: 3}}, ""); code(err) != "QUANTITY_OUT_OF_RANGE" {
			t.Fatalf("reship more than ordered: %v", err)
		}
		rr, err := w.svc.Reship(asAnn, tk.ID, []orders.ReshipLine{{OrderLineID: kettleLine.ID, Quantity: 1}}, "破损补发")
		if err != nil {
			t.Fatal(err)
		}
		if rr.Order.Status != order.StatusCONFIRMED || rr.Order.TotalAmount != 0 {
			t.Fatalf("reship order %+v", rr.Order)
		}
		reserved := db.Client.StockMovement.Query().Where(stockmovement.OrderID(rr.Order.ID), stockmovement.KindEQ(stockmovement.KindRESERVE)).AllX(w.sys)
		if len(reserved) != 1 || reserved[0].ReservedDelta != 1 || reserved[0].ProductID != w.products["KETTLE"].ID {
			t.Fatalf("reship reservations %+v", reserved)
		}
		w.verifyLedger()

		// 3. Refunds: never above what was captured and not yet refunded.
		if _, err := w.svc.Refund(asAnn, tk.ID, 30301, "全额以上"); code(err) != "REFUND_EXCEEDS_PAID" {
			t.Fatalf("refund above the total: %v", err)
		}
		if r, err := w.svc.Refund(asAnn, tk.ID, 10000, "部分退款"); err != nil || r.Refunded != 10000 {
			t.Fatalf("partial refund: %+v %v", r, err)
		}
		if _, err := w.svc.Refund(asAnn, tk.ID, 20301, ""); code(err) != "REFUND_EXCEEDS_PAID" {
			t.Fatalf("refund above what is left: %v", err)
		}
		if _, err := w.svc.Refund(asAnn, tk.ID, 20300, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Refund(asAnn, tk.ID, 1, ""); code(err) != "REFUND_EXCEEDS_PAID" {
			t.Fatalf("refund after a full refund: %v", err)
		}
		p := db.Client.Payment.Query().Where(payment.OrderID(o.ID)).OnlyX(w.sys)
		if p.RefundedAmount != 30300 || p.Status != payment.StatusREFUNDED {
			t.Fatalf("payment %+v", p)
		}

		// Every remedy is on the ticket …
		rems := db.Client.TicketRemedy.Query().Where(ticketremedy.TicketID(tk.ID)).AllX(w.sys)
		kinds := map[ticketremedy.Kind]int{}
		for _, r := range rems {
			kinds[r.Kind]++
			if r.Actor != string(ann.ID) {
				t.Errorf("remedy by %q", r.Actor)
			}
		}
		if kinds[ticketremedy.KindCOUPON] != 1 || kinds[ticketremedy.KindRESHIP] != 1 || kinds[ticketremedy.KindREFUND] != 2 {
			t.Fatalf("remedies %v", kinds)
		}
		// … and in the audit log, by the agent.
		audited := func(action, object string) {
			t.Helper()
			n := db.Client.AuditEntry.Query().Where(auditentry.Action(action), auditentry.ObjectIDContains(object),
				auditentry.ActorID(string(ann.ID))).CountX(w.sys)
			if n == 0 {
				t.Errorf("no audit entry %s %s by the agent", action, object)
			}
		}
		audited("Coupon.create", string(cp.ID))
		audited("Order.create", string(rr.Order.ID))
		audited("Payment.update", string(p.ID))
		for _, r := range rems {
			audited("TicketRemedy.create", string(r.ID))
		}
		w.verifyLedger()
	})
}
