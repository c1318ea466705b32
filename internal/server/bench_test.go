package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/seed"
	"github.com/waybill/waybill/internal/server"
	"github.com/waybill/waybill/internal/testdb"
)

// Benchmarks run on the backend named by WAYBILL_BENCH_BACKEND (sqlite by
// default; scripts/bench.sh runs both). They report requests per second and
// the p99 latency over HTTP on loopback with 32 concurrent clients.

func benchBackend(b *testing.B) testdb.Backend {
	if os.Getenv("WAYBILL_BENCH_BACKEND") == "postgres" {
		return testdb.Postgres
	}
	return testdb.SQLite
}

func benchServer(b *testing.B) *httptest.Server {
	db := testdb.New(b, benchBackend(b))
	if _, err := seed.Run(context.Background(), db.Client, seed.Options{Seed: 1, Now: seedNow}); err != nil {
		b.Fatal(err)
	}
	return benchHTTP(b, db)
}

func benchHTTP(b *testing.B, db *database.DB) *httptest.Server {
	cfg := server.DefaultConfig()
	cfg.RatePerMinute = 0 // measure the server, not the limiter
	srv, err := server.New(cfg, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	b.Cleanup(ts.Close)
	return ts
}

// runHTTP posts body b.N times from 32 goroutines and reports throughput and p99.
func runHTTP(b *testing.B, url string, body []byte) {
	const clients = 32
	tr := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}
	client := &http.Client{Transport: tr}
	var mu sync.Mutex
	lat := make([]time.Duration, 0, b.N)
	next := make(chan struct{}, b.N)
	for range b.N {
		next <- struct{}{}
	}
	close(next)
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := make([]time.Duration, 0, b.N/clients+1)
			for range next {
				t0 := time.Now()
				res, err := client.Post(url, "application/json", bytes.NewReader(body))
				if err != nil {
					b.Error(err)
					return
				}
				var out struct{ Errors []any }
				_ = json.NewDecoder(res.Body).Decode(&out)
				res.Body.Close()
				if res.StatusCode != 200 || len(out.Errors) > 0 {
					b.Errorf("status %d errors %v", res.StatusCode, out.Errors)
					return
				}
				local = append(local, time.Since(t0))
			}
			mu.Lock()
			lat = append(lat, local...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	if len(lat) > 0 {
		b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "req/s")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	}
}

func BenchmarkStorefrontProducts(b *testing.B) {
	ts := benchServer(b)
	body, _ := json.Marshal(map[string]any{"query": `{ products(first: 24, orderBy: [{field: SKU}]) { totalCount edges { node { id sku nameZh nameEn price { amount currency } available } } pageInfo { hasNextPage endCursor } } }`})
	runHTTP(b, ts.URL+"/graphql", body)
}

func BenchmarkTrackParcel(b *testing.B) {
	ts := benchServer(b)
	body, _ := json.Marshal(map[string]any{"query": `query($n:String!){ trackParcel(trackingNumber:$n){ trackingNumber status etaFrom etaTo late events { status description city occurredAt } } }`,
		"variables": map[string]any{"n": seed.DemoTrackingNumber}})
	runHTTP(b, ts.URL+"/graphql", body)
}
