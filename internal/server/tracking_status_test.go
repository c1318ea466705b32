package server_test

import (
	"strings"
	"testing"
	"time"

	"github.com/waybill/waybill/ent/carrierstatusmapping"
	"github.com/waybill/waybill/ent/opsalert"
	"github.com/waybill/waybill/ent/shipment"
	"github.com/waybill/waybill/ent/trackingevent"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/server"
	"github.com/waybill/waybill/internal/testdb"
	"github.com/waybill/waybill/internal/tracking"
)

// TestMappingTable: built-in codes, a carrier's own row winning over them,
// and an unknown code kept raw without an exception or a step back.
func TestMappingTable(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := newTrackingHarness(t, db)
		if err := h.srv.Tracking.EnsureMappings(sysCtx); err != nil {
			t.Fatal(err)
		}
		if err := h.srv.Tracking.EnsureMappings(sysCtx); err != nil { // idempotent
			t.Fatal(err)
		}
		carriers := db.Client.Carrier.Query().CountX(sysCtx)
		if n := db.Client.CarrierStatusMapping.Query().CountX(sysCtx); n != carriers*len(tracking.DefaultMappings) {
			t.Fatalf("%d mapping rows for %d carriers", n, carriers)
		}
		shp := inTransitParcel(t, db)
		c := carrierOf(t, db, shp.TrackingNumber)

		// Built-in: 30 is an arrival at a hub.
		if code, res := h.webhook(t, c, batch(h.ev("map-1", shp.TrackingNumber, "30", 0, "南京"))); code != 200 || res.Accepted != 1 {
			t.Fatalf("%d %+v", code, res)
		}
		got := parcel(t, db, shp.TrackingNumber)
		if got.Status != shipment.StatusIN_TRANSIT || got.SubStatus != "ARRIVED_AT_HUB" {
			t.Fatalf("code 30: %s/%s", got.Status, got.SubStatus)
		}

		// The carrier's own row: staff may read the table, only admins change it.
		admin := h.admin(t)
		wh := h.as(t, "warehouse@waybill.test", "waybill-warehouse-demo")
		var page struct {
			CarrierStatusMappings struct{ TotalCount int }
		}
		wh.MustData(t, `query($c: ID!){ carrierStatusMappings(where: {carrierID: $c}) { totalCount } }`, map[string]any{"c": c.ID}, &page)
		if page.CarrierStatusMappings.TotalCount != len(tracking.DefaultMappings) {
			t.Fatalf("the carrier's table has %d rows", page.CarrierStatusMappings.TotalCount)
		}
		const set = `mutation($in: SetCarrierStatusMappingInput!){ setCarrierStatusMapping(input: $in) { mapping { code status subStatus } userErrors { code field } } }`
		in := map[string]any{"carrierId": c.ID, "code": "X-OFD", "status": "OUT_FOR_DELIVERY", "subStatus": "WITH_COURIER"}
		if res := wh.Do(t, set, map[string]any{"in": in}); res.Code() != "FORBIDDEN" {
			t.Fatalf("warehouse staff changed a mapping: %+v", res.Errors)
		}
		var out struct {
			SetCarrierStatusMapping struct {
				Mapping    *struct{ Code, Status, SubStatus string }
				UserErrors []struct{ Code string }
			}
		}
		admin.MustData(t, set, map[string]any{"in": in}, &out)
		if out.SetCarrierStatusMapping.Mapping == nil || out.SetCarrierStatusMapping.Mapping.Status != "OUT_FOR_DELIVERY" {
			t.Fatalf("set mapping: %+v", out.SetCarrierStatusMapping)
		}
		bad := map[string]any{"carrierId": c.ID, "code": "", "status": "IN_TRANSIT"}
		admin.MustData(t, set, map[string]any{"in": bad}, &out)
		if len(out.SetCarrierStatusMapping.UserErrors) != 1 || out.SetCarrierStatusMapping.UserErrors[0].Code != "INVALID_CODE" {
			t.Fatalf("empty code: %+v", out.SetCarrierStatusMapping)
		}
		// A carrier row overrides the built-in one too.
		admin.MustData(t, set, map[string]any{"in": map[string]any{"carrierId": c.ID, "code": "36", "status": "IN_TRANSIT", "subStatus": "LINEHAUL"}}, &out)
		if n := db.Client.CarrierStatusMapping.Query().Where(carrierstatusmapping.CarrierID(c.ID), carrierstatusmapping.Code("36")).CountX(sysCtx); n != 1 {
			t.Fatalf("code 36 has %d rows", n)
		}
		h.clock.Add(time.Minute)
		h.webhook(t, c, batch(h.ev("map-2", shp.TrackingNumber, "36", 0, "南京")))
		if got := parcel(t, db, shp.TrackingNumber); got.SubStatus != "LINEHAUL" {
			t.Fatalf("overridden code 36: %s", got.SubStatus)
		}
		h.clock.Add(time.Minute)
		h.webhook(t, c, batch(h.ev("map-3", shp.TrackingNumber, "X-OFD", 0, "南京")))
		if got := parcel(t, db, shp.TrackingNumber); got.Status != shipment.StatusOUT_FOR_DELIVERY || got.SubStatus != "WITH_COURIER" {
			t.Fatalf("carrier code X-OFD: %s/%s", got.Status, got.SubStatus)
		}

		// Unknown: stored with the raw code, flagged, no exception, no step back.
		h.clock.Add(time.Minute)
		if code, res := h.webhook(t, c, batch(h.ev("map-4", shp.TrackingNumber, "Q-771", 0, ""))); code != 200 || res.Accepted != 1 {
			t.Fatalf("unknown code: %d %+v", code, res)
		}
		e := db.Client.TrackingEvent.Query().Where(trackingevent.DedupeKey("carrier:" + c.Code + ":map-4")).OnlyX(sysCtx)
		if e.CarrierCode != "Q-771" || !e.Unmapped || e.SubStatus != "UNMAPPED" || e.Status == trackingevent.StatusEXCEPTION {
			t.Fatalf("unknown code stored as %+v", e)
		}
		if got := parcel(t, db, shp.TrackingNumber); got.Status != shipment.StatusOUT_FOR_DELIVERY || got.Late {
			t.Fatalf("after an unknown code: %s late=%v", got.Status, got.Late)
		}
	})
}

