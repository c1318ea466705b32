package support_test

import (
	"testing"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/account"
	"github.com/waybill/waybill/ent/payment"
	"github.com/waybill/waybill/ent/returnline"
	"github.com/waybill/waybill/ent/returnrequest"
	"github.com/waybill/waybill/ent/stocklevel"
	"github.com/waybill/waybill/ent/stockmovement"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/s10"
	"github.com/waybill/waybill/internal/support"
	"github.com/waybill/waybill/internal/testdb"
)

// TestReturnStateMachine: the policy window, non-returnable products,
// quantities, every legal and some illegal transitions, pickup with a
// return shipment, inspection through the ledger and the refund.
func TestReturnStateMachine(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		ann := w.agent("ann", true, "RETURN_REQUEST")
		asAnn := w.as(ann)
		wh := db.Client.Account.Create().SetEmail("wh@x.test").SetPasswordHash("x").SetRole(account.RoleWAREHOUSE).SaveX(w.sys)
		asWh := w.as(wh)
		onHand := func(sku string) int {
			return db.Client.StockLevel.Query().Where(stocklevel.ProductID(w.products[sku].ID), stocklevel.WarehouseID(w.wh.ID)).OnlyX(w.sys).OnHand
		}
		lineOf := func(o *ent.Order, sku string) pulid.ID {
			for _, l := range db.Client.Order.QueryLines(o).AllX(w.sys) {
				if l.Sku == sku {
					return l.ID
				}
			}
			t.Fatalf("no %s line", sku)
			return ""
		}

		o := w.place(w.asA, "", line("KETTLE", 2), line("SOCKS", 1)) // ¥258 + ¥19
		in := func(lines ...support.ReturnLineInput) support.ReturnInput {
			return support.ReturnInput{OrderID: o.ID, Lines: lines, Reason: "不想要了 Changed my mind"}
		}
		kettle := func(q int) support.ReturnLineInput {
			return support.ReturnLineInput{OrderLineID: lineOf(o, "KETTLE"), Quantity: q}
		}
		// Not delivered yet.
		if _, err := w.svc.RequestReturn(w.asA, in(kettle(1))); code(err) != "NOT_DELIVERED" {
			t.Fatalf("before delivery: %v", err)
		}
		delivered := w.clock.Now().Add(-24 * time.Hour)
		w.ship(o, delivered.Add(-24*time.Hour), &delivered)
		win, lines, err := w.svc.Window(w.asA, o.ID)
		if err != nil || !win.Open || !win.Deadline.Equal(delivered.Add(7*24*time.Hour)) || len(lines) != 2 {
			t.Fatalf("window %+v %d %v", win, len(lines), err)
		}
		// Another customer's order is not found; socks cannot be returned; quantities are checked.
		if _, err := w.svc.RequestReturn(w.asB, in(kettle(1))); code(err) != "ORDER_NOT_FOUND" {
			t.Fatalf("another customer's order: %v", err)
		}
		if _, err := w.svc.RequestReturn(w.asA, in(support.ReturnLineInput{OrderLineID: lineOf(o, "SOCKS"), Quantity: 1})); code(err) != "PRODUCT_NOT_RETURNABLE" {
			t.Fatalf("socks: %v", err)
		}
		if _, err := w.svc.RequestReturn(w.asA, in(kettle(3))); code(err) != "QUANTITY_OUT_OF_RANGE" {
			t.Fatalf("three of two: %v", err)
		}
		rr, err := w.svc.RequestReturn(w.asA, in(kettle(2)))
		if err != nil {
			t.Fatal(err)
		}
		if rr.Status != returnrequest.StatusREQUESTED || rr.RefundAmount != 25800 || rr.WarehouseID == nil || *rr.WarehouseID != w.wh.ID {
			t.Fatalf("requested %+v", rr)
		}
		if _, err := w.svc.RequestReturn(w.asA, in(kettle(1))); code(err) != "QUANTITY_OUT_OF_RANGE" {
			t.Fatalf("returned twice: %v", err)
		}
		// Illegal steps and roles.
		if _, err := w.svc.ReceiveReturn(asWh, rr.ID); code(err) != "INVALID_TRANSITION" {
			t.Fatalf("received before approval: %v", err)
		}
		if _, err := w.svc.ApproveReturn(w.asA, rr.ID, ""); code(err) != "FORBIDDEN" {
			t.Fatalf("a customer approved: %v", err)
		}
		if _, err := w.svc.ApproveReturn(asWh, rr.ID, ""); code(err) != "FORBIDDEN" {
			t.Fatalf("warehouse staff approved: %v", err)
		}
		// Approve, pick up, receive.
		if rr, err = w.svc.ApproveReturn(asAnn, rr.ID, "OK"); err != nil || rr.Status != returnrequest.StatusAPPROVED {
			t.Fatalf("approve: %+v %v", rr, err)
		}
		if rr, err = w.svc.SchedulePickup(asAnn, rr.ID, nil); err != nil || rr.Status != returnrequest.StatusPICKUP_SCHEDULED || rr.ReturnShipmentID == nil {
			t.Fatalf("pickup: %+v %v", rr, err)
		}
		back := db.Client.Shipment.GetX(w.sys, *rr.ReturnShipmentID)
		if !back.IsReturn || back.DestinationCity != "上海" || back.CarrierID == nil || *back.CarrierID != w.carrier.ID || s10.Validate(back.TrackingNumber) != nil {
			t.Fatalf("return shipment %+v", back)
		}
		if _, err := w.svc.CancelReturn(w.asA, rr.ID); code(err) != "INVALID_TRANSITION" {
			t.Fatalf("cancelled after pickup: %v", err)
		}
		if rr, err = w.svc.ReceiveReturn(asWh, rr.ID); err != nil || rr.Status != returnrequest.StatusRECEIVED {
			t.Fatalf("receive: %+v %v", rr, err)
		}
		// Inspect: one fine, one damaged. Units must add up.
		rl := db.Client.ReturnLine.Query().Where(returnline.ReturnID(rr.ID)).OnlyX(w.sys)
		if _, err := w.svc.InspectReturn(asWh, rr.ID, []support.InspectLine{{ReturnLineID: rl.ID, Restock: 2, WriteOff: 1}}); code(err) != "QUANTITY_MISMATCH" {
			t.Fatalf("three of two inspected: %v", err)
		}
		before := onHand("KETTLE")
		if rr, err = w.svc.InspectReturn(asWh, rr.ID, []support.InspectLine{{ReturnLineID: rl.ID, Restock: 1, WriteOff: 1, Note: "一个外壳凹陷"}}); err != nil {
			t.Fatal(err)
		}
		if rr.Status != returnrequest.StatusINSPECTED || onHand("KETTLE") != before+1 {
			t.Fatalf("inspected: %s, on hand %d → %d", rr.Status, before, onHand("KETTLE"))
		}
		moves := db.Client.StockMovement.Query().Where(stockmovement.OrderID(o.ID),
			stockmovement.KindIn(stockmovement.KindRETURN_RESTOCK, stockmovement.KindWRITE_OFF)).AllX(w.sys)
		if len(moves) != 2 {
			t.Fatalf("movements %+v", moves)
		}
		for _, m := range moves {
			if m.Kind == stockmovement.KindRETURN_RESTOCK && m.OnHandDelta != 1 || m.Kind == stockmovement.KindWRITE_OFF && m.OnHandDelta != 0 ||
				m.ShipmentID == nil || *m.ShipmentID != back.ID || m.Actor != string(wh.ID) {
				t.Errorf("movement %+v", m)
			}
		}
		w.verifyLedger()
		// Refund: the lines' value, never more.
		tooMuch := rr.RefundAmount + 1
		if _, err := w.svc.CompleteReturn(asAnn, rr.ID, &tooMuch); code(err) != "REFUND_EXCEEDS_RETURN" {
			t.Fatalf("refund above the return: %v", err)
		}
		if rr, err = w.svc.CompleteReturn(asAnn, rr.ID, nil); err != nil || rr.Status != returnrequest.StatusREFUNDED || rr.RefundedAmount != 25800 {
			t.Fatalf("complete: %+v %v", rr, err)
		}
		if p := db.Client.Payment.Query().Where(payment.OrderID(o.ID)).OnlyX(w.sys); p.RefundedAmount != 25800 {
			t.Fatalf("payment refunded %d", p.RefundedAmount)
		}
		if _, err := w.svc.CompleteReturn(asAnn, rr.ID, nil); code(err) != "INVALID_TRANSITION" {
			t.Fatalf("completed twice: %v", err)
		}

		// Reject and cancel.
		o2 := w.place(w.asA, "", line("MUG", 2))
		w.ship(o2, delivered, &delivered)
		mug := support.ReturnLineInput{OrderLineID: lineOf(o2, "MUG"), Quantity: 1}
		r2, err := w.svc.RequestReturn(w.asA, support.ReturnInput{OrderID: o2.ID, Lines: []support.ReturnLineInput{mug}, Reason: "颜色不喜欢"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.RejectReturn(asAnn, r2.ID, ""); code(err) != "REQUIRED" {
			t.Fatalf("reject without a reason: %v", err)
		}
		if r2, err = w.svc.RejectReturn(asAnn, r2.ID, "已使用 Used"); err != nil || r2.Status != returnrequest.StatusREJECTED {
			t.Fatalf("reject: %+v %v", r2, err)
		}
		if _, err := w.svc.CancelReturn(w.asA, r2.ID); code(err) != "INVALID_TRANSITION" {
			t.Fatalf("cancel a rejected return: %v", err)
		}
		r3, err := w.svc.RequestReturn(w.asA, support.ReturnInput{OrderID: o2.ID, Lines: []support.ReturnLineInput{mug}, Reason: "again"})
		if err != nil {
			t.Fatal("a rejected return still held its quantity:", err)
		}
		if _, err := w.svc.CancelReturn(w.asB, r3.ID); code(err) != "NOT_FOUND" {
			t.Fatalf("another customer cancelled: %v", err)
		}
		if r3, err = w.svc.CancelReturn(w.asA, r3.ID); err != nil || r3.Status != returnrequest.StatusCANCELLED {
			t.Fatalf("cancel: %+v %v", r3, err)
		}

		// Exchange, dropped off at the warehouse: the replacement reserves stock.
		r4, err := w.svc.RequestReturn(w.asA, support.ReturnInput{OrderID: o2.ID, Lines: []support.ReturnLineInput{mug}, Reason: "换个新的", Resolution: returnrequest.ResolutionEXCHANGE})
		if err != nil {
			t.Fatal(err)
		}
		for _, step := range []func() (*ent.ReturnRequest, error){
			func() (*ent.ReturnRequest, error) { return w.svc.ApproveReturn(asAnn, r4.ID, "") },
			func() (*ent.ReturnRequest, error) { return w.svc.ReceiveReturn(asWh, r4.ID) },
			func() (*ent.ReturnRequest, error) {
				rl := db.Client.ReturnLine.Query().Where(returnline.ReturnID(r4.ID)).OnlyX(w.sys)
				return w.svc.InspectReturn(asWh, r4.ID, []support.InspectLine{{ReturnLineID: rl.ID, Restock: 1}})
			},
			func() (*ent.ReturnRequest, error) { return w.svc.CompleteReturn(asAnn, r4.ID, nil) },
		} {
			if r4, err = step(); err != nil {
				t.Fatal(err)
			}
		}
		if r4.Status != returnrequest.StatusEXCHANGED || r4.ExchangeOrderID == nil {
			t.Fatalf("exchange %+v", r4)
		}
		if n := db.Client.StockMovement.Query().Where(stockmovement.OrderID(*r4.ExchangeOrderID), stockmovement.KindEQ(stockmovement.KindRESERVE)).CountX(w.sys); n != 1 {
			t.Fatalf("exchange reservations: %d", n)
		}

		// The window: eight days after delivery it is closed — except by staff, with a reason.
		o3 := w.place(w.asA, "", line("KETTLE", 1))
		old := w.clock.Now().Add(-8 * 24 * time.Hour)
		w.ship(o3, old, &old)
		k3 := support.ReturnLineInput{OrderLineID: lineOf(o3, "KETTLE"), Quantity: 1}
		if _, err := w.svc.RequestReturn(w.asA, support.ReturnInput{OrderID: o3.ID, Lines: []support.ReturnLineInput{k3}, Reason: "late"}); code(err) != "RETURN_WINDOW_CLOSED" {
			t.Fatalf("after the window: %v", err)
		}
		if _, err := w.svc.RequestReturn(w.asA, support.ReturnInput{OrderID: o3.ID, Lines: []support.ReturnLineInput{k3}, Reason: "late", Override: true, OverrideReason: "x"}); code(err) != "NOT_ALLOWED" {
			t.Fatalf("a customer overrode the policy: %v", err)
		}
		r5, err := w.svc.RequestReturn(asAnn, support.ReturnInput{OrderID: o3.ID, Lines: []support.ReturnLineInput{k3}, Reason: "质量问题", Override: true, OverrideReason: "产品缺陷 A defect"})
		if err != nil || r5.Status != returnrequest.StatusAPPROVED {
			t.Fatalf("staff override: %+v %v", r5, err)
		}
		w.verifyLedger()
	})
}
