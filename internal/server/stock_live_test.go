package server_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/waybill/waybill/ent/product"
	"github.com/waybill/waybill/ent/stocklevel"
	entwarehouse "github.com/waybill/waybill/ent/warehouse"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/gqltest"
	"github.com/waybill/waybill/internal/seed"
	"github.com/waybill/waybill/internal/server"
	"github.com/waybill/waybill/internal/testdb"
	"github.com/waybill/waybill/internal/viewer"
)

const alertSub = `subscription{ stockAlertChanged { id kind status product { sku } warehouse { code } } }`

type alertMsg struct {
	StockAlertChanged struct {
		ID, Kind, Status string
		Product          struct{ Sku string }
		Warehouse        struct{ Code string }
	}
}

type stockMsg struct {
	StockChanged struct {
		Sku       string
		Available int
	}
}

// raiseAlert lifts a level's reorder point above its stock, which raises
// its low-stock alert.
func raiseAlert(t *testing.T, c *gqltest.Client, levelID string) {
	t.Helper()
	mustOK(t, c, `mutation($id: ID!){ updateStockLevel(input: {stockLevelId: $id, reorderPoint: 100000}) { userErrors { code } } }`,
		map[string]any{"id": levelID}, nil)
}

func levelOf(t *testing.T, db *database.DB, sku, warehouse string) string {
	t.Helper()
	sys := viewer.SystemContext(context.Background())
	l, err := db.Client.StockLevel.Query().Where(stocklevel.HasProductWith(product.Sku(sku)),
		stocklevel.HasWarehouseWith(entwarehouse.Code(warehouse))).Only(sys)
	if err != nil {
		t.Fatal(err)
	}
	return string(l.ID)
}

// TestStockAlertSubscriptionReadsCommitted: an alert pushed by
// stockAlertChanged resolves its product and warehouse (it is read as
// committed, not through the writer's finished transaction).
func TestStockAlertSubscriptionReadsCommitted(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := newHarness(t, db)
		wh := h.as(t, "warehouse@waybill.test", "waybill-warehouse-demo")
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		sub, err := gqltest.Subscribe(t, ctx, h.ts.URL+"/graphql", gqltest.TransportWS, http.Header{},
			map[string]any{"authToken": wh.Token}, alertSub, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer sub.Close()
		time.Sleep(200 * time.Millisecond) // let the subscription register
		raiseAlert(t, wh, levelOf(t, db, "EL-0002", "WH-SH"))
		var m alertMsg
		nextStock(t, ctx, sub, &m)
		a := m.StockAlertChanged
		if a.Product.Sku != "EL-0002" || a.Warehouse.Code != "WH-SH" || a.Status != "OPEN" {
			t.Fatalf("alert %+v", a)
		}
	})
}

// TestStockChangesAcrossInstances: two servers on one PostgreSQL database;
// stock received and an alert raised through A reach stockChanged and
// stockAlertChanged subscribers on B (LISTEN/NOTIFY), also after the
// LISTEN connections were dropped.
func TestStockChangesAcrossInstances(t *testing.T) {
	if !slices.Contains(testdb.Backends(t), testdb.Postgres) {
		t.Skip("needs WAYBILL_TEST_POSTGRES_URL")
	}
	url := testdb.URL(t, testdb.Postgres)
	open := func() *database.DB {
		db, err := database.Open(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	dbA, dbB := open(), open()
	if err := dbA.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Run(context.Background(), dbA.Client, seed.Options{Seed: 1, Now: seedNow}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	start := func(db *database.DB) *httptest.Server {
		cfg := server.DefaultConfig()
		cfg.RatePerMinute = 0
		cfg.DatabaseURL = url
		srv, err := server.New(cfg, db, slog.New(slog.NewTextHandler(testLog{t}, &slog.HandlerOptions{Level: slog.LevelError})))
		if err != nil {
			t.Fatal(err)
		}
		stop := srv.StartWorkers(ctx)
		t.Cleanup(stop)
		ts := httptest.NewServer(srv.Handler())
		t.Cleanup(ts.Close)
		return ts
	}
	tsA, tsB := start(dbA), start(dbB)
	hA := &harness{db: dbA, ts: tsA, gql: &gqltest.Client{URL: tsA.URL + "/graphql"}}
	wh := hA.as(t, "warehouse@waybill.test", "waybill-warehouse-demo")
	sh := dbA.Client.Warehouse.Query().Where(entwarehouse.Code("WH-SH")).OnlyX(viewer.SystemContext(ctx))

	stock, err := gqltest.Subscribe(t, ctx, tsB.URL+"/graphql", gqltest.TransportWS, http.Header{}, nil,
		`subscription{ stockChanged(skus: ["EL-0002"]) { sku available } }`, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer stock.Close()
	alerts, err := gqltest.Subscribe(t, ctx, tsB.URL+"/graphql", gqltest.TransportWS, http.Header{},
		map[string]any{"authToken": wh.Token}, alertSub, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer alerts.Close()
	var first stockMsg
	nextStock(t, ctx, stock, &first)
	have := first.StockChanged.Available

	// waitFor reads stock messages from B until availability is want.
	waitFor := func(want int) {
		t.Helper()
		for {
			var m stockMsg
			nextStock(t, ctx, stock, &m)
			if m.StockChanged.Available == want {
				return
			}
		}
	}
	receive := func(n int) {
		t.Helper()
		mustOK(t, wh, `mutation($w: ID!, $n: Int!){ receiveStock(input: {warehouseId: $w, sku: "EL-0002", quantity: $n}) { userErrors { code } } }`,
			map[string]any{"w": sh.ID, "n": n}, nil)
		have += n
	}
	time.Sleep(300 * time.Millisecond) // let B's subscriptions register
	receive(7)
	waitFor(have)

	raiseAlert(t, wh, levelOf(t, dbA, "EL-0002", "WH-SH"))
	// (B's own workers may announce alerts that were due at start.)
	for {
		var m alertMsg
		nextStock(t, ctx, alerts, &m)
		if a := m.StockAlertChanged; a.Product.Sku == "EL-0002" && a.Warehouse.Code == "WH-SH" {
			break
		}
	}

	// Drop every LISTEN connection: pq.Listener reconnects and B's
	// subscribers re-read, so a change made meanwhile is not lost.
	if _, err := dbA.SQL.ExecContext(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid() AND query ILIKE 'listen%'`); err != nil {
		t.Fatal(err)
	}
	receive(3)
	waitFor(have)
}
