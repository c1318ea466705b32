package seed

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/allocation"
	"github.com/waybill/waybill/ent/carrier"
	"github.com/waybill/waybill/ent/carton"
	"github.com/waybill/waybill/ent/coupon"
	"github.com/waybill/waybill/ent/opsalert"
	"github.com/waybill/waybill/ent/order"
	"github.com/waybill/waybill/ent/payment"
	"github.com/waybill/waybill/ent/picklist"
	"github.com/waybill/waybill/ent/picklistline"
	"github.com/waybill/waybill/ent/product"
	"github.com/waybill/waybill/ent/returnrequest"
	"github.com/waybill/waybill/ent/shipment"
	"github.com/waybill/waybill/ent/stockmovement"
	"github.com/waybill/waybill/ent/surveyresponse"
	"github.com/waybill/waybill/ent/ticket"
	"github.com/waybill/waybill/ent/ticketmessage"
	"github.com/waybill/waybill/ent/trackingevent"
	"github.com/waybill/waybill/internal/pulid"
)

// chunk keeps bulk inserts well under SQLite's and PostgreSQL's limits on
// bound parameters.
const chunk = 250

func bulk[B any](items []B, save func([]B) error) error {
	for i := 0; i < len(items); i += chunk {
		if err := save(items[i:min(i+chunk, len(items))]); err != nil {
			return err
		}
	}
	return nil
}

func (g *gen) progress(phase string, done, total int, extra string) {
	if extra != "" {
		extra = " (" + extra + ")"
	}
	say(g.out, "seed: %s %d/%d%s\n", phase, done, total, extra)
}

