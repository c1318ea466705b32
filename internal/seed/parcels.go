package seed

import (
	"fmt"
	"math"
	"time"

	"github.com/waybill/waybill/internal/geo"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/s10"
)

type shipRow struct {
	id           pulid.ID
	order        *orderRow
	tracking     string
	carrier      *carrierRow
	wh           *warehouseRow
	service      string
	isReturn     bool
	origin, dest geo.City
	items        []*shipItem
	events       []*trackEvent
	status, sub  string
	late         bool
	lateReason   string
	alert        string        // the ops alert the tracking service raised for it: EXCEPTION or LATE
	alertOff     time.Duration // when (the event that raised it)
	weight       int
	cost         int64

	createdOff, shippedOff time.Duration
	delivered              bool
	deliveredOff           time.Duration
	plannedOff             time.Duration // the ETA's centre
	onTimeOff              time.Duration // late parcels: when it would have arrived
	etaFrom, etaTo         time.Time
}

type shipItem struct {
	id   pulid.ID
	line *lineRow
	qty  int
}

type trackEvent struct {
	id                pulid.ID
	status, sub, code string
	desc, loc         string
	city              geo.City
	off               time.Duration
}

func (g *gen) newTrackingNumber(c *carrierRow) string {
	for {
		n, err := s10.Format(c.def.prefix, g.intn(s10.MaxSerial+1), "CN")
		if err != nil {
			panic(err)
		}
		if !g.tracking[n] {
			g.tracking[n] = true
			return n
		}
	}
}

// newShipment makes a parcel of lines handed over at start (offset).
func (g *gen) newShipment(o *orderRow, c *carrierRow, w *warehouseRow, lines []*lineRow, isReturn bool, start time.Duration) *shipRow {
	s := &shipRow{id: pulid.New("shp"), order: o, carrier: c, wh: w, isReturn: isReturn, shippedOff: start,
		origin: w.city, dest: o.addr.city}
	if isReturn {
		s.origin, s.dest = o.addr.city, w.city
	}
	if o.spec.demo && !isReturn {
		s.tracking = DemoTrackingNumber
	} else {
		s.tracking = g.newTrackingNumber(c)
	}
	switch o.delivery {
	case "EXPRESS", "NEXT_DAY":
		s.service = o.delivery
	default:
		s.service = "STANDARD"
		if o.channel == "MARKETPLACE" && g.chance(0.4) {
			s.service = "ECONOMY"
		}
	}
	if isReturn {
		s.service = "ECONOMY"
	}
	s.weight = 150 // box and filling
	for _, l := range lines {
		s.items = append(s.items, &shipItem{id: pulid.New("shi"), line: l, qty: l.qty})
		s.weight += l.prod.def.grams * l.qty
	}
	kg := int64(math.Ceil(float64(s.weight) / 1000))
	if c.def.code == "SF" {
		s.cost = 1200 + 500*(kg-1)
	} else {
		s.cost = 600 + 200*(kg-1)
	}
	if s.service == "EXPRESS" || s.service == "NEXT_DAY" {
		s.cost = s.cost * 3 / 2
	}
	o.shipments = append(o.shipments, s)
	return s
}

// route returns the sorting hubs between two cities: none within a region,
// one on the way for a long trip.
func route(from, to geo.City) []geo.City {
	direct := from.Point().DistanceTo(to.Point())
	if direct < 700 {
		return nil
	}
	var best geo.City
	bestDetour := math.Inf(1)
	for _, name := range hubCities {
		h := hub(name)
		if h.Name == from.Name || h.Name == to.Name {
			continue
		}
		a, b := from.Point().DistanceTo(h.Point()), h.Point().DistanceTo(to.Point())
		if a < 200 || b < 200 {
			continue
		}
		if detour := a + b - direct; detour < bestDetour {
			best, bestDetour = h, detour
		}
	}
	if bestDetour > 0.15*direct {
		return nil
	}
	return []geo.City{best}
}

