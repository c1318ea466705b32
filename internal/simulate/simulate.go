// Package simulate plays carriers for a running Waybill server: it moves
// the parcels that are on their way through believable journeys between
// the seeded cities — pickup, hub arrivals and departures, line-haul with
// GPS positions, out for delivery, delivery, and now and then a backlog, a
// failed attempt or a weather hold — and posts them as signed webhooks,
// exactly as a real carrier would. It is how the demo comes alive.
//
// Journeys are compressed by a speed factor; events carry the real time
// they are posted at (the server refuses events from the future).
package simulate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/shipment"
	"github.com/waybill/waybill/ent/trackingevent"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/geo"
	"github.com/waybill/waybill/internal/seed"
	"github.com/waybill/waybill/internal/tracking"
	"github.com/waybill/waybill/internal/viewer"
)

// Options configure a run.
type Options struct {
	URL         string        // the server, e.g. http://127.0.0.1:8080
	DatabaseURL string        // read once for carriers' secrets and the parcels on their way
	Speed       float64       // simulated time per real time; 600 makes an hour six seconds
	Parcels     int           // at most this many parcels (the demo parcel first)
	MaxDuration time.Duration // stop after this long whatever is left
	PositionGap time.Duration // real time between two GPS positions of a parcel
	Seed        uint64        // journeys are random but repeatable
	Progress    io.Writer     // a progress line; nil for none
	Client      *http.Client
}

// Summary is what a run did.
type Summary struct {
	Parcels, Delivered         int
	Events, Positions          int
	Requests, Failed, Rejected int
	Elapsed                    time.Duration
}

func (s Summary) String() string {
	return fmt.Sprintf("%d/%d parcels delivered, %d events and %d positions in %d requests (%d failed, %d inputs rejected), %s",
		s.Delivered, s.Parcels, s.Events, s.Positions, s.Requests, s.Failed, s.Rejected, s.Elapsed.Round(time.Second))
}

// step is one thing that happens to a parcel, at an offset of simulated time.
type step struct {
	at   time.Duration
	code string
	city geo.City
	loc  string
	desc string
	last bool // the parcel is delivered
}

// journey is one parcel's plan.
type journey struct {
	number  string
	carrier *ent.Carrier
	steps   []step
	next    int
	// legs for GPS: between two steps the parcel moves from one city to another.
	legs    []leg
	lastPos time.Time
	n       int // events posted, for ids
}

type leg struct {
	from, to   geo.City
	start, end time.Duration
}

