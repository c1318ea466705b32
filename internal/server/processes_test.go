package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/gqltest"
	"github.com/waybill/waybill/internal/seed"
	"github.com/waybill/waybill/internal/testdb"
	"github.com/waybill/waybill/internal/tracking"
)

// TestTwoServeProcessesOnPostgres: two `waybill serve` processes on one
// PostgreSQL database share nothing but the database; a signed webhook
// posted to A reaches a parcelUpdated subscriber on B, and stock received
// through A reaches a stockChanged subscriber on B.
func TestTwoServeProcessesOnPostgres(t *testing.T) {
	if !slices.Contains(testdb.Backends(t), testdb.Postgres) {
		t.Skip("needs WAYBILL_TEST_POSTGRES_URL")
	}
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	url := testdb.URL(t, testdb.Postgres)
	db, err := database.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Run(context.Background(), db.Client, seed.Options{Seed: 1, Now: time.Now().UTC()}); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "waybill")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/waybill/waybill/cmd/waybill").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	serve := func(name string) string {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		_ = l.Close()
		cmd := exec.Command(bin, "serve", "--database-url", url, "--addr", addr, "--rate-per-minute", "0", "--log-level", "error")
		cmd.Env = append(os.Environ(), "WAYBILL_LOG_FORMAT=text")
		cmd.Stdout, cmd.Stderr = testLog{t}, testLog{t}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			_ = cmd.Process.Signal(syscall.SIGTERM)
			done := make(chan struct{})
			go func() { _ = cmd.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				_ = cmd.Process.Kill()
			}
		})
		base := "http://" + addr
		for deadline := time.Now().Add(30 * time.Second); ; {
			res, err := http.Get(base + "/readyz")
			if err == nil {
				res.Body.Close()
				if res.StatusCode == http.StatusOK {
					return base
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s did not get ready: %v", name, err)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	a, b := serve("A"), serve("B")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	// A parcel event posted to A, seen on B.
	n := seed.DemoTrackingNumber
	sub, err := gqltest.Subscribe(t, ctx, b+"/graphql", gqltest.TransportWS, nil, nil, resumeSub, map[string]any{"n": n})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	var tl timeline
	tl.add(t, decodeMsg(t, recv(t, ctx, sub)))
	c := carrierOf(t, db, n)
	id := fmt.Sprintf("proc-%d", time.Now().UnixNano())
	raw, _ := json.Marshal(tracking.WebhookBody{Events: []tracking.WebhookEvent{{ID: id, TrackingNumber: n, Code: "36",
		City: "北京", Description: "two processes " + id, OccurredAt: time.Now().UTC()}}})
	h := &trackingHarness{harness: &harness{ts: &httptest.Server{URL: a}}}
	if status, res := h.postSigned(t, c.Code, raw, tracking.Sign(c.WebhookSecret, time.Now().UTC(), raw)); status != 200 || res.Accepted != 1 {
		t.Fatalf("webhook to A: %d %+v", status, res)
	}
	for {
		m := decodeMsg(t, recv(t, ctx, sub))
		found := false
		for _, e := range m.ParcelUpdated.NewEvents {
			found = found || e.Description == "two processes "+id
		}
		if found {
			break
		}
	}

	// Stock received through A, seen on B.
	stock, err := gqltest.Subscribe(t, ctx, b+"/graphql", gqltest.TransportWS, nil, nil,
		`subscription{ stockChanged(skus: ["EL-0002"]) { sku available } }`, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer stock.Close()
	var first stockMsg
	nextStock(t, ctx, stock, &first)
	ha := &harness{gql: &gqltest.Client{URL: a + "/graphql"}}
	wh := ha.as(t, "warehouse@waybill.test", "waybill-warehouse-demo")
	var whs struct {
		Warehouses struct {
			Edges []struct{ Node struct{ ID, Code string } }
		}
	}
	wh.MustData(t, `{ warehouses(first: 20) { edges { node { id code } } } }`, nil, &whs)
	var sh string
	for _, e := range whs.Warehouses.Edges {
		if e.Node.Code == "WH-SH" {
			sh = e.Node.ID
		}
	}
	mustOK(t, wh, `mutation($w: ID!){ receiveStock(input: {warehouseId: $w, sku: "EL-0002", quantity: 4}) { userErrors { code } } }`,
		map[string]any{"w": sh}, nil)
	for {
		var m stockMsg
		nextStock(t, ctx, stock, &m)
		if m.StockChanged.Available >= first.StockChanged.Available+4 {
			break
		}
	}
}
