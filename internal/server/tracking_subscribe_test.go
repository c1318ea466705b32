package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/waybill/waybill/ent/order"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/gqltest"
	"github.com/waybill/waybill/internal/seed"
	"github.com/waybill/waybill/internal/server"
	"github.com/waybill/waybill/internal/testdb"
)

const resumeSub = `subscription($n: String!, $after: String){ parcelUpdated(trackingNumber: $n, after: $after) {
	status cursor resync newEvents { id cursor description } events { id } } }`

type parcelMsg struct {
	ParcelUpdated struct {
		Status    string
		Cursor    *string
		Resync    bool
		NewEvents []struct{ ID, Cursor, Description string }
		Events    []struct{ ID string }
	}
}

func decodeMsg(t *testing.T, raw json.RawMessage) parcelMsg {
	t.Helper()
	var m parcelMsg
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	return m
}

// timeline accumulates what a subscriber was told: events in the order
// received, failing on a repeat; a resync replaces it with the full list.
type timeline struct {
	ids    []string
	seen   map[string]bool
	cursor string
}

func (tl *timeline) add(t *testing.T, m parcelMsg) {
	t.Helper()
	if tl.seen == nil {
		tl.seen = map[string]bool{}
	}
	if m.ParcelUpdated.Resync {
		tl.ids, tl.seen = nil, map[string]bool{}
		for i := len(m.ParcelUpdated.Events) - 1; i >= 0; i-- {
			id := m.ParcelUpdated.Events[i].ID
			tl.ids, tl.seen[id] = append(tl.ids, id), true
		}
	}
	for _, e := range m.ParcelUpdated.NewEvents {
		if tl.seen[e.ID] {
			t.Fatalf("event %s (%s) delivered twice", e.ID, e.Description)
		}
		tl.seen[e.ID] = true
		tl.ids = append(tl.ids, e.ID)
	}
	if m.ParcelUpdated.Cursor != nil {
		tl.cursor = *m.ParcelUpdated.Cursor
	}
}

// readUntil reads messages into tl until it holds all of want.
func readUntil(t *testing.T, ctx context.Context, sub *gqltest.Subscription, tl *timeline, want ...string) {
	t.Helper()
	for {
		missing := false
		for _, id := range want {
			if !tl.seen[id] {
				missing = true
			}
		}
		if !missing {
			return
		}
		tl.add(t, decodeMsg(t, recv(t, ctx, sub)))
	}
}

// TestParcelSubscriptionResume: a subscriber that reconnects with its last
// cursor receives exactly what it missed, then live events: no gap, no
// duplicate.
func TestParcelSubscriptionResume(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := newTrackingHarness(t, db)
		n := seed.DemoTrackingNumber
		c := carrierOf(t, db, n)
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		post := func(id, code string) string {
			h.clock.Add(time.Minute)
			if status, res := h.webhook(t, c, batch(h.ev(id, n, code, 0, "北京"))); status != 200 || res.Accepted != 1 {
				t.Fatalf("post %s: %d %+v", id, status, res)
			}
			e := eventsOf(t, db, parcel(t, db, n))
			return string(e[len(e)-1].ID)
		}

		sub, err := gqltest.Subscribe(t, ctx, h.ts.URL+"/graphql", gqltest.TransportWS, nil, nil, resumeSub, map[string]any{"n": n})
		if err != nil {
			t.Fatal(err)
		}
		var tl timeline
		first := decodeMsg(t, recv(t, ctx, sub))
		tl.add(t, first)
		if len(first.ParcelUpdated.NewEvents) < 3 || first.ParcelUpdated.Cursor == nil ||
			*first.ParcelUpdated.Cursor != first.ParcelUpdated.NewEvents[len(first.ParcelUpdated.NewEvents)-1].Cursor {
			t.Fatalf("first message: %+v", first.ParcelUpdated)
		}
		live := []string{post("res-1", "36"), post("res-2", "30"), post("res-3", "31")}
		readUntil(t, ctx, sub, &tl, live...)
		sub.Close()

		// Missed while away.
		missed := []string{post("res-4", "36"), post("res-5", "30")}
		sub, err = gqltest.Subscribe(t, ctx, h.ts.URL+"/graphql", gqltest.LegacyWS, nil, nil, resumeSub,
			map[string]any{"n": n, "after": tl.cursor})
		if err != nil {
			t.Fatal(err)
		}
		defer sub.Close()
		again := decodeMsg(t, recv(t, ctx, sub))
		var got []string
		for _, e := range again.ParcelUpdated.NewEvents {
			got = append(got, e.ID)
		}
		if !slices.Equal(got, missed) {
			t.Fatalf("after reconnecting: %v, want exactly %v", got, missed)
		}
		tl.add(t, again)
		next := post("res-6", "44")
		readUntil(t, ctx, sub, &tl, next)

		// Everything, once, in cursor order.
		var all []string
		for _, e := range eventsOf(t, db, parcel(t, db, n)) {
			all = append(all, string(e.ID))
		}
		if !slices.Equal(tl.ids, all) {
			t.Fatalf("the subscriber saw\n%v\nthe parcel has\n%v", tl.ids, all)
		}
		// A cursor this server never gave out.
		bad, err := gqltest.Subscribe(t, ctx, h.ts.URL+"/graphql", gqltest.TransportWS, nil, nil, resumeSub,
			map[string]any{"n": n, "after": "bogus"})
		if err != nil {
			t.Fatal(err)
		}
		defer bad.Close()
		if e := recvError(t, ctx, bad); !strings.Contains(e, "INVALID_CURSOR") && !strings.Contains(e, "BAD_USER_INPUT") {
			t.Fatalf("bad cursor: %s", e)
		}
	})
}