func idPtr(id pulid.ID) *pulid.ID {
	if id == "" {
		return nil
	}
	return &id
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// write stores the plan, parents before children.
func (g *gen) write(ctx context.Context, tx *ent.Tx) error {
	steps := []func(context.Context, *ent.Tx) error{
		g.writeCarriers, g.writeWarehouses, g.writeProducts, g.writeStock, g.writeCustomers,
		g.writeOrders, g.writeFulfilment, g.writeShipments, g.writeMovements, g.writeSupport,
	}
	for _, step := range steps {
		if err := step(ctx, tx); err != nil {
			return err
		}
	}
	return nil
}

func (g *gen) writeCarriers(ctx context.Context, tx *ent.Tx) error {
	var creates []*ent.CarrierCreate
	created := g.now.Add(-120 * day).Truncate(day)
	for _, c := range g.carriers {
		existing, err := tx.Carrier.Query().Where(carrier.Code(c.def.code)).Only(ctx)
		switch {
		case err == nil:
			c.id, c.exists = existing.ID, true
			continue
		case !ent.IsNotFound(err):
			return err
		}
		creates = append(creates, tx.Carrier.Create().SetID(c.id).SetCode(c.def.code).SetName(c.def.name).
			SetNameZh(c.def.nameZh).SetTrackingPrefix(c.def.prefix).SetWebhookSecret(c.secret).
			SetCreatedAt(created).SetUpdatedAt(created))
	}
	if err := tx.Carrier.CreateBulk(creates...).Exec(ctx); err != nil {
		return fmt.Errorf("carriers: %w", err)
	}
	g.sum.Carriers, g.sum.WebhookSecrets = len(creates), len(creates)
	g.progress("carriers", len(g.carriers), len(g.carriers), fmt.Sprintf("%d created with webhook secrets, %d existed", len(creates), len(g.carriers)-len(creates)))
	return nil
}

func (g *gen) writeWarehouses(ctx context.Context, tx *ent.Tx) error {
	created := g.now.Add(-120 * day).Truncate(day)
	var creates []*ent.WarehouseCreate
	for _, w := range g.warehouses {
		creates = append(creates, tx.Warehouse.Create().SetID(w.id).SetCode(w.def.code).SetName(w.def.name).
			SetProvince(w.city.Province).SetCity(w.city.Name).SetAddress(w.def.address).
			SetLatitude(w.city.Latitude).SetLongitude(w.city.Longitude).SetDailyCapacity(w.def.capacity).
			SetCreatedAt(created).SetUpdatedAt(created))
	}
	if err := tx.Warehouse.CreateBulk(creates...).Exec(ctx); err != nil {
		return fmt.Errorf("warehouses: %w", err)
	}
	g.sum.Warehouses = len(creates)
	g.progress("warehouses", len(creates), len(g.warehouses), "")
	return nil
}

func (g *gen) writeProducts(ctx context.Context, tx *ent.Tx) error {
	var creates []*ent.ProductCreate
	for _, p := range g.products {
		creates = append(creates, tx.Product.Create().SetID(p.id).SetSku(p.sku).SetBarcode(p.barcode).
			SetNameZh(p.def.nameZh).SetNameEn(p.def.nameEn).SetDescriptionZh(p.def.descZh).SetDescriptionEn(p.def.descEn).
			SetCategory(p.cat.slug).SetPriceAmount(p.price).SetCurrency("CNY").SetWeightGrams(p.def.grams).
			SetActive(!p.def.inactive).SetLotTracked(p.def.lot).SetReturnable(p.returnable()).
			SetBackorderPolicy(backorderPolicy(p.sku)).SetCreatedAt(p.created).SetUpdatedAt(p.created))
	}
	if err := bulk(creates, func(b []*ent.ProductCreate) error { return tx.Product.CreateBulk(b...).Exec(ctx) }); err != nil {
		return fmt.Errorf("products: %w", err)
	}
	g.sum.Products = len(creates)
	g.progress("products", len(creates), len(g.products), fmt.Sprintf("%d categories", len(categories)))
	return nil
}

func backorderPolicy(sku string) product.BackorderPolicy {
	if backorderSKUs[sku] {
		return product.BackorderPolicyALLOW
	}
	return product.BackorderPolicyDENY
}

func (g *gen) writeStock(ctx context.Context, tx *ent.Tx) error {
	for _, m := range g.moves {
		if t := m.time(); t.After(m.level.updated) {
			m.level.updated = t
		}
	}
	var creates []*ent.StockLevelCreate
	low, empty := 0, 0
	for _, row := range g.levels {
		for _, l := range row {
			if l == nil {
				continue
			}
			switch {
			case l.onHand == 0:
				empty++
			case l.onHand-l.reserved <= l.reorderPoint:
				low++
			}
			c := tx.StockLevel.Create().SetID(l.id).SetProductID(l.prod.id).SetWarehouseID(l.wh.id).
				SetOnHand(l.onHand).SetReserved(l.reserved).SetPicked(l.picked).SetReorderPoint(l.reorderPoint).SetSafetyStock(l.safetyStock).
				SetBinLocation(l.bin).SetCreatedAt(l.created).SetUpdatedAt(l.updated)
			if backorderSKUs[l.prod.sku] {
				c.SetRestockEta(g.now.Add(restockInDays * day).Truncate(day))
			}
			creates = append(creates, c)
		}
	}
	if err := bulk(creates, func(b []*ent.StockLevelCreate) error { return tx.StockLevel.CreateBulk(b...).Exec(ctx) }); err != nil {
		return fmt.Errorf("stock levels: %w", err)
	}
	g.sum.StockLevels = len(creates)
	g.progress("stock levels", len(creates), len(creates), fmt.Sprintf("%d at or below the reorder point, %d empty", low, empty))
	return nil
}

func (g *gen) writeCustomers(ctx context.Context, tx *ent.Tx) error {
	var creates []*ent.CustomerCreate
	for _, c := range g.customers {
		if c == g.demo {
			continue // created with its account
		}
		creates = append(creates, tx.Customer.Create().SetID(c.id).SetName(c.name).SetEmail(c.email).
			SetPhone(c.phone).SetGuest(c.guest).SetCreatedAt(c.created).SetUpdatedAt(c.created))
	}
	if err := bulk(creates, func(b []*ent.CustomerCreate) error { return tx.Customer.CreateBulk(b...).Exec(ctx) }); err != nil {
		return fmt.Errorf("customers: %w", err)
	}
	g.sum.Customers = len(g.customers)
	g.progress("customers", len(g.customers), len(g.customers), "the demo customer with an account, the others known by email")
	return nil
}

func (g *gen) writeOrders(ctx context.Context, tx *ent.Tx) error {
	var (
		orders   []*ent.OrderCreate
		lines    []*ent.OrderLineCreate
		events   []*ent.OrderEventCreate
		payments []*ent.PaymentCreate
	)
	for _, o := range g.orders {
		a := o.addr
		c := tx.Order.Create().SetID(o.id).SetNumber(o.number).SetStatus(order.Status(o.status)).
			SetChannel(order.Channel(o.channel)).SetCustomerID(o.cust.id).
			SetContactName(o.cust.name).SetContactEmail(o.cust.email).SetContactPhone(o.cust.phone).
			SetShipCountry("CN").SetShipProvince(a.city.Province).SetShipCity(a.city.Name + "市").
			SetShipDistrict(a.district.name).SetShipLine1(a.line1).SetShipPostalCode(a.district.postal).
			SetDeliveryOption(order.DeliveryOption(o.delivery)).SetNillableScheduledFrom(o.scheduledFrom).
			SetNillableScheduledTo(o.scheduledTo).SetCurrency("CNY").
			SetSubtotalAmount(o.subtotal).SetDiscountAmount(o.discount).SetShippingAmount(o.shipping).
			SetTotalAmount(o.total).SetNillablePromisedDeliveryDate(o.promised).SetNotes(o.notes).
			SetCreatedAt(o.base).SetUpdatedAt(o.abs(o.lastEventOff()))
		if o.coupon != nil {
			c.SetCouponCode(o.coupon.code)
		}
		if len(o.holdReasons) > 0 {
			c.SetHoldReasons(o.holdReasons)
		}
		if o.payExpires {
			c.SetPaymentExpiresAt(o.base.Add(24 * time.Hour))
		}
		orders = append(orders, c)
		g.sum.OrdersByStatus[o.status]++
		for _, l := range o.lines {
			lc := tx.OrderLine.Create().SetID(l.id).SetOrderID(o.id).SetProductID(l.prod.id).SetSku(l.prod.sku).
				SetName(l.prod.def.nameZh).SetQuantity(l.qty).SetUnitPriceAmount(l.unit).SetDiscountAmount(l.discount).
				SetLineTotalAmount(l.total).SetShippedQuantity(l.shipped)
			if l.wh != nil {
				lc.SetWarehouseID(l.wh.id)
			}
			lines = append(lines, lc)
		}
		for _, e := range o.events {
			events = append(events, tx.OrderEvent.Create().SetID(e.id).SetOrderID(o.id).SetFromStatus(e.from).
				SetToStatus(e.to).SetActor(e.actor).SetNote(e.note).SetOccurredAt(o.abs(e.off)))
		}
		if p := o.payment; p != nil {
			payments = append(payments, tx.Payment.Create().SetID(p.id).SetOrderID(o.id).SetProvider("test").
				SetStatus(payment.Status(p.status)).SetAmount(p.amount).SetCurrency("CNY").
				SetCapturedAmount(p.captured).SetRefundedAmount(p.refunded).SetProviderReference(p.ref).
				SetCardLast4(p.last4).SetFailureCode(p.failure).SetRiskFlagged(p.risk).
				SetCreatedAt(o.abs(p.createdOff)).SetUpdatedAt(o.abs(p.updatedOff)))
		}
	}
	if err := bulk(orders, func(b []*ent.OrderCreate) error { return tx.Order.CreateBulk(b...).Exec(ctx) }); err != nil {
		return fmt.Errorf("orders: %w", err)
	}
	if err := bulk(lines, func(b []*ent.OrderLineCreate) error { return tx.OrderLine.CreateBulk(b...).Exec(ctx) }); err != nil {
		return fmt.Errorf("order lines: %w", err)
	}
	if err := bulk(events, func(b []*ent.OrderEventCreate) error { return tx.OrderEvent.CreateBulk(b...).Exec(ctx) }); err != nil {
		return fmt.Errorf("order events: %w", err)
	}
	if err := bulk(payments, func(b []*ent.PaymentCreate) error { return tx.Payment.CreateBulk(b...).Exec(ctx) }); err != nil {
		return fmt.Errorf("payments: %w", err)
	}
	g.sum.Orders, g.sum.OrderLines, g.sum.OrderEvents, g.sum.Payments = len(orders), len(lines), len(events), len(payments)
	g.progress("orders", len(orders), len(g.orders), fmt.Sprintf("%d statuses, %d lines, %d timeline events, %d payments",
		len(g.sum.OrdersByStatus), len(lines), len(events), len(payments)))
	return nil
}

func (g *gen) writeShipments(ctx context.Context, tx *ent.Tx) error {
	var (
		ships  []*ent.ShipmentCreate
		items  []*ent.ShipmentItemCreate
		events []*ent.TrackingEventCreate
		alerts []seededAlert
	)
	for _, o := range g.orders {
		for _, s := range o.shipments {
			last := s.events[len(s.events)-1]
			lastAt := o.abs(last.off)
			c := tx.Shipment.Create().SetID(s.id).SetTrackingNumber(s.tracking).SetOrderID(o.id).
				SetWarehouseID(s.wh.id).SetCarrierID(s.carrier.id).SetServiceLevel(shipment.ServiceLevel(s.service)).
				SetStatus(shipment.Status(s.status)).SetSubStatus(s.sub).SetIsReturn(s.isReturn).
				SetLate(s.late).SetLateReason(s.lateReason).SetOriginCity(s.origin.Name).SetDestinationCity(s.dest.Name).
				SetDestinationLatitude(s.dest.Latitude).SetDestinationLongitude(s.dest.Longitude).
				SetCurrentLatitude(last.city.Latitude).SetCurrentLongitude(last.city.Longitude).SetPositionAt(lastAt).
				SetWeightGrams(s.weight).SetShippingCostAmount(s.cost).SetCurrency("CNY").
				SetShippedAt(o.abs(s.shippedOff)).SetLastEventAt(lastAt).
				SetCreatedAt(o.abs(s.createdOff)).SetUpdatedAt(lastAt)
			if !s.isReturn {
				c.SetNillablePromisedDate(o.promised).SetNillableEtaFrom(timePtr(s.etaFrom)).SetNillableEtaTo(timePtr(s.etaTo))
			}
			if s.delivered {
				c.SetDeliveredAt(o.abs(s.deliveredOff))
			}
			ships = append(ships, c)
			for _, it := range s.items {
				ic := tx.ShipmentItem.Create().SetID(it.id).SetShipmentID(s.id).SetOrderLineID(it.line.id).
					SetProductID(it.line.prod.id).SetQuantity(it.qty)
				if lot := it.line.level.lot; lot != "" {
					ic.SetLotNumber(lot)
				}
				items = append(items, ic)
			}
			source := trackingevent.SourceCARRIER_WEBHOOK
			if s.carrier.def.code == "WAYBILL" {
				source = trackingevent.SourceSCAN
			}
			for i, e := range s.events {
				at := o.abs(e.off)
				received := at
				if source == trackingevent.SourceCARRIER_WEBHOOK {
					received = at.Add(time.Duration(1+(i*7)%5) * time.Minute)
					if received.After(g.now) {
						received = g.now
					}
				}
				lat, lng := e.city.Latitude, e.city.Longitude
				events = append(events, tx.TrackingEvent.Create().SetID(e.id).SetShipmentID(s.id).
					SetStatus(trackingevent.Status(e.status)).SetSubStatus(e.sub).SetCarrierCode(e.code).
					SetDescription(e.desc).SetLocationName(e.loc).SetCity(e.city.Name).
					SetLatitude(lat).SetLongitude(lng).SetOccurredAt(at).SetReceivedAt(received).
					SetSource(source).SetDedupeKey(fmt.Sprintf("seed:%s:%d", s.tracking, i+1)))
				if s.alert != "" && e.off == s.alertOff {
					// Raised when the event that made the parcel late came in.
					alerts = append(alerts, seededAlert{s, received})
				}
			}
		}
	}
	if err := bulk(ships, func(b []*ent.ShipmentCreate) error { return tx.Shipment.CreateBulk(b...).Exec(ctx) }); err != nil {
		return fmt.Errorf("shipments: %w", err)
	}
	if err := bulk(items, func(b []*ent.ShipmentItemCreate) error { return tx.ShipmentItem.CreateBulk(b...).Exec(ctx) }); err != nil {
		return fmt.Errorf("shipment items: %w", err)
	}
	if err := bulk(events, func(b []*ent.TrackingEventCreate) error { return tx.TrackingEvent.CreateBulk(b...).Exec(ctx) }); err != nil {
		return fmt.Errorf("tracking events: %w", err)
	}
	if err := g.writeAlerts(ctx, tx, alerts); err != nil {
		return err
	}
	g.sum.Shipments, g.sum.ShipmentItems, g.sum.TrackingEvents = len(ships), len(items), len(events)
	g.progress("shipments", len(ships), len(ships), fmt.Sprintf("%d items, %d tracking events, %d late (%d ops alerts)",
		len(items), len(events), g.sum.LateParcels, g.sum.OpsAlerts))
	return nil
}

type seededAlert struct {
	s  *shipRow
	at time.Time
}

// writeAlerts raises the ops alerts of late parcels as the tracking service
// does: one per parcel and kind, the late reason as the message, seq in
// the order they were raised after any alert already there.
func (g *gen) writeAlerts(ctx context.Context, tx *ent.Tx, alerts []seededAlert) error {
	for _, o := range g.orders {
		for _, s := range o.shipments {
			if s.late {
				g.sum.LateParcels++
			}
		}
	}
	if len(alerts) == 0 {
		return nil
	}
	var seq int64
	last, err := tx.OpsAlert.Query().Order(ent.Desc(opsalert.FieldSeq)).First(ctx)
	switch {
	case err == nil:
		seq = last.Seq
	case !ent.IsNotFound(err):
		return fmt.Errorf("ops alerts: %w", err)
	}
	sort.SliceStable(alerts, func(i, j int) bool { return alerts[i].at.Before(alerts[j].at) })
	creates := make([]*ent.OpsAlertCreate, len(alerts))
	for i, a := range alerts {
		seq++
		creates[i] = tx.OpsAlert.Create().SetID(pulid.New("alr")).SetShipmentID(a.s.id).SetTrackingNumber(a.s.tracking).
			SetKind(opsalert.Kind(a.s.alert)).SetMessage(a.s.lateReason).SetSeq(seq).SetCreatedAt(a.at)
	}
	if err := tx.OpsAlert.CreateBulk(creates...).Exec(ctx); err != nil {
		return fmt.Errorf("ops alerts: %w", err)
	}
	g.sum.OpsAlerts = len(creates)
	return nil
}

// writeFulfilment stores the open orders' allocation decisions, pick lists
// (with their lines) and cartons.
func (g *gen) writeFulfilment(ctx context.Context, tx *ent.Tx) error {
	var decisions []*ent.AllocationCreate
	for _, a := range g.allocs {
		o := a.order
		reasons, cand, assign := decisionOf(a.plan)
		decisions = append(decisions, tx.Allocation.Create().SetID(a.id).SetOrderID(o.id).SetStatus(allocation.StatusALLOCATED).
			SetShipments(len(a.plan.Warehouses)).SetDistanceKm(a.plan.DistanceKm).
			SetPriority(allocationPriority(o.delivery)).SetReasons(reasons).SetCandidates(cand).SetAssignments(assign).
			SetDecidedBy("system").SetNote("").SetCreatedAt(o.abs(a.off)))
	}
	if err := bulk(decisions, func(b []*ent.AllocationCreate) error { return tx.Allocation.CreateBulk(b...).Exec(ctx) }); err != nil {
		return fmt.Errorf("allocations: %w", err)
	}
	var (
		lists   []*ent.PickListCreate
		cartons []*ent.CartonCreate
		lines   []*ent.PickListLineCreate
	)
	staff := g.staffActor()
	for _, pl := range g.pickLists {
		o := pl.order
		c := tx.PickList.Create().SetID(pl.id).SetNumber(pl.number).SetWarehouseID(pl.wh.id).
			SetStatus(picklist.Status(pl.status)).SetBatch(false).SetOrderCount(1).SetLineCount(len(pl.lines)).
			SetCreatedBy(staff).SetCreatedAt(o.abs(pl.createdOff)).SetUpdatedAt(o.abs(pl.lastOff))
		if pl.started {
			c.SetAssignedTo(staff).SetStartedAt(o.abs(pl.startedOff))
		}
		if pl.done {
			c.SetCompletedAt(o.abs(pl.doneOff))
		}
		lists = append(lists, c)
		if ct := pl.carton; ct != nil {
			cartons = append(cartons, tx.Carton.Create().SetID(ct.id).SetOrderID(o.id).SetWarehouseID(pl.wh.id).
				SetPickListID(pl.id).SetStatus(carton.StatusPACKED).SetWeightGrams(ct.weight).SetLengthMm(ct.length).
				SetWidthMm(ct.width).SetHeightMm(ct.height).SetItems(ct.items).SetPackedBy(staff).
				SetCreatedAt(o.abs(ct.off)).SetUpdatedAt(o.abs(ct.off)))
		}
		for _, pn := range pl.lines {
			l := pn.line
			lc := tx.PickListLine.Create().SetID(pn.id).SetPickListID(pl.id).SetOrderID(o.id).SetOrderLineID(l.id).
				SetProductID(l.prod.id).SetWarehouseID(pl.wh.id).SetSku(l.prod.sku).SetBarcode(l.prod.barcode).
				SetName(l.prod.def.nameZh).SetBinLocation(l.level.bin).SetSequence(pn.seq).SetQuantity(pn.qty).
				SetPickedQuantity(pn.picked).SetLotTracked(l.prod.def.lot).SetStatus(picklistline.Status(pn.status))
			if pn.lot != "" {
				lc.SetSuggestedLot(pn.lot).SetNillableSuggestedLotExpiresAt(pn.lotExpires)
			}
			if pn.pickedLot != "" {
				lc.SetPickedLot(pn.pickedLot)
			}
			if pl.carton != nil {
				lc.SetCartonID(pl.carton.id)
			}
			lines = append(lines, lc)
		}
	}
	if err := bulk(lists, func(b []*ent.PickListCreate) error { return tx.PickList.CreateBulk(b...).Exec(ctx) }); err != nil {
		return fmt.Errorf("pick lists: %w", err)
	}
	if err := bulk(cartons, func(b []*ent.CartonCreate) error { return tx.Carton.CreateBulk(b...).Exec(ctx) }); err != nil {
		return fmt.Errorf("cartons: %w", err)
	}
	if err := bulk(lines, func(b []*ent.PickListLineCreate) error { return tx.PickListLine.CreateBulk(b...).Exec(ctx) }); err != nil {
		return fmt.Errorf("pick list lines: %w", err)
	}
	g.sum.Allocations, g.sum.PickLists, g.sum.PickListLines, g.sum.Cartons = len(decisions), len(lists), len(lines), len(cartons)
	g.progress("warehouse floor", len(decisions), len(decisions), fmt.Sprintf("%d allocation decisions, %d pick lists with %d lines, %d cartons",
		len(decisions), len(lists), len(lines), len(cartons)))
	return nil
}

func (g *gen) writeMovements(ctx context.Context, tx *ent.Tx) error {
	var creates []*ent.StockMovementCreate
	for _, m := range g.moves {
		c := tx.StockMovement.Create().SetID(m.id).SetKind(stockmovement.Kind(m.kind)).
			SetProductID(m.level.prod.id).SetWarehouseID(m.level.wh.id).
			SetOnHandDelta(m.onHand).SetReservedDelta(m.reserved).SetPickedDelta(m.picked).SetReason(m.reason).SetActor(m.actor).
			SetCreatedAt(m.time())
		if m.order != nil {
			c.SetOrderID(m.order.id)
		}
		if m.ship != nil {
			c.SetShipmentID(m.ship.id)
		}
		if m.withLot {
			c.SetLotNumber(m.level.lot).SetLotExpiresAt(m.level.lotExpires)
		}
		if m.pick != nil {
			// As fulfilment.Service.Scan books it.
			c.SetReason("picked for " + m.pick.number).SetReference(m.pick.number)
			if m.lot != "" {
				c.SetLotNumber(m.lot)
			}
		}
		creates = append(creates, c)
	}
	if err := bulk(creates, func(b []*ent.StockMovementCreate) error { return tx.StockMovement.CreateBulk(b...).Exec(ctx) }); err != nil {
		return fmt.Errorf("stock movements: %w", err)
	}
	g.sum.StockMovements = len(creates)
	g.progress("stock movements", len(creates), len(creates), "every level equals the sum of its movements")
	return nil
}

func (g *gen) writeSupport(ctx context.Context, tx *ent.Tx) error {
	var (
		tickets  []*ent.TicketCreate
		messages []*ent.TicketMessageCreate
	)
	for _, t := range g.tickets {
		c := tx.Ticket.Create().SetID(t.id).SetNumber(t.number).SetSubject(t.subject).
			SetCategory(ticket.Category(t.category)).SetPriority(ticket.Priority(t.priority)).
			SetStatus(ticket.Status(t.status)).SetSource(ticket.Source(t.source)).
			SetCustomerID(t.cust.id).SetOrderID(t.order.id).SetNillableAssigneeID(idPtr(t.assignee)).
			SetFirstResponseDueAt(t.firstDue).SetResolutionDueAt(t.resolutionDue).
			SetNillableFirstRespondedAt(t.firstResponded).SetNillableResolvedAt(t.resolved).
			SetSLABreached(t.breached).SetResolutionNote(t.resolutionNote).
			SetCreatedAt(t.created).SetUpdatedAt(t.updated)
		if t.ship != nil {
			c.SetShipmentID(t.ship.id)
		}
		if t.rootCause != "" {
			c.SetRootCause(ticket.RootCause(t.rootCause))
		}
		g.supportFields(t, c)
		tickets = append(tickets, c)
		for _, m := range t.messages {
			messages = append(messages, tx.TicketMessage.Create().SetID(m.id).SetTicketID(t.id).
				SetNillableAuthorID(idPtr(m.author)).SetAuthorKind(ticketmessage.AuthorKind(m.kind)).
				SetAuthorName(authorName(m.kind, t.cust.name)).SetBody(m.body).SetInternal(m.internal).SetCreatedAt(m.at))
		}
	}
	if err := tx.Ticket.CreateBulk(tickets...).Exec(ctx); err != nil {
		return fmt.Errorf("tickets: %w", err)
	}
	if err := bulk(messages, func(b []*ent.TicketMessageCreate) error { return tx.TicketMessage.CreateBulk(b...).Exec(ctx) }); err != nil {
		return fmt.Errorf("ticket messages: %w", err)
	}
	g.sum.Tickets, g.sum.TicketMessages = len(tickets), len(messages)
	g.progress("tickets", len(tickets), len(g.tickets), fmt.Sprintf("%d messages", len(messages)))

	var coupons []*ent.CouponCreate
	for _, c := range g.coupons {
		cc := tx.Coupon.Create().SetID(c.id).SetCode(c.code).SetKind(coupon.Kind(c.kind)).SetPercentOff(c.percent).
			SetAmountOff(c.amountOff).SetCurrency("CNY").SetMinSpendAmount(c.minSpend).
			SetNillableStartsAt(c.startsAt).SetNillableEndsAt(c.endsAt).SetUsageLimit(c.usageLimit).
			SetPerCustomerLimit(c.perCustomer).SetFirstOrderOnly(c.firstOrderOnly).SetTimesUsed(c.timesUsed).
			SetCreatedAt(c.created).SetUpdatedAt(c.created)
		if c.customer != nil {
			cc.SetCustomerID(c.customer.id)
		}
		if c.ticket != nil {
			cc.SetIssuedByTicketID(c.ticket.id)
		}
		coupons = append(coupons, cc)
	}
	if err := tx.Coupon.CreateBulk(coupons...).Exec(ctx); err != nil {
		return fmt.Errorf("coupons: %w", err)
	}
	g.sum.Coupons = len(coupons)
	g.progress("coupons", len(coupons), len(g.coupons), "")

	var returns []*ent.ReturnRequestCreate
	for _, r := range g.returns {
		o := r.order
		returns = append(returns, tx.ReturnRequest.Create().SetID(r.id).SetNumber(r.number).SetOrderID(o.id).
			SetCustomerID(o.cust.id).SetStatus(returnrequest.StatusREFUNDED).SetResolution(returnrequest.ResolutionREFUND).
			SetReason(r.reason.zh+" "+r.reason.en).SetReturnShipmentID(r.shipment.id).SetRefundAmount(r.refund).SetCurrency("CNY").
			SetCreatedAt(o.abs(r.createdOff)).SetUpdatedAt(o.abs(r.updatedOff)))
	}
	if err := tx.ReturnRequest.CreateBulk(returns...).Exec(ctx); err != nil {
		return fmt.Errorf("returns: %w", err)
	}
	g.sum.Returns = len(returns)

	var surveys []*ent.SurveyResponseCreate
	for _, s := range g.surveys {
		surveys = append(surveys, tx.SurveyResponse.Create().SetID(s.id).SetKind(surveyresponse.Kind(s.kind)).
			SetSubjectID(string(s.subjectID)).SetCustomerID(s.cust.id).SetScore(s.score).SetNillableNps(s.nps).
			SetComment(s.comment).SetCreatedAt(s.at))
	}
	if err := tx.SurveyResponse.CreateBulk(surveys...).Exec(ctx); err != nil {
		return fmt.Errorf("surveys: %w", err)
	}
	g.sum.Surveys = len(surveys)
	g.progress("returns and surveys", len(returns)+len(surveys), len(returns)+len(surveys),
		fmt.Sprintf("%d returns, %d surveys", len(returns), len(surveys)))
	return nil
}
