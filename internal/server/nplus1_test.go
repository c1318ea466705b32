package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/gqltest"
	"github.com/waybill/waybill/internal/seed"
	"github.com/waybill/waybill/internal/server"
	"github.com/waybill/waybill/internal/testdb"
)

// countingDriver counts the statements sent to the database.
type countingDriver struct {
	dialect.Driver
	n atomic.Int64
}

func (d *countingDriver) Exec(ctx context.Context, q string, args, v any) error {
	d.n.Add(1)
	return d.Driver.Exec(ctx, q, args, v)
}

func (d *countingDriver) Query(ctx context.Context, q string, args, v any) error {
	d.n.Add(1)
	return d.Driver.Query(ctx, q, args, v)
}

// TestNoNPlusOne: nested lists load eagerly (entgql field collection) and
// computed fields are batched, so the statement count does not grow with the
// page size.
func TestNoNPlusOne(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		if _, err := seed.Run(context.Background(), db.Client, seed.Options{Seed: 1, Now: seedNow}); err != nil {
			t.Fatal(err)
		}
		drv := &countingDriver{Driver: entsql.OpenDB(db.Dialect, db.SQL)}
		counted := &database.DB{Client: ent.NewClient(ent.Driver(drv)), SQL: db.SQL, Dialect: db.Dialect}
		srv, err := server.New(server.DefaultConfig(), counted, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv.Handler())
		defer ts.Close()
		anon := &gqltest.Client{URL: ts.URL + "/graphql"}
		h := &harness{db: db, srv: srv, ts: ts, gql: anon}
		admin := h.admin(t)

		statements := func(c *gqltest.Client, q string, n int) int64 {
			before := drv.n.Load()
			res := c.Do(t, q, map[string]any{"n": n})
			if len(res.Errors) > 0 {
				t.Fatalf("%s: %+v", q, res.Errors)
			}
			return drv.n.Load() - before
		}
		cases := []struct {
			name   string
			client *gqltest.Client
			query  string
		}{
			{"products with availability", anon,
				`query($n:Int){ products(first:$n){ totalCount edges { node { sku price { amount } available } } } }`},
			{"orders with lines, products and shipments", admin,
				`query($n:Int){ orders(first:$n){ edges { node { number lines { sku product { sku } } shipments { trackingNumber events { status } } } } } }`},
		}
		for _, c := range cases {
			small, large := statements(c.client, c.query, 2), statements(c.client, c.query, 20)
			if large != small {
				t.Errorf("%s: %d statements for 2 items, %d for 20 (N+1)", c.name, small, large)
			}
		}
	})
}