// TestStalledSubscriberDoesNotSlowOthers: subscribers that never read hold
// up nobody: another subscriber of the same parcel gets every event, and
// the stalled ones, once they read, find a complete (coalesced) story.
func TestStalledSubscriberDoesNotSlowOthers(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := newTrackingHarness(t, db)
		n := seed.DemoTrackingNumber
		c := carrierOf(t, db, n)
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		defer cancel()
		const q = `subscription($n: String!){ parcelUpdated(trackingNumber: $n) {
			cursor resync newEvents { id description } events { id description locationName city occurredAt } } }`
		var stalled []*gqltest.Subscription
		for range 3 {
			s, err := gqltest.Subscribe(t, ctx, h.ts.URL+"/graphql", gqltest.TransportWS, nil, nil, q, map[string]any{"n": n})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			stalled = append(stalled, s) // never read until the end
		}
		fast, err := gqltest.Subscribe(t, ctx, h.ts.URL+"/graphql", gqltest.TransportWS, nil, nil, q, map[string]any{"n": n})
		if err != nil {
			t.Fatal(err)
		}
		defer fast.Close()
		var tl timeline
		tl.add(t, decodeMsg(t, recv(t, ctx, fast)))
		var posted []string
		for i := range 40 {
			h.clock.Add(time.Minute)
			body := batch(h.ev(fmt.Sprintf("stall-%d-a", i), n, "36", 0, "北京"), h.ev(fmt.Sprintf("stall-%d-b", i), n, "30", time.Second, "北京"))
			if status, res := h.webhook(t, c, body); status != 200 || res.Accepted != 2 {
				t.Fatalf("post %d: %d %+v", i, status, res)
			}
			evs := eventsOf(t, db, parcel(t, db, n))
			posted = append(posted, string(evs[len(evs)-2].ID), string(evs[len(evs)-1].ID))
			// The fast subscriber keeps up while the others do not read.
			readUntil(t, ctx, fast, &tl, posted[len(posted)-2:]...)
		}
		if got := h.srv.Tracking.Subscribers(); got < 4 {
			t.Fatalf("%d subscriptions open, want the 4", got)
		}
		// The stalled ones finally read: everything is there, nothing twice.
		for i, s := range stalled {
			var st timeline
			readUntil(t, ctx, s, &st, posted...)
			if len(st.ids) != len(tl.ids) {
				t.Fatalf("stalled subscriber %d: %d events, the fast one %d", i, len(st.ids), len(tl.ids))
			}
		}
	})
}

func recvError(t *testing.T, ctx context.Context, sub *gqltest.Subscription) string {
	t.Helper()
	select {
	case e := <-sub.Errors:
		return string(e)
	case m, ok := <-sub.Next:
		if !ok {
			// The reader queues an error before it closes Next, so both
			// may be ready at once: prefer the error.
			select {
			case e := <-sub.Errors:
				return string(e)
			default:
				return "closed"
			}
		}
		t.Fatalf("want an error, got data %s", m)
	case <-ctx.Done():
		t.Fatal("timed out waiting for an error")
	}
	return ""
}

