package fulfilment_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/order"
	"github.com/waybill/waybill/ent/payment"
	"github.com/waybill/waybill/ent/picklist"
	"github.com/waybill/waybill/ent/shipment"
	"github.com/waybill/waybill/ent/stockmovement"
	"github.com/waybill/waybill/internal/allocation/shoptest"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/s10"
	"github.com/waybill/waybill/internal/testdb"
)

func code(err error) string {
	if l, ok := errs.UserErrors(err); ok && len(l) > 0 {
		return l[0].Code
	}
	var e *errs.Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

// TestScanVerificationPackAndShip picks an order by scanning, is refused
// for a wrong item, an over-scan and a wrong lot, cannot pack before every
// line is scanned, then packs and ships: SHIP movements, payment captured,
// order SHIPPED, an S10 tracking number with a valid check digit.
func TestScanVerificationPackAndShip(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := shoptest.New(t, db, "WH-SH", "WH-BJ")
		book := s.Product(t, "BK-1", false, map[string]int{"WH-SH": 20}, map[string]string{"WH-SH": "H-03-05-2"})
		serum := s.Product(t, "BT-1", true, map[string]int{"WH-SH": 3}, map[string]string{"WH-SH": "D-01-02-1"})
		stranger := s.Product(t, "EL-9", false, map[string]int{"WH-SH": 5}, nil)
		// A second, earlier-expiring lot of the serum: FEFO suggests it first.
		early := time.Date(2028, 6, 1, 0, 0, 0, 0, time.UTC)
		s.Receive(t, serum, "WH-SH", 2, "LOT-EARLY", &early, "D-01-02-1")
		o := s.Place(t, "上海", "STANDARD", "BK-1", 2, "BT-1", 2)
		if _, err := s.Allocation.Allocate(s.Staff, o.ID); err != nil {
			t.Fatal(err)
		}
		f := fulfilment.NewService(db.Client, s.Orders)
		if _, err := f.CreatePickList(s.Agent, fulfilment.PickListInput{WarehouseID: s.Warehouses["WH-SH"].ID}); code(err) != "FORBIDDEN" {
			t.Fatalf("agent creating a pick list: %v", err)
		}
		pl, err := f.CreatePickList(s.Staff, fulfilment.PickListInput{WarehouseID: s.Warehouses["WH-SH"].ID})
		if err != nil {
			t.Fatal(err)
		}
		if pl.Batch || pl.OrderCount != 1 {
			t.Fatalf("single-order list: %+v", pl)
		}
		if st := db.Client.Order.GetX(s.Sys, o.ID).Status; st != order.StatusPICKING {
			t.Fatalf("order %s", st)
		}
		lines, _ := f.Lines(s.Sys, db.Client, pl.ID)
		// Walking order: zone D before zone H; the serum from the earliest expiry (FEFO).
		if len(lines) != 2 || lines[0].Sku != "BT-1" || lines[1].Sku != "BK-1" ||
			*lines[0].SuggestedLot != "LOT-EARLY" || lines[0].Quantity != 2 {
			for _, l := range lines {
				t.Logf("%d %s %s q=%d lot=%v", l.Sequence, l.Sku, l.BinLocation, l.Quantity, l.SuggestedLot)
			}
			t.Fatal("pick list lines")
		}
		scan := func(barcode, lot string, qty int) error {
			_, err := f.Scan(s.Staff, fulfilment.ScanInput{PickListID: pl.ID, Barcode: barcode, Lot: lot, Quantity: qty})
			return err
		}
		// Wrong item: known product, not on the list; unknown barcode.
		if err := scan(stranger.Barcode, "", 1); code(err) != "WRONG_ITEM" || !strings.Contains(err.Error(), "EL-9") {
			t.Fatalf("wrong item: %v", err)
		} else {
			// Understandable in English, and both names for the screen to choose from.
			var e *errs.Error
			if !errors.As(err, &e) || e.Message != "Item EL-9 (EL-9) is not on this pick list. Put it back." ||
				e.Details["name"] != "商品 EL-9" || e.Details["nameZh"] != "商品 EL-9" || e.Details["nameEn"] != "Item EL-9" ||
				e.Details["sku"] != "EL-9" || e.Details["barcode"] != stranger.Barcode {
				t.Fatalf("wrong item refusal: %#v", err)
			}
		}
		if err := scan("0000000000000", "", 1); code(err) != "WRONG_ITEM" {
			t.Fatalf("unknown barcode: %v", err)
		}
		// Wrong lot (FEFO wants LOT-EARLY first) and no lot.
		if err := scan(serum.Barcode, "LOT-WH-SH", 1); code(err) != "WRONG_LOT" || !strings.Contains(err.Error(), "LOT-EARLY") {
			t.Fatalf("wrong lot: %v", err)
		}
		if err := scan(serum.Barcode, "", 1); code(err) != "LOT_REQUIRED" {
			t.Fatalf("no lot: %v", err)
		}
		// Pack refuses an incomplete order.
		_, err = f.Pack(s.Staff, fulfilment.PackInput{PickListID: pl.ID, OrderID: o.ID, WeightGrams: 800, LengthMm: 300, WidthMm: 200, HeightMm: 100})
		if code(err) != "PICK_INCOMPLETE" {
			t.Fatalf("pack before picking: %v", err)
		}
		for _, sc := range []struct {
			barcode, lot string
			qty          int
		}{{serum.Barcode, "LOT-EARLY", 2}, {book.Barcode, "", 1}} {
			if err := scan(sc.barcode, sc.lot, sc.qty); err != nil {
				t.Fatalf("scan %s: %v", sc.barcode, err)
			}
		}
		// Over-scan: one more than the 2 remaining... one book is left; scan two.
		if err := scan(book.Barcode, "", 2); code(err) != "OVER_SCAN" {
			t.Fatalf("over-scan: %v", err)
		}
		if err := scan("bk-1", "", 1); err != nil { // the SKU typed by hand works too
			t.Fatal(err)
		}
		if err := scan(book.Barcode, "", 1); code(err) != "OVER_SCAN" {
			t.Fatalf("over-scan after complete: %v", err)
		}
		if got := db.Client.PickList.GetX(s.Sys, pl.ID).Status; got != picklist.StatusPICKED {
			t.Fatalf("pick list %s", got)
		}
		_, err = f.Pack(s.Staff, fulfilment.PackInput{PickListID: pl.ID, OrderID: o.ID, WeightGrams: 0, LengthMm: 300, WidthMm: 200, HeightMm: 100})
		if code(err) != "INVALID_WEIGHT" {
			t.Fatalf("pack without weight: %v", err)
		}
		c, err := f.Pack(s.Staff, fulfilment.PackInput{PickListID: pl.ID, OrderID: o.ID, WeightGrams: 800, LengthMm: 300, WidthMm: 200, HeightMm: 100})
		if err != nil {
			t.Fatal(err)
		}
		if st := db.Client.Order.GetX(s.Sys, o.ID).Status; st != order.StatusPACKED || c.Items != 4 {
			t.Fatalf("after packing: %s, %d items", st, c.Items)
		}
		quotes, err := f.Quotes(s.Staff, c.ID)
		if err != nil || len(quotes) < 4 {
			t.Fatalf("quotes %v %v", quotes, err)
		}
		// A tracking number with a wrong check digit is refused.
		good, _ := s10.Format("WB", 12345678, "CN")
		bad := good[:10] + string('0'+(good[10]-'0'+1)%10) + good[11:]
		if _, err := f.Ship(s.Staff, fulfilment.ShipInput{CartonID: c.ID, CarrierID: s.Carriers["WAYBILL"].ID, TrackingNumber: bad}); code(err) != "INVALID_TRACKING_NUMBER" {
			t.Fatalf("bad check digit: %v", err)
		}
		res, err := f.Ship(s.Staff, fulfilment.ShipInput{CartonID: c.ID, CarrierID: s.Carriers["WAYBILL"].ID})
		if err != nil {
			t.Fatal(err)
		}
		n := res.Shipment.TrackingNumber
		if err := s10.Validate(n); err != nil || !strings.HasPrefix(n, "WB") || !strings.HasSuffix(n, "CN") {
			t.Fatalf("tracking number %s: %v", n, err)
		}
		if res.Order.Status != order.StatusSHIPPED || res.Shipment.Status != shipment.StatusINFO_RECEIVED || res.Shipment.ShippingCostAmount <= 0 {
			t.Fatalf("after shipping: order %s shipment %+v", res.Order.Status, res.Shipment)
		}
		items := db.Client.Shipment.QueryItems(res.Shipment).AllX(s.Sys)
		if len(items) != 2 {
			t.Fatalf("shipment items: %d", len(items))
		}
		ships := db.Client.StockMovement.Query().Where(stockmovement.KindEQ(stockmovement.KindSHIP), stockmovement.OrderID(o.ID)).AllX(s.Sys)
		total := 0
		for _, m := range ships {
			total -= m.OnHandDelta
			if m.ShipmentID == nil || *m.ShipmentID != res.Shipment.ID {
				t.Fatalf("movement without shipment: %+v", m)
			}
		}
		if total != 4 {
			t.Fatalf("SHIP movements total %d", total)
		}
		if p := db.Client.Payment.Query().Where(payment.OrderID(o.ID)).OnlyX(s.Sys); p.Status != payment.StatusCAPTURED || p.CapturedAmount != p.Amount {
			t.Fatalf("payment %+v", p)
		}
		if _, err := f.Ship(s.Staff, fulfilment.ShipInput{CartonID: c.ID}); code(err) != "NOT_SHIPPABLE" {
			t.Fatalf("shipping twice: %v", err)
		}
		l, err := f.Label(s.Staff, res.Shipment.ID)
		if err != nil || !strings.Contains(string(l.Barcode), n) || l.QRURL != "/qr/"+n+".svg" {
			t.Fatalf("label %+v %v", l, err)
		}
		s.Verify(t)
	})
}