// TestOutOfOrderEvents: late arrivals never roll a parcel back, delivery is
// terminal, an explicit return reopens it — over webhooks, in one batch or
// several.
func TestOutOfOrderEvents(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := newTrackingHarness(t, db)
		shp := inTransitParcel(t, db)
		c := carrierOf(t, db, shp.TrackingNumber)
		n := shp.TrackingNumber
		status := func() string { p := parcel(t, db, n); return string(p.Status) + "/" + p.SubStatus }
		// Events happen at base+1h…base+5h; the clock is past them all (events
		// from the future are refused).
		h.clock.Add(12 * time.Hour)
		base := -10 * time.Hour

		h.webhook(t, c, batch(h.ev("ooo-ofd", n, "44", base+2*time.Hour, shp.DestinationCity)))
		h.webhook(t, c, batch(h.ev("ooo-hub", n, "30", base+time.Hour, shp.DestinationCity))) // older, arrives later
		if s := status(); s != "OUT_FOR_DELIVERY/" {
			t.Fatalf("after a late older event: %s", s)
		}
		// One batch in reverse order: delivered wins, later noise does not undo it.
		h.webhook(t, c, batch(h.ev("ooo-noise", n, "36", base+4*time.Hour, shp.DestinationCity), h.ev("ooo-dl", n, "80", base+3*time.Hour, shp.DestinationCity)))
		if s := status(); s != "DELIVERED/SIGNED" {
			t.Fatalf("after delivery and a later scan: %s", s)
		}
		if p := parcel(t, db, n); p.DeliveredAt == nil || !p.DeliveredAt.Equal(h.clock.Now().Add(base+3*time.Hour)) {
			t.Fatalf("delivered at %v", p.DeliveredAt)
		}
		h.webhook(t, c, batch(h.ev("ooo-rts", n, "90", base+5*time.Hour, shp.DestinationCity)))
		if s := status(); s != "IN_TRANSIT/RETURN_TO_SENDER" {
			t.Fatalf("after a return started: %s", s)
		}
		h.webhook(t, c, batch(h.ev("ooo-old-dl", n, "81", base+150*time.Minute, shp.DestinationCity)))
		if s := status(); s != "IN_TRANSIT/RETURN_TO_SENDER" {
			t.Fatalf("an old delivery report ended the return: %s", s)
		}
		// Every event is kept, numbered in the order stored.
		evs := eventsOf(t, db, parcel(t, db, n))
		var codes []string
		for _, e := range evs[len(evs)-6:] {
			codes = append(codes, e.CarrierCode)
		}
		if strings.Join(codes, ",") != "44,30,36,80,90,81" {
			t.Fatalf("stored: %v", codes)
		}
		// The public view reads newest first by time.
		var out struct {
			TrackParcel struct {
				Status string
				Events []struct{ SubStatus, Cursor string }
			}
		}
		h.gql.MustData(t, `query($n:String!){ trackParcel(trackingNumber:$n){ status events { subStatus cursor } } }`, map[string]any{"n": n}, &out)
		if out.TrackParcel.Events[0].SubStatus != "RETURN_TO_SENDER" || out.TrackParcel.Events[1].SubStatus != "DEPARTED_HUB" {
			t.Fatalf("timeline: %+v", out.TrackParcel.Events[:3])
		}
	})
}

