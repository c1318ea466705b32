package orders_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql/schema"

	"github.com/waybill/waybill/ent/migrate"
	"github.com/waybill/waybill/ent/order"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/orders"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/testdb"
)

// The placeOrder benchmarks place 3-line orders from 32 concurrent clients,
// over many SKUs and all on one hot SKU, and run a plain database/sql
// transaction doing the same reads and writes as the ceiling. They report
// orders/s and p99; scripts/bench.sh writes them to docs/benchmarks.md.
// WAYBILL_BENCH_BACKEND picks the backend (sqlite by default).

const benchClients = 32

func benchDB(b *testing.B) (*world, *database.DB) {
	be := testdb.SQLite
	if os.Getenv("WAYBILL_BENCH_BACKEND") == "postgres" {
		be = testdb.Postgres
	}
	db := testdb.New(b, be)
	w := newWorld(b, db)
	for i := range 60 {
		sku := fmt.Sprintf("BN-%02d", i)
		p := db.Client.Product.Create().SetSku(sku).SetBarcode("88" + sku).SetNameZh(sku).SetNameEn(sku).
			SetCategory("bench").SetPriceAmount(1990).SaveX(w.sys)
		w.products[sku] = p
		for _, wh := range []pulid.ID{w.shanghai.ID, w.chengdu.ID} {
			db.Client.StockLevel.Create().SetProductID(p.ID).SetWarehouseID(wh).SetOnHand(10_000_000).ExecX(w.sys)
			db.Client.StockMovement.Create().SetKind("RECEIPT").SetProductID(p.ID).SetWarehouseID(wh).SetOnHandDelta(10_000_000).ExecX(w.sys)
		}
	}
	return w, db
}

func skusFor(hot bool, n int) []string {
	if hot {
		return []string{"BN-00", "BN-01", "BN-02"} // every order wants the same three SKUs
	}
	return []string{fmt.Sprintf("BN-%02d", (n*3)%60), fmt.Sprintf("BN-%02d", (n*3+1)%60), fmt.Sprintf("BN-%02d", (n*3+2)%60)}
}

// runConcurrent runs op b.N times from benchClients goroutines and reports
// orders/s and the p99 latency.
func runConcurrent(b *testing.B, op func(n int) error) {
	var next atomic.Int64
	lat := make([]time.Duration, b.N)
	var failed atomic.Int64
	var firstErr atomic.Value
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for range benchClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				n := int(next.Add(1)) - 1
				if n >= b.N {
					return
				}
				t0 := time.Now()
				if err := op(n); err != nil {
					failed.Add(1)
					firstErr.CompareAndSwap(nil, err)
				}
				lat[n] = time.Since(t0)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	if f := failed.Load(); f > 0 {
		b.Fatalf("%d of %d failed, first: %v", f, b.N, firstErr.Load())
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "orders/s")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

func BenchmarkPlaceOrder(b *testing.B) {
	for _, hot := range []bool{false, true} {
		name := map[bool]string{false: "ManySKUs", true: "HotSKU"}[hot]
		b.Run(name, func(b *testing.B) {
			w, db := benchDB(b)
			runConcurrent(b, func(n int) error {
				skus := skusFor(hot, n)
				in := w.input(fmt.Sprintf("bench-%s-%d", name, n),
					orders.LineInput{SKU: skus[0], Quantity: 1}, orders.LineInput{SKU: skus[1], Quantity: 1}, orders.LineInput{SKU: skus[2], Quantity: 1})
				in.Contact.Email = fmt.Sprintf("b%d@example.cn", n)
				in.Contact.Phone = fmt.Sprintf("139%08d", n)
				in.Address.Line1 = fmt.Sprintf("路 %d 号", n)
				_, err := w.svc.Place(context.Background(), in)
				return err
			})
			checkInvariants(b, db, b.N)
		})
	}
}

// BenchmarkPlainSQLCeiling does what placing an order does to the database,
// by hand in one transaction: read the products and levels, reserve with a
// conditional update and a movement per line, insert the customer, order,
// lines, payment and timeline.
func BenchmarkPlainSQLCeiling(b *testing.B) {
	for _, hot := range []bool{false, true} {
		name := map[bool]string{false: "ManySKUs", true: "HotSKU"}[hot]
		b.Run(name, func(b *testing.B) {
			w, db := benchDB(b)
			ids := map[string]string{}
			for sku, p := range w.products {
				ids[sku] = string(p.ID)
			}
			q := plainQueries(db.Dialect)
			runConcurrent(b, func(n int) error {
				return plainOrder(db.SQL, q, w, skusFor(hot, n), n)
			})
		})
	}
}

type queries struct {
	product, levels, reserve, movement, customer, order, line, payment, event string
}

func plainQueries(dia string) queries {
	bind := func(s string) string {
		if dia != dialect.Postgres {
			return s
		}
		var out strings.Builder
		n := 0
		for _, r := range s {
			if r == '?' {
				n++
				fmt.Fprintf(&out, "$%d", n)
				continue
			}
			out.WriteRune(r)
		}
		return out.String()
	}
	return queries{
		product:  bind(`SELECT id, price_amount, active FROM products WHERE sku IN (?, ?, ?)`),
		levels:   bind(`SELECT id, product_id, warehouse_id, on_hand, reserved FROM stock_levels WHERE product_id IN (?, ?, ?)`),
		reserve:  bind(`UPDATE stock_levels SET reserved = reserved + ? WHERE product_id = ? AND warehouse_id = ? AND on_hand - reserved >= ?`),
		movement: bind(insertSQL(migrate.StockMovementsTable, "id", "kind", "product_id", "warehouse_id", "reserved_delta", "order_id", "created_at")),
		customer: bind(insertSQL(migrate.CustomersTable, "id", "created_at", "updated_at", "name", "email", "guest")),
		order: bind(insertSQL(migrate.OrdersTable, "id", "created_at", "updated_at", "number", "status", "contact_name", "contact_email",
			"ship_city", "ship_line1", "idempotency_key", "total_amount", "customer_id")),
		line:    bind(insertSQL(migrate.OrderLinesTable, "id", "order_id", "product_id", "sku", "name", "quantity", "unit_price_amount", "line_total_amount")),
		payment: bind(insertSQL(migrate.PaymentsTable, "id", "created_at", "updated_at", "order_id", "provider", "status", "amount")),
		event:   bind(insertSQL(migrate.OrderEventsTable, "id", "order_id", "to_status", "occurred_at")),
	}
}

// insertSQL names the given columns of t; it panics when a required column
// without a database default is missing, so the ceiling stays honest as the
// schema grows.
func insertSQL(t *schema.Table, cols ...string) string {
	have := map[string]bool{}
	for _, c := range cols {
		have[c] = true
	}
	for _, c := range t.Columns {
		if !c.Nullable && c.Default == nil && !have[c.Name] {
			panic(fmt.Sprintf("ceiling: %s.%s needs a value", t.Name, c.Name))
		}
	}
	return fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", t.Name, strings.Join(cols, ", "),
		strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", "))
}

