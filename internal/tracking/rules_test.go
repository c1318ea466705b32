package tracking

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/waybill/waybill/ent/shipment"
	"github.com/waybill/waybill/ent/trackingevent"
)

var t0 = time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)

func at(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }

func ev(status trackingevent.Status, sub string, h int) eventFacts {
	return eventFacts{Status: status, Sub: sub, At: at(h)}
}

// TestStatusRulesOutOfOrder: the current status is the newest event's,
// whatever order events arrive in; DELIVERED stays until an explicit return.
func TestStatusRulesOutOfOrder(t *testing.T) {
	cases := []struct {
		name   string
		events []eventFacts
		want   shipment.Status
		sub    string
	}{
		{"in order", []eventFacts{ev("IN_TRANSIT", "ARRIVED_AT_HUB", 1), ev("OUT_FOR_DELIVERY", "", 2)}, "OUT_FOR_DELIVERY", ""},
		{"older arrives late", []eventFacts{ev("OUT_FOR_DELIVERY", "", 2), ev("IN_TRANSIT", "ARRIVED_AT_HUB", 1)}, "OUT_FOR_DELIVERY", ""},
		{"delivered is terminal", []eventFacts{ev("DELIVERED", "SIGNED", 3), ev("IN_TRANSIT", "DEPARTED_HUB", 4)}, "DELIVERED", "SIGNED"},
		{"delivery reported late still counts", []eventFacts{ev("OUT_FOR_DELIVERY", "", 3), ev("DELIVERED", "SIGNED", 2)}, "DELIVERED", "SIGNED"},
		{"a return reopens", []eventFacts{ev("DELIVERED", "SIGNED", 3), ev("IN_TRANSIT", SubReturnToSender, 5)}, "IN_TRANSIT", SubReturnToSender},
		{"an old delivery does not end a return", []eventFacts{ev("DELIVERED", "SIGNED", 3), ev("IN_TRANSIT", SubReturnToSender, 5), ev("DELIVERED", "LOCKER", 4)}, "IN_TRANSIT", SubReturnToSender},
		{"the return delivered", []eventFacts{ev("DELIVERED", "SIGNED", 3), ev("IN_TRANSIT", SubReturnToSender, 5), ev("DELIVERED", "RETURNED", 9)}, "DELIVERED", "RETURNED"},
		{"an old return start changes nothing", []eventFacts{ev("DELIVERED", "SIGNED", 3), ev("IN_TRANSIT", SubReturnToSender, 2)}, "DELIVERED", "SIGNED"},
		{"exception then progress", []eventFacts{ev("EXCEPTION", "DELAYED_WEATHER", 1), ev("IN_TRANSIT", "DEPARTED_HUB", 2)}, "IN_TRANSIT", "DEPARTED_HUB"},
		{"unmapped keeps the status", []eventFacts{ev("OUT_FOR_DELIVERY", "", 1), {Status: "OUT_FOR_DELIVERY", Sub: SubUnmapped, At: at(2), Unmapped: true}}, "OUT_FOR_DELIVERY", ""},
		{"unmapped moves a parcel that was waiting", []eventFacts{ev("INFO_RECEIVED", "LABEL_CREATED", 1), {Status: "IN_TRANSIT", Sub: SubUnmapped, At: at(2), Unmapped: true}}, "IN_TRANSIT", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := &parcelState{Status: shipment.StatusPENDING}
			for _, e := range c.events {
				st.apply(e)
			}
			if st.Status != c.want || st.SubStatus != c.sub {
				t.Fatalf("status %s/%s, want %s/%s", st.Status, st.SubStatus, c.want, c.sub)
			}
		})
	}
}

// TestExpiredIsLeftByANewerCarrierEvent: the sweeper's system event does
// not move the last carrier event time, so the next real event clears it
// and an older one does not.
func TestExpiredIsLeftByANewerCarrierEvent(t *testing.T) {
	st := &parcelState{Status: shipment.StatusIN_TRANSIT}
	st.apply(ev("IN_TRANSIT", "DEPARTED_HUB", 1))
	st.apply(eventFacts{Status: "EXPIRED", Sub: SubNoUpdates, At: at(200), System: true})
	if st.Status != shipment.StatusEXPIRED || !st.LastEventAt.Equal(at(1)) {
		t.Fatalf("after expiry: %s last %v", st.Status, st.LastEventAt)
	}
	older := *st
	older.apply(ev("IN_TRANSIT", "ARRIVED_AT_HUB", 0))
	if older.Status != shipment.StatusEXPIRED {
		t.Fatalf("an older event must not clear EXPIRED: %s", older.Status)
	}
	st.apply(ev("IN_TRANSIT", "ARRIVED_AT_HUB", 2))
	if st.Status != shipment.StatusIN_TRANSIT {
		t.Fatalf("a newer carrier event must clear EXPIRED: %s", st.Status)
	}
}