// Run loads the parcels, then posts their journeys until every parcel is
// delivered, MaxDuration passes or ctx ends.
func Run(ctx context.Context, o Options) (*Summary, error) {
	if o.URL == "" {
		return nil, errors.New("simulate: the server URL is required")
	}
	if o.Speed <= 0 {
		o.Speed = 600
	}
	if o.Parcels <= 0 {
		o.Parcels = 40
	}
	o.Parcels = min(o.Parcels, 2000)
	if o.MaxDuration <= 0 {
		o.MaxDuration = 15 * time.Minute
	}
	if o.PositionGap <= 0 {
		o.PositionGap = 30 * time.Second
	}
	if o.Client == nil {
		o.Client = &http.Client{Timeout: 15 * time.Second}
	}
	rng := rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15))
	journeys, err := load(ctx, o, rng)
	if err != nil {
		return nil, err
	}
	sum := &Summary{Parcels: len(journeys)}
	if len(journeys) == 0 {
		return sum, nil
	}
	start := time.Now()
	run := fmt.Sprintf("%x", start.UnixNano()) // event ids unique across runs
	deadline := start.Add(o.MaxDuration)
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	var lastProgress time.Time
	tty := isTerminal(o.Progress)
	progress := func(final bool) {
		if o.Progress == nil || (!final && time.Since(lastProgress) < time.Second) {
			return
		}
		lastProgress = time.Now()
		sum.Elapsed = time.Since(start)
		switch {
		case tty && final:
			fmt.Fprintf(o.Progress, "\rsimulate: %s\n", sum)
		case tty:
			fmt.Fprintf(o.Progress, "\rsimulate: %s ", sum)
		default:
			fmt.Fprintf(o.Progress, "simulate: %s\n", sum)
		}
	}
	for {
		now := time.Now()
		simNow := time.Duration(float64(now.Sub(start)) * o.Speed)
		batches := map[string]*tracking.WebhookBody{}
		carriers := map[string]*ent.Carrier{}
		delivering := map[string]int{}
		for _, j := range journeys {
			b := batches[j.carrier.Code]
			if b == nil {
				b = &tracking.WebhookBody{}
				batches[j.carrier.Code], carriers[j.carrier.Code] = b, j.carrier
			}
			for j.next < len(j.steps) && j.steps[j.next].at <= simNow && len(b.Events) < 400 {
				st := j.steps[j.next]
				j.next++
				j.n++
				b.Events = append(b.Events, tracking.WebhookEvent{
					ID: fmt.Sprintf("sim-%s-%s-%d", run, j.number, j.n), TrackingNumber: j.number, Code: st.code,
					Description: st.desc, Location: st.loc, City: st.city.Name, OccurredAt: now.UTC(),
				})
				if st.last {
					delivering[j.carrier.Code]++
				}
			}
			if p, ok := j.position(simNow); ok && now.Sub(j.lastPos) >= o.PositionGap && len(b.Positions) < 90 {
				j.lastPos = now
				b.Positions = append(b.Positions, tracking.WebhookPosition{TrackingNumber: j.number,
					Latitude: round5(p.Lat), Longitude: round5(p.Lng), At: now.UTC()})
			}
		}
		codes := make([]string, 0, len(batches))
		for code := range batches {
			codes = append(codes, code)
		}
		sort.Strings(codes)
		for _, code := range codes {
			b := batches[code]
			if len(b.Events)+len(b.Positions) == 0 {
				continue
			}
			res, err := post(ctx, o, carriers[code], b)
			sum.Requests++
			if err != nil {
				var fatal fatalError
				if errors.As(err, &fatal) {
					progress(true)
					return sum, err
				}
				sum.Failed++
				continue
			}
			sum.Delivered += delivering[code]
			sum.Events += res.Accepted
			sum.Positions += res.Positions
			sum.Rejected += len(res.Rejected)
		}
		progress(false)
		done := true
		for _, j := range journeys {
			if j.next < len(j.steps) {
				done = false
				break
			}
		}
		if done {
			progress(true)
			return sum, nil
		}
		select {
		case <-ctx.Done():
			progress(true)
			return sum, nil
		case <-tick.C:
		}
		if time.Now().After(deadline) {
			progress(true)
			return sum, nil
		}
	}
}

type fatalError struct{ error }

// post sends one signed batch, retrying a failed request twice; the same
// event ids make a retry harmless.
func post(ctx context.Context, o Options, c *ent.Carrier, b *tracking.WebhookBody) (*tracking.WebhookResponse, error) {
	body, err := json.Marshal(b)
	if err != nil {
		return nil, err
	}
	url := strings.TrimRight(o.URL, "/") + "/webhooks/carriers/" + strings.ToLower(c.Code)
	var last error
	for attempt := range 3 {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(time.Duration(attempt) * 500 * time.Millisecond):
			}
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(tracking.SignatureHeader, tracking.Sign(c.WebhookSecret, time.Now(), body))
		res, err := o.Client.Do(req)
		if err != nil {
			last = err
			continue
		}
		raw, _ := io.ReadAll(io.LimitReader(res.Body, 1<<20))
		res.Body.Close()
		switch {
		case res.StatusCode == http.StatusOK:
			var out tracking.WebhookResponse
			if err := json.Unmarshal(raw, &out); err != nil {
				return nil, err
			}
			return &out, nil
		case res.StatusCode == http.StatusUnauthorized:
			return nil, fatalError{fmt.Errorf("simulate: the server refused %s's signature: is --database-url the server's database? (%s)", c.Code, bytes.TrimSpace(raw))}
		case res.StatusCode >= 500:
			last = fmt.Errorf("simulate: %s: %s", res.Status, bytes.TrimSpace(raw))
		default:
			return nil, fmt.Errorf("simulate: %s: %s", res.Status, bytes.TrimSpace(raw))
		}
	}
	return nil, last
}

