package tracking

import (
	"time"

	"github.com/waybill/waybill/ent/shipment"
	"github.com/waybill/waybill/internal/geo"
)

// etaInput is what the ETA is computed from: the service level, where the
// parcel is in its journey (status, hubs passed, position) and how far it
// still has to go.
type etaInput struct {
	Service     shipment.ServiceLevel
	Status      shipment.Status
	SubStatus   string
	ShippedAt   *time.Time
	LastEventAt *time.Time
	DeliveredAt *time.Time
	Now         time.Time
	Origin      string // city names (internal/geo)
	Destination string
	DestLat     *float64
	DestLng     *float64
	Lat, Lng    *float64 // the latest known position
	HopsDone    int      // sorting hubs the parcel has arrived at
}

// etaResult is an ETA window. OK is false when nothing can be said (the
// stored ETA stays); Clear asks for the stored ETA to be removed (lost).
type etaResult struct {
	OK, Clear        bool
	From, To, Centre time.Time
}

// servicePlan is what a service level promises and how it travels.
type servicePlan struct {
	transit  time.Duration // door to door, the service's nominal time
	handling time.Duration // per sorting hub
	halfSpan time.Duration // half the ETA window when little is left to go
	air      bool          // long legs fly
}

var plans = map[shipment.ServiceLevel]servicePlan{
	shipment.ServiceLevelNEXT_DAY: {transit: 20 * time.Hour, handling: time.Hour, halfSpan: 2 * time.Hour, air: true},
	shipment.ServiceLevelEXPRESS:  {transit: 36 * time.Hour, handling: 2 * time.Hour, halfSpan: 3 * time.Hour, air: true},
	shipment.ServiceLevelSTANDARD: {transit: 60 * time.Hour, handling: 3 * time.Hour, halfSpan: 4 * time.Hour},
	shipment.ServiceLevelECONOMY:  {transit: 108 * time.Hour, handling: 8 * time.Hour, halfSpan: 8 * time.Hour},
}

// Exception delays by sub-status: how long sorting out the problem takes.
var exceptionDelay = map[string]time.Duration{
	"DELAYED_WEATHER":   24 * time.Hour,
	"DAMAGED":           48 * time.Hour,
	"INCORRECT_ADDRESS": 48 * time.Hour,
	"CUSTOMS_HOLD":      72 * time.Hour,
}

const (
	lastMile      = 8 * time.Hour  // destination hub to the door: station, sorting, the courier's round
	pickupWait    = 2 * time.Hour  // label printed to picked up
	outForDeliv   = 3 * time.Hour  // out for delivery to delivered
	retryNextDay  = 24 * time.Hour // a failed attempt is retried the next day
	delayedAtHub  = 24 * time.Hour // a backlog at a hub costs about a day
	minAhead      = 2 * time.Hour  // an undelivered parcel is never due in the past
	maxHalfSpan   = 12 * time.Hour
	roadKmPerHour = 65
	airKmPerHour  = 800
)

// estimate computes the ETA window. It is recomputed on every event from
// the service level's transit time and speed, the hubs still to pass (from
// the hubs done) and the distance from the latest position to the
// destination.
func estimate(in etaInput) etaResult {
	switch {
	case in.Status == shipment.StatusDELIVERED:
		if in.DeliveredAt == nil {
			return etaResult{}
		}
		return etaResult{OK: true, From: *in.DeliveredAt, To: *in.DeliveredAt, Centre: *in.DeliveredAt}
	case in.Status == shipment.StatusEXCEPTION && in.SubStatus == "LOST":
		return etaResult{Clear: true}
	}
	plan, ok := plans[in.Service]
	if !ok {
		plan = plans[shipment.ServiceLevelSTANDARD]
	}
	dest, ok := point(in.DestLat, in.DestLng, in.Destination)
	if !ok {
		return etaResult{}
	}
	origin, haveOrigin := point(nil, nil, in.Origin)
	cur, ok := point(in.Lat, in.Lng, "")
	if !ok {
		cur, ok = origin, haveOrigin
	}
	if !ok {
		cur = dest
	}
	base := in.Now
	if in.LastEventAt != nil && in.LastEventAt.Before(in.Now) {
		base = *in.LastEventAt
	}
	if in.Status == shipment.StatusAVAILABLE_FOR_PICKUP {
		return etaResult{OK: true, From: base, To: base, Centre: base}
	}

	var remaining time.Duration
	switch in.Status {
	case shipment.StatusOUT_FOR_DELIVERY:
		remaining = outForDeliv
	case shipment.StatusATTEMPT_FAIL:
		remaining = retryNextDay
	default:
		km := cur.DistanceTo(dest)
		remaining = travelTime(km, plan) + time.Duration(hopsLeft(origin, haveOrigin, dest, in.HopsDone))*plan.handling + lastMile
		switch {
		case in.Status == shipment.StatusPENDING || in.Status == shipment.StatusINFO_RECEIVED:
			// Before pickup the service level's own transit time is the
			// better guess: parcels wait for the next line-haul.
			remaining = max(remaining+pickupWait, plan.transit)
		case in.SubStatus == SubDelayed:
			remaining += delayedAtHub
		case in.Status == shipment.StatusEXCEPTION:
			d, ok := exceptionDelay[in.SubStatus]
			if !ok {
				d = 24 * time.Hour
			}
			remaining += d
		}
	}
	centre := base.Add(remaining)
	if floor := in.Now.Add(minAhead); centre.Before(floor) {
		centre = floor
	}
	half := min(plan.halfSpan+remaining/10, maxHalfSpan)
	from := centre.Add(-half).Truncate(time.Hour)
	to := centre.Add(half)
	if t := to.Truncate(time.Hour); !t.Equal(to) {
		to = t.Add(time.Hour)
	}
	return etaResult{OK: true, From: from, To: to, Centre: centre}
}

// travelTime is the line-haul time for km: by road, or by air for the
// services that fly when the leg is long.
func travelTime(km float64, plan servicePlan) time.Duration {
	if km < 1 {
		return 0
	}
	hours := 0.5 + km/roadKmPerHour
	if plan.air && km > 500 {
		hours = 2.5 + km/airKmPerHour
	}
	return time.Duration(hours * float64(time.Hour))
}

// hopsLeft is how many sorting hubs the parcel still passes: one in the
// city of origin, one at the destination, and one on the way for a long
// trip; a parcel within one city passes one.
func hopsLeft(origin geo.Point, haveOrigin bool, dest geo.Point, done int) int {
	total := 2
	if haveOrigin {
		switch d := origin.DistanceTo(dest); {
		case d < cityRadiusKm:
			total = 1
		case d >= 700:
			total = 3
		}
	}
	return max(0, total-done)
}

func point(lat, lng *float64, city string) (geo.Point, bool) {
	if lat != nil && lng != nil {
		return geo.Point{Lat: *lat, Lng: *lng}, true
	}
	if city == "" {
		return geo.Point{}, false
	}
	c, ok := geo.Lookup(city)
	if !ok {
		return geo.Point{}, false
	}
	return c.Point(), true
}