// TestExpiry: a parcel silent for longer than the limit becomes EXPIRED,
// once, with an event, a flag and one alert; the next carrier event brings
// it back.
func TestExpiry(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := newTrackingHarness(t, db, func(c *server.Config) { c.Tracking.ExpireAfter = 72 * time.Hour })
		shp := inTransitParcel(t, db)
		last := *shp.LastEventAt
		h.clock.Set(last.Add(71 * time.Hour))
		if _, err := h.srv.Tracking.ExpireSilent(sysCtx); err != nil {
			t.Fatal(err)
		}
		if got := parcel(t, db, shp.TrackingNumber); got.Status != shipment.StatusIN_TRANSIT {
			t.Fatalf("expired early: %s", got.Status)
		}
		h.clock.Set(last.Add(73 * time.Hour))
		n, err := h.srv.Tracking.ExpireSilent(sysCtx)
		if err != nil || n == 0 {
			t.Fatalf("expired %d: %v", n, err)
		}
		again, err := h.srv.Tracking.ExpireSilent(sysCtx)
		if err != nil || again != 0 {
			t.Fatalf("second sweep expired %d more: %v", again, err)
		}
		got := parcel(t, db, shp.TrackingNumber)
		if got.Status != shipment.StatusEXPIRED || got.SubStatus != "NO_UPDATES" || got.ExpiredAt == nil || !got.Late || got.LateReason == "" {
			t.Fatalf("after the sweep: %s/%s expired_at=%v late=%v", got.Status, got.SubStatus, got.ExpiredAt, got.Late)
		}
		if !got.LastEventAt.Equal(last) {
			t.Fatalf("the system event moved the last carrier event time: %v", got.LastEventAt)
		}
		evs := eventsOf(t, db, got)
		if e := evs[len(evs)-1]; e.Status != trackingevent.StatusEXPIRED || e.Source != trackingevent.SourceSYSTEM {
			t.Fatalf("last event: %+v", e)
		}
		if n := db.Client.OpsAlert.Query().Where(opsalert.ShipmentID(got.ID), opsalert.KindEQ(opsalert.KindEXPIRED)).CountX(sysCtx); n != 1 {
			t.Fatalf("%d EXPIRED alerts", n)
		}
		// The carrier speaks again.
		c := carrierOf(t, db, got.TrackingNumber)
		h.webhook(t, c, batch(h.ev("exp-back", got.TrackingNumber, "30", 0, got.DestinationCity)))
		got = parcel(t, db, shp.TrackingNumber)
		if got.Status != shipment.StatusIN_TRANSIT || got.ExpiredAt != nil {
			t.Fatalf("after a new event: %s expired_at=%v", got.Status, got.ExpiredAt)
		}
	})
}

// TestETARecomputedOnEveryEvent: each event moves the ETA window the way
// the journey went.
func TestETARecomputedOnEveryEvent(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := newTrackingHarness(t, db)
		shp := inTransitParcel(t, db)
		c := carrierOf(t, db, shp.TrackingNumber)
		n := shp.TrackingNumber
		window := func() (time.Time, time.Time) {
			p := parcel(t, db, n)
			if p.EtaFrom == nil || p.EtaTo == nil || p.EtaFrom.After(*p.EtaTo) {
				t.Fatalf("eta %v..%v", p.EtaFrom, p.EtaTo)
			}
			return *p.EtaFrom, *p.EtaTo
		}
		h.webhook(t, c, batch(h.ev("eta-1", n, "36", 0, shp.OriginCity)))
		_, to1 := window()
		h.clock.Add(time.Hour)
		h.webhook(t, c, batch(h.ev("eta-2", n, "31", 0, shp.OriginCity))) // a backlog
		_, to2 := window()
		if !to2.After(to1) {
			t.Fatalf("a delay must push the ETA: %v then %v", to1, to2)
		}
		h.clock.Add(time.Hour)
		h.webhook(t, c, batch(h.ev("eta-3", n, "30", 0, shp.DestinationCity)))
		_, to3 := window()
		if !to3.Before(to2) {
			t.Fatalf("arriving at the destination must bring the ETA forward: %v then %v", to2, to3)
		}
		h.clock.Add(time.Hour)
		h.webhook(t, c, batch(h.ev("eta-4", n, "44", 0, shp.DestinationCity)))
		from4, to4 := window()
		if !to4.Before(to3) || from4.Before(h.clock.Now().Add(-time.Hour)) {
			t.Fatalf("out for delivery: %v..%v after %v", from4, to4, to3)
		}
		h.clock.Add(time.Hour)
		h.webhook(t, c, batch(h.ev("eta-5", n, "80", 0, shp.DestinationCity)))
		from5, to5 := window()
		if !from5.Equal(h.clock.Now()) || !to5.Equal(from5) {
			t.Fatalf("delivered: %v..%v", from5, to5)
		}
	})
}

