package orders

import (
	"context"

	"entgo.io/ent/dialect"
	"fmt"
	"strings"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/order"
	"github.com/waybill/waybill/ent/payment"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/geo"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// ReshipLine is a quantity of one line of the original order to send again.
type ReshipLine struct {
	OrderLineID pulid.ID
	Quantity    int
}

// Reship sends chosen lines of an order again, free of charge: a new
// CONFIRMED order (number with an R suffix) that reserves its stock through
// the ledger and then flows through allocation, picking and shipping like
// any other. SERVICE_REMEDIES (agents and admins).
func (s *Service) Reship(ctx context.Context, originalID pulid.ID, lines []ReshipLine, reason string) (*ent.Order, error) {
	const op = "orders.Reship"
	if err := auth.Require(ctx, auth.ServiceRemedies); err != nil {
		return nil, err
	}
	if len(lines) == 0 {
		return nil, errs.E(op, errs.Invalid, "NO_LINES", "Choose at least one line to reship.").At("lines")
	}
	actor := viewer.FromContext(ctx).Actor()
	var out *ent.Order
	err := database.WithTx(ctx, s.client, func(tx *ent.Tx) error {
		sys := viewer.SystemContext(ctx)
		db := tx.Client()
		orig, err := db.Order.Query().Where(order.ID(originalID)).WithLines().Only(sys)
		if ent.IsNotFound(err) {
			return errs.E(op, errs.Invalid, "NOT_FOUND", "No such order.").At("orderId")
		}
		if err != nil {
			return err
		}
		byID := map[pulid.ID]*ent.OrderLine{}
		for _, l := range orig.Edges.Lines {
			byID[l.ID] = l
		}
		var problems errs.List
		needs := make([]inventory.Need, 0, len(lines))
		for i, rl := range lines {
			l := byID[rl.OrderLineID]
			switch {
			case l == nil:
				problems = append(problems, errs.E(op, errs.Invalid, "UNKNOWN_LINE", "That line is not on this order.").At("lines", fmt.Sprint(i), "orderLineId"))
				continue
			case rl.Quantity < 1 || rl.Quantity > l.Quantity:
				problems = append(problems, errs.E(op, errs.Invalid, "QUANTITY_OUT_OF_RANGE",
					fmt.Sprintf("Reship 1 to %d of %s.", l.Quantity, l.Sku)).At("lines", fmt.Sprint(i), "quantity"))
				continue
			}
			needs = append(needs, inventory.Need{Line: i, ProductID: l.ProductID, Quantity: rl.Quantity})
		}
		if len(problems) > 0 {
			return problems
		}
		newID := pulid.New("ord")
		var dest *geo.Point
		if c, ok := geo.Lookup(orig.ShipCity); ok {
			p := c.Point()
			dest = &p
		}
		reserved, err := inventory.Reserve(ctx, db, newID, dest, needs, actor)
		if err != nil {
			return err
		}
		res := reserved.Reservations
		if len(reserved.Shortages) > 0 {
			for _, sh := range reserved.Shortages {
				e := errs.E(op, errs.Invalid, "INSUFFICIENT_STOCK", fmt.Sprintf("Only %d in stock.", sh.Available)).At("lines", fmt.Sprint(sh.Line), "quantity")
				e.Details = map[string]any{"available": sh.Available}
				problems = append(problems, e)
			}
			return problems
		}
		now := s.now().UTC()
		number := strings.TrimSuffix(orig.Number, "-R") + "-R"
		for n := 2; ; n++ {
			exists, err := db.Order.Query().Where(order.Number(number)).Exist(sys)
			if err != nil {
				return err
			}
			if !exists {
				break
			}
			number = fmt.Sprintf("%s-R%d", orig.Number, n)
		}
		create := db.Order.Create().SetID(newID).SetNumber(number).SetStatus(order.StatusCONFIRMED).SetChannel(order.ChannelAPI).
			SetContactName(orig.ContactName).SetContactEmail(orig.ContactEmail).SetContactPhone(orig.ContactPhone).
			SetShipCountry(orig.ShipCountry).SetShipProvince(orig.ShipProvince).SetShipCity(orig.ShipCity).
			SetShipDistrict(orig.ShipDistrict).SetShipLine1(orig.ShipLine1).SetShipLine2(orig.ShipLine2).
			SetShipPostalCode(orig.ShipPostalCode).SetDeliveryOption(order.DeliveryOptionEXPRESS).SetCurrency(orig.Currency).
			SetNotes(withNote("reship for "+orig.Number, reason)).SetPromisedDeliveryDate(now.Truncate(24*60*60*1e9).AddDate(0, 0, 2)).
			SetCreatedAt(now).SetUpdatedAt(now)
		if orig.CustomerID != nil {
			create.SetCustomerID(*orig.CustomerID)
		}
		o, err := create.Save(sys)
		if err != nil {
			return err
		}
		whOf := map[int]pulid.ID{}
		for _, r := range res {
			whOf[r.Line] = r.WarehouseID
		}
		for i, rl := range lines {
			l := byID[rl.OrderLineID]
			c := db.OrderLine.Create().SetOrderID(o.ID).SetProductID(l.ProductID).SetSku(l.Sku).SetName(l.Name).
				SetQuantity(rl.Quantity).SetUnitPriceAmount(0).SetLineTotalAmount(0)
			if wh, ok := whOf[i]; ok {
				c.SetWarehouseID(wh)
			}
			if err := c.Exec(sys); err != nil {
				return err
			}
		}
		if err := db.OrderEvent.CreateBulk(
			db.OrderEvent.Create().SetOrderID(o.ID).SetToStatus(string(order.StatusCONFIRMED)).SetActor(actor).
				SetNote(withNote("reship for "+orig.Number, reason)).SetOccurredAt(now),
			db.OrderEvent.Create().SetOrderID(orig.ID).SetFromStatus(string(orig.Status)).SetToStatus(string(orig.Status)).
				SetActor(actor).SetNote("reshipped as "+number).SetOccurredAt(now),
		).Exec(sys); err != nil {
			return err
		}
		out = o
		return nil
	})
	if err != nil {
		if _, ok := errs.UserErrors(err); ok || errs.KindOf(err) != errs.Other {
			return nil, err
		}
		return nil, errs.Wrap(op, err)
	}
	out = detach(ctx, out)
	s.changed(ctx, out)
	return out, nil
}

// Refund pays money back through the payment provider, never more than
// was captured and not yet refunded. SERVICE_REMEDIES. It returns the
// amount refunded.
func (s *Service) Refund(ctx context.Context, orderID pulid.ID, amount int64, reason string) (int64, error) {
	const op = "orders.Refund"
	if err := auth.Require(ctx, auth.ServiceRemedies); err != nil {
		return 0, err
	}
	if amount <= 0 {
		return 0, errs.E(op, errs.Invalid, "INVALID_AMOUNT", "Refund a positive amount.").At("amount")
	}
	actor := viewer.FromContext(ctx).Actor()
	err := database.WithTx(ctx, s.client, func(tx *ent.Tx) error {
		sys := viewer.SystemContext(ctx)
		db := tx.Client()
		o, err := db.Order.Get(sys, orderID)
		if ent.IsNotFound(err) {
			return errs.E(op, errs.Invalid, "NOT_FOUND", "No such order.").At("orderId")
		}
		if err != nil {
			return err
		}
		// Lock the payments so two refunds cannot both take the last yuan
		// (SQLite's single writer already serializes them).
		q := db.Payment.Query().Where(payment.OrderID(orderID), payment.StatusIn(payment.StatusCAPTURED, payment.StatusPARTIALLY_REFUNDED))
		if s.dialect == dialect.Postgres {
			q = q.ForUpdate()
		}
		ps, err := q.All(sys)
		if err != nil {
			return err
		}
		var refundable int64
		for _, p := range ps {
			refundable += p.CapturedAmount - p.RefundedAmount
		}
		if amount > refundable {
			e := errs.E(op, errs.Invalid, "REFUND_EXCEEDS_PAID", fmt.Sprintf("At most %s can be refunded.", formatMoney(refundable, o.Currency))).At("amount")
			e.Details = map[string]any{"refundable": refundable}
			return e
		}
		left := amount
		for _, p := range ps {
			take := min(left, p.CapturedAmount-p.RefundedAmount)
			if take <= 0 {
				continue
			}
			if err := s.payments.Refund(sys, p.ProviderReference, take); err != nil {
				return errs.E(op, errs.Conflict, "REFUND_FAILED", "The payment provider refused the refund: "+err.Error())
			}
			st := payment.StatusPARTIALLY_REFUNDED
			if p.RefundedAmount+take == p.CapturedAmount {
				st = payment.StatusREFUNDED
			}
			if err := p.Update().AddRefundedAmount(take).SetStatus(st).Exec(sys); err != nil {
				return err
			}
			left -= take
			if left == 0 {
				break
			}
		}
		return s.record(sys, db, o, o.Status, o.Status, actor, fmt.Sprintf("refunded %s: %s", formatMoney(amount, o.Currency), reason))
	})
	if err != nil {
		if _, ok := errs.UserErrors(err); ok || errs.KindOf(err) != errs.Other {
			return 0, err
		}
		return 0, errs.Wrap(op, err)
	}
	return amount, nil
}

// Capture takes the money of an order's authorized payments (at shipment).
// It joins the caller's transaction; FULFIL.
func (s *Service) Capture(ctx context.Context, orderID pulid.ID) error {
	if err := auth.Require(ctx, auth.Fulfil); err != nil {
		return err
	}
	return database.WithTx(ctx, s.client, func(tx *ent.Tx) error {
		sys := viewer.SystemContext(ctx)
		ps, err := tx.Payment.Query().Where(payment.OrderID(orderID), payment.StatusEQ(payment.StatusAUTHORIZED)).All(sys)
		if err != nil {
			return errs.Wrap("orders.Capture", err)
		}
		for _, p := range ps {
			if err := s.payments.Capture(sys, p.ProviderReference, p.Amount); err != nil {
				return errs.E("orders.Capture", errs.Conflict, "CAPTURE_FAILED", "The payment provider refused the capture: "+err.Error())
			}
			if err := p.Update().SetCapturedAmount(p.Amount).SetStatus(payment.StatusCAPTURED).Exec(sys); err != nil {
				return errs.Wrap("orders.Capture", err)
			}
		}
		return nil
	})
}
