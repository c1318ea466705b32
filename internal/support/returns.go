package support

import (
	"context"
	"fmt"
	mrand "math/rand/v2"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/carrier"
	"github.com/waybill/waybill/ent/orderline"
	"github.com/waybill/waybill/ent/returnline"
	"github.com/waybill/waybill/ent/returnrequest"
	"github.com/waybill/waybill/ent/shipment"
	"github.com/waybill/waybill/ent/stocklevel"
	"github.com/waybill/waybill/ent/stockmovement"
	"github.com/waybill/waybill/ent/ticket"
	"github.com/waybill/waybill/ent/ticketremedy"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/orders"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/s10"
	"github.com/waybill/waybill/internal/viewer"
)

// The RMA state machine:
//
//	REQUESTED → APPROVED → PICKUP_SCHEDULED → RECEIVED → INSPECTED → REFUNDED | EXCHANGED
//	REQUESTED → REJECTED;  REQUESTED | APPROVED → CANCELLED;  APPROVED → RECEIVED (dropped off)
var returnTransitions = map[returnrequest.Status][]returnrequest.Status{
	returnrequest.StatusREQUESTED:        {returnrequest.StatusAPPROVED, returnrequest.StatusREJECTED, returnrequest.StatusCANCELLED},
	returnrequest.StatusAPPROVED:         {returnrequest.StatusPICKUP_SCHEDULED, returnrequest.StatusRECEIVED, returnrequest.StatusCANCELLED},
	returnrequest.StatusPICKUP_SCHEDULED: {returnrequest.StatusRECEIVED},
	returnrequest.StatusRECEIVED:         {returnrequest.StatusINSPECTED},
	returnrequest.StatusINSPECTED:        {returnrequest.StatusREFUNDED, returnrequest.StatusEXCHANGED},
}

