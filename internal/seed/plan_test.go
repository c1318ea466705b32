package seed

import (
	"io"
	"testing"
	"time"

	"github.com/waybill/waybill/internal/s10"
)

// Many seeds plan without panicking and keep the invariants the database
// test checks in depth for one seed.
func TestPlanManySeeds(t *testing.T) {
	now := time.Date(2026, 11, 21, 8, 0, 0, 0, time.UTC)
	n := 300
	if testing.Short() {
		n = 30
	}
	for seed := int64(0); seed < int64(n); seed++ {
		g := newGen(seed, now, io.Discard)
		g.plan()
		statuses := map[string]bool{}
		late := 0
		for _, o := range g.orders {
			statuses[o.status] = true
			if o.base.Before(now.Add(-30*day)) || o.abs(o.lastOff).After(now) {
				t.Fatalf("seed %d: order %s from %s to %s", seed, o.number, o.base, o.abs(o.lastOff))
			}
			for _, s := range o.shipments {
				if n := len(s.events); n < 3 || n > 10 {
					t.Fatalf("seed %d: parcel %s has %d events", seed, s.tracking, n)
				}
				if err := s10.Validate(s.tracking); err != nil {
					t.Fatalf("seed %d: %v", seed, err)
				}
				switch {
				case s.status == "EXCEPTION":
					if !s.late || s.lateReason == "" || s.alert != "EXCEPTION" {
						t.Fatalf("seed %d: exception parcel %s late %v reason %q alert %q", seed, s.tracking, s.late, s.lateReason, s.alert)
					}
				case s.late:
					late++
					if s.alert != "LATE" || s.lateReason == "" {
						t.Fatalf("seed %d: late parcel %s alert %q reason %q", seed, s.tracking, s.alert, s.lateReason)
					}
					if !s.etaFrom.After(*o.promised) {
						t.Fatalf("seed %d: late parcel %s eta %s promised %s", seed, s.tracking, s.etaFrom, *o.promised)
					}
				case !s.isReturn && s.etaTo.After(*o.promised):
					t.Fatalf("seed %d: parcel %s eta %s after promised %s", seed, s.tracking, s.etaTo, *o.promised)
				}
				if !s.isReturn && !s.delivered && !s.etaTo.After(now) {
					t.Fatalf("seed %d: parcel %s ETA in the past", seed, s.tracking)
				}
			}
		}
		// The warehouse floor: a decision for every open order, lists for
		// those being picked, cartons for the packed; PICKING never fully
		// scanned.
		for _, o := range g.orders {
			if openStatus(o.status) != (o.alloc != nil) {
				t.Fatalf("seed %d: order %s (%s) allocation %v", seed, o.number, o.status, o.alloc)
			}
			if (o.status == stPicking || o.status == stPacked) != (len(o.lists) > 0) {
				t.Fatalf("seed %d: order %s (%s) has %d pick lists", seed, o.number, o.status, len(o.lists))
			}
			for _, pl := range o.lists {
				if pl.number == "" || (o.status == stPacked) != (pl.carton != nil && pl.done) || (o.status == stPicking && pl.done) {
					t.Fatalf("seed %d: order %s (%s) list %s %s done %v carton %v", seed, o.number, o.status, pl.number, pl.status, pl.done, pl.carton)
				}
			}
		}
		for _, m := range g.moves {
			if m.time().After(now) {
				t.Fatalf("seed %d: movement in the future", seed)
			}
		}
		for _, tk := range g.tickets {
			for _, m := range tk.messages {
				if m.at.After(now) || m.at.Before(tk.created) {
					t.Fatalf("seed %d: ticket %s message at %s", seed, tk.number, m.at)
				}
			}
		}
		if len(statuses) != len(AllOrderStatuses) || late != 1 || len(g.tickets) < 6 {
			t.Fatalf("seed %d: %d statuses, %d late, %d tickets", seed, len(statuses), late, len(g.tickets))
		}
	}
}