// load reads the carriers and the parcels on their way and plans a journey
// for each, the demo parcel first.
func load(ctx context.Context, o Options, rng *rand.Rand) ([]*journey, error) {
	if o.DatabaseURL == "" {
		return nil, errors.New("simulate: --database-url is required (the server's database: carriers' secrets and parcels)")
	}
	db, err := database.Open(ctx, o.DatabaseURL)
	if err != nil {
		return nil, err
	}
	defer func() { _ = db.Close() }()
	sys := viewer.SystemContext(ctx)
	ships, err := db.Client.Shipment.Query().
		Where(shipment.StatusIn(shipment.StatusINFO_RECEIVED, shipment.StatusIN_TRANSIT, shipment.StatusOUT_FOR_DELIVERY,
			shipment.StatusATTEMPT_FAIL, shipment.StatusEXCEPTION, shipment.StatusEXPIRED), shipment.HasCarrier()).
		WithCarrier().
		WithEvents(func(q *ent.TrackingEventQuery) {
			q.Order(ent.Desc(trackingevent.FieldOccurredAt), ent.Desc(trackingevent.FieldSeq))
		}).
		Order(ent.Asc(shipment.FieldTrackingNumber)).
		All(sys)
	if err != nil {
		return nil, fmt.Errorf("simulate: reading parcels: %w", err)
	}
	sort.SliceStable(ships, func(i, j int) bool {
		return ships[i].TrackingNumber == seed.DemoTrackingNumber && ships[j].TrackingNumber != seed.DemoTrackingNumber
	})
	var out []*journey
	for _, shp := range ships {
		if len(out) >= o.Parcels {
			break
		}
		c := shp.Edges.Carrier
		if c == nil || c.WebhookSecret == "" || !c.Active {
			continue
		}
		if j := plan(shp, c, rng); j != nil {
			out = append(out, j)
		}
	}
	return out, nil
}

// hubs are the sorting hubs: provincial capitals and the municipalities.
func hubs() []geo.City {
	var out []geo.City
	for _, c := range geo.All() {
		if c.Capital {
			out = append(out, c)
		}
	}
	return out
}

// via returns a hub on the way for a long trip, or false.
func via(from, to geo.City) (geo.City, bool) {
	direct := from.Point().DistanceTo(to.Point())
	if direct < 700 {
		return geo.City{}, false
	}
	var best geo.City
	bestDetour := math.Inf(1)
	for _, h := range hubs() {
		if h.Name == from.Name || h.Name == to.Name {
			continue
		}
		a, b := from.Point().DistanceTo(h.Point()), h.Point().DistanceTo(to.Point())
		if a < 200 || b < 200 {
			continue
		}
		if d := a + b - direct; d < bestDetour {
			best, bestDetour = h, d
		}
	}
	return best, bestDetour <= 0.15*direct
}

// travel is the simulated time between two hubs.
func travel(km float64, express bool, rng *rand.Rand) time.Duration {
	hours := 0.5 + km/65
	if express && km > 500 {
		hours = 2.5 + km/800
	}
	return time.Duration(hours*float64(time.Hour)) + minutes(rng, 0, 60)
}

func minutes(rng *rand.Rand, lo, hi int) time.Duration {
	return time.Duration(lo+rng.IntN(hi-lo+1)) * time.Minute
}

