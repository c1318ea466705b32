// Package tracking turns carrier events into a parcel's story and serves the
// public view of it: status, events with city-level places, the ETA and the
// carrier — never a name, phone, street address or email.
package tracking

import (
	"context"
	"strings"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/shipment"
	"github.com/waybill/waybill/ent/trackingevent"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// ParcelView is the public view of a parcel (GraphQL ParcelTracking).
type ParcelView struct {
	TrackingNumber  string
	Status          shipment.Status
	SubStatus       string
	CarrierName     *string
	CarrierCode     *string
	ServiceLevel    shipment.ServiceLevel
	OriginCity      string
	DestinationCity string
	ShippedAt       *time.Time
	DeliveredAt     *time.Time
	PromisedDate    *time.Time
	EtaFrom         *time.Time
	EtaTo           *time.Time
	Late            bool
	LastEventAt     *time.Time
	Events          []*ParcelEvent
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
}

// Service is the tracking service.
type Service struct {
	client *ent.Client
	hub    *Hub
}

// NewService returns a tracking service publishing to hub.
func NewService(client *ent.Client, hub *Hub) *Service {
	return &Service{client: client, hub: hub}
}

// Hub returns the service's publish/subscribe hub.
func (s *Service) Hub() *Hub { return s.hub }

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

// PublicView returns the public view of a parcel, or nil when the number is
// unknown. Anyone may call it: it reads as the system and returns only
// non-personal fields.
func (s *Service) PublicView(ctx context.Context, trackingNumber string) (*ParcelView, error) {
	number := NormalizeTrackingNumber(trackingNumber)
	if number == "" || len(number) > 40 {
		return nil, nil
	}
	sys := viewer.SystemContext(ctx)
	shp, err := s.client.Shipment.Query().
		Where(shipment.TrackingNumber(number)).
		WithCarrier().
		WithEvents(func(q *ent.TrackingEventQuery) {
			q.Order(ent.Desc(trackingevent.FieldOccurredAt), ent.Desc(trackingevent.FieldID))
		}).
		Only(sys)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, errs.Wrap("tracking.PublicView", err)
	}
	return publicView(shp), nil
}

func publicView(shp *ent.Shipment) *ParcelView {
	v := &ParcelView{
		TrackingNumber:  shp.TrackingNumber,
		Status:          shp.Status,
		SubStatus:       shp.SubStatus,
		ServiceLevel:    shp.ServiceLevel,
		OriginCity:      shp.OriginCity,
		DestinationCity: shp.DestinationCity,
		ShippedAt:       shp.ShippedAt,
		DeliveredAt:     shp.DeliveredAt,
		PromisedDate:    shp.PromisedDate,
		EtaFrom:         shp.EtaFrom,
		EtaTo:           shp.EtaTo,
		Late:            shp.Late,
		LastEventAt:     shp.LastEventAt,
	}
	if c := shp.Edges.Carrier; c != nil {
		v.CarrierName, v.CarrierCode = &c.Name, &c.Code
	}
	for _, e := range shp.Edges.Events {
		v.Events = append(v.Events, &ParcelEvent{
			ID: e.ID, Status: e.Status, SubStatus: e.SubStatus, Description: e.Description,
			LocationName: e.LocationName, City: e.City, OccurredAt: e.OccurredAt,
		})
	}
	if v.Events == nil {
		v.Events = []*ParcelEvent{}
	}
	return v
}