// travel is the time a parcel takes between two hubs.
func (g *gen) travel(s *shipRow, a, b geo.City) time.Duration {
	km := a.Point().DistanceTo(b.Point())
	air := s.service == "EXPRESS" || s.service == "NEXT_DAY" || (s.carrier.def.code == "SF" && km > 800)
	if air && km > 500 {
		return time.Duration((2.5+km/800)*60)*time.Minute + g.minutes(60, 150)
	}
	return time.Duration((0.5+km/65)*60)*time.Minute + g.minutes(0, 90)
}

func (s *shipRow) hubName(c geo.City) (zh, en string) {
	return c.Name + s.carrier.def.hubZh, c.NameEn + " hub"
}

func stationName(c geo.City) (zh, en string) {
	return c.Name + "派送站", c.NameEn + " delivery station"
}

// track writes the parcel's tracking story up to stage: DELIVERED,
// IN_TRANSIT, OUT_FOR_DELIVERY, EXCEPTION, ATTEMPT_FAIL, LATE or DEMO.
func (g *gen) track(s *shipRow, stage string) {
	cz, ce := s.carrier.def.nameZh, s.carrier.def.name
	var all []*trackEvent
	add := func(status, sub, code string, off time.Duration, c geo.City, loc, desc string) {
		all = append(all, &trackEvent{id: pulid.New("tev"), status: status, sub: sub, code: code, off: off, city: c, loc: loc, desc: desc})
	}
	t := s.shippedOff
	if s.isReturn {
		s.createdOff = t - g.minutes(60, 300)
		st, _ := stationName(s.origin)
		add("INFO_RECEIVED", "LABEL_CREATED", "10", s.createdOff, s.origin, st,
			"退货运单已生成，等待快递员上门取件 Return label created; awaiting pickup")
		add("IN_TRANSIT", "PICKED_UP", "50", t, s.origin, st,
			fmt.Sprintf("【%s】%s 已上门取件 Picked up from the sender by %s in %s", s.origin.Name, cz, ce, s.origin.NameEn))
	} else {
		s.createdOff = t - g.minutes(10, 25)
		add("INFO_RECEIVED", "LABEL_CREATED", "10", s.createdOff, s.origin, s.wh.shortName(),
			fmt.Sprintf("【%s】商家已打印面单，等待揽收 Label created; waiting for pickup in %s", s.origin.Name, s.origin.NameEn))
		add("IN_TRANSIT", "PICKED_UP", "50", t, s.origin, s.wh.shortName(),
			fmt.Sprintf("【%s】%s 已揽收 Picked up by %s in %s", s.origin.Name, cz, ce, s.origin.NameEn))
	}
	stops := append([]geo.City{s.origin}, route(s.origin, s.dest)...)
	same := s.origin.Name == s.dest.Name
	if !same {
		stops = append(stops, s.dest)
	}
	for i, c := range stops {
		hz, he := s.hubName(c)
		if i == 0 {
			t += g.minutes(60, 180)
		} else {
			t += g.travel(s, stops[i-1], c)
		}
		add("IN_TRANSIT", "ARRIVED_AT_HUB", "30", t, c, hz, fmt.Sprintf("快件已到达【%s】 Arrived at %s", hz, he))
		if i == len(stops)-1 && !same {
			break
		}
		var nz, ne string
		if i+1 < len(stops) {
			nz, ne = s.hubName(stops[i+1])
		} else {
			nz, ne = stationName(c)
		}
		t += g.minutes(60, 240)
		add("IN_TRANSIT", "DEPARTED_HUB", "36", t, c, hz, fmt.Sprintf("快件已从【%s】发出，下一站【%s】 Departed %s for %s", hz, nz, he, ne))
	}
	ofd := len(all)
	sz, _ := stationName(s.dest)
	t += g.minutes(180, 600)
	add("OUT_FOR_DELIVERY", "", "44", t, s.dest, sz,
		fmt.Sprintf("【%s】快递员正在派送，请保持电话畅通 Out for delivery in %s", s.dest.Name, s.dest.NameEn))
	t += g.minutes(60, 300)
	switch {
	case s.isReturn:
		add("DELIVERED", "SIGNED", "80", t, s.dest, s.wh.shortName(),
			fmt.Sprintf("退货已送达【%s】 Return delivered to %s", s.wh.shortName(), s.wh.def.name[len(s.wh.shortName())+1:]))
	case g.chance(0.3):
		add("DELIVERED", "LOCKER", "80", t, s.dest, sz,
			fmt.Sprintf("【%s】快件已放入智能快递柜，请凭取件码取件 Delivered to a parcel locker in %s", s.dest.Name, s.dest.NameEn))
	default:
		add("DELIVERED", "SIGNED", "80", t, s.dest, sz,
			fmt.Sprintf("【%s】快件已签收，签收人：本人 Delivered; signed for by the recipient in %s", s.dest.Name, s.dest.NameEn))
	}
	delivered := all[len(all)-1].off
	s.plannedOff = delivered

	// arrivals returns the in-transit arrival events a story may stop at.
	arrivals := func() []int {
		var idx []int
		for i := 2; i < ofd; i++ {
			if all[i].sub == "ARRIVED_AT_HUB" {
				idx = append(idx, i)
			}
		}
		return idx
	}
	switch stage {
	case "DELIVERED":
		s.events = all
		s.delivered, s.deliveredOff = true, delivered
	case "OUT_FOR_DELIVERY":
		s.events = all[:ofd+1]
	case "ATTEMPT_FAIL":
		s.events = all[:ofd+1]
		last := s.events[ofd]
		s.events = append(s.events, &trackEvent{id: pulid.New("tev"), status: "ATTEMPT_FAIL", sub: "RECIPIENT_UNAVAILABLE", code: "70",
			off: last.off + g.minutes(60, 180), city: last.city, loc: last.loc,
			desc: fmt.Sprintf("【%s】派送未成功：联系不上收件人，将于次日再次派送 Delivery attempt failed: recipient unreachable; will try again tomorrow", s.dest.Name)})
		s.plannedOff = delivered + day
	case "DEMO":
		s.events = all[:ofd]
	case "IN_TRANSIT":
		s.events = all[:2+g.intn(ofd-2)+1]
	case "EXCEPTION", "LATE":
		arr := arrivals()
		cut := arr[g.intn(len(arr))]
		if stage == "LATE" && len(arr) > 1 {
			cut = arr[len(arr)-2] // held up on the way, not at the last hub
		}
		s.events = all[:cut+1]
		at := s.events[cut]
		if stage == "EXCEPTION" {
			ev := &trackEvent{id: pulid.New("tev"), status: "EXCEPTION", code: "99", off: at.off + g.minutes(60, 360), city: at.city, loc: at.loc}
			if g.chance(0.5) {
				ev.sub = "DELAYED_WEATHER"
				ev.desc = fmt.Sprintf("快件在【%s】因恶劣天气滞留 Held at %s due to severe weather", at.loc, at.city.NameEn+" hub")
			} else {
				ev.sub = "DAMAGED"
				ev.desc = fmt.Sprintf("快件在【%s】外包装破损，已转入异常处理 Packaging damaged at %s; set aside for handling", at.loc, at.city.NameEn+" hub")
			}
			s.events = append(s.events, ev)
			s.plannedOff = delivered + day
		} else {
			s.events = append(s.events, &trackEvent{id: pulid.New("tev"), status: "IN_TRANSIT", sub: "DELAYED", code: "31",
				off: at.off + g.minutes(120, 240), city: at.city, loc: at.loc,
				desc: fmt.Sprintf("【%s】中转积压，快件预计延误约一天 Backlog at %s; about a day late", at.loc, at.city.NameEn+" hub")})
			s.onTimeOff = delivered
			s.plannedOff = delivered + 36*time.Hour
			s.late = true
			s.lateReason = fmt.Sprintf("%s中转积压，预计送达晚于承诺日期 Backlog at %s hub; the ETA is after the promised date", at.city.Name, at.city.NameEn)
		}
	default:
		panic("seed: unknown parcel stage " + stage)
	}
	last := s.events[len(s.events)-1]
	s.status, s.sub = last.status, last.sub
	s.order.touch(last.off)
}