// TestOrderAlertAndBoardSubscriptions: orderUpdated for the order's owner
// and staff, opsAlerts and shipmentsUpdated for staff only.
func TestOrderAlertAndBoardSubscriptions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := newTrackingHarness(t, db)
		n := seed.DemoTrackingNumber
		shp := parcel(t, db, n)
		c := carrierOf(t, db, n)
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		url := h.ts.URL + "/graphql"
		cust := h.as(t, "customer@waybill.test", "waybill-customer-demo")
		agent := h.as(t, "agent@waybill.test", "waybill-agent-demo")
		wh := h.as(t, "warehouse@waybill.test", "waybill-warehouse-demo")
		tok := func(c *gqltest.Client) map[string]any { return map[string]any{"authToken": c.Token} }
		var reg struct{ Register struct{ Token *string } }
		h.gql.MustData(t, `mutation{ register(input: {email: "other.customer@example.cn", password: "other-pass-123", name: "李四"}) { token } }`, nil, &reg)
		other := map[string]any{"authToken": *reg.Register.Token}

		const orderSub = `subscription($id: ID!){ orderUpdated(orderId: $id) { id number status } }`
		mine, err := gqltest.Subscribe(t, ctx, url, gqltest.TransportWS, nil, tok(cust), orderSub, map[string]any{"id": *shp.OrderID})
		if err != nil {
			t.Fatal(err)
		}
		defer mine.Close()
		o := db.Client.Order.Query().Where(order.ID(*shp.OrderID)).OnlyX(sysCtx)
		if first := recv(t, ctx, mine); !strings.Contains(string(first), o.Number) {
			t.Fatalf("orderUpdated: %s", first)
		}
		for who, init := range map[string]map[string]any{"another customer": other, "anonymous": nil} {
			s, err := gqltest.Subscribe(t, ctx, url, gqltest.TransportWS, nil, init, orderSub, map[string]any{"id": *shp.OrderID})
			if err != nil {
				t.Fatal(err)
			}
			if e := recvError(t, ctx, s); !strings.Contains(e, "NOT_FOUND") && (init != nil || !strings.Contains(e, "UNAUTHENTICATED")) {
				t.Errorf("orderUpdated as %s: %s", who, e)
			}
			s.Close()
		}

		const alertSub = `subscription($after: String){ opsAlerts(after: $after) { kind trackingNumber message cursor } }`
		for who, init := range map[string]map[string]any{"customer": tok(cust), "anonymous": nil} {
			s, err := gqltest.Subscribe(t, ctx, url, gqltest.TransportWS, nil, init, alertSub, nil)
			if err != nil {
				t.Fatal(err)
			}
			if e := recvError(t, ctx, s); !strings.Contains(e, "FORBIDDEN") && !strings.Contains(e, "UNAUTHENTICATED") {
				t.Errorf("opsAlerts as %s: %s", who, e)
			}
			s.Close()
		}
		// From the newest alert now: deterministic whenever the server registers the subscription.
		lastSeq, err := strconv64(latestAlertCursor(t, db))
		if err != nil {
			t.Fatal(err)
		}
		alerts, err := gqltest.Subscribe(t, ctx, url, gqltest.TransportWS, nil, tok(agent), alertSub, map[string]any{"after": fmt.Sprintf("e%d", lastSeq)})
		if err != nil {
			t.Fatal(err)
		}
		defer alerts.Close()
		const boardSub = `subscription($ids: [ID!]!){ shipmentsUpdated(ids: $ids) { id status subStatus late } }`
		if s, err := gqltest.Subscribe(t, ctx, url, gqltest.TransportWS, nil, tok(cust), boardSub, map[string]any{"ids": []string{string(shp.ID)}}); err == nil {
			if e := recvError(t, ctx, s); !strings.Contains(e, "FORBIDDEN") {
				t.Errorf("shipmentsUpdated as a customer: %s", e)
			}
			s.Close()
		}
		board, err := gqltest.Subscribe(t, ctx, url, gqltest.TransportWS, nil, tok(wh), boardSub, map[string]any{"ids": []string{string(shp.ID)}})
		if err != nil {
			t.Fatal(err)
		}
		defer board.Close()
		if first := recv(t, ctx, board); !strings.Contains(string(first), string(shp.ID)) {
			t.Fatalf("shipmentsUpdated starts with the current state: %s", first)
		}

		h.clock.Add(time.Minute)
		h.webhook(t, c, batch(h.ev("subs-exc", n, "91", 0, "北京")))
		var a struct {
			OpsAlerts struct{ Kind, TrackingNumber, Cursor string }
		}
		if err := json.Unmarshal(recv(t, ctx, alerts), &a); err != nil || a.OpsAlerts.Kind != "EXCEPTION" || a.OpsAlerts.TrackingNumber != n {
			t.Fatalf("opsAlerts: %+v %v", a, err)
		}
		var b struct {
			ShipmentsUpdated struct {
				ID, Status string
				Late       bool
			}
		}
		if err := json.Unmarshal(recv(t, ctx, board), &b); err != nil || b.ShipmentsUpdated.Status != "EXCEPTION" || !b.ShipmentsUpdated.Late {
			t.Fatalf("shipmentsUpdated: %+v %v", b, err)
		}
		if again := recv(t, ctx, mine); !strings.Contains(string(again), o.Number) {
			t.Fatalf("orderUpdated after a parcel event: %s", again)
		}
		// Resuming opsAlerts from before the alert replays it.
		prev, _ := strconv64(a.OpsAlerts.Cursor)
		replay, err := gqltest.Subscribe(t, ctx, url, gqltest.TransportWS, nil, tok(agent), alertSub, map[string]any{"after": fmt.Sprintf("e%d", prev-1)})
		if err != nil {
			t.Fatal(err)
		}
		defer replay.Close()
		if got := recv(t, ctx, replay); !strings.Contains(string(got), a.OpsAlerts.Cursor) {
			t.Fatalf("replayed alert: %s", got)
		}
	})
}

