package fulfilment

import (
	"context"
	"fmt"
	"strings"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/carrier"
	"github.com/waybill/waybill/ent/carton"
	"github.com/waybill/waybill/ent/order"
	"github.com/waybill/waybill/ent/orderline"
	"github.com/waybill/waybill/ent/picklist"
	"github.com/waybill/waybill/ent/picklistline"
	"github.com/waybill/waybill/ent/shipment"
	"github.com/waybill/waybill/ent/trackingevent"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/geo"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/orders"
	"github.com/waybill/waybill/internal/pulid"
)

// cartonRoute is a carton with what pricing needs.
type cartonRoute struct {
	carton    *ent.Carton
	order     *ent.Order
	warehouse *ent.Warehouse
	distance  float64
	dest      *geo.Point
	billable  int
}

func (s *Service) route(ctx context.Context, db *ent.Client, cartonID pulid.ID, lock bool) (*cartonRoute, error) {
	q := db.Carton.Query().Where(carton.ID(cartonID))
	if lock {
		q = q.Where(forUpdate)
	}
	c, err := q.Only(ctx)
	if ent.IsNotFound(err) {
		return nil, invalid("NOT_FOUND", "No such carton.", "input", "cartonId")
	}
	if err != nil {
		return nil, err
	}
	r := &cartonRoute{carton: c, billable: BillableGrams(c.WeightGrams, c.LengthMm, c.WidthMm, c.HeightMm)}
	if r.order, err = db.Order.Get(ctx, c.OrderID); err != nil {
		return nil, err
	}
	if r.warehouse, err = db.Warehouse.Get(ctx, c.WarehouseID); err != nil {
		return nil, err
	}
	r.distance = UnknownDistanceKm
	if city, ok := geo.Lookup(r.order.ShipCity); ok && (r.order.ShipCountry == "" || r.order.ShipCountry == "CN") {
		p := city.Point()
		r.dest = &p
		r.distance = geo.Distance(r.warehouse.Latitude, r.warehouse.Longitude, p.Lat, p.Lng)
	}
	return r, nil
}

// Quotes prices a packed carton with every carrier and service (FULFIL);
// the recommended one is the cheapest that arrives by the promised date.
func (s *Service) Quotes(ctx context.Context, cartonID pulid.ID) ([]Quote, error) {
	var out []Quote
	err := s.tx(ctx, func(ctx context.Context, db *ent.Client, actor string) error {
		r, err := s.route(ctx, db, cartonID, false)
		if err != nil {
			return err
		}
		carriers, err := db.Carrier.Query().Where(carrier.Active(true)).Order(ent.Asc(carrier.FieldCode)).All(ctx)
		if err != nil {
			return err
		}
		out = Quotes(carriers, r.billable, r.distance, s.now(), r.order.PromisedDeliveryDate)
		return nil
	})
	return out, err
}

// ShipInput hands a carton to a carrier. Without a carrier or service the
// recommended quote is used; without a tracking number one is issued (S10,
// the carrier's prefix). A tracking number given must pass the S10 check.
type ShipInput struct {
	CartonID       pulid.ID
	CarrierID      pulid.ID
	ServiceLevel   string
	TrackingNumber string
}

// ShipResult is a shipped carton.
type ShipResult struct {
	Shipment *ent.Shipment
	Carton   *ent.Carton
	Order    *ent.Order
	Quote    Quote
}

// LabelPath is where a shipment's label is served.
func LabelPath(shipmentID pulid.ID) string { return "/labels/" + string(shipmentID) }