func f(x float64) *float64 { return &x }

// TestETA: recomputed from the service level, hubs left and distance.
func TestETA(t *testing.T) {
	base := etaInput{
		Service: shipment.ServiceLevelSTANDARD, Status: shipment.StatusIN_TRANSIT, SubStatus: "DEPARTED_HUB",
		LastEventAt: ptr(at(0)), Now: at(0), Origin: "上海", Destination: "北京",
	}
	far := estimate(base)
	if !far.OK || !far.From.Before(far.To) || far.Centre.Before(far.From) || far.Centre.After(far.To) {
		t.Fatalf("window: %+v", far)
	}
	// Closer to Beijing (at Jinan), two hubs done: earlier.
	near := base
	near.Lat, near.Lng, near.HopsDone = f(36.65), f(117.12), 2
	if e := estimate(near); !e.Centre.Before(far.Centre) {
		t.Fatalf("nearer must be sooner: %v vs %v", e.Centre, far.Centre)
	}
	// Express flies: sooner than standard.
	exp := base
	exp.Service = shipment.ServiceLevelEXPRESS
	if e := estimate(exp); !e.Centre.Before(far.Centre) {
		t.Fatalf("express must be sooner: %v vs %v", e.Centre, far.Centre)
	}
	// A backlog costs about a day.
	del := base
	del.SubStatus = SubDelayed
	if e := estimate(del); e.Centre.Sub(far.Centre) < 20*time.Hour {
		t.Fatalf("a delay must push the ETA by about a day: %v vs %v", e.Centre, far.Centre)
	}
	// Out for delivery: today.
	ofd := base
	ofd.Status = shipment.StatusOUT_FOR_DELIVERY
	if e := estimate(ofd); !e.Centre.Before(at(6)) {
		t.Fatalf("out for delivery: %v", e.Centre)
	}
	// Before pickup, the service level's transit time is the floor.
	info := base
	info.Status = shipment.StatusINFO_RECEIVED
	if e := estimate(info); e.Centre.Sub(at(0)) < plans[shipment.ServiceLevelSTANDARD].transit {
		t.Fatalf("before pickup: %v", e.Centre)
	}
	// Delivered: the delivery time. Lost: no ETA.
	dl := base
	dl.Status, dl.DeliveredAt = shipment.StatusDELIVERED, ptr(at(3))
	if e := estimate(dl); !e.OK || !e.From.Equal(at(3)) || !e.To.Equal(at(3)) {
		t.Fatalf("delivered: %+v", e)
	}
	lost := base
	lost.Status, lost.SubStatus = shipment.StatusEXCEPTION, "LOST"
	if e := estimate(lost); e.OK || !e.Clear {
		t.Fatalf("lost: %+v", e)
	}
	// Never in the past for a parcel still on its way.
	stale := base
	stale.Now = at(500)
	if e := estimate(stale); e.Centre.Before(at(500)) {
		t.Fatalf("stale parcel due in the past: %v", e.Centre)
	}
	// No destination known: nothing to say.
	none := base
	none.Destination = "Atlantis"
	if e := estimate(none); e.OK {
		t.Fatalf("unknown destination: %+v", e)
	}
}

func ptr[T any](v T) *T { return &v }

func TestCursorRoundTrip(t *testing.T) {
	for _, n := range []int64{0, 1, 42, 1 << 40} {
		got, err := DecodeCursor(EncodeCursor(n))
		if err != nil || got != n {
			t.Fatalf("%d: %d %v", n, got, err)
		}
	}
	for _, bad := range []string{"", "42", "e", "e-1", "ex", "e1.5"} {
		if _, err := DecodeCursor(bad); err == nil {
			t.Fatalf("cursor %q accepted", bad)
		}
	}
}

