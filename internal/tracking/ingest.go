package tracking

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/opsalert"
	"github.com/waybill/waybill/ent/shipment"
	"github.com/waybill/waybill/ent/trackingevent"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/geo"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/s10"
	"github.com/waybill/waybill/internal/viewer"
)

// EventInput is one tracking event from any source, before mapping.
type EventInput struct {
	Ref            string // the sender's id for the event, echoed in rejections
	TrackingNumber string
	DedupeKey      string // the same key twice is one event
	Code           string // the carrier's raw code
	// Status is the normalized status when the source knows it (scans);
	// empty means: map Code through the carrier's table.
	Status       trackingevent.Status
	SubStatus    string
	Description  string
	LocationName string
	City         string
	Latitude     *float64
	Longitude    *float64
	OccurredAt   time.Time
	Source       trackingevent.Source
}

// PositionInput is one GPS position of a parcel's vehicle.
type PositionInput struct {
	Ref            string
	TrackingNumber string
	Latitude       float64
	Longitude      float64
	At             time.Time
}

// Batch is what one webhook, scan or position report brings.
type Batch struct {
	// Carrier, when set, is the sender: events for parcels of other
	// carriers are rejected, and codes are mapped through its table.
	Carrier   *ent.Carrier
	Events    []EventInput
	Positions []PositionInput
}

// Rejection is one input that was not stored, with a stable code.
type Rejection struct {
	Kind    string // "event" or "position"
	Index   int
	Ref     string
	Code    string
	Message string
}

// Result says what a batch did.
type Result struct {
	Stored     []*ent.TrackingEvent
	Duplicates int
	Positions  int // positions stored
	Throttled  int // positions ignored: too soon after the last, or older
	Rejected   []Rejection
	Shipments  map[pulid.ID]*ent.Shipment // every parcel the batch touched, as committed
	Alerts     []*ent.OpsAlert
}

// Limits on free text from outside.
const (
	maxDescription = 500
	maxLocation    = 200
	maxCity        = 64
	maxSubStatus   = 64
	maxCode        = 64
	maxRef         = 128
)

// Ingest stores a batch in one transaction (joining the caller's, inside a
// GraphQL mutation) and publishes the changes once it commits. Inputs that
// are invalid or name an unknown parcel are rejected one by one; the rest
// is stored. Events whose dedupe key is already stored are counted as
// duplicates and change nothing. An error means nothing was stored.
func (s *Service) Ingest(ctx context.Context, b Batch) (*Result, error) {
	const op = "tracking.Ingest"
	now := s.now()
	res := &Result{Shipments: map[pulid.ID]*ent.Shipment{}}
	events := make([]EventInput, 0, len(b.Events))
	eventIdx := make([]int, 0, len(b.Events))
	for i, e := range b.Events {
		e.TrackingNumber = s10.Normalize(e.TrackingNumber)
		if code, msg := s.validateEvent(&e, now); code != "" {
			res.Rejected = append(res.Rejected, Rejection{Kind: "event", Index: i, Ref: e.Ref, Code: code, Message: msg})
			continue
		}
		events = append(events, e)
		eventIdx = append(eventIdx, i)
	}
	positions := make([]PositionInput, 0, len(b.Positions))
	posIdx := make([]int, 0, len(b.Positions))
	for i, p := range b.Positions {
		p.TrackingNumber = s10.Normalize(p.TrackingNumber)
		if code, msg := validatePosition(&p, now); code != "" {
			res.Rejected = append(res.Rejected, Rejection{Kind: "position", Index: i, Ref: p.Ref, Code: code, Message: msg})
			continue
		}
		positions = append(positions, p)
		posIdx = append(posIdx, i)
	}
	if len(events) == 0 && len(positions) == 0 {
		return res, nil
	}
	err := s.withTx(ctx, func(tx *ent.Tx) error {
		return s.ingestTx(ctx, tx, b.Carrier, events, eventIdx, positions, posIdx, res)
	})
	if err != nil {
		var e *errs.Error
		if errors.As(err, &e) {
			return nil, err
		}
		return nil, errs.Wrap(op, err)
	}
	return res, nil
}