func plainOrder(db *sql.DB, q queries, w *world, skus []string, n int) error {
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	now := time.Now().UTC()
	rows, err := tx.QueryContext(ctx, q.product, skus[0], skus[1], skus[2])
	if err != nil {
		return err
	}
	var productIDs []string
	prices := map[string]int64{}
	for rows.Next() {
		var id string
		var price int64
		var active bool
		if err := rows.Scan(&id, &price, &active); err != nil {
			return err
		}
		productIDs = append(productIDs, id)
		prices[id] = price
	}
	rows.Close()
	rows, err = tx.QueryContext(ctx, q.levels, productIDs[0], productIDs[1], productIDs[2])
	if err != nil {
		return err
	}
	for rows.Next() {
		var id, p, wh string
		var onHand, reserved int
		if err := rows.Scan(&id, &p, &wh, &onHand, &reserved); err != nil {
			return err
		}
	}
	rows.Close()
	orderID, custID := string(pulid.New("ord")), string(pulid.New("cus"))
	for _, p := range productIDs {
		res, err := tx.ExecContext(ctx, q.reserve, 1, p, string(w.shanghai.ID), 1)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k != 1 {
			return fmt.Errorf("no stock")
		}
		if _, err := tx.ExecContext(ctx, q.movement, string(pulid.New("mov")), "RESERVE", p, string(w.shanghai.ID), 1, orderID, now); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, q.customer, custID, now, now, "王芳", fmt.Sprintf("plain%d-%d@example.cn", n, now.UnixNano()), true); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, q.order, orderID, now, now, fmt.Sprintf("P-%d-%d", n, now.UnixNano()), "CONFIRMED", "王芳", "x@example.cn",
		"上海", "路", fmt.Sprintf("plain-%d-%d", n, now.UnixNano()), 5970, custID); err != nil {
		return err
	}
	for _, p := range productIDs {
		if _, err := tx.ExecContext(ctx, q.line, string(pulid.New("orl")), orderID, p, "SKU", "name", 1, prices[p], prices[p]); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, q.payment, string(pulid.New("pay")), now, now, orderID, "test", "AUTHORIZED", 5970); err != nil {
		return err
	}
	for range 2 {
		if _, err := tx.ExecContext(ctx, q.event, string(pulid.New("oev")), orderID, "CONFIRMED", now); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// checkInvariants: after the run no level drifted or went negative, and
// every idempotency key made one order.
func checkInvariants(b *testing.B, db *database.DB, n int) {
	drift, err := inventory.Verify(context.Background(), db.Client)
	if err != nil {
		b.Fatal(err)
	}
	if len(drift) > 0 {
		b.Fatalf("ledger drift after the benchmark: %v", drift[0])
	}
	count, err := db.Client.Order.Query().Where(order.IdempotencyKeyHasPrefix("bench-")).Count(sysCtx())
	if err != nil {
		b.Fatal(err)
	}
	if count != n {
		b.Fatalf("%d orders for %d idempotency keys", count, n)
	}
}
