package server_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/gqltest"
	"github.com/waybill/waybill/internal/server"
	"github.com/waybill/waybill/internal/testdb"
)

// TestQueryLimits: abusive queries are refused before any database work,
// each with a stable code.
func TestQueryLimits(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := newHarness(t, db)
		admin := h.admin(t)

		deep := "{ id }"
		for i := 0; i < 25; i++ { // customer → orders → customer … 50 levels
			deep = "{ id customer { id orders(first: 1) { edges { node " + deep + " } } } }"
		}
		var aliases strings.Builder
		aliases.WriteString("{")
		for i := 0; i < 1000; i++ {
			fmt.Fprintf(&aliases, " a%d: productCategories", i)
		}
		aliases.WriteString(" }")
		cases := []struct{ name, query, code string }{
			{"nested 50 deep", "{ orders(first: 1) { edges { node " + deep + " } } }", "DEPTH_LIMIT_EXCEEDED"},
			{"10,000 items", "{ products(first: 10000) { edges { node { id } } } }", "PAGE_SIZE_TOO_LARGE"},
			{"1,000 aliases", aliases.String(), "ALIAS_LIMIT_EXCEEDED"},
			{"too costly", "{ orders(first: 100) { edges { node { lines { product { stockLevels: id } } shipments { events { id } items { id } } customer { orders(first: 100) { edges { node { id lines { id } } } } } } } } }", "COMPLEXITY_LIMIT_EXCEEDED"},
		}
		for _, c := range cases {
			res := admin.Do(t, c.query, nil)
			if res.Code() != c.code || string(res.Data) != "null" && len(res.Data) > 0 {
				t.Errorf("%s: code %q data %s errors %+v", c.name, res.Code(), res.Data, res.Errors)
			}
		}
		// Without first or last a connection returns a default page, not every row.
		var out struct {
			Products struct {
				TotalCount int
				Edges      []struct{ Node struct{ ID string } }
			}
		}
		h.gql.MustData(t, `{ products { totalCount edges { node { id } } } }`, nil, &out)
		if len(out.Products.Edges) != 20 || out.Products.TotalCount <= 20 {
			t.Fatalf("default page: %d of %d", len(out.Products.Edges), out.Products.TotalCount)
		}
	})
}

// TestHTTPRateLimit: past the per-address budget requests get 429 with
// Retry-After and the code RATE_LIMITED.
func TestHTTPRateLimit(t *testing.T) {
	db := testdb.New(t, testdb.SQLite) // an in-memory limiter: one backend is enough
	cfg := server.DefaultConfig()
	cfg.RatePerMinute = 60 // bursts of 20
	srv, err := server.New(cfg, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	c := &gqltest.Client{URL: ts.URL + "/graphql"}
	limited := 0
	for range 30 {
		res := c.Do(t, `{ productCategories }`, nil)
		if res.Status == http.StatusTooManyRequests {
			limited++
			if res.Code() != "RATE_LIMITED" || res.HTTP.Header.Get("Retry-After") == "" {
				t.Fatalf("429 without code or Retry-After: %+v %v", res.Errors, res.HTTP.Header)
			}
		}
	}
	if limited < 5 {
		t.Fatalf("only %d of 30 requests were limited", limited)
	}
}

// TestLoginGuessingGets429: a hundred wrong passwords for one account are
// answered with 429 and Retry-After after the first few; nothing else breaks.
func TestLoginGuessingGets429(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := newHarness(t, db)
		limited := 0
		for i := range 100 {
			res := h.gql.Do(t, `mutation($p: String!){ login(email: "agent@waybill.test", password: $p) { token userErrors { code } } }`,
				map[string]any{"p": fmt.Sprintf("guess-%03d-wrong", i)})
			if res.Status == http.StatusTooManyRequests {
				limited++
				if res.Code() != "RATE_LIMITED" || res.HTTP.Header.Get("Retry-After") == "" {
					t.Fatalf("429 without code or Retry-After: %+v", res.Errors)
				}
			}
		}
		if limited < 80 {
			t.Fatalf("only %d of 100 guesses got 429", limited)
		}
		// Other accounts are not locked out by someone guessing this one.
		h.as(t, "customer@waybill.test", "waybill-customer-demo")
	})
}