// TestSplitOrderShipsPartially: an order split over two warehouses ships
// from one (PARTIALLY_SHIPPED), then from the other (SHIPPED); a batch list
// at one warehouse holds two orders.
func TestSplitOrderShipsPartially(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := shoptest.New(t, db, "WH-SH", "WH-BJ")
		s.Product(t, "A-1", false, map[string]int{"WH-SH": 5}, nil)
		s.Product(t, "B-1", false, map[string]int{"WH-BJ": 5}, nil)
		split := s.Place(t, "上海", "STANDARD", "A-1", 1, "B-1", 1)
		other := s.Place(t, "杭州", "EXPRESS", "A-1", 2)
		if res, err := s.Allocation.AllocatePending(s.Staff, 10); err != nil || res.Allocated != 2 {
			t.Fatalf("allocate: %+v %v", res, err)
		}
		f := fulfilment.NewService(db.Client, s.Orders)
		batch, err := f.CreatePickList(s.Staff, fulfilment.PickListInput{WarehouseID: s.Warehouses["WH-SH"].ID, MaxOrders: 5})
		if err != nil {
			t.Fatal(err)
		}
		if !batch.Batch || batch.OrderCount != 2 {
			t.Fatalf("batch %+v", batch)
		}
		a := s.Products["A-1"]
		// On a batch list a scan names the tote (order); without, the first in walking order.
		if _, err := f.Scan(s.Staff, fulfilment.ScanInput{PickListID: batch.ID, Barcode: a.Barcode, OrderID: split.ID}); err != nil {
			t.Fatal(err)
		}
		r, err := f.Scan(s.Staff, fulfilment.ScanInput{PickListID: batch.ID, Barcode: a.Barcode, Quantity: 2})
		if err != nil || r.OrderID != other.ID || !r.ListComplete {
			t.Fatalf("scan into the other tote: %+v %v", r, err)
		}
		ship := func(pl *ent.PickList, o *ent.Order) *fulfilment.ShipResult {
			t.Helper()
			c, err := f.Pack(s.Staff, fulfilment.PackInput{PickListID: pl.ID, OrderID: o.ID, WeightGrams: 500, LengthMm: 200, WidthMm: 150, HeightMm: 100})
			if err != nil {
				t.Fatal(err)
			}
			res, err := f.Ship(s.Staff, fulfilment.ShipInput{CartonID: c.ID})
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		if res := ship(batch, split); res.Order.Status != order.StatusPARTIALLY_SHIPPED {
			t.Fatalf("split order after the first parcel: %s", res.Order.Status)
		}
		if res := ship(batch, other); res.Order.Status != order.StatusSHIPPED || res.Quote.Service == "" {
			t.Fatalf("other order: %s", res.Order.Status)
		}
		bj, err := f.CreatePickList(s.Staff, fulfilment.PickListInput{WarehouseID: s.Warehouses["WH-BJ"].ID, OrderIDs: []pulid.ID{split.ID}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Scan(s.Staff, fulfilment.ScanInput{PickListID: bj.ID, Barcode: s.Products["B-1"].Barcode}); err != nil {
			t.Fatal(err)
		}
		if res := ship(bj, split); res.Order.Status != order.StatusSHIPPED {
			t.Fatalf("split order after the second parcel: %s", res.Order.Status)
		}
		if got := db.Client.PickList.GetX(s.Sys, batch.ID).Status; got != picklist.StatusCLOSED {
			t.Fatalf("batch list %s", got)
		}
		s.Verify(t)
	})
}

// TestCancelPickListPutsStockBack: picked units return to the shelf and the
// order to ALLOCATED.
func TestCancelPickListPutsStockBack(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := shoptest.New(t, db, "WH-SH")
		a := s.Product(t, "A-1", false, map[string]int{"WH-SH": 5}, nil)
		o := s.Place(t, "上海", "STANDARD", "A-1", 2)
		if _, err := s.Allocation.Allocate(s.Staff, o.ID); err != nil {
			t.Fatal(err)
		}
		f := fulfilment.NewService(db.Client, s.Orders)
		pl, err := f.CreatePickList(s.Staff, fulfilment.PickListInput{WarehouseID: s.Warehouses["WH-SH"].ID, OrderIDs: []pulid.ID{o.ID}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Scan(s.Staff, fulfilment.ScanInput{PickListID: pl.ID, Barcode: a.Barcode}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.CancelPickList(s.Staff, pl.ID, "picker sick"); err != nil {
			t.Fatal(err)
		}
		if st := db.Client.Order.GetX(s.Sys, o.ID).Status; st != order.StatusALLOCATED {
			t.Fatalf("order %s", st)
		}
		// A new list covers the whole order again.
		pl2, err := f.CreatePickList(s.Staff, fulfilment.PickListInput{WarehouseID: s.Warehouses["WH-SH"].ID})
		if err != nil || pl2.LineCount != 1 {
			t.Fatalf("new list %+v %v", pl2, err)
		}
		s.Verify(t)
	})
}

func TestQuotesRecommendCheapestMeetingPromise(t *testing.T) {
	wb := &ent.Carrier{Code: "WAYBILL", Name: "Waybill", Active: true}
	sf := &ent.Carrier{Code: "SF", Name: "SF", Active: true}
	day := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	inTwo := day.Truncate(24*time.Hour).AddDate(0, 0, 2)
	qs := fulfilment.Quotes([]*ent.Carrier{wb, sf}, 1200, 1100, day, &inTwo)
	var rec *fulfilment.Quote
	for i := range qs {
		if i > 0 && qs[i].Cost < qs[i-1].Cost {
			t.Fatal("quotes not sorted by cost")
		}
		if qs[i].Recommended {
			rec = &qs[i]
		}
	}
	// 1,100 km in two days: STANDARD takes three (SF's two); the cheapest
	// meeting it is SF STANDARD or an EXPRESS, whichever is cheaper.
	if rec == nil || !rec.MeetsPromise || rec.TransitDays > 2 {
		t.Fatalf("recommended %+v", rec)
	}
	for _, q := range qs {
		if q.MeetsPromise && q.Cost < rec.Cost {
			t.Fatalf("%+v is cheaper and on time", q)
		}
	}
	if g := fulfilment.BillableGrams(500, 400, 300, 300); g != 6000 {
		t.Fatalf("volumetric weight %d", g)
	}
}

func TestTrackingNumbers(t *testing.T) {
	for range 200 {
		n, err := fulfilment.NewTrackingNumber("WB", "CN")
		if err != nil {
			t.Fatal(err)
		}
		if got, err := fulfilment.CheckTrackingNumber(strings.ToLower(n[:4]) + " " + n[4:]); err != nil || got != n {
			t.Fatalf("%s: %v", n, err)
		}
		// Every single-digit change of the serial is caught, except the
		// scheme's known blind spot (remainders 0 and 6 both give 5).
		for pos := 2; pos < 10; pos++ {
			d := n[pos]
			alt := n[:pos] + string('0'+(d-'0'+1)%10) + n[pos+1:]
			if _, err := fulfilment.CheckTrackingNumber(alt); err == nil && n[10] != '5' {
				t.Fatalf("%s accepted for %s", alt, n)
			}
		}
	}
	if _, err := fulfilment.CheckTrackingNumber("WB12345678XCN"); code(err) != "INVALID_TRACKING_NUMBER" {
		t.Fatalf("malformed: %v", err)
	}
}