func TestSignature(t *testing.T) {
	body := []byte(`{"events":[]}`)
	now := time.Unix(1_800_000_000, 0)
	h := Sign("whsec_1", now, body)
	if !strings.HasPrefix(h, "t=1800000000,v1=") {
		t.Fatal(h)
	}
	if err := VerifySignature("whsec_1", h, body, now.Add(4*time.Minute), 5*time.Minute); err != nil {
		t.Fatalf("valid: %v", err)
	}
	// Rotation: any of several v1 values may match.
	rotating := Sign("old", now, body) + "," + strings.Split(h, ",")[1]
	if err := VerifySignature("whsec_1", rotating, body, now, 5*time.Minute); err != nil {
		t.Fatalf("rotation: %v", err)
	}
	for name, c := range map[string]struct {
		secret, header string
		body           []byte
		now            time.Time
		want           error
	}{
		"tampered":   {"whsec_1", h, []byte(`{"events":[{}]}`), now, ErrBadSignature},
		"wrong key":  {"whsec_2", h, body, now, ErrBadSignature},
		"no secret":  {"", h, body, now, ErrBadSignature},
		"missing":    {"whsec_1", "", body, now, ErrBadSignature},
		"garbage":    {"whsec_1", "t=x,v1=zz", body, now, ErrBadSignature},
		"stale":      {"whsec_1", h, body, now.Add(6 * time.Minute), ErrStaleSignature},
		"from ahead": {"whsec_1", h, body, now.Add(-6 * time.Minute), ErrStaleSignature},
	} {
		if err := VerifySignature(c.secret, c.header, c.body, c.now, 5*time.Minute); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
	}
}

// TestSinceAndResync: a subscriber gets exactly the events after its cursor,
// or a resync when it fell too far behind.
func TestSinceAndResync(t *testing.T) {
	v := &ParcelView{}
	for i := int64(1); i <= 10; i++ {
		v.asc = append(v.asc, &ParcelEvent{seq: i, Cursor: EncodeCursor(i)})
	}
	v.maxSeq = 10
	if got := v.since(-1, 100).NewEvents; len(got) != 10 {
		t.Fatalf("from the start: %d", len(got))
	}
	if got := v.since(7, 100).NewEvents; len(got) != 3 || got[0].seq != 8 {
		t.Fatalf("after 7: %+v", got)
	}
	if got := v.since(10, 100); len(got.NewEvents) != 0 || got.Resync {
		t.Fatalf("caught up: %+v", got)
	}
	if got := v.since(2, 5); !got.Resync || len(got.NewEvents) != 0 {
		t.Fatalf("too far behind: %+v", got)
	}
}

// TestFeedMailboxMerges: an unread message is replaced by one that covers
// it and the new events; the sender never blocks.
func TestFeedMailboxMerges(t *testing.T) {
	f := &feed{svc: &Service{opts: Options{MaxCatchUp: 100}}, watchers: map[*watcher]struct{}{}}
	w := &watcher{out: make(chan *ParcelView, 1), cursor: -1}
	view := func(n int64) *ParcelView {
		v := &ParcelView{maxSeq: n}
		for i := int64(1); i <= n; i++ {
			v.asc = append(v.asc, &ParcelEvent{seq: i})
		}
		return v
	}
	f.view, f.version = view(3), 1
	f.deliver(w)
	f.view, f.version = view(5), 2
	f.deliver(w) // the first message is still unread
	f.view, f.version = view(6), 3
	f.deliver(w)
	msg := <-w.out
	if len(msg.NewEvents) != 6 || msg.NewEvents[0].seq != 1 {
		t.Fatalf("merged message: %d events", len(msg.NewEvents))
	}
	select {
	case extra := <-w.out:
		t.Fatalf("a second message: %+v", extra)
	default:
	}
	f.view, f.version = view(8), 4
	f.deliver(w)
	if msg := <-w.out; len(msg.NewEvents) != 2 || msg.NewEvents[0].seq != 7 {
		t.Fatalf("next message: %+v", msg.NewEvents)
	}
	f.deliver(w) // same version: nothing new
	select {
	case extra := <-w.out:
		t.Fatalf("repeated message: %+v", extra)
	default:
	}
}

func TestHubNeverBlocks(t *testing.T) {
	h := NewHub()
	ch, cancel := h.Subscribe("WB1")
	for range 1000 {
		h.Publish("WB1") // nobody reads: the one-slot channel coalesces
	}
	<-ch
	cancel()
	cancel()
	if h.Listeners() != 0 {
		t.Fatalf("listeners left: %d", h.Listeners())
	}
	n := 0
	stop := h.Listen("x", func() { n++ })
	h.NotifyAll()
	h.Notify("x", "y")
	stop()
	h.Notify("x")
	if n != 2 {
		t.Fatalf("calls: %d", n)
	}
}