// validateEvent checks and trims one event; it returns a code and message
// for a problem.
func (s *Service) validateEvent(e *EventInput, now time.Time) (code, msg string) {
	e.Code = strings.TrimSpace(e.Code)
	e.SubStatus = strings.ToUpper(strings.TrimSpace(e.SubStatus))
	e.Description = strings.TrimSpace(e.Description)
	e.LocationName = strings.TrimSpace(e.LocationName)
	e.City = strings.TrimSuffix(strings.TrimSpace(e.City), "市")
	switch {
	case e.DedupeKey == "" || len(e.Ref) > maxRef:
		return "MISSING_ID", "Every event needs an id of at most 128 characters."
	case e.TrackingNumber == "":
		return "MISSING_TRACKING_NUMBER", "The tracking number is missing."
	}
	if err := s10.Validate(e.TrackingNumber); err != nil {
		return "INVALID_TRACKING_NUMBER", "The tracking number is not a valid S10 number (wrong check digit or format)."
	}
	if e.Code == "" && e.Status == "" {
		return "MISSING_CODE", "The event needs a carrier code or a status."
	}
	if e.Status != "" && trackingevent.StatusValidator(e.Status) != nil {
		return "INVALID_STATUS", fmt.Sprintf("Unknown status %q.", e.Status)
	}
	if len(e.Code) > maxCode || len(e.SubStatus) > maxSubStatus || len(e.Description) > maxDescription ||
		len(e.LocationName) > maxLocation || len(e.City) > maxCity {
		return "TOO_LONG", "A text field is too long."
	}
	if code, msg := checkTime(e.OccurredAt, now); code != "" {
		return code, msg
	}
	e.OccurredAt = e.OccurredAt.UTC()
	if (e.Latitude == nil) != (e.Longitude == nil) || e.Latitude != nil && !validCoords(*e.Latitude, *e.Longitude) {
		return "INVALID_POSITION", "Latitude and longitude go together, in degrees."
	}
	return "", ""
}

func validatePosition(p *PositionInput, now time.Time) (code, msg string) {
	if p.TrackingNumber == "" {
		return "MISSING_TRACKING_NUMBER", "The tracking number is missing."
	}
	if err := s10.Validate(p.TrackingNumber); err != nil {
		return "INVALID_TRACKING_NUMBER", "The tracking number is not a valid S10 number (wrong check digit or format)."
	}
	if !validCoords(p.Latitude, p.Longitude) {
		return "INVALID_POSITION", "Latitude must be within ±90 and longitude within ±180 degrees."
	}
	if code, msg := checkTime(p.At, now); code != "" {
		return code, msg
	}
	p.At = p.At.UTC()
	return "", ""
}

// clockSkew is how far in the future an event time may be.
const clockSkew = 15 * time.Minute

func checkTime(t, now time.Time) (code, msg string) {
	switch {
	case t.IsZero():
		return "INVALID_TIME", "The time is missing."
	case t.After(now.Add(clockSkew)):
		return "INVALID_TIME", "The time is in the future."
	case t.Before(now.AddDate(-1, 0, 0)):
		return "INVALID_TIME", "The time is more than a year ago."
	}
	return "", ""
}

func validCoords(lat, lng float64) bool {
	return !math.IsNaN(lat) && !math.IsNaN(lng) && lat >= -90 && lat <= 90 && lng >= -180 && lng <= 180
}

