// Package tracking turns carrier webhooks, hub scans and courier GPS
// positions into one normalized parcel story (status, sub-status, ETA, late
// flag, ops alerts), stores it, and streams it to subscribers: within one
// process through a Hub, across instances through PostgreSQL
// LISTEN/NOTIFY. Notifications carry only ids; subscribers read from the
// database by a per-parcel cursor, so nothing is missed or repeated.
//
// The public view of a parcel carries status, events with city-level
// places, the ETA and the carrier — never a name, phone, street address or
// email.
package tracking

import (
	"context"
	"hash/fnv"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/order"
	"github.com/waybill/waybill/ent/shipment"
	"github.com/waybill/waybill/ent/trackingevent"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/geo"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// ParcelView is the public view of a parcel (GraphQL ParcelTracking).
type ParcelView struct {
	TrackingNumber  string
	Status          shipment.Status
	SubStatus       string
	CarrierName     *string
	CarrierNameZh   *string
	CarrierCode     *string
	ServiceLevel    shipment.ServiceLevel
	IsReturn        bool
	OriginCity      string
	DestinationCity string
	ShippedAt       *time.Time
	DeliveredAt     *time.Time
	PromisedDate    *time.Time
	EtaFrom         *time.Time
	EtaTo           *time.Time
	Late            bool
	LateReason      string
	LastEventAt     *time.Time
	Events          []*ParcelEvent // newest first
	Route           []*ParcelPlace
	Destination     *ParcelPlace
	Position        *ParcelPosition

	// Cursor is that of the newest event (nil without events). In a
	// subscription message, NewEvents are the events after the cursor the
	// subscriber had, oldest first; Resync says it fell so far behind that
	// they were left out.
	Cursor    *string
	NewEvents []*ParcelEvent
	Resync    bool

	maxSeq int64
	asc    []*ParcelEvent // oldest first, by cursor
}

// ParcelEvent is one public event (GraphQL ParcelEvent).
type ParcelEvent struct {
	ID           pulid.ID
	Status       trackingevent.Status
	SubStatus    string
	Description  string
	LocationName string
	City         string
	OccurredAt   time.Time
	Cursor       string
	seq          int64
}

// ParcelPlace is a city on a parcel's way, at its centre (never a street).
type ParcelPlace struct {
	City      string
	CityEn    string
	Latitude  float64
	Longitude float64
	At        *time.Time
}

// ParcelPosition is the latest vehicle position, rounded to about a kilometre.
type ParcelPosition struct {
	Latitude  float64
	Longitude float64
	At        time.Time
}

// OrderView is what trackOrder shows: the order's number and status and
// the public view of each of its parcels.
type OrderView struct {
	OrderNumber string
	Status      order.Status
	Parcels     []*ParcelView
}

// NormalizeTrackingNumber upper-cases and strips spaces and dashes.
func NormalizeTrackingNumber(n string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\t' {
			return -1
		}
		if r >= 'a' && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}, n)
}

// EncodeCursor and DecodeCursor turn a parcel's event sequence number into
// the opaque cursor clients hold, and back.
func EncodeCursor(seq int64) string { return "e" + strconv.FormatInt(seq, 10) }

// DecodeCursor parses a cursor from EncodeCursor.
func DecodeCursor(c string) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimPrefix(c, "e"), 10, 64)
	if err != nil || n < 0 || !strings.HasPrefix(c, "e") {
		return 0, errs.E("tracking.DecodeCursor", errs.Invalid, "INVALID_CURSOR", "The cursor is not one this server gave out.").At("after")
	}
	return n, nil
}

// PublicView returns the public view of a parcel, or nil when the number is
// unknown. Anyone may call it: it reads as the system and returns only
// non-personal fields.
func (s *Service) PublicView(ctx context.Context, trackingNumber string) (*ParcelView, error) {
	number := NormalizeTrackingNumber(trackingNumber)
	if number == "" || len(number) > 40 {
		return nil, nil
	}
	shp, err := publicQuery(s.clientFor(ctx).Shipment.Query().Where(shipment.TrackingNumber(number))).
		Only(viewer.SystemContext(ctx))
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, errs.Wrap("tracking.PublicView", err)
	}
	return s.publicView(ctx, shp)
}

