package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/waybill/waybill/ent/shipment"
	"github.com/waybill/waybill/ent/trackingevent"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/gqltest"
	"github.com/waybill/waybill/internal/seed"
	"github.com/waybill/waybill/internal/testdb"
	"github.com/waybill/waybill/internal/viewer"
)

const parcelSub = `subscription($n: String!){ parcelUpdated(trackingNumber: $n) { trackingNumber status events { description } } }`

// TestSubscriptionsOverBothProtocols: a subscriber gets the current view at
// once and a fresh one after a committed change, over graphql-transport-ws
// and the legacy graphql-ws.
func TestSubscriptionsOverBothProtocols(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := newHarness(t, db)
		for _, proto := range []string{gqltest.TransportWS, gqltest.LegacyWS} {
			t.Run(proto, func(t *testing.T) {
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				defer cancel()
				sub, err := gqltest.Subscribe(t, ctx, h.ts.URL+"/graphql", proto, nil, nil, parcelSub,
					map[string]any{"n": seed.DemoTrackingNumber})
				if err != nil {
					t.Fatal(err)
				}
				defer sub.Close()
				first := recv(t, ctx, sub)
				if !strings.Contains(string(first), seed.DemoTrackingNumber) {
					t.Fatalf("first payload: %s", first)
				}
				desc := "test event " + proto
				addEvent(t, db, desc)
				h.srv.Tracking.Hub().Publish(seed.DemoTrackingNumber)
				if got := recv(t, ctx, sub); !strings.Contains(string(got), desc) {
					t.Fatalf("update: %s", got)
				}
			})
		}
	})
}

func TestWebSocketOriginAndAuth(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := newHarness(t, db)
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		vars := map[string]any{"n": seed.DemoTrackingNumber}
		if _, err := gqltest.Subscribe(t, ctx, h.ts.URL+"/graphql", gqltest.TransportWS,
			http.Header{"Origin": {"https://evil.example"}}, nil, parcelSub, vars); err == nil {
			t.Fatal("a WebSocket from an origin not on the allow-list was accepted")
		}
		sub, err := gqltest.Subscribe(t, ctx, h.ts.URL+"/graphql", gqltest.TransportWS,
			http.Header{"Origin": {allowedOrigin}}, nil, parcelSub, vars)
		if err != nil {
			t.Fatalf("allow-listed origin: %v", err)
		}
		sub.Close()
		if _, err := gqltest.Subscribe(t, ctx, h.ts.URL+"/graphql", gqltest.TransportWS, nil,
			map[string]any{"authToken": "wbs_not-a-real-token"}, parcelSub, vars); err == nil {
			t.Fatal("a bad token in connection_init was accepted")
		}
		admin := h.admin(t)
		sub, err = gqltest.Subscribe(t, ctx, h.ts.URL+"/graphql", gqltest.TransportWS, nil,
			map[string]any{"authToken": admin.Token}, parcelSub, vars)
		if err != nil {
			t.Fatalf("good token: %v", err)
		}
		sub.Close()
	})
}

func recv(t *testing.T, ctx context.Context, sub *gqltest.Subscription) json.RawMessage {
	t.Helper()
	select {
	case m, ok := <-sub.Next:
		if !ok {
			t.Fatal("subscription closed")
		}
		return m
	case e := <-sub.Errors:
		t.Fatalf("subscription error: %s", e)
	case <-ctx.Done():
		t.Fatal("timed out waiting for a subscription payload")
	}
	return nil
}

func addEvent(t *testing.T, db *database.DB, desc string) {
	t.Helper()
	ctx := viewer.SystemContext(context.Background())
	shp, err := db.Client.Shipment.Query().Where(shipment.TrackingNumber(seed.DemoTrackingNumber)).Only(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.Client.TrackingEvent.Create().SetShipmentID(shp.ID).SetStatus(trackingevent.StatusIN_TRANSIT).
		SetDescription(desc).SetOccurredAt(time.Now().UTC()).SetSource(trackingevent.SourceSCAN).
		SetDedupeKey("test:" + desc).SetCity("杭州").Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
}