// TestLateDetectionRaisesOneAlert: a parcel whose ETA passes its promised
// date, or that hits an exception, is flagged late with a reason, and ops
// get exactly one alert per parcel and kind however many events follow.
func TestLateDetectionRaisesOneAlert(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := newTrackingHarness(t, db)
		shp := inTransitParcel(t, db)
		c := carrierOf(t, db, shp.TrackingNumber)
		n := shp.TrackingNumber
		// Promise today: the next event's ETA is after it.
		db.Client.Shipment.UpdateOneID(shp.ID).SetPromisedDate(h.clock.Now().Add(time.Hour)).SetLate(false).ExecX(sysCtx)
		for i, code := range []string{"36", "30", "36"} {
			h.clock.Add(10 * time.Minute)
			h.webhook(t, c, batch(h.ev("late-"+code+string(rune('a'+i)), n, code, 0, shp.OriginCity)))
		}
		p := parcel(t, db, n)
		if !p.Late || !strings.Contains(p.LateReason, "promised") {
			t.Fatalf("late=%v reason %q eta %v promised %v", p.Late, p.LateReason, p.EtaTo, p.PromisedDate)
		}
		alerts := func(kind opsalert.Kind) int {
			return db.Client.OpsAlert.Query().Where(opsalert.ShipmentID(shp.ID), opsalert.KindEQ(kind)).CountX(sysCtx)
		}
		if alerts(opsalert.KindLATE) != 1 {
			t.Fatalf("%d LATE alerts", alerts(opsalert.KindLATE))
		}
		// Exceptions: flagged, one alert of that kind, whatever follows.
		for i, code := range []string{"91", "92", "91"} {
			h.clock.Add(10 * time.Minute)
			h.webhook(t, c, batch(h.ev("exc-"+code+string(rune('a'+i)), n, code, 0, shp.OriginCity)))
		}
		if alerts(opsalert.KindEXCEPTION) != 1 || alerts(opsalert.KindLATE) != 1 {
			t.Fatalf("alerts: %d EXCEPTION, %d LATE", alerts(opsalert.KindEXCEPTION), alerts(opsalert.KindLATE))
		}
		var out struct {
			TrackParcel struct {
				Late       bool
				LateReason string
				Status     string
			}
		}
		h.gql.MustData(t, `query($n:String!){ trackParcel(trackingNumber:$n){ status late lateReason } }`, map[string]any{"n": n}, &out)
		if !out.TrackParcel.Late || out.TrackParcel.Status != "EXCEPTION" || !strings.Contains(out.TrackParcel.LateReason, "problem") {
			t.Fatalf("public view: %+v", out.TrackParcel)
		}
		// Staff see the alerts; customers do not.
		var list struct {
			OpsAlerts struct {
				Edges []struct {
					Node struct{ Kind, TrackingNumber, Cursor string }
				}
			}
		}
		h.as(t, "agent@waybill.test", "waybill-agent-demo").MustData(t,
			`query($id: ID!){ opsAlerts(first: 10, where: {shipmentID: $id}) { edges { node { kind trackingNumber cursor } } } }`,
			map[string]any{"id": shp.ID}, &list)
		if len(list.OpsAlerts.Edges) != 2 || list.OpsAlerts.Edges[0].Node.TrackingNumber != n {
			t.Fatalf("alerts: %+v", list.OpsAlerts.Edges)
		}
		res := h.as(t, "customer@waybill.test", "waybill-customer-demo").Do(t, `{ opsAlerts(first: 1) { totalCount } }`, nil)
		if res.Code() != "FORBIDDEN" {
			t.Fatalf("a customer read ops alerts: %s %+v", res.Data, res.Errors)
		}
	})
}
