package orders_test

import (
	"context"
	"sync"
	"testing"

	"github.com/waybill/waybill/ent/order"
	"github.com/waybill/waybill/ent/payment"
	"github.com/waybill/waybill/ent/stocklevel"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/orders"
	"github.com/waybill/waybill/internal/testdb"
)

// TestRefundsNeverExceedWhatWasPaid: concurrent refunds of one captured
// payment add up to at most the captured amount.
func TestRefundsNeverExceedWhatWasPaid(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		res, err := w.svc.Place(w.customer, w.input("refund-me", orders.LineInput{SKU: "A-1", Quantity: 1}))
		if err != nil {
			t.Fatal(err)
		}
		o := res.Order
		if _, err := w.svc.Refund(w.staff, o.ID, 100, "not captured yet"); !hasCode(err, "REFUND_EXCEEDS_PAID") {
			t.Fatalf("refund before capture: %v", err)
		}
		// Capture at shipment (fulfilment does this when it ships).
		if err := w.svc.Capture(w.staff, o.ID); errs.KindOf(err) != errs.Forbidden {
			t.Fatalf("an agent capturing: %v", err)
		}
		if err := w.svc.Capture(w.sys, o.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Refund(w.customer, o.ID, 100, ""); errs.KindOf(err) != errs.Forbidden {
			t.Fatalf("a customer refunding: %v", err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		var total int64
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, err := w.svc.Refund(w.staff, o.ID, 5000, "damaged")
				mu.Lock()
				defer mu.Unlock()
				if err == nil {
					total += n
				} else if !hasCode(err, "REFUND_EXCEEDS_PAID") {
					t.Errorf("refund: %v", err)
				}
			}()
		}
		wg.Wait()
		if total > o.TotalAmount || total != 10000 {
			t.Fatalf("refunded %d of %d paid", total, o.TotalAmount)
		}
		p := db.Client.Payment.Query().Where(payment.OrderID(o.ID)).OnlyX(w.sys)
		if p.RefundedAmount != total || p.Status != payment.StatusPARTIALLY_REFUNDED {
			t.Fatalf("payment: refunded %d status %s", p.RefundedAmount, p.Status)
		}
		if _, err := w.svc.Refund(w.staff, o.ID, o.TotalAmount-total, "rest"); err != nil {
			t.Fatal(err)
		}
		if p := db.Client.Payment.Query().Where(payment.OrderID(o.ID)).OnlyX(w.sys); p.Status != payment.StatusREFUNDED {
			t.Fatalf("fully refunded payment: %s", p.Status)
		}
	})
}

func TestReshipReservesThroughTheLedger(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		res, err := w.svc.Place(w.customer, w.input("reship-me", orders.LineInput{SKU: "B-2", Quantity: 2}))
		if err != nil {
			t.Fatal(err)
		}
		line := res.Order.QueryLines().OnlyX(w.sys)
		if _, err := w.svc.Reship(w.staff, res.Order.ID, []orders.ReshipLine{{OrderLineID: line.ID, Quantity: 3}}, ""); !hasCode(err, "QUANTITY_OUT_OF_RANGE") {
			t.Fatalf("reship more than ordered: %v", err)
		}
		re, err := w.svc.Reship(w.staff, res.Order.ID, []orders.ReshipLine{{OrderLineID: line.ID, Quantity: 1}}, "arrived broken")
		if err != nil {
			t.Fatal(err)
		}
		if re.Status != order.StatusCONFIRMED || re.TotalAmount != 0 || re.Number != res.Order.Number+"-R" {
			t.Fatalf("reship order: %s %d %s", re.Status, re.TotalAmount, re.Number)
		}
		lvl := db.Client.StockLevel.Query().Where(stocklevel.ProductID(w.products["B-2"].ID), stocklevel.WarehouseID(w.shanghai.ID)).OnlyX(w.sys)
		if lvl.Reserved != 3 {
			t.Fatalf("reserved %d, want 2 + 1", lvl.Reserved)
		}
		if _, err := w.svc.Reship(context.Background(), res.Order.ID, []orders.ReshipLine{{OrderLineID: line.ID, Quantity: 1}}, ""); errs.KindOf(err) != errs.Unauthenticated {
			t.Fatalf("anonymous reship: %v", err)
		}
		verifyLedger(t, db)
	})
}
