package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/carrier"
	"github.com/waybill/waybill/ent/shipment"
	"github.com/waybill/waybill/ent/trackingevent"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/gqltest"
	"github.com/waybill/waybill/internal/seed"
	"github.com/waybill/waybill/internal/server"
	"github.com/waybill/waybill/internal/tracking"
	"github.com/waybill/waybill/internal/viewer"
)

// testClock is a clock tests move by hand.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t.UTC()
	c.mu.Unlock()
}
func (c *testClock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// trackingHarness is a seeded server whose tracking clock the test holds
// (it starts at the seed's "now").
type trackingHarness struct {
	*harness
	clock *testClock
}

func newTrackingHarness(t *testing.T, db *database.DB, configure ...func(*server.Config)) *trackingHarness {
	t.Helper()
	if _, err := seed.Run(context.Background(), db.Client, seed.Options{Seed: 1, Now: seedNow}); err != nil {
		t.Fatalf("seed: %v", err)
	}
	clock := &testClock{t: seedNow}
	cfg := server.DefaultConfig()
	cfg.CORSOrigins = []string{allowedOrigin}
	cfg.RatePerMinute = 0
	cfg.Tracking.Now = clock.Now
	for _, c := range configure {
		c(&cfg)
	}
	log := slog.New(slog.NewTextHandler(testLog{t}, &slog.HandlerOptions{Level: slog.LevelError}))
	srv, err := server.New(cfg, db, log)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &trackingHarness{harness: &harness{db: db, srv: srv, ts: ts, gql: &gqltest.Client{URL: ts.URL + "/graphql"}}, clock: clock}
}

var sysCtx = viewer.SystemContext(context.Background())

// carrierOf returns the carrier of a parcel (with its webhook secret).
func carrierOf(t *testing.T, db *database.DB, number string) *ent.Carrier {
	t.Helper()
	shp, err := db.Client.Shipment.Query().Where(shipment.TrackingNumber(number)).WithCarrier().Only(sysCtx)
	if err != nil || shp.Edges.Carrier == nil {
		t.Fatalf("carrier of %s: %v", number, err)
	}
	return shp.Edges.Carrier
}

func carrierByCode(t *testing.T, db *database.DB, code string) *ent.Carrier {
	t.Helper()
	c, err := db.Client.Carrier.Query().Where(carrier.Code(code)).Only(sysCtx)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func parcel(t *testing.T, db *database.DB, number string) *ent.Shipment {
	t.Helper()
	shp, err := db.Client.Shipment.Query().Where(shipment.TrackingNumber(number)).Only(sysCtx)
	if err != nil {
		t.Fatal(err)
	}
	return shp
}

func eventsOf(t *testing.T, db *database.DB, shp *ent.Shipment) []*ent.TrackingEvent {
	t.Helper()
	evs, err := db.Client.TrackingEvent.Query().Where(trackingevent.ShipmentID(shp.ID)).Order(ent.Asc(trackingevent.FieldSeq)).All(sysCtx)
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

// inTransitParcel returns a parcel on its way, not the demo one, of a carrier.
func inTransitParcel(t *testing.T, db *database.DB) *ent.Shipment {
	t.Helper()
	shp, err := db.Client.Shipment.Query().
		Where(shipment.StatusEQ(shipment.StatusIN_TRANSIT), shipment.TrackingNumberNEQ(seed.DemoTrackingNumber),
			shipment.IsReturn(false), shipment.HasCarrier(), shipment.PromisedDateNotNil()).
		Order(ent.Asc(shipment.FieldTrackingNumber)).First(sysCtx)
	if err != nil {
		t.Fatalf("an in-transit parcel: %v", err)
	}
	return shp
}

// webhook posts body signed for c at the tracking clock's now.
func (h *trackingHarness) webhook(t *testing.T, c *ent.Carrier, body any) (int, tracking.WebhookResponse) {
	t.Helper()
	raw, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	return h.postSigned(t, c.Code, raw, tracking.Sign(c.WebhookSecret, h.clock.Now(), raw))
}

func (h *trackingHarness) postSigned(t *testing.T, code string, raw []byte, signature string) (int, tracking.WebhookResponse) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, h.ts.URL+"/webhooks/carriers/"+code, bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	if signature != "" {
		req.Header.Set(tracking.SignatureHeader, signature)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out tracking.WebhookResponse
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode == http.StatusOK {
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatalf("webhook answer %q: %v", b, err)
		}
	}
	return res.StatusCode, out
}

// ev is one webhook event at the clock's now plus offset.
func (h *trackingHarness) ev(id, number, code string, offset time.Duration, city string) tracking.WebhookEvent {
	return tracking.WebhookEvent{ID: id, TrackingNumber: number, Code: code, City: city,
		Description: "test " + id, OccurredAt: h.clock.Now().Add(offset)}
}

func batch(events ...tracking.WebhookEvent) tracking.WebhookBody {
	return tracking.WebhookBody{Events: events}
}