// Ship ships a packed carton (FULFIL): it creates the Shipment and its
// items, writes SHIP movements (the picked units leave the warehouse),
// counts the lines shipped, captures the payment, moves the order to
// SHIPPED or PARTIALLY_SHIPPED and records the first tracking event.
func (s *Service) Ship(ctx context.Context, in ShipInput) (*ShipResult, error) {
	var out *ShipResult
	err := s.tx(ctx, func(ctx context.Context, db *ent.Client, actor string) error {
		r, err := s.route(ctx, db, in.CartonID, true)
		if err != nil {
			return err
		}
		c := r.carton
		if c.Status != carton.StatusPACKED {
			return conflict("NOT_SHIPPABLE", fmt.Sprintf("This carton is %s.", strings.ToLower(string(c.Status))), nil)
		}
		o, err := db.Order.Query().Where(order.ID(c.OrderID), forUpdate).Only(ctx)
		if err != nil {
			return err
		}
		if o.Status == order.StatusCANCELLED || o.Status == order.StatusON_HOLD {
			return conflict("ORDER_NOT_SHIPPABLE", fmt.Sprintf("Order %s is %s.", o.Number, o.Status), nil)
		}
		// Carrier and service.
		q := db.Carrier.Query().Where(carrier.Active(true))
		if in.CarrierID != "" {
			q = q.Where(carrier.ID(in.CarrierID))
		}
		carriers, err := q.Order(ent.Asc(carrier.FieldCode)).All(ctx)
		if err != nil {
			return err
		}
		if len(carriers) == 0 {
			return invalid("UNKNOWN_CARRIER", "No such active carrier.", "input", "carrierId")
		}
		quotes := Quotes(carriers, r.billable, r.distance, s.now(), o.PromisedDeliveryDate)
		var chosen *Quote
		for i := range quotes {
			qt := &quotes[i]
			if in.ServiceLevel != "" {
				if string(qt.Service) == in.ServiceLevel && (chosen == nil || qt.MeetsPromise && !chosen.MeetsPromise) {
					chosen = qt
				}
			} else if qt.Recommended {
				chosen = qt
				break
			}
		}
		if chosen == nil {
			return invalid("SERVICE_UNAVAILABLE", "This carrier does not offer that service for this parcel.", "input", "serviceLevel")
		}
		// Tracking number.
		number := ""
		if strings.TrimSpace(in.TrackingNumber) != "" {
			n, err := CheckTrackingNumber(in.TrackingNumber)
			if err != nil {
				return err.(*errs.Error).At("input", "trackingNumber")
			}
			if p := chosen.Carrier.TrackingPrefix; len(p) == 2 && !strings.HasPrefix(n, p) {
				return invalid("TRACKING_NUMBER_CARRIER_MISMATCH", fmt.Sprintf("%s numbers start with %s.", chosen.Carrier.Name, p), "input", "trackingNumber")
			}
			taken, err := db.Shipment.Query().Where(shipment.TrackingNumber(n)).Exist(ctx)
			if err != nil {
				return err
			}
			if taken {
				return invalid("TRACKING_NUMBER_TAKEN", "Another parcel has this tracking number.", "input", "trackingNumber")
			}
			number = n
		} else {
			for range 10 {
				n, err := NewTrackingNumber(chosen.Carrier.TrackingPrefix, s.Country)
				if err != nil {
					return err
				}
				taken, err := db.Shipment.Query().Where(shipment.TrackingNumber(n)).Exist(ctx)
				if err != nil {
					return err
				}
				if !taken {
					number = n
					break
				}
			}
			if number == "" {
				return fmt.Errorf("fulfilment: no free tracking number")
			}
		}
		lines, err := db.PickListLine.Query().Where(picklistline.CartonID(c.ID)).Order(ent.Asc(picklistline.FieldSequence)).All(ctx)
		if err != nil {
			return err
		}
		now := s.now().UTC()
		create := db.Shipment.Create().SetTrackingNumber(number).SetOrderID(o.ID).SetWarehouseID(r.warehouse.ID).
			SetCarrierID(chosen.Carrier.ID).SetServiceLevel(chosen.Service).SetStatus(shipment.StatusINFO_RECEIVED).
			SetOriginCity(r.warehouse.City).SetDestinationCity(o.ShipCity).SetWeightGrams(c.WeightGrams).
			SetShippingCostAmount(chosen.Cost).SetCurrency(chosen.Currency).SetNillablePromisedDate(o.PromisedDeliveryDate).
			SetEtaFrom(chosen.EstimatedDelivery).SetEtaTo(chosen.EstimatedDelivery.Add(24*60*60*1e9 - 1)).
			SetShippedAt(now).SetLastEventAt(now).SetCreatedAt(now).SetUpdatedAt(now)
		if r.dest != nil {
			create.SetDestinationLatitude(r.dest.Lat).SetDestinationLongitude(r.dest.Lng)
		}
		shp, err := create.Save(ctx)
		if err != nil {
			return err
		}
		// Items, one per order line and lot.
		type itemKey struct {
			line pulid.ID
			prod pulid.ID
			lot  string
		}
		qty := map[itemKey]int{}
		var keys []itemKey
		var ship []inventory.ShipItem
		for _, l := range lines {
			lot := ""
			if l.PickedLot != nil {
				lot = *l.PickedLot
			}
			var line pulid.ID
			if l.OrderLineID != nil {
				line = *l.OrderLineID
			}
			k := itemKey{line, l.ProductID, lot}
			if _, ok := qty[k]; !ok {
				keys = append(keys, k)
			}
			qty[k] += l.PickedQuantity
			ship = append(ship, inventory.ShipItem{OrderID: o.ID, ProductID: l.ProductID, WarehouseID: l.WarehouseID,
				ShipmentID: shp.ID, Quantity: l.PickedQuantity, Lot: lot})
		}
		items := make([]*ent.ShipmentItemCreate, 0, len(keys))
		for _, k := range keys {
			it := db.ShipmentItem.Create().SetShipmentID(shp.ID).SetProductID(k.prod).SetQuantity(qty[k])
			if k.line != "" {
				it.SetOrderLineID(k.line)
			}
			if k.lot != "" {
				it.SetLotNumber(k.lot)
			}
			items = append(items, it)
			if k.line != "" {
				if err := db.OrderLine.UpdateOneID(k.line).AddShippedQuantity(qty[k]).Exec(ctx); err != nil {
					return err
				}
			}
		}
		if err := db.ShipmentItem.CreateBulk(items...).Exec(ctx); err != nil {
			return err
		}
		if _, err := inventory.Ship(ctx, db, ship, inventory.Meta{Actor: actor,
			Reason: fmt.Sprintf("shipped with %s %s", chosen.Carrier.Name, number), Reference: number}); err != nil {
			return err
		}
		if c, err = c.Update().SetStatus(carton.StatusSHIPPED).SetShipmentID(shp.ID).SetShippedAt(now).Save(ctx); err != nil {
			return err
		}
		if err := db.PickListLine.Update().Where(picklistline.CartonID(c.ID)).SetStatus(picklistline.StatusSHIPPED).Exec(ctx); err != nil {
			return err
		}
		open, err := db.PickListLine.Query().Where(picklistline.PickListID(c.PickListID),
			picklistline.StatusNotIn(picklistline.StatusSHIPPED, picklistline.StatusCANCELLED)).Exist(ctx)
		if err != nil {
			return err
		}
		if !open {
			if err := db.PickList.UpdateOneID(c.PickListID).SetStatus(picklist.StatusCLOSED).Exec(ctx); err != nil {
				return err
			}
		}
		if err := db.TrackingEvent.Create().SetShipmentID(shp.ID).SetStatus(trackingevent.StatusINFO_RECEIVED).
			SetDescription(fmt.Sprintf("Label created; handed to %s at %s", chosen.Carrier.Name, r.warehouse.Name)).
			SetLocationName(r.warehouse.Name).SetCity(r.warehouse.City).SetLatitude(r.warehouse.Latitude).
			SetLongitude(r.warehouse.Longitude).SetOccurredAt(now).SetReceivedAt(now).SetSource(trackingevent.SourceSYSTEM).
			SetDedupeKey("label:" + string(shp.ID)).Exec(ctx); err != nil {
			return err
		}
		// Money and status.
		if err := s.orders.Capture(ctx, o.ID); err != nil {
			return err
		}
		remaining, err := db.OrderLine.Query().Where(orderline.OrderID(o.ID)).All(ctx)
		if err != nil {
			return err
		}
		all := true
		for _, l := range remaining {
			all = all && l.ShippedQuantity >= l.Quantity
		}
		to := order.StatusPARTIALLY_SHIPPED
		if all {
			to = order.StatusSHIPPED
		}
		note := fmt.Sprintf("shipped from %s with %s %s (%s)", r.warehouse.Code, chosen.Carrier.Name, number, chosen.Service)
		if o.Status != to && orders.CanTransition(o.Status, to) {
			o, err = s.orders.Advance(ctx, db, o.ID, to, actor, note)
		} else {
			err = s.orders.Note(ctx, db, o.ID, actor, note)
		}
		if err != nil {
			return err
		}
		out = &ShipResult{Shipment: shp, Carton: c, Order: o, Quote: *chosen}
		return nil
	})
	return out, err
}
