package orders_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/waybill/waybill/ent/order"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/orders"
	"github.com/waybill/waybill/internal/testdb"
	"github.com/waybill/waybill/internal/viewer"
)

// TestImportCSV: a 10,000-row file (two lines per order) with 3% bad rows:
// every good order is placed, every bad row is reported by its line with a
// code, and importing the file again places nothing twice.
func TestImportCSV(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		for i := range 10 {
			sku := fmt.Sprintf("BULK-%d", i)
			p := db.Client.Product.Create().SetSku(sku).SetBarcode("77" + sku).SetNameZh(sku).SetNameEn(sku).
				SetCategory("bulk").SetPriceAmount(1000).SaveX(w.sys)
			db.Client.StockLevel.Create().SetProductID(p.ID).SetWarehouseID(w.shanghai.ID).SetOnHand(100000).ExecX(w.sys)
			db.Client.StockMovement.Create().SetKind("RECEIPT").SetProductID(p.ID).SetWarehouseID(w.shanghai.ID).SetOnHandDelta(100000).ExecX(w.sys)
		}
		const rows = 10000
		var b strings.Builder
		b.WriteString(strings.Join(orders.CSVColumns, ",") + "\n")
		bad := map[int]string{} // file line → expected code
		for r := 0; r < rows; r++ {
			line := r + 2
			orderN := r / 2
			sku, qty, email := fmt.Sprintf("BULK-%d", r%10), "1", fmt.Sprintf("bulk%d@example.cn", orderN%997)
			if r%100 < 3 && r%2 == 0 { // 3% of rows, each in its own order
				switch r % 3 {
				case 0:
					sku, bad[line] = "NOPE-1", "UNKNOWN_SKU"
				case 1:
					qty, bad[line] = "0", "QUANTITY_OUT_OF_RANGE"
				default:
					qty, bad[line] = "x", "QUANTITY_OUT_OF_RANGE"
				}
			}
			fmt.Fprintf(&b, "imp-%d,MARKETPLACE,王芳,%s,13812345678,CN,上海市,上海,浦东新区,世纪大道 %d 号,,200120,STANDARD,,,,,%s,%s,,4242424242424242\n",
				orderN, email, orderN, sku, qty)
		}
		agent := viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: "acc_agent", Role: viewer.RoleAgent})
		if _, err := w.svc.Import(context.Background(), strings.NewReader(b.String()), "CSV", nil); err == nil {
			t.Fatal("anonymous import must be refused")
		}
		calls := 0
		rep, err := w.svc.Import(agent, strings.NewReader(b.String()), "CSV", func(done, total int) { calls++ })
		if err != nil {
			t.Fatal(err)
		}
		wantFailed := len(bad)
		if rep.Failed != wantFailed || rep.Placed != rows/2-wantFailed || calls != rows/2 {
			t.Fatalf("report: %s (want %d failed of %d), progress calls %d", rep.Summary(), wantFailed, rows/2, calls)
		}
		for _, row := range rep.FailedRows() {
			found := false
			for _, e := range row.Errors {
				if l, ok := e.Details["line"].(int); ok && bad[l] == e.Code {
					found = true
				}
			}
			if !found {
				t.Fatalf("failed row %v: errors %+v do not name the bad line", row.Lines, row.Errors[0])
			}
		}
		if n := db.Client.Order.Query().Where(order.ChannelEQ(order.ChannelMARKETPLACE)).CountX(w.sys); n != rows/2-wantFailed {
			t.Fatalf("%d orders in the database", n)
		}
		again, err := w.svc.Import(agent, strings.NewReader(b.String()), "CSV", nil)
		if err != nil {
			t.Fatal(err)
		}
		if again.Placed != 0 || again.Replayed != rows/2-wantFailed {
			t.Fatalf("re-import: %s", again.Summary())
		}
		verifyLedger(t, db)
	})
}

func TestImportJSON(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		agent := viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: "acc_agent", Role: viewer.RoleAgent})
		doc := `[
		 {"key":"j-1","contact":{"name":"王芳","email":"j1@example.cn","phone":"13812345678"},
		  "shippingAddress":{"province":"上海市","city":"上海","district":"浦东新区","line1":"世纪大道 1 号","postalCode":"200120"},
		  "lines":[{"sku":"A-1","quantity":1}],"payment":{"cardNumber":"4242424242424242"}},
		 {"key":"j-2","contact":{"name":"王芳","email":"not-an-email","phone":"13812345678"},
		  "shippingAddress":{"province":"上海市","city":"上海","district":"浦东新区","line1":"世纪大道 1 号","postalCode":"200120"},
		  "lines":[{"sku":"A-1","quantity":1}],"payment":{"cardNumber":"4242424242424242"}}
		]`
		rep, err := w.svc.Import(agent, strings.NewReader(doc), "json", nil)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Placed != 1 || rep.Failed != 1 || rep.Rows[1].Errors[0].Code != "INVALID_EMAIL" || rep.Rows[1].Lines[0] != 2 {
			t.Fatalf("report %s rows %+v", rep.Summary(), rep.Rows[1])
		}
		if _, err := w.svc.Import(agent, strings.NewReader("{"), "JSON", nil); err == nil {
			t.Fatal("a broken file must be refused")
		}
	})
}