// OrderTracking returns the public view of an order's parcels for someone
// who holds the order (checked by the caller), oldest parcel first.
func (s *Service) OrderTracking(ctx context.Context, o *ent.Order) (*OrderView, error) {
	ships, err := publicQuery(s.clientFor(ctx).Shipment.Query().Where(shipment.OrderID(o.ID))).
		Order(ent.Asc(shipment.FieldCreatedAt), ent.Asc(shipment.FieldID)).
		All(viewer.SystemContext(ctx))
	if err != nil {
		return nil, errs.Wrap("tracking.OrderTracking", err)
	}
	v := &OrderView{OrderNumber: o.Number, Status: o.Status, Parcels: make([]*ParcelView, 0, len(ships))}
	for _, shp := range ships {
		pv, err := s.publicView(ctx, shp)
		if err != nil {
			return nil, errs.Wrap("tracking.OrderTracking", err)
		}
		v.Parcels = append(v.Parcels, pv)
	}
	return v, nil
}

// publicQuery reads only what the public view shows: the tracking page is
// the hottest read there is, and every column costs (times most of all).
func publicQuery(q *ent.ShipmentQuery) *ent.ShipmentQuery {
	return q.Select(shipment.FieldTrackingNumber, shipment.FieldStatus, shipment.FieldSubStatus, shipment.FieldServiceLevel,
		shipment.FieldIsReturn, shipment.FieldOriginCity, shipment.FieldDestinationCity, shipment.FieldShippedAt,
		shipment.FieldDeliveredAt, shipment.FieldPromisedDate, shipment.FieldEtaFrom, shipment.FieldEtaTo, shipment.FieldLate,
		shipment.FieldLateReason, shipment.FieldLastEventAt, shipment.FieldCurrentLatitude, shipment.FieldCurrentLongitude,
		shipment.FieldPositionAt, shipment.FieldCarrierID).
		WithEvents(func(q *ent.TrackingEventQuery) {
			q.Select(trackingevent.FieldStatus, trackingevent.FieldSubStatus, trackingevent.FieldDescription,
				trackingevent.FieldLocationName, trackingevent.FieldCity, trackingevent.FieldOccurredAt, trackingevent.FieldSeq)
		})
}

// publicView builds the view of a parcel read by publicQuery; the carrier
// comes from the cache.
func (s *Service) publicView(ctx context.Context, shp *ent.Shipment) (*ParcelView, error) {
	if shp.CarrierID != nil {
		c, err := s.carrier(ctx, *shp.CarrierID)
		if err != nil {
			return nil, err
		}
		shp.Edges.Carrier = c
	}
	return publicView(shp), nil
}

func publicView(shp *ent.Shipment) *ParcelView {
	v := &ParcelView{
		TrackingNumber:  shp.TrackingNumber,
		Status:          shp.Status,
		SubStatus:       shp.SubStatus,
		ServiceLevel:    shp.ServiceLevel,
		IsReturn:        shp.IsReturn,
		OriginCity:      shp.OriginCity,
		DestinationCity: shp.DestinationCity,
		ShippedAt:       shp.ShippedAt,
		DeliveredAt:     shp.DeliveredAt,
		PromisedDate:    shp.PromisedDate,
		EtaFrom:         shp.EtaFrom,
		EtaTo:           shp.EtaTo,
		Late:            shp.Late,
		LateReason:      shp.LateReason,
		LastEventAt:     shp.LastEventAt,
	}
	if c := shp.Edges.Carrier; c != nil {
		v.CarrierName, v.CarrierCode = &c.Name, &c.Code
		v.CarrierNameZh = &c.Name
		if c.NameZh != "" {
			v.CarrierNameZh = &c.NameZh
		}
	}
	evs := append([]*ent.TrackingEvent(nil), shp.Edges.Events...)
	// Cursor order, with events from before cursors numbered by time.
	sort.Slice(evs, func(i, j int) bool {
		if evs[i].Seq != evs[j].Seq {
			return evs[i].Seq < evs[j].Seq
		}
		if !evs[i].OccurredAt.Equal(evs[j].OccurredAt) {
			return evs[i].OccurredAt.Before(evs[j].OccurredAt)
		}
		return evs[i].ID < evs[j].ID
	})
	virtualSeqs(evs)
	v.asc = make([]*ParcelEvent, 0, len(evs))
	for _, e := range evs {
		pe := &ParcelEvent{
			ID: e.ID, Status: e.Status, SubStatus: e.SubStatus, Description: e.Description,
			LocationName: e.LocationName, City: e.City, OccurredAt: e.OccurredAt,
			Cursor: EncodeCursor(e.Seq), seq: e.Seq,
		}
		v.asc = append(v.asc, pe)
		v.maxSeq = max(v.maxSeq, e.Seq)
	}
	if len(v.asc) > 0 {
		c := EncodeCursor(v.maxSeq)
		v.Cursor = &c
	}
	// The timeline reads newest first by the time things happened.
	v.Events = append([]*ParcelEvent(nil), v.asc...)
	sort.SliceStable(v.Events, func(i, j int) bool {
		if !v.Events[i].OccurredAt.Equal(v.Events[j].OccurredAt) {
			return v.Events[i].OccurredAt.After(v.Events[j].OccurredAt)
		}
		return v.Events[i].seq > v.Events[j].seq
	})
	v.NewEvents = v.asc
	v.Route = route(shp, v.Events)
	if c, ok := geo.Lookup(shp.DestinationCity); ok {
		v.Destination = &ParcelPlace{City: c.Name, CityEn: c.NameEn, Latitude: c.Latitude, Longitude: c.Longitude}
	}
	if shp.CurrentLatitude != nil && shp.CurrentLongitude != nil && shp.PositionAt != nil && shp.Status != shipment.StatusDELIVERED {
		v.Position = &ParcelPosition{Latitude: round2(*shp.CurrentLatitude), Longitude: round2(*shp.CurrentLongitude), At: *shp.PositionAt}
	}
	return v
}