func latestAlertCursor(t *testing.T, db *database.DB) string {
	t.Helper()
	var n int64
	if err := db.SQL.QueryRow(`SELECT COALESCE(MAX(seq), 0) FROM ops_alerts`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("e%d", n)
}

func strconv64(cursor string) (int64, error) {
	var n int64
	_, err := fmt.Sscanf(cursor, "e%d", &n)
	return n, err
}

// TestTwoInstancesOnPostgres: two servers on one PostgreSQL database; an
// event posted to A reaches a subscriber on B (LISTEN/NOTIFY), also across
// a dropped LISTEN connection.
func TestTwoInstancesOnPostgres(t *testing.T) {
	if !slices.Contains(testdb.Backends(t), testdb.Postgres) {
		t.Skip("needs WAYBILL_TEST_POSTGRES_URL")
	}
	url := testdb.URL(t, testdb.Postgres)
	clock := &testClock{t: seedNow}
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
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	start := func(db *database.DB) *httptest.Server {
		cfg := server.DefaultConfig()
		cfg.RatePerMinute = 0
		cfg.DatabaseURL = url
		cfg.Tracking.Now = clock.Now
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
	h := &trackingHarness{harness: &harness{db: dbA, ts: tsA, gql: &gqltest.Client{URL: tsA.URL + "/graphql"}}, clock: clock}
	n := seed.DemoTrackingNumber
	c := carrierOf(t, dbA, n)

	sub, err := gqltest.Subscribe(t, ctx, tsB.URL+"/graphql", gqltest.TransportWS, nil, nil, resumeSub, map[string]any{"n": n})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	var tl timeline
	tl.add(t, decodeMsg(t, recv(t, ctx, sub)))
	post := func(id, code string) string {
		clock.Add(time.Minute)
		if status, res := h.webhook(t, c, batch(h.ev(id, n, code, 0, "北京"))); status != 200 || res.Accepted != 1 {
			t.Fatalf("post %s to A: %d %+v", id, status, res)
		}
		e := eventsOf(t, dbA, parcel(t, dbA, n))
		return string(e[len(e)-1].ID)
	}
	readUntil(t, ctx, sub, &tl, post("two-1", "36"))
	readUntil(t, ctx, sub, &tl, post("two-2", "30"))

	// Drop every LISTEN connection: pq.Listener reconnects, and B re-reads
	// from its subscribers' cursors, so an event posted meanwhile arrives.
	if _, err := dbA.SQL.ExecContext(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid() AND query ILIKE 'listen%'`); err != nil {
		t.Fatal(err)
	}
	readUntil(t, ctx, sub, &tl, post("two-3", "44"))
	var all []string
	for _, e := range eventsOf(t, dbA, parcel(t, dbA, n)) {
		all = append(all, string(e.ID))
	}
	if !slices.Equal(tl.ids, all) {
		t.Fatalf("B's subscriber saw\n%v\nthe parcel has\n%v", tl.ids, all)
	}
}
