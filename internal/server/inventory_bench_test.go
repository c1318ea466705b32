package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/waybill/waybill/ent/product"
	"github.com/waybill/waybill/internal/gqltest"
	"github.com/waybill/waybill/internal/seed"
	"github.com/waybill/waybill/internal/testdb"
	"github.com/waybill/waybill/internal/viewer"
)

// BenchmarkStockBySku reads a product's stock in every warehouse by SKU
// (the stockBySku query, as a warehouse account) over HTTP from 32
// clients, cycling over every seeded SKU: levels, lots and availability.
func BenchmarkStockBySku(b *testing.B) {
	db := testdb.New(b, benchBackend(b))
	if _, err := seed.Run(context.Background(), db.Client, seed.Options{Seed: 1, Now: seedNow}); err != nil {
		b.Fatal(err)
	}
	ts := benchHTTP(b, db)
	var login struct {
		Login struct{ Token *string }
	}
	(&gqltest.Client{URL: ts.URL + "/graphql"}).MustData(b, `mutation{ login(email: "warehouse@waybill.test", password: "waybill-warehouse-demo") { token } }`, nil, &login)
	if login.Login.Token == nil {
		b.Fatal("login")
	}
	skus := db.Client.Product.Query().Select(product.FieldSku).StringsX(viewer.SystemContext(context.Background()))
	bodies := make([][]byte, len(skus))
	for i, s := range skus {
		bodies[i], _ = json.Marshal(map[string]any{
			"query":     `query($s: String!){ stockBySku(sku: $s) { available product { sku } levels { warehouse { code } onHand reserved picked available binLocation low lots { lotNumber expiresAt free } } } }`,
			"variables": map[string]any{"s": s}})
	}
	runHTTPBodies(b, ts.URL+"/graphql", *login.Login.Token, bodies)
}

// runHTTPBodies posts b.N requests, cycling over bodies, from 32 clients
// with a Bearer token, and reports throughput and p99.
func runHTTPBodies(b *testing.B, url, token string, bodies [][]byte) {
	const clients = 32
	tr := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}
	client := &http.Client{Transport: tr}
	lat := make([]time.Duration, b.N)
	var next atomic.Int64
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				n := int(next.Add(1)) - 1
				if n >= b.N {
					return
				}
				req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(bodies[n%len(bodies)]))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+token)
				t0 := time.Now()
				res, err := client.Do(req)
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
				lat[n] = time.Since(t0)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}
