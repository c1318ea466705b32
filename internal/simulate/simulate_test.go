package simulate_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/waybill/waybill/ent/shipment"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/seed"
	"github.com/waybill/waybill/internal/server"
	"github.com/waybill/waybill/internal/simulate"
	"github.com/waybill/waybill/internal/testdb"
	"github.com/waybill/waybill/internal/viewer"
)

// TestSimulatorDeliversParcels runs the simulator against a real server at
// a speed that makes every journey instant: each parcel ends DELIVERED,
// the demo parcel included, through signed webhooks only.
func TestSimulatorDeliversParcels(t *testing.T) {
	for _, b := range testdb.Backends(t) {
		t.Run(string(b), func(t *testing.T) {
			url := testdb.URL(t, b) // the simulator opens the server's database by URL
			db, err := database.Open(context.Background(), url)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = db.Close() }()
			if err := db.Migrate(context.Background()); err != nil {
				t.Fatal(err)
			}
			if _, err := seed.Run(context.Background(), db.Client, seed.Options{Seed: 3}); err != nil {
				t.Fatal(err)
			}
			srv, err := server.New(server.DefaultConfig(), db, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if err != nil {
				t.Fatal(err)
			}
			ts := httptest.NewServer(srv.Handler())
			defer ts.Close()
			var progress bytes.Buffer
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			sum, err := simulate.Run(ctx, simulate.Options{URL: ts.URL, DatabaseURL: url, Speed: 1e7, Parcels: 6,
				MaxDuration: 45 * time.Second, Seed: 7, Progress: &progress})
			if err != nil {
				t.Fatalf("%v\n%s", err, progress.String())
			}
			if sum.Parcels == 0 || sum.Delivered != sum.Parcels || sum.Failed != 0 || sum.Rejected != 0 || sum.Events < 2*sum.Parcels {
				t.Fatalf("summary: %s\n%s", sum, progress.String())
			}
			if !strings.Contains(progress.String(), "simulate: ") {
				t.Fatalf("no progress line: %q", progress.String())
			}
			demo, err := db.Client.Shipment.Query().Where(shipment.TrackingNumber(seed.DemoTrackingNumber)).Only(viewer.SystemContext(ctx))
			if err != nil {
				t.Fatal(err)
			}
			if demo.Status != shipment.StatusDELIVERED {
				t.Fatalf("the demo parcel is %s", demo.Status)
			}
		})
	}
}