func (s *Service) ingestTx(ctx context.Context, tx *ent.Tx, carrier *ent.Carrier, events []EventInput, eventIdx []int,
	positions []PositionInput, posIdx []int, res *Result) error {
	sys := viewer.SystemContext(ctx)
	c := tx.Client()
	numbers := map[string]bool{}
	for _, e := range events {
		numbers[e.TrackingNumber] = true
	}
	for _, p := range positions {
		numbers[p.TrackingNumber] = true
	}
	ships, err := s.lockShipments(sys, c, numbers)
	if err != nil {
		return err
	}
	owned := func(n string) *ent.Shipment {
		shp := ships[n]
		if shp == nil || carrier != nil && (shp.CarrierID == nil || *shp.CarrierID != carrier.ID) {
			return nil // another carrier's parcel looks exactly like an unknown one
		}
		return shp
	}
	type work struct {
		shp       *ent.Shipment
		events    []EventInput
		positions []PositionInput
	}
	byShip := map[pulid.ID]*work{}
	get := func(shp *ent.Shipment) *work {
		if byShip[shp.ID] == nil {
			byShip[shp.ID] = &work{shp: shp}
		}
		return byShip[shp.ID]
	}
	var keys []string
	for i, e := range events {
		shp := owned(e.TrackingNumber)
		if shp == nil {
			res.Rejected = append(res.Rejected, Rejection{Kind: "event", Index: eventIdx[i], Ref: e.Ref, Code: "UNKNOWN_PARCEL",
				Message: "No parcel of this carrier has that tracking number."})
			continue
		}
		get(shp).events = append(get(shp).events, e)
		keys = append(keys, e.DedupeKey)
	}
	for i, p := range positions {
		shp := owned(p.TrackingNumber)
		if shp == nil {
			res.Rejected = append(res.Rejected, Rejection{Kind: "position", Index: posIdx[i], Ref: p.Ref, Code: "UNKNOWN_PARCEL",
				Message: "No parcel of this carrier has that tracking number."})
			continue
		}
		get(shp).positions = append(get(shp).positions, p)
	}
	seen := map[string]bool{}
	if len(keys) > 0 {
		stored, err := c.TrackingEvent.Query().Where(trackingevent.DedupeKeyIn(keys...)).
			Select(trackingevent.FieldDedupeKey).Strings(sys)
		if err != nil {
			return errs.Wrap("tracking.Ingest", err)
		}
		for _, k := range stored {
			seen[k] = true
		}
	}
	ids := make([]pulid.ID, 0, len(byShip))
	for id := range byShip {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	// Statements are what a busy ingest pays for: the hub counts of every
	// parcel in one read, and every new event in one insert at the end.
	b := &batchWrite{}
	if b.hops, err = hubCounts(sys, c, ids); err != nil {
		return errs.Wrap("tracking.Ingest", err)
	}
	if b.hops == nil {
		b.hops = map[pulid.ID]int{}
	}
	var topics []string
	for _, id := range ids {
		w := byShip[id]
		var fresh []EventInput
		for _, e := range w.events {
			if seen[e.DedupeKey] {
				res.Duplicates++
				continue
			}
			seen[e.DedupeKey] = true
			fresh = append(fresh, e)
		}
		changed, err := s.applyToShipment(sys, c, w.shp, carrier, fresh, w.positions, res, b)
		if err != nil {
			return err
		}
		if changed {
			topics = append(topics, ParcelTopic(w.shp.TrackingNumber))
			if w.shp.OrderID != nil {
				topics = append(topics, OrderTopic(string(*w.shp.OrderID)))
			}
		}
	}
	if len(b.events) > 0 {
		stored, err := c.TrackingEvent.CreateBulk(b.events...).Save(sys)
		if err != nil {
			return errs.Wrap("tracking.Ingest", err)
		}
		res.Stored = append(res.Stored, stored...)
	}
	if len(res.Alerts) > 0 {
		topics = append(topics, alertsTopic)
	}
	return s.publishAfterCommit(sys, tx, topics)
}

// batchWrite is what one ingest transaction gathers across its parcels.
type batchWrite struct {
	hops   map[pulid.ID]int // hub arrivals stored before the batch
	events []*ent.TrackingEventCreate
}

// hubCounts returns, per parcel, how many hub arrivals it has (the ETA
// counts the hops done).
func hubCounts(ctx context.Context, c *ent.Client, ids []pulid.ID) (map[pulid.ID]int, error) {
	var rows []struct {
		ShipmentID pulid.ID `json:"shipment_id"`
		Count      int      `json:"count"`
	}
	if len(ids) == 0 {
		return nil, nil
	}
	err := c.TrackingEvent.Query().Where(trackingevent.ShipmentIDIn(ids...), trackingevent.SubStatus(SubArrivedAtHub)).
		GroupBy(trackingevent.FieldShipmentID).Aggregate(ent.Count()).Scan(ctx, &rows)
	if err != nil {
		return nil, err
	}
	out := make(map[pulid.ID]int, len(rows))
	for _, r := range rows {
		out[r.ShipmentID] = r.Count
	}
	return out, nil
}

// lockShipments reads the parcels by number, locking their rows until the
// transaction ends, in id order so that two batches never wait on each
// other in a circle. SQLite needs no row locks: its transactions take the
// single write lock at BEGIN.
func (s *Service) lockShipments(ctx context.Context, c *ent.Client, numbers map[string]bool) (map[string]*ent.Shipment, error) {
	list := make([]string, 0, len(numbers))
	for n := range numbers {
		list = append(list, n)
	}
	q := c.Shipment.Query().Where(shipment.TrackingNumberIn(list...)).Order(ent.Asc(shipment.FieldID))
	if s.postgres() {
		q = q.ForUpdate()
	}
	all, err := q.All(ctx)
	if err != nil {
		return nil, errs.Wrap("tracking.lockShipments", err)
	}
	out := make(map[string]*ent.Shipment, len(all))
	for _, shp := range all {
		out[shp.TrackingNumber] = shp
	}
	return out, nil
}

// parcelState is the part of a shipment the status rules move.
type parcelState struct {
	Status      shipment.Status
	SubStatus   string
	LastEventAt *time.Time // of the newest carrier or scan event (not system events)
	DeliveredAt *time.Time
	Lat, Lng    *float64
	PosAt       *time.Time
	Exception   bool // set by apply when the event made EXCEPTION the current status
}

func stateOf(shp *ent.Shipment) *parcelState {
	return &parcelState{Status: shp.Status, SubStatus: shp.SubStatus, LastEventAt: shp.LastEventAt,
		DeliveredAt: shp.DeliveredAt, Lat: shp.CurrentLatitude, Lng: shp.CurrentLongitude, PosAt: shp.PositionAt}
}

// eventFacts is what the status rules need of one event.
type eventFacts struct {
	Status   trackingevent.Status
	Sub      string
	At       time.Time
	System   bool // made by Waybill (EXPIRED), not seen by a carrier
	Unmapped bool
	Lat, Lng *float64
}

// apply folds one event into the state. Events may arrive in any order:
// the current status is that of the newest event by time, never of an
// older one that arrived late; DELIVERED stays unless an explicit return
// (sub-status RETURN_TO_SENDER) starts after it; an event with an unknown
// code is recorded but moves the parcel only out of PENDING, INFO_RECEIVED
// or EXPIRED.
func (st *parcelState) apply(ev eventFacts) {
	newest := st.LastEventAt == nil || !ev.At.Before(*st.LastEventAt)
	switch {
	case ev.Status == trackingevent.StatusDELIVERED:
		// Delivery is a fact whatever order events arrive in, but an old
		// delivery report must not end a return that started after it.
		if st.Status != shipment.StatusDELIVERED && (newest || st.DeliveredAt == nil) {
			st.Status, st.SubStatus = shipment.StatusDELIVERED, ev.Sub
			at := ev.At
			st.DeliveredAt = &at
		} else if st.Status == shipment.StatusDELIVERED && newest {
			st.SubStatus = ev.Sub
		}
	case st.Status == shipment.StatusDELIVERED:
		if newest && ev.Sub == SubReturnToSender {
			st.Status, st.SubStatus = shipment.Status(ev.Status), ev.Sub
		}
	case ev.Unmapped:
		if newest && (st.Status == shipment.StatusPENDING || st.Status == shipment.StatusINFO_RECEIVED || st.Status == shipment.StatusEXPIRED) {
			st.Status, st.SubStatus = shipment.StatusIN_TRANSIT, ""
		}
	case newest:
		st.Status, st.SubStatus = shipment.Status(ev.Status), ev.Sub
		st.Exception = ev.Status == trackingevent.StatusEXCEPTION
	}
	if newest && !ev.System {
		at := ev.At
		st.LastEventAt = &at
	}
	if ev.Lat != nil && ev.Lng != nil && (st.PosAt == nil || !ev.At.Before(*st.PosAt)) {
		lat, lng, at := *ev.Lat, *ev.Lng, ev.At
		st.Lat, st.Lng, st.PosAt = &lat, &lng, &at
	}
}

// applyToShipment stores a parcel's new events and positions, moves its
// status, recomputes its ETA and raises alerts. The parcel's row is locked.
func (s *Service) applyToShipment(ctx context.Context, c *ent.Client, shp *ent.Shipment, carrier *ent.Carrier,
	events []EventInput, positions []PositionInput, res *Result, b *batchWrite) (bool, error) {
	const op = "tracking.Ingest"
	st := stateOf(shp)
	wasStatus := st.Status
	var carrierID *pulid.ID
	if carrier != nil {
		carrierID = &carrier.ID
	} else {
		carrierID = shp.CarrierID
	}
	// Positions first: the newest becomes the vehicle's position, and one
	// that enters a new city becomes an event.
	moved := false
	prevCity := ""
	if st.Lat != nil && st.Lng != nil {
		if city, km := geo.Nearest(*st.Lat, *st.Lng); km < cityRadiusKm {
			prevCity = city.Name
		}
	}
	sort.Slice(positions, func(i, j int) bool { return positions[i].At.Before(positions[j].At) })
	for _, p := range positions {
		if st.PosAt != nil && p.At.Before(st.PosAt.Add(s.opts.PositionEvery)) {
			res.Throttled++
			continue
		}
		lat, lng, at := p.Latitude, p.Longitude, p.At
		st.Lat, st.Lng, st.PosAt = &lat, &lng, &at
		res.Positions++
		moved = true
		city, km := geo.Nearest(lat, lng)
		if km < cityRadiusKm && city.Name != prevCity && st.Status == shipment.StatusIN_TRANSIT {
			prevCity = city.Name
			events = append(events, EventInput{
				TrackingNumber: shp.TrackingNumber, DedupeKey: fmt.Sprintf("gps:%s:%s", shp.ID, city.Name),
				Status: trackingevent.StatusIN_TRANSIT, SubStatus: SubLocationUpdate, City: city.Name,
				Description: fmt.Sprintf("运输途中，途经【%s】 In transit near %s", city.Name, city.NameEn),
				Latitude:    &lat, Longitude: &lng, OccurredAt: at, Source: trackingevent.SourceGPS,
			})
		}
	}
	if len(events) > 0 {
		// A GPS event may repeat a city seen before: its key dedupes it.
		var gpsKeys []string
		for _, e := range events {
			if e.Source == trackingevent.SourceGPS {
				gpsKeys = append(gpsKeys, e.DedupeKey)
			}
		}
		if len(gpsKeys) > 0 {
			dup, err := c.TrackingEvent.Query().Where(trackingevent.DedupeKeyIn(gpsKeys...)).Select(trackingevent.FieldDedupeKey).Strings(ctx)
			if err != nil {
				return false, errs.Wrap(op, err)
			}
			skip := map[string]bool{}
			for _, k := range dup {
				skip[k] = true
			}
			kept := events[:0]
			for _, e := range events {
				if !skip[e.DedupeKey] {
					kept = append(kept, e)
				}
			}
			events = kept
		}
	}
	if len(events) == 0 && !moved {
		return false, nil
	}
	var first int64
	if len(events) > 0 {
		var err error
		if first, err = s.allocSeqs(ctx, c, shp.ID, len(events)); err != nil {
			return false, err
		}
	}
	exception := ""
	for i, e := range events {
		status, sub, desc, unmapped := e.Status, e.SubStatus, e.Description, false
		if status == "" {
			m, ok, err := s.mapCode(ctx, c, carrierID, e.Code)
			if err != nil {
				return false, err
			}
			if ok {
				status = m.Status
				if sub == "" {
					sub = m.SubStatus
				}
				if desc == "" {
					desc = m.Description
				}
			} else {
				// Keep the raw code, never guess an exception, and leave the
				// parcel where it is: someone adds the code to the table.
				unmapped = true
				status = fallbackStatus(st.Status)
				sub = SubUnmapped
				s.log.WarnContext(ctx, "tracking: unmapped carrier code", "carrier", carrierCode(carrier), "code", e.Code,
					"tracking_number", shp.TrackingNumber)
			}
		}
		lat, lng := e.Latitude, e.Longitude
		if lat == nil && e.City != "" {
			if city, ok := geo.Lookup(e.City); ok {
				lat, lng = &city.Latitude, &city.Longitude
			}
		}
		b.events = append(b.events, c.TrackingEvent.Create().SetShipmentID(shp.ID).SetStatus(status).SetSubStatus(sub).
			SetCarrierCode(e.Code).SetDescription(desc).SetLocationName(e.LocationName).SetCity(e.City).
			SetNillableLatitude(lat).SetNillableLongitude(lng).SetOccurredAt(e.OccurredAt).SetReceivedAt(s.now()).
			SetSource(e.Source).SetDedupeKey(e.DedupeKey).SetSeq(first+int64(i)).SetUnmapped(unmapped))
		if sub == SubArrivedAtHub {
			b.hops[shp.ID]++
		}
		st.Exception = false
		st.apply(eventFacts{Status: status, Sub: sub, At: e.OccurredAt, Unmapped: unmapped, Lat: lat, Lng: lng})
		if st.Exception {
			exception = desc
		}
	}
	hops := b.hops[shp.ID]
	updated, alerts, err := s.settle(ctx, c, shp, st, exception, wasStatus, &hops)
	if err != nil {
		return false, err
	}
	res.Shipments[updated.ID] = updated
	res.Alerts = append(res.Alerts, alerts...)
	return true, nil
}

// cityRadiusKm is how close to a city centre a GPS position must be to count as "in" it.
const cityRadiusKm = 25

// fallbackStatus is the status recorded on an event with an unknown code:
// the parcel's own, or IN_TRANSIT when it was not moving yet.
func fallbackStatus(current shipment.Status) trackingevent.Status {
	switch current {
	case shipment.StatusPENDING, shipment.StatusINFO_RECEIVED, shipment.StatusEXPIRED:
		return trackingevent.StatusIN_TRANSIT
	}
	return trackingevent.Status(current)
}

func carrierCode(c *ent.Carrier) string {
	if c == nil {
		return ""
	}
	return c.Code
}

// settle writes the new state of a parcel: status, position, ETA and the
// late flag, and raises the alerts it calls for (at most one per parcel
// and kind, ever).
// knownHops, when not nil, is the parcel's count of hub arrivals including
// events not inserted yet; otherwise it is read.
func (s *Service) settle(ctx context.Context, c *ent.Client, shp *ent.Shipment, st *parcelState, exception string,
	wasStatus shipment.Status, knownHops *int) (*ent.Shipment, []*ent.OpsAlert, error) {
	const op = "tracking.settle"
	var hops int
	if knownHops != nil {
		hops = *knownHops
	} else {
		var err error
		if hops, err = c.TrackingEvent.Query().Where(trackingevent.ShipmentID(shp.ID), trackingevent.SubStatus(SubArrivedAtHub)).Count(ctx); err != nil {
			return nil, nil, errs.Wrap(op, err)
		}
	}
	now := s.now()
	eta := estimate(etaInput{
		Service: shp.ServiceLevel, Status: st.Status, SubStatus: st.SubStatus,
		ShippedAt: shp.ShippedAt, LastEventAt: st.LastEventAt, DeliveredAt: st.DeliveredAt, Now: now,
		Origin: shp.OriginCity, Destination: shp.DestinationCity,
		DestLat: shp.DestinationLatitude, DestLng: shp.DestinationLongitude,
		Lat: st.Lat, Lng: st.Lng, HopsDone: hops,
	})
	late, reason, kind := lateness(shp, st, eta, exception)
	upd := c.Shipment.UpdateOneID(shp.ID).SetStatus(st.Status).SetSubStatus(st.SubStatus).
		SetNillableLastEventAt(st.LastEventAt).SetNillableDeliveredAt(st.DeliveredAt).
		SetNillableCurrentLatitude(st.Lat).SetNillableCurrentLongitude(st.Lng).SetNillablePositionAt(st.PosAt).
		SetLate(late).SetLateReason(reason)
	if eta.OK {
		upd.SetEtaFrom(eta.From).SetEtaTo(eta.To)
	} else if eta.Clear {
		upd.ClearEtaFrom().ClearEtaTo()
	}
	switch {
	case st.Status == shipment.StatusEXPIRED && wasStatus != shipment.StatusEXPIRED:
		upd.SetExpiredAt(now)
	case st.Status != shipment.StatusEXPIRED && wasStatus == shipment.StatusEXPIRED:
		upd.ClearExpiredAt()
	}
	updated, err := upd.Save(ctx)
	if err != nil {
		return nil, nil, errs.Wrap(op, err)
	}
	var alerts []*ent.OpsAlert
	if kind != "" {
		a, err := s.raiseAlert(ctx, c, updated, kind, reason)
		if err != nil {
			return nil, nil, err
		}
		if a != nil {
			alerts = append(alerts, a)
		}
	}
	return updated, alerts, nil
}

// lateness decides the late flag, its reason (shown to the customer, so
// bilingual and free of personal data) and the alert kind it calls for.
func lateness(shp *ent.Shipment, st *parcelState, eta etaResult, exception string) (late bool, reason string, kind opsalert.Kind) {
	switch {
	case st.Status == shipment.StatusDELIVERED:
		if shp.PromisedDate != nil && st.DeliveredAt != nil && st.DeliveredAt.After(*shp.PromisedDate) {
			return true, "已送达，晚于承诺日期 Delivered after the promised date", ""
		}
		return false, "", ""
	case st.Status == shipment.StatusEXCEPTION:
		if exception == "" && shp.Status == shipment.StatusEXCEPTION && shp.LateReason != "" {
			reason = shp.LateReason // the same exception as before; keep its words
		} else {
			reason = ExceptionLateReason(exception)
		}
		return true, reason, opsalert.KindEXCEPTION
	case st.Status == shipment.StatusEXPIRED:
		return true, "承运商长时间未更新物流信息 No update from the carrier for a long time", opsalert.KindEXPIRED
	case eta.OK && shp.PromisedDate != nil && eta.Centre.After(*shp.PromisedDate):
		return true, ETALateReason(eta.Centre, *shp.PromisedDate), opsalert.KindLATE
	}
	return false, "", ""
}

// ExceptionLateReason is the late reason of a parcel that hit an exception
// (an EXCEPTION alert goes with it): exception is the carrier's description
// of the event, or empty.
func ExceptionLateReason(exception string) string {
	if exception == "" {
		return "快件异常，可能延误 The parcel hit a problem and may be late"
	}
	return "快件异常，可能延误：" + exception + " / The parcel hit a problem and may be late"
}

// ETALateReason is the late reason of a parcel whose ETA (its centre) is
// after the promised date (a LATE alert goes with it).
func ETALateReason(eta, promised time.Time) string {
	return fmt.Sprintf("预计送达时间（%s）晚于承诺日期（%s） The ETA (%s) is after the promised date (%s)",
		eta.In(cst).Format("01-02 15:04"), promised.In(cst).Format("01-02"),
		eta.In(cst).Format("Jan 2 15:04"), promised.In(cst).Format("Jan 2"))
}

// cst is China Standard Time, for dates people read.
var cst = time.FixedZone("CST", 8*3600)

// raiseAlert records an alert unless the parcel already had one of this
// kind. Alert cursors are taken under a transaction-scoped lock so that
// they follow commit order (alerts are rare; the lock is cheap).
func (s *Service) raiseAlert(ctx context.Context, c *ent.Client, shp *ent.Shipment, kind opsalert.Kind, message string) (*ent.OpsAlert, error) {
	const op = "tracking.raiseAlert"
	exists, err := c.OpsAlert.Query().Where(opsalert.ShipmentID(shp.ID), opsalert.KindEQ(kind)).Exist(ctx)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	if exists {
		return nil, nil
	}
	if s.postgres() {
		if _, err := c.ExecContext(ctx, `SELECT pg_advisory_xact_lock(72400601)`); err != nil {
			return nil, errs.Wrap(op, err)
		}
	}
	last, err := s.scanInt(ctx, c, `SELECT COALESCE(MAX(seq), 0) FROM ops_alerts`)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	a, err := c.OpsAlert.Create().SetShipmentID(shp.ID).SetTrackingNumber(shp.TrackingNumber).SetKind(kind).
		SetMessage(message).SetSeq(last + 1).SetCreatedAt(s.now()).Save(ctx)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	return a, nil
}

// clientFor is the transactional client of a GraphQL mutation in ctx, or
// the service's own.
func (s *Service) clientFor(ctx context.Context) *ent.Client { return database.Client(ctx, s.client) }