// plan continues a parcel's story from its newest event to delivery.
func plan(shp *ent.Shipment, c *ent.Carrier, rng *rand.Rand) *journey {
	dest, ok := geo.Lookup(shp.DestinationCity)
	if !ok {
		return nil
	}
	origin, ok := geo.Lookup(shp.OriginCity)
	if !ok {
		origin = dest
	}
	here, lastSub := origin, ""
	for _, e := range shp.Edges.Events { // newest first
		if city, ok := geo.Lookup(e.City); ok {
			here, lastSub = city, e.SubStatus
			break
		}
	}
	j := &journey{number: shp.TrackingNumber, carrier: c}
	express := shp.ServiceLevel == shipment.ServiceLevelEXPRESS || shp.ServiceLevel == shipment.ServiceLevelNEXT_DAY
	var t time.Duration
	add := func(gap time.Duration, code string, city geo.City, loc, desc string) {
		t += gap
		j.steps = append(j.steps, step{at: t, code: code, city: city, loc: loc, desc: desc})
	}
	hubName := func(city geo.City) (string, string) { return city.Name + "转运中心", city.NameEn + " hub" }
	switch shp.Status {
	case shipment.StatusOUT_FOR_DELIVERY, shipment.StatusATTEMPT_FAIL:
		here = dest
	default:
		if shp.Status == shipment.StatusINFO_RECEIVED {
			add(minutes(rng, 10, 40), "50", here, "", fmt.Sprintf("【%s】%s 已揽收 Picked up by %s in %s", here.Name, c.NameZh, c.Name, here.NameEn))
			lastSub = "PICKED_UP"
		}
		// The stops still ahead: a hub on the way for a long trip, then the destination.
		var stops []geo.City
		if lastSub == "PICKED_UP" || lastSub == "LABEL_CREATED" {
			stops = append(stops, here) // the origin hub comes first
		}
		if here.Name != dest.Name {
			if h, ok := via(here, dest); ok {
				stops = append(stops, h)
			}
			stops = append(stops, dest)
		}
		for _, next := range stops {
			if next.Name == here.Name {
				hz, he := hubName(here)
				add(minutes(rng, 30, 120), "30", here, hz, fmt.Sprintf("快件已到达【%s】 Arrived at %s", hz, he))
				lastSub = "ARRIVED_AT_HUB"
				continue
			}
			hz, he := hubName(here)
			nz, ne := hubName(next)
			if lastSub != "DEPARTED_HUB" {
				if rng.Float64() < 0.12 { // a backlog at the hub
					add(minutes(rng, 30, 90), "31", here, hz, fmt.Sprintf("【%s】中转积压，快件预计延误 Backlog at %s; delayed", hz, he))
					t += minutes(rng, 8*60, 20*60)
				}
				if rng.Float64() < 0.05 { // bad weather
					add(minutes(rng, 30, 90), "91", here, hz, fmt.Sprintf("快件在【%s】因恶劣天气滞留 Held at %s due to severe weather", hz, he))
					t += minutes(rng, 6*60, 18*60)
				}
				add(minutes(rng, 60, 240), "36", here, hz, fmt.Sprintf("快件已从【%s】发出，下一站【%s】 Departed %s for %s", hz, nz, he, ne))
			}
			d := travel(here.Point().DistanceTo(next.Point()), express, rng)
			j.legs = append(j.legs, leg{from: here, to: next, start: t, end: t + d})
			add(d, "30", next, nz, fmt.Sprintf("快件已到达【%s】 Arrived at %s", nz, ne))
			here, lastSub = next, "ARRIVED_AT_HUB"
		}
	}
	station := dest.Name + "派送站"
	add(minutes(rng, 120, 480), "44", dest, station, fmt.Sprintf("【%s】快递员正在派送，请保持电话畅通 Out for delivery in %s", dest.Name, dest.NameEn))
	if rng.Float64() < 0.1 {
		add(minutes(rng, 60, 180), "70", dest, station, fmt.Sprintf("【%s】派送未成功：联系不上收件人，将再次派送 Delivery attempt failed: recipient unreachable; will try again", dest.Name))
		add(minutes(rng, 12*60, 18*60), "44", dest, station, fmt.Sprintf("【%s】快递员再次派送 Out for delivery again in %s", dest.Name, dest.NameEn))
	}
	if rng.Float64() < 0.3 {
		add(minutes(rng, 60, 240), "81", dest, station, fmt.Sprintf("【%s】快件已放入智能快递柜 Delivered to a parcel locker in %s", dest.Name, dest.NameEn))
	} else {
		add(minutes(rng, 60, 240), "80", dest, station, fmt.Sprintf("【%s】快件已签收 Delivered; signed for in %s", dest.Name, dest.NameEn))
	}
	j.steps[len(j.steps)-1].last = true
	return j
}

// position is where the parcel's vehicle is at simulated time t, when it
// is on the road.
func (j *journey) position(t time.Duration) (geo.Point, bool) {
	for _, l := range j.legs {
		if t > l.start && t < l.end {
			f := float64(t-l.start) / float64(l.end-l.start)
			return geo.Point{
				Lat: l.from.Latitude + f*(l.to.Latitude-l.from.Latitude),
				Lng: l.from.Longitude + f*(l.to.Longitude-l.from.Longitude),
			}, true
		}
	}
	return geo.Point{}, false
}

func round5(x float64) float64 { return math.Round(x*1e5) / 1e5 }

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
