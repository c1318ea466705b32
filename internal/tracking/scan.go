package tracking

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/shipment"
	"github.com/waybill/waybill/ent/trackingevent"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/geo"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/s10"
	"github.com/waybill/waybill/internal/viewer"
)

// ScanInput is a hub or courier scan.
type ScanInput struct {
	TrackingNumber string
	Status         trackingevent.Status
	SubStatus      string
	City           string
	LocationName   string
	Description    string
	OccurredAt     *time.Time // default: now
	// IdempotencyKey makes a retried scan one scan.
	IdempotencyKey string
}

// ScanResult is what a scan did.
type ScanResult struct {
	Event     *ent.TrackingEvent
	Shipment  *ent.Shipment
	Duplicate bool // the idempotency key was seen before; nothing changed
}

// RecordScan records a scan by warehouse staff or a courier (RecordScans).
// Problems the caller can fix come back as Invalid errors with a code. A
// carrier API token scans only its own carrier's parcels: any other parcel
// is answered exactly like an unknown tracking number.
func (s *Service) RecordScan(ctx context.Context, in ScanInput) (*ScanResult, error) {
	const op = "tracking.RecordScan"
	if err := auth.Require(ctx, auth.RecordScans); err != nil {
		return nil, err
	}
	carrier, err := s.scanCarrier(ctx)
	if err != nil {
		return nil, err
	}
	number, err := checkNumber(op, in.TrackingNumber)
	if err != nil {
		return nil, err
	}
	var list errs.List
	if trackingevent.StatusValidator(in.Status) != nil || in.Status == trackingevent.StatusEXPIRED {
		list = append(list, errs.E(op, errs.Invalid, "INVALID_STATUS", "Choose the status the scan shows (EXPIRED is set by Waybill).").At("input", "status"))
	}
	city := strings.TrimSuffix(strings.TrimSpace(in.City), "市")
	if city != "" {
		c, ok := geo.Lookup(city)
		if !ok {
			list = append(list, errs.E(op, errs.Invalid, "UNKNOWN_CITY", "Unknown city; use its Chinese or English name.").At("input", "city"))
		} else {
			city = c.Name
		}
	}
	if len(in.IdempotencyKey) > maxRef {
		list = append(list, errs.E(op, errs.Invalid, "TOO_LONG", "The idempotency key is at most 128 characters.").At("input", "idempotencyKey"))
	}
	at := s.now()
	if in.OccurredAt != nil {
		at = in.OccurredAt.UTC()
		if code, msg := checkTime(at, s.now()); code != "" {
			list = append(list, errs.E(op, errs.Invalid, code, msg).At("input", "occurredAt"))
		}
	}
	if err := list.Err(); err != nil {
		return nil, err
	}
	key := "scan:" + string(pulid.New("scn"))
	if in.IdempotencyKey != "" {
		key = "scan:" + scanner(viewer.FromContext(ctx)) + ":" + in.IdempotencyKey
	}
	src := trackingevent.SourceSCAN
	res, err := s.Ingest(ctx, Batch{Carrier: carrier, Events: []EventInput{{
		Ref: in.IdempotencyKey, TrackingNumber: number, DedupeKey: key, Status: in.Status, SubStatus: in.SubStatus,
		City: city, LocationName: in.LocationName, Description: in.Description, OccurredAt: at, Source: src,
	}}})
	if err != nil {
		return nil, err
	}
	if len(res.Rejected) > 0 {
		return nil, rejection(op, res.Rejected[0])
	}
	sys := viewer.SystemContext(ctx)
	c := s.clientFor(ctx)
	if res.Duplicates > 0 {
		ev, err := c.TrackingEvent.Query().Where(trackingevent.DedupeKey(key)).Only(sys)
		if err != nil {
			return nil, errs.Wrap(op, err)
		}
		shp, err := c.Shipment.Get(sys, ev.ShipmentID)
		if err != nil {
			return nil, errs.Wrap(op, err)
		}
		return &ScanResult{Event: ev, Shipment: shp, Duplicate: true}, nil
	}
	ev := res.Stored[0]
	return &ScanResult{Event: ev, Shipment: res.Shipments[ev.ShipmentID]}, nil
}

// PositionResult says whether a position was kept.
type PositionResult struct {
	Accepted bool // false: throttled (too soon after the last one) or older than it
	Shipment *ent.Shipment
}

// ReportPosition records a courier's GPS position for a parcel
// (RecordScans; a carrier API token for its own carrier's parcels only).
// Positions are throttled per parcel; one that enters a new city on the way
// becomes a tracking event.
func (s *Service) ReportPosition(ctx context.Context, trackingNumber string, lat, lng float64, at *time.Time) (*PositionResult, error) {
	const op = "tracking.ReportPosition"
	if err := auth.Require(ctx, auth.RecordScans); err != nil {
		return nil, err
	}
	carrier, err := s.scanCarrier(ctx)
	if err != nil {
		return nil, err
	}
	number, err := checkNumber(op, trackingNumber)
	if err != nil {
		return nil, err
	}
	t := s.now()
	if at != nil {
		t = at.UTC()
	}
	res, err := s.Ingest(ctx, Batch{Carrier: carrier, Positions: []PositionInput{{TrackingNumber: number, Latitude: lat, Longitude: lng, At: t}}})
	if err != nil {
		return nil, err
	}
	if len(res.Rejected) > 0 {
		return nil, rejection(op, res.Rejected[0])
	}
	out := &PositionResult{Accepted: res.Positions > 0}
	for _, shp := range res.Shipments {
		out.Shipment = shp
	}
	if out.Shipment == nil {
		shp, err := s.clientFor(ctx).Shipment.Query().Where(shipment.TrackingNumber(number)).Only(viewer.SystemContext(ctx))
		if err != nil {
			return nil, errs.Wrap(op, err)
		}
		out.Shipment = shp
	}
	return out, nil
}

// scanner names who scans, for idempotency keys: the account, or the
// carrier of a carrier token (a carrier's systems share their keys).
func scanner(v *viewer.Viewer) string {
	if v.Carrier() && v.AccountID == "" {
		return "carrier:" + string(v.CarrierID)
	}
	return string(v.AccountID)
}

// checkNumber normalizes a tracking number typed by a person and checks
// its S10 check digit.
func checkNumber(op, n string) (string, error) {
	number := s10.Normalize(n)
	if err := s10.Validate(number); err != nil {
		msg := "This is not a tracking number (two letters, nine digits, two letters)."
		if errors.Is(err, s10.ErrCheckDigit) {
			msg = "The check digit does not match: a digit was probably mistyped."
		}
		return "", errs.E(op, errs.Invalid, "INVALID_TRACKING_NUMBER", msg).At("input", "trackingNumber")
	}
	return number, nil
}

// rejection turns an Ingest rejection into a user error on the input field.
func rejection(op string, r Rejection) error {
	field := map[string]string{
		"UNKNOWN_PARCEL": "trackingNumber", "INVALID_TRACKING_NUMBER": "trackingNumber",
		"INVALID_TIME": "occurredAt", "INVALID_POSITION": "latitude", "TOO_LONG": "description",
	}[r.Code]
	e := errs.E(op, errs.Invalid, r.Code, r.Message)
	if field != "" {
		return e.At("input", field)
	}
	return e.At("input")
}
