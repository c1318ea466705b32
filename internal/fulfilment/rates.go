package fulfilment

import (
	"crypto/rand"
	"errors"
	"math"
	"math/big"
	"sort"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/shipment"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/s10"
)

// The rate card: what a parcel costs by service level, billable weight and
// distance, and how long it takes. Carriers price and speed it differently.
type serviceRate struct {
	base   int64 // fen, first kilogram
	perKg  int64 // each further (started) kilogram
	per500 int64 // each full 500 km
}

var rates = map[shipment.ServiceLevel]serviceRate{
	shipment.ServiceLevelECONOMY:  {600, 150, 100},
	shipment.ServiceLevelSTANDARD: {800, 200, 150},
	shipment.ServiceLevelEXPRESS:  {1500, 500, 300},
	shipment.ServiceLevelNEXT_DAY: {2500, 800, 500},
}

// carrierProfile is how a carrier differs from the rate card.
type carrierProfile struct {
	price    float64 // multiplier
	faster   int     // days faster on STANDARD and ECONOMY
	services []shipment.ServiceLevel
}

var allServices = []shipment.ServiceLevel{shipment.ServiceLevelECONOMY, shipment.ServiceLevelSTANDARD,
	shipment.ServiceLevelEXPRESS, shipment.ServiceLevelNEXT_DAY}

var profiles = map[string]carrierProfile{
	BuiltInCarrier: {1.0, 0, allServices},
	"SF":           {1.4, 1, allServices},
	"ZTO":          {0.85, 0, allServices[:3]},
	"YTO":          {0.9, 0, allServices[:3]},
}

var defaultProfile = carrierProfile{1.0, 0, allServices[:3]}

// BuiltInCarrier is the code of Waybill's own carrier: its tracking numbers
// are UPU S10 numbers Waybill issues.
const BuiltInCarrier = "WAYBILL"

// NextDayRadiusKm: next-day delivery only this close.
const NextDayRadiusKm = 600

// UnknownDistanceKm is assumed when the destination has no coordinates.
const UnknownDistanceKm = 2000

// transitDays is how long a service takes over a distance, 0 when it does
// not serve it.
func transitDays(svc shipment.ServiceLevel, km float64, faster int) int {
	var d int
	switch svc {
	case shipment.ServiceLevelNEXT_DAY:
		if km > NextDayRadiusKm {
			return 0
		}
		return 1
	case shipment.ServiceLevelEXPRESS:
		if km <= 800 {
			return 1
		}
		return 2
	case shipment.ServiceLevelSTANDARD:
		d = 4
		if km <= 300 {
			d = 2
		} else if km <= 1200 {
			d = 3
		}
	case shipment.ServiceLevelECONOMY:
		d = 6
		if km <= 300 {
			d = 4
		} else if km <= 1200 {
			d = 5
		}
	}
	return max(d-faster, 1)
}

// Quote is one way to send a parcel.
type Quote struct {
	Carrier           *ent.Carrier
	Service           shipment.ServiceLevel
	Cost              int64 // fen
	Currency          string
	TransitDays       int
	EstimatedDelivery time.Time
	MeetsPromise      bool
	Recommended       bool
	BillableGrams     int
	DistanceKm        float64
}

// BillableGrams is the larger of the weight and the volumetric weight
// (length × width × height / 6000 cm³ per kg).
func BillableGrams(weightGrams, l, w, h int) int {
	vol := int(math.Ceil(float64(l) * float64(w) * float64(h) / 6000.0)) // mm³ / 6,000,000 per kg → grams
	return max(weightGrams, vol)
}

// Quotes prices a parcel with every active carrier and service that can
// take it, cheapest first, and marks the recommended one: the cheapest
// that arrives by the promised date, else the earliest (then cheapest).
func Quotes(carriers []*ent.Carrier, billable int, km float64, shipDay time.Time, promised *time.Time) []Quote {
	day := shipDay.UTC().Truncate(24 * time.Hour)
	var out []Quote
	for _, c := range carriers {
		if !c.Active {
			continue
		}
		prof, ok := profiles[c.Code]
		if !ok {
			prof = defaultProfile
		}
		for _, svc := range prof.services {
			days := transitDays(svc, km, prof.faster)
			if days == 0 {
				continue
			}
			r := rates[svc]
			kg := max(int64(math.Ceil(float64(billable)/1000)), 1)
			cost := float64(r.base+r.perKg*(kg-1)+r.per500*int64(km/500)) * prof.price
			q := Quote{Carrier: c, Service: svc, Cost: int64(math.Round(cost)), Currency: "CNY", TransitDays: days,
				EstimatedDelivery: day.AddDate(0, 0, days), BillableGrams: billable, DistanceKm: math.Round(km*10) / 10}
			q.MeetsPromise = promised == nil || !q.EstimatedDelivery.After(promised.UTC().Truncate(24*time.Hour))
			out = append(out, q)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Cost != out[j].Cost {
			return out[i].Cost < out[j].Cost
		}
		if out[i].TransitDays != out[j].TransitDays {
			return out[i].TransitDays < out[j].TransitDays
		}
		return out[i].Carrier.Code < out[j].Carrier.Code
	})
	best := -1
	for i, q := range out {
		if q.MeetsPromise {
			best = i
			break
		}
	}
	if best < 0 {
		for i, q := range out {
			if best < 0 || q.EstimatedDelivery.Before(out[best].EstimatedDelivery) {
				best = i
			}
		}
	}
	if best >= 0 {
		out[best].Recommended = true
	}
	return out
}

// NewTrackingNumber issues an S10 number with the carrier's two-letter
// prefix, a random serial and its check digit, for country.
func NewTrackingNumber(prefix, country string) (string, error) {
	if len(prefix) != 2 {
		prefix = "WB"
	}
	n, err := rand.Int(rand.Reader, big.NewInt(s10.MaxSerial+1))
	if err != nil {
		return "", err
	}
	return s10.Format(prefix, int(n.Int64()), country)
}

// CheckTrackingNumber normalizes a tracking number someone typed or
// scanned and validates its S10 check digit.
func CheckTrackingNumber(raw string) (string, error) {
	const op = "fulfilment.CheckTrackingNumber"
	n := s10.Normalize(raw)
	if err := s10.Validate(n); err != nil {
		msg := "This is not a tracking number (two letters, nine digits, two letters)."
		if errors.Is(err, s10.ErrCheckDigit) {
			msg = "The check digit does not match: a digit was probably mistyped."
		}
		e := errs.E(op, errs.Invalid, "INVALID_TRACKING_NUMBER", msg)
		e.Details = map[string]any{"normalized": n}
		return n, e
	}
	return n, nil
}

// newNumber is a human-facing document number: PREFIX-YYYYMMDD-XXXXX.
func newNumber(prefix string, now time.Time) string {
	id := string(pulid.New("x"))
	return prefix + "-" + now.Format("20060102") + "-" + id[len(id)-5:]
}