// route lists the cities the parcel has passed, in the order it passed
// them, starting where it set out.
func route(shp *ent.Shipment, newestFirst []*ParcelEvent) []*ParcelPlace {
	var out []*ParcelPlace
	add := func(name string, at *time.Time) {
		c, ok := geo.Lookup(name)
		if !ok || len(out) > 0 && out[len(out)-1].City == c.Name {
			return
		}
		out = append(out, &ParcelPlace{City: c.Name, CityEn: c.NameEn, Latitude: c.Latitude, Longitude: c.Longitude, At: at})
	}
	if len(newestFirst) == 0 || newestFirst[len(newestFirst)-1].City == "" {
		add(shp.OriginCity, shp.ShippedAt)
	}
	for i := len(newestFirst) - 1; i >= 0; i-- {
		e := newestFirst[i]
		if e.City != "" {
			at := e.OccurredAt
			add(e.City, &at)
		}
	}
	if out == nil {
		out = []*ParcelPlace{}
	}
	return out
}

// round2 rounds a coordinate to 0.01° (about 1 km): enough for a map, too
// coarse to point at a door.
func round2(x float64) float64 { return math.Round(x*100) / 100 }

// since returns a copy of v for a subscriber whose cursor is after: the
// events it has not seen as NewEvents, or Resync when there are too many.
func (v *ParcelView) since(after int64, maxCatchUp int) *ParcelView {
	c := *v
	i := sort.Search(len(v.asc), func(i int) bool { return v.asc[i].seq > after })
	c.NewEvents = v.asc[i:]
	if len(c.NewEvents) > maxCatchUp {
		c.NewEvents, c.Resync = []*ParcelEvent{}, true
	}
	return &c
}

// fingerprint says whether two loads of a parcel differ for a subscriber.
func (v *ParcelView) fingerprint() uint64 {
	var b strings.Builder
	b.WriteString(string(v.Status) + "|" + v.SubStatus + "|" + strconv.FormatInt(v.maxSeq, 10) + "|" + strconv.Itoa(len(v.asc)))
	for _, t := range []*time.Time{v.EtaFrom, v.EtaTo, v.DeliveredAt, v.LastEventAt, v.PromisedDate} {
		if t != nil {
			b.WriteString("|" + t.UTC().Format(time.RFC3339Nano))
		} else {
			b.WriteString("|-")
		}
	}
	if v.Late {
		b.WriteString("|late:" + v.LateReason)
	}
	if p := v.Position; p != nil {
		b.WriteString("|" + strconv.FormatFloat(p.Latitude, 'f', 2, 64) + "," + strconv.FormatFloat(p.Longitude, 'f', 2, 64) + "@" + p.At.Format(time.RFC3339))
	}
	h := fnv.New64a()
	_, _ = h.Write([]byte(b.String()))
	return h.Sum64()
}