// CanReturnTransition reports whether a return may go from one status to another.
func CanReturnTransition(from, to returnrequest.Status) bool {
	for _, s := range returnTransitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// ReturnLineInput is a quantity of one order line to send back.
type ReturnLineInput struct {
	OrderLineID pulid.ID
	Quantity    int
}

// ReturnInput requests a return or an exchange.
type ReturnInput struct {
	OrderID    pulid.ID
	Lines      []ReturnLineInput
	Reason     string
	Resolution returnrequest.Resolution // REFUND (default) or EXCHANGE
	TicketID   *pulid.ID
	// Override (staff): accept it outside the window or for a product that
	// is not returnable (a defect, a goodwill gesture). OverrideReason says why.
	Override       bool
	OverrideReason string
}

// ReturnWindow is when an order may be returned.
type ReturnWindow struct {
	DeliveredAt *time.Time
	Deadline    *time.Time
	Open        bool
	Days        int
}

// ReturnableLine says whether and how much of one order line may be returned.
type ReturnableLine struct {
	Line        *ent.OrderLine
	Returnable  bool   // the product may be returned
	MaxQuantity int    // not yet returned (or being returned)
	Reason      string // why not, when MaxQuantity is 0 or the product is not returnable
}

// Window returns the return window of an order the viewer may see.
func (s *Service) Window(ctx context.Context, orderID pulid.ID) (*ReturnWindow, []ReturnableLine, error) {
	db := s.clientOf(ctx)
	o, err := db.Order.Get(ctx, orderID)
	if ent.IsNotFound(err) {
		return nil, nil, err // the caller tells hidden from missing
	}
	if err != nil {
		return nil, nil, errs.Wrap("support.Window", err)
	}
	w, err := s.window(ctx, db, o)
	if err != nil {
		return nil, nil, errs.Wrap("support.Window", err)
	}
	lines, err := s.returnable(ctx, db, o.ID)
	return w, lines, finish("support.Window", err)
}

func (s *Service) window(ctx context.Context, db *ent.Client, o *ent.Order) (*ReturnWindow, error) {
	ships, err := db.Shipment.Query().Where(shipment.OrderID(o.ID), shipment.IsReturn(false), shipment.DeliveredAtNotNil()).
		All(viewer.SystemContext(ctx))
	if err != nil {
		return nil, err
	}
	w := &ReturnWindow{Days: s.opts.ReturnWindowDays}
	for _, sh := range ships {
		if w.DeliveredAt == nil || sh.DeliveredAt.After(*w.DeliveredAt) {
			d := *sh.DeliveredAt
			w.DeliveredAt = &d
		}
	}
	if w.DeliveredAt != nil {
		end := w.DeliveredAt.Add(time.Duration(s.opts.ReturnWindowDays) * 24 * time.Hour)
		w.Deadline = &end
		w.Open = !s.now().After(end)
	}
	return w, nil
}

// returned sums, per order line, the quantities in returns that are not
// rejected or cancelled.
func returned(ctx context.Context, db *ent.Client, orderID pulid.ID) (map[pulid.ID]int, error) {
	rls, err := db.ReturnLine.Query().Where(returnline.HasReturnRequestWith(returnrequest.OrderID(orderID),
		returnrequest.StatusNotIn(returnrequest.StatusREJECTED, returnrequest.StatusCANCELLED))).All(viewer.SystemContext(ctx))
	if err != nil {
		return nil, err
	}
	out := map[pulid.ID]int{}
	for _, rl := range rls {
		out[rl.OrderLineID] += rl.Quantity
	}
	return out, nil
}

func (s *Service) returnable(ctx context.Context, db *ent.Client, orderID pulid.ID) ([]ReturnableLine, error) {
	sys := viewer.SystemContext(ctx)
	lines, err := db.OrderLine.Query().Where(orderline.OrderID(orderID)).WithProduct().Order(ent.Asc(orderline.FieldID)).All(sys)
	if err != nil {
		return nil, err
	}
	done, err := returned(ctx, db, orderID)
	if err != nil {
		return nil, err
	}
	out := make([]ReturnableLine, 0, len(lines))
	for _, l := range lines {
		r := ReturnableLine{Line: l, Returnable: true, MaxQuantity: max(0, l.Quantity-done[l.ID])}
		if p := l.Edges.Product; p != nil && !p.Returnable {
			r.Returnable, r.Reason = false, "PRODUCT_NOT_RETURNABLE"
		} else if r.MaxQuantity == 0 {
			r.Reason = "ALREADY_RETURNED"
		}
		out = append(out, r)
	}
	return out, nil
}

// requireAny passes when the viewer has one of perms.
func requireAny(ctx context.Context, perms ...auth.Permission) error {
	var err error
	for _, p := range perms {
		if err = auth.Require(ctx, p); err == nil {
			return nil
		}
	}
	return err
}

// RequestReturn asks for a return or exchange: customers for their own
// delivered orders within the window, staff (SERVICE_REMEDIES) for anyone
// (approved at once; Override lifts the window and the non-returnable rule).
func (s *Service) RequestReturn(ctx context.Context, in ReturnInput) (*ent.ReturnRequest, error) {
	const op = "support.RequestReturn"
	if !isCustomer(ctx) {
		if err := auth.Require(ctx, auth.ServiceRemedies); err != nil {
			return nil, err
		}
	}
	var out *ent.ReturnRequest
	err := s.tx(ctx, func(ctx context.Context, db *ent.Client) error {
		var err error
		out, err = s.requestReturn(ctx, db, in)
		return err
	})
	return out, finish(op, err)
}

func (s *Service) requestReturn(ctx context.Context, db *ent.Client, in ReturnInput) (*ent.ReturnRequest, error) {
	const op = "support.RequestReturn"
	sys := viewer.SystemContext(ctx)
	customer := isCustomer(ctx)
	in.Reason, in.OverrideReason = strings.TrimSpace(in.Reason), strings.TrimSpace(in.OverrideReason)
	if in.Resolution == "" {
		in.Resolution = returnrequest.ResolutionREFUND
	}
	var problems errs.List
	if in.Reason == "" {
		problems = append(problems, invalid(op, "REQUIRED", "Say why.", "input", "reason"))
	} else if utf8.RuneCountInString(in.Reason) > 500 {
		problems = append(problems, invalid(op, "TOO_LONG", "At most 500 characters.", "input", "reason"))
	}
	if returnrequest.ResolutionValidator(in.Resolution) != nil {
		problems = append(problems, invalid(op, "INVALID_RESOLUTION", "REFUND or EXCHANGE.", "input", "resolution"))
	}
	if len(in.Lines) == 0 || len(in.Lines) > maxLines {
		problems = append(problems, invalid(op, "NO_LINES", "Choose the lines to return.", "input", "lines"))
	}
	if in.Override && customer {
		problems = append(problems, invalid(op, "NOT_ALLOWED", "Only staff override the return policy.", "input", "override"))
	}
	if in.Override && in.OverrideReason == "" {
		problems = append(problems, invalid(op, "REQUIRED", "Say why the policy is overridden.", "input", "overrideReason"))
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	o, err := db.Order.Get(ctx, in.OrderID)
	if ent.IsNotFound(err) {
		return nil, invalid(op, "ORDER_NOT_FOUND", "No such order of yours.", "input", "orderId")
	}
	if err != nil {
		return nil, err
	}
	w, err := s.window(ctx, db, o)
	if err != nil {
		return nil, err
	}
	if w.DeliveredAt == nil {
		return nil, conflict(op, "NOT_DELIVERED", "A return can be requested once the order has been delivered.")
	}
	if !w.Open && !in.Override {
		e := conflict(op, "RETURN_WINDOW_CLOSED", fmt.Sprintf("Returns are accepted within %d days of delivery; this order's window closed on %s.",
			s.opts.ReturnWindowDays, w.Deadline.In(cst).Format("2006-01-02")))
		e.Details = map[string]any{"deadline": w.Deadline.Format(time.RFC3339), "days": s.opts.ReturnWindowDays}
		return nil, e
	}
	rl, err := s.returnable(ctx, db, o.ID)
	if err != nil {
		return nil, err
	}
	byID := map[pulid.ID]ReturnableLine{}
	for _, r := range rl {
		byID[r.Line.ID] = r
	}
	seen := map[pulid.ID]bool{}
	var total int64
	var warehouse *pulid.ID
	for i, l := range in.Lines {
		at := []string{"input", "lines", fmt.Sprint(i)}
		r, ok := byID[l.OrderLineID]
		switch {
		case !ok:
			problems = append(problems, invalid(op, "UNKNOWN_LINE", "That line is not on this order.", append(at, "orderLineId")...))
			continue
		case seen[l.OrderLineID]:
			problems = append(problems, invalid(op, "DUPLICATE_LINE", "Name each line once.", append(at, "orderLineId")...))
			continue
		case !r.Returnable && !in.Override:
			problems = append(problems, invalid(op, "PRODUCT_NOT_RETURNABLE", r.Line.Name+" cannot be returned.", append(at, "orderLineId")...))
			continue
		case l.Quantity < 1 || l.Quantity > r.MaxQuantity:
			e := invalid(op, "QUANTITY_OUT_OF_RANGE", fmt.Sprintf("Return 1 to %d of %s.", r.MaxQuantity, r.Line.Sku), append(at, "quantity")...)
			e.Details = map[string]any{"max": r.MaxQuantity}
			problems = append(problems, e)
			continue
		}
		seen[l.OrderLineID] = true
		total += r.Line.LineTotalAmount * int64(l.Quantity) / int64(r.Line.Quantity)
		if warehouse == nil && r.Line.WarehouseID != nil {
			warehouse = r.Line.WarehouseID
		}
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	if warehouse == nil {
		if sh, err := db.Shipment.Query().Where(shipment.OrderID(o.ID), shipment.IsReturn(false), shipment.WarehouseIDNotNil()).First(sys); err == nil {
			warehouse = sh.WarehouseID
		}
	}
	if in.TicketID != nil {
		t, err := db.Ticket.Get(ctx, *in.TicketID)
		if ent.IsNotFound(err) || err == nil && (t.OrderID == nil || *t.OrderID != o.ID) {
			return nil, invalid(op, "TICKET_NOT_FOUND", "No such ticket about this order.", "input", "ticketId")
		}
		if err != nil {
			return nil, err
		}
	}
	number, err := s.returnNumber(sys, db)
	if err != nil {
		return nil, err
	}
	now := s.now()
	c := db.ReturnRequest.Create().SetNumber(number).SetOrderID(o.ID).SetNillableCustomerID(o.CustomerID).
		SetNillableTicketID(in.TicketID).SetResolution(in.Resolution).SetReason(in.Reason).SetNillableWarehouseID(warehouse).
		SetRefundAmount(total).SetCurrency(o.Currency).SetCreatedAt(now).SetUpdatedAt(now)
	if !customer {
		note := "opened by staff"
		if in.Override {
			note = "policy overridden: " + in.OverrideReason
		}
		c.SetStatus(returnrequest.StatusAPPROVED).SetApprovedAt(now).SetDecisionNote(note)
	}
	rr, err := c.Save(sys)
	if err != nil {
		return nil, err
	}
	for _, l := range in.Lines {
		line := byID[l.OrderLineID].Line
		if err := db.ReturnLine.Create().SetReturnID(rr.ID).SetOrderLineID(line.ID).SetProductID(line.ProductID).
			SetNillableCustomerID(o.CustomerID).SetSku(line.Sku).SetName(line.Name).SetQuantity(l.Quantity).
			SetRefundAmount(line.LineTotalAmount * int64(l.Quantity) / int64(line.Quantity)).Exec(sys); err != nil {
			return nil, err
		}
	}
	return rr, nil
}

func (s *Service) returnNumber(ctx context.Context, db *ent.Client) (string, error) {
	day := s.now().In(cst).Format("060102")
	for i := 0; ; i++ {
		n := "RMA-" + day + "-" + randomDigits(5+i/4)
		exists, err := db.ReturnRequest.Query().Where(returnrequest.Number(n)).Exist(ctx)
		if err != nil || !exists {
			return n, err
		}
	}
}

// loadReturn reads a return as the viewer, locked on PostgreSQL, and
// checks it may move to status to.
func (s *Service) loadReturn(ctx context.Context, db *ent.Client, op string, id pulid.ID, to returnrequest.Status) (*ent.ReturnRequest, error) {
	q := db.ReturnRequest.Query().Where(returnrequest.ID(id))
	if s.postgres() {
		q = q.ForUpdate()
	}
	rr, err := q.Only(ctx)
	if ent.IsNotFound(err) {
		return nil, invalid(op, "NOT_FOUND", "No such return.", "returnId")
	}
	if err != nil {
		return nil, err
	}
	if !CanReturnTransition(rr.Status, to) {
		e := conflict(op, "INVALID_TRANSITION", fmt.Sprintf("A %s return cannot become %s.", rr.Status, to))
		e.Details = map[string]any{"from": string(rr.Status), "to": string(to)}
		return nil, e
	}
	return rr, nil
}

// tellTicket posts a message about a return on its ticket, if it has one.
func (s *Service) tellTicket(ctx context.Context, db *ent.Client, rr *ent.ReturnRequest, msg string) error {
	if rr.TicketID == nil {
		return nil
	}
	t, err := db.Ticket.Get(viewer.SystemContext(ctx), *rr.TicketID)
	if err != nil {
		return err
	}
	if t.Status == ticket.StatusCLOSED {
		return nil
	}
	if _, err := s.system(ctx, db, t, msg, false); err != nil {
		return err
	}
	return s.ticketChanged(ctx, t.ID)
}

// step runs one transition of a return: load, check, change, tell.
func (s *Service) step(ctx context.Context, op string, id pulid.ID, to returnrequest.Status,
	fn func(ctx context.Context, db *ent.Client, rr *ent.ReturnRequest, upd *ent.ReturnRequestUpdateOne) (string, error)) (*ent.ReturnRequest, error) {
	var out *ent.ReturnRequest
	err := s.tx(ctx, func(ctx context.Context, db *ent.Client) error {
		rr, err := s.loadReturn(ctx, db, op, id, to)
		if err != nil {
			return err
		}
		upd := db.ReturnRequest.UpdateOneID(rr.ID).SetStatus(to).SetUpdatedAt(s.now())
		msg, err := fn(ctx, db, rr, upd)
		if err != nil {
			return err
		}
		if _, err := upd.Save(viewer.SystemContext(ctx)); err != nil {
			return err
		}
		if msg != "" {
			if err := s.tellTicket(ctx, db, rr, msg); err != nil {
				return err
			}
		}
		out, err = db.ReturnRequest.Get(ctx, rr.ID)
		return err
	})
	return out, finish(op, err)
}

// ApproveReturn approves a requested return (SERVICE_REMEDIES).
func (s *Service) ApproveReturn(ctx context.Context, id pulid.ID, note string) (*ent.ReturnRequest, error) {
	const op = "support.ApproveReturn"
	if err := auth.Require(ctx, auth.ServiceRemedies); err != nil {
		return nil, err
	}
	note, err := checkNote(op, note)
	if err != nil {
		return nil, err
	}
	return s.step(ctx, op, id, returnrequest.StatusAPPROVED, func(ctx context.Context, db *ent.Client, rr *ent.ReturnRequest, upd *ent.ReturnRequestUpdateOne) (string, error) {
		upd.SetApprovedAt(s.now()).SetDecisionNote(note)
		return fmt.Sprintf("退货申请 %s 已通过，我们会安排快递员上门取件。Return %s is approved; we will arrange a pickup.", rr.Number, rr.Number), nil
	})
}

// RejectReturn rejects a requested return with a reason (SERVICE_REMEDIES).
func (s *Service) RejectReturn(ctx context.Context, id pulid.ID, reason string) (*ent.ReturnRequest, error) {
	const op = "support.RejectReturn"
	if err := auth.Require(ctx, auth.ServiceRemedies); err != nil {
		return nil, err
	}
	reason, err := checkNote(op, reason)
	if err != nil {
		return nil, err
	}
	if reason == "" {
		return nil, invalid(op, "REQUIRED", "Say why the return is rejected.", "reason")
	}
	return s.step(ctx, op, id, returnrequest.StatusREJECTED, func(ctx context.Context, db *ent.Client, rr *ent.ReturnRequest, upd *ent.ReturnRequestUpdateOne) (string, error) {
		upd.SetRejectedAt(s.now()).SetDecisionNote(reason)
		return fmt.Sprintf("很抱歉，退货申请 %s 未通过：%s。Sorry, return %s was not approved: %s.", rr.Number, reason, rr.Number, reason), nil
	})
}

// CancelReturn withdraws a return before pickup: the customer their own,
// or staff (SERVICE_REMEDIES).
func (s *Service) CancelReturn(ctx context.Context, id pulid.ID) (*ent.ReturnRequest, error) {
	const op = "support.CancelReturn"
	if !isCustomer(ctx) {
		if err := auth.Require(ctx, auth.ServiceRemedies); err != nil {
			return nil, err
		}
	}
	return s.step(ctx, op, id, returnrequest.StatusCANCELLED, func(ctx context.Context, db *ent.Client, rr *ent.ReturnRequest, upd *ent.ReturnRequestUpdateOne) (string, error) {
		upd.SetCompletedAt(s.now())
		return fmt.Sprintf("退货申请 %s 已取消。Return %s was cancelled.", rr.Number, rr.Number), nil
	})
}

// SchedulePickup books the collection of an approved return: a return
// shipment (to the warehouse, with its own S10 tracking number) that the
// tracking service follows like any parcel (SERVICE_REMEDIES or FULFIL).
func (s *Service) SchedulePickup(ctx context.Context, id pulid.ID, carrierID *pulid.ID) (*ent.ReturnRequest, error) {
	const op = "support.SchedulePickup"
	if err := requireAny(ctx, auth.ServiceRemedies, auth.Fulfil); err != nil {
		return nil, err
	}
	return s.step(ctx, op, id, returnrequest.StatusPICKUP_SCHEDULED, func(ctx context.Context, db *ent.Client, rr *ent.ReturnRequest, upd *ent.ReturnRequestUpdateOne) (string, error) {
		sys := viewer.SystemContext(ctx)
		o, err := db.Order.Get(sys, rr.OrderID)
		if err != nil {
			return "", err
		}
		if rr.WarehouseID == nil {
			return "", invalid(op, "NO_WAREHOUSE", "The return has no warehouse to go back to.", "returnId")
		}
		wh, err := db.Warehouse.Get(sys, *rr.WarehouseID)
		if err != nil {
			return "", err
		}
		var car *ent.Carrier
		switch {
		case carrierID != nil:
			car, err = db.Carrier.Get(sys, *carrierID)
			if ent.IsNotFound(err) {
				return "", invalid(op, "CARRIER_NOT_FOUND", "No such carrier.", "carrierId")
			}
		default:
			// The carrier that delivered the order, else any active one.
			if sh, e := db.Shipment.Query().Where(shipment.OrderID(o.ID), shipment.IsReturn(false), shipment.CarrierIDNotNil()).First(sys); e == nil {
				car, err = db.Carrier.Get(sys, *sh.CarrierID)
			} else {
				car, err = db.Carrier.Query().Where(carrier.Active(true)).Order(ent.Asc(carrier.FieldCode)).First(sys)
			}
		}
		if err != nil {
			return "", err
		}
		tn, err := s.trackingNumber(sys, db, car.TrackingPrefix)
		if err != nil {
			return "", err
		}
		now := s.now()
		shp, err := db.Shipment.Create().SetTrackingNumber(tn).SetOrderID(o.ID).SetWarehouseID(wh.ID).SetCarrierID(car.ID).
			SetIsReturn(true).SetOriginCity(o.ShipCity).SetDestinationCity(wh.City).SetCurrency(o.Currency).
			SetCreatedAt(now).SetUpdatedAt(now).Save(sys)
		if err != nil {
			return "", err
		}
		upd.SetReturnShipmentID(shp.ID).SetPickupScheduledAt(now)
		return fmt.Sprintf("已预约%s上门取件，退货运单号 %s。A %s courier will collect your return; its tracking number is %s.",
			nameZh(car), tn, car.Name, tn), nil
	})
}

func nameZh(c *ent.Carrier) string {
	if c.NameZh != "" {
		return c.NameZh
	}
	return c.Name
}

// trackingNumber returns a fresh S10 number with the carrier's prefix (RT without one).
func (s *Service) trackingNumber(ctx context.Context, db *ent.Client, prefix string) (string, error) {
	if len(prefix) != 2 {
		prefix = "RT"
	}
	for {
		n, err := s10.Format(strings.ToUpper(prefix), mrand.IntN(s10.MaxSerial+1), "CN")
		if err != nil {
			return "", err
		}
		exists, err := db.Shipment.Query().Where(shipment.TrackingNumber(n)).Exist(ctx)
		if err != nil || !exists {
			return n, err
		}
	}
}

// ReceiveReturn records that the goods arrived at the warehouse (FULFIL
// or SERVICE_REMEDIES). Nothing enters stock before inspection.
func (s *Service) ReceiveReturn(ctx context.Context, id pulid.ID) (*ent.ReturnRequest, error) {
	const op = "support.ReceiveReturn"
	if err := requireAny(ctx, auth.Fulfil, auth.ServiceRemedies); err != nil {
		return nil, err
	}
	return s.step(ctx, op, id, returnrequest.StatusRECEIVED, func(ctx context.Context, db *ent.Client, rr *ent.ReturnRequest, upd *ent.ReturnRequestUpdateOne) (string, error) {
		upd.SetReceivedAt(s.now())
		return fmt.Sprintf("退货 %s 已到仓，正在验收。Return %s arrived at the warehouse and is being inspected.", rr.Number, rr.Number), nil
	})
}

// InspectLine is what inspection found of one return line: units fit to
// sell again and damaged units. They must add up to the line's quantity.
type InspectLine struct {
	ReturnLineID pulid.ID
	Restock      int
	WriteOff     int
	Note         string
}

// InspectReturn records the inspection (FULFIL or SERVICE_REMEDIES).
// Restockable units go back on hand through a RETURN_RESTOCK movement;
// damaged ones are recorded by a WRITE_OFF movement and never enter stock.
// Each movement is written with its level change in this transaction, so
// every level stays the sum of its ledger.
func (s *Service) InspectReturn(ctx context.Context, id pulid.ID, lines []InspectLine) (*ent.ReturnRequest, error) {
	const op = "support.InspectReturn"
	if err := requireAny(ctx, auth.Fulfil, auth.ServiceRemedies); err != nil {
		return nil, err
	}
	return s.step(ctx, op, id, returnrequest.StatusINSPECTED, func(ctx context.Context, db *ent.Client, rr *ent.ReturnRequest, upd *ent.ReturnRequestUpdateOne) (string, error) {
		sys := viewer.SystemContext(ctx)
		rls, err := db.ReturnLine.Query().Where(returnline.ReturnID(rr.ID)).All(sys)
		if err != nil {
			return "", err
		}
		byID := map[pulid.ID]InspectLine{}
		var problems errs.List
		for i, l := range lines {
			at := []string{"lines", fmt.Sprint(i)}
			if _, dup := byID[l.ReturnLineID]; dup {
				problems = append(problems, invalid(op, "DUPLICATE_LINE", "Name each line once.", append(at, "returnLineId")...))
			}
			byID[l.ReturnLineID] = l
		}
		for _, rl := range rls {
			l, ok := byID[rl.ID]
			if !ok {
				problems = append(problems, invalid(op, "LINE_NOT_INSPECTED", "Inspect every line: "+rl.Sku+".", "lines"))
				continue
			}
			delete(byID, rl.ID)
			if l.Restock < 0 || l.WriteOff < 0 || l.Restock+l.WriteOff != rl.Quantity {
				problems = append(problems, invalid(op, "QUANTITY_MISMATCH",
					fmt.Sprintf("%s: restocked and written-off units must add up to %d.", rl.Sku, rl.Quantity), "lines"))
			}
			if utf8.RuneCountInString(l.Note) > MaxNote {
				problems = append(problems, invalid(op, "TOO_LONG", fmt.Sprintf("At most %d characters.", MaxNote), "lines"))
			}
		}
		if len(byID) > 0 {
			problems = append(problems, invalid(op, "UNKNOWN_LINE", "A line is not on this return.", "lines"))
		}
		if err := problems.Err(); err != nil {
			return "", err
		}
		if rr.WarehouseID == nil {
			return "", invalid(op, "NO_WAREHOUSE", "The return has no warehouse to go back to.", "returnId")
		}
		actor := actorOf(ctx)
		restocked, written := 0, 0
		for _, rl := range rls {
			l := lines[indexOf(lines, rl.ID)]
			level, err := s.level(ctx, db, rl.ProductID, *rr.WarehouseID)
			if err != nil {
				return "", err
			}
			if l.Restock > 0 {
				if err := level.Update().AddOnHand(l.Restock).Exec(sys); err != nil {
					return "", err
				}
				if err := db.StockMovement.Create().SetKind(stockmovement.KindRETURN_RESTOCK).SetProductID(rl.ProductID).
					SetWarehouseID(*rr.WarehouseID).SetOnHandDelta(l.Restock).SetActor(actor).SetOrderID(rr.OrderID).
					SetNillableShipmentID(rr.ReturnShipmentID).SetReason(fmt.Sprintf("%s: %d restocked after inspection", rr.Number, l.Restock)).
					SetCreatedAt(s.now()).Exec(sys); err != nil {
					return "", err
				}
			}
			if l.WriteOff > 0 {
				// Damaged units never entered stock: the movement records
				// them (quantity in the reason) without changing the level.
				if err := db.StockMovement.Create().SetKind(stockmovement.KindWRITE_OFF).SetProductID(rl.ProductID).
					SetWarehouseID(*rr.WarehouseID).SetOnHandDelta(0).SetActor(actor).SetOrderID(rr.OrderID).
					SetNillableShipmentID(rr.ReturnShipmentID).SetReason(fmt.Sprintf("%s: %d damaged units written off at inspection", rr.Number, l.WriteOff)).
					SetCreatedAt(s.now()).Exec(sys); err != nil {
					return "", err
				}
			}
			if err := rl.Update().SetRestockedQuantity(l.Restock).SetWrittenOffQuantity(l.WriteOff).
				SetInspectionNote(strings.TrimSpace(l.Note)).Exec(sys); err != nil {
				return "", err
			}
			restocked += l.Restock
			written += l.WriteOff
		}
		upd.SetInspectedAt(s.now())
		return fmt.Sprintf("退货 %s 已验收：%d 件完好，%d 件破损。Return %s inspected: %d fine, %d damaged.",
			rr.Number, restocked, written, rr.Number, restocked, written), nil
	})
}

func indexOf(lines []InspectLine, id pulid.ID) int {
	for i, l := range lines {
		if l.ReturnLineID == id {
			return i
		}
	}
	return -1
}

// level returns the stock level of a product in a warehouse, created empty
// if missing (so no movement is ever without its level), locked on PostgreSQL.
func (s *Service) level(ctx context.Context, db *ent.Client, product, warehouse pulid.ID) (*ent.StockLevel, error) {
	sys := viewer.SystemContext(ctx)
	q := db.StockLevel.Query().Where(stocklevel.ProductID(product), stocklevel.WarehouseID(warehouse))
	if s.postgres() {
		q = q.ForUpdate()
	}
	l, err := q.Only(sys)
	if ent.IsNotFound(err) {
		return db.StockLevel.Create().SetProductID(product).SetWarehouseID(warehouse).Save(sys)
	}
	return l, err
}

// CompleteReturn finishes an inspected return (SERVICE_REMEDIES): a refund
// through orders.Refund (the lines' paid value, or less; never more than
// was paid), or an exchange through orders.Reship (a new order reserving
// stock for the same lines).
func (s *Service) CompleteReturn(ctx context.Context, id pulid.ID, amount *int64) (*ent.ReturnRequest, error) {
	const op = "support.CompleteReturn"
	if err := auth.Require(ctx, auth.ServiceRemedies); err != nil {
		return nil, err
	}
	var out *ent.ReturnRequest
	err := s.tx(ctx, func(ctx context.Context, db *ent.Client) error {
		sys := viewer.SystemContext(ctx)
		q := db.ReturnRequest.Query().Where(returnrequest.ID(id))
		if s.postgres() {
			q = q.ForUpdate()
		}
		rr, err := q.Only(ctx)
		if ent.IsNotFound(err) {
			return invalid(op, "NOT_FOUND", "No such return.", "returnId")
		}
		if err != nil {
			return err
		}
		to := returnrequest.StatusREFUNDED
		if rr.Resolution == returnrequest.ResolutionEXCHANGE {
			to = returnrequest.StatusEXCHANGED
		}
		if !CanReturnTransition(rr.Status, to) {
			e := conflict(op, "INVALID_TRANSITION", fmt.Sprintf("A %s return cannot become %s.", rr.Status, to))
			e.Details = map[string]any{"from": string(rr.Status), "to": string(to)}
			return e
		}
		now := s.now()
		upd := rr.Update().SetStatus(to).SetCompletedAt(now)
		var msg string
		var rem *ent.TicketRemedyCreate
		if to == returnrequest.StatusREFUNDED {
			a := rr.RefundAmount
			if amount != nil {
				a = *amount
			}
			if a < 0 || a > rr.RefundAmount {
				return invalid(op, "REFUND_EXCEEDS_RETURN", fmt.Sprintf("Refund 0 to %s for this return.", formatMoney(rr.RefundAmount, rr.Currency)), "amount")
			}
			if a > 0 {
				if a, err = s.orders.Refund(ctx, rr.OrderID, a, "return "+rr.Number); err != nil {
					return err
				}
			}
			upd.SetRefundedAmount(a)
			m := formatMoney(a, rr.Currency)
			msg = fmt.Sprintf("退货 %s 已退款 %s，将原路退回。Return %s: %s refunded to your original payment method.", rr.Number, m, rr.Number, m)
			rem = db.TicketRemedy.Create().SetKind(ticketremedy.KindREFUND).SetAmount(a).SetCurrency(rr.Currency).SetOrderID(rr.OrderID).
				SetReturnID(rr.ID).SetNote("return " + rr.Number)
		} else {
			rls, err := db.ReturnLine.Query().Where(returnline.ReturnID(rr.ID)).All(sys)
			if err != nil {
				return err
			}
			lines := make([]orders.ReshipLine, len(rls))
			for i, rl := range rls {
				lines[i] = orders.ReshipLine{OrderLineID: rl.OrderLineID, Quantity: rl.Quantity}
			}
			o, err := s.orders.Reship(ctx, rr.OrderID, lines, "exchange for return "+rr.Number)
			if err != nil {
				return err
			}
			upd.SetExchangeOrderID(o.ID)
			msg = fmt.Sprintf("换货 %s：新商品随订单 %s 发出。Exchange %s: the replacement ships as order %s.", rr.Number, o.Number, rr.Number, o.Number)
			rem = db.TicketRemedy.Create().SetKind(ticketremedy.KindRESHIP).SetOrderID(o.ID).SetCurrency(o.Currency).
				SetReturnID(rr.ID).SetNote("exchange for return " + rr.Number)
		}
		if err := upd.Exec(sys); err != nil {
			return err
		}
		if rr.TicketID != nil {
			t, err := db.Ticket.Get(sys, *rr.TicketID)
			if err != nil {
				return err
			}
			if _, err := s.record(ctx, db, t, rem, msg, msg); err != nil {
				return err
			}
		}
		out, err = db.ReturnRequest.Get(ctx, rr.ID)
		return err
	})
	return out, finish(op, err)
}
