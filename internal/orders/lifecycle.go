package orders

import (
	"context"
	"fmt"
	"strings"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/order"
	"github.com/waybill/waybill/ent/payment"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/contact"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/mail"
	pay "github.com/waybill/waybill/internal/payment"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// transitions is the order status machine: from → the statuses it may go to.
var transitions = map[order.Status][]order.Status{
	order.StatusPENDING_PAYMENT:   {order.StatusON_HOLD, order.StatusCONFIRMED, order.StatusCANCELLED},
	order.StatusON_HOLD:           {order.StatusCONFIRMED, order.StatusCANCELLED},
	order.StatusCONFIRMED:         {order.StatusALLOCATED, order.StatusON_HOLD, order.StatusCANCELLED},
	order.StatusALLOCATED:         {order.StatusPICKING, order.StatusCONFIRMED, order.StatusON_HOLD, order.StatusCANCELLED},
	order.StatusPICKING:           {order.StatusPACKED, order.StatusALLOCATED},
	order.StatusPACKED:            {order.StatusPARTIALLY_SHIPPED, order.StatusSHIPPED},
	order.StatusPARTIALLY_SHIPPED: {order.StatusSHIPPED, order.StatusDELIVERED},
	order.StatusSHIPPED:           {order.StatusDELIVERED, order.StatusRETURNED},
	order.StatusDELIVERED:         {order.StatusCOMPLETED, order.StatusRETURNED},
	order.StatusCOMPLETED:         {order.StatusRETURNED},
}

// CanTransition reports whether an order may go from one status to another.
func CanTransition(from, to order.Status) bool {
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// ErrIllegalTransition is returned for a status change the machine forbids.
func illegal(from, to order.Status) error {
	return &errs.Error{Op: "orders.transition", Kind: errs.Conflict, Code: "ILLEGAL_TRANSITION",
		Message: fmt.Sprintf("An order that is %s cannot become %s.", from, to)}
}

// transition moves o to status `to`, recording the step in the timeline.
// The update is conditional on the status read, so two racing changes
// cannot both apply.
func (s *Service) transition(ctx context.Context, db *ent.Client, o *ent.Order, to order.Status, actor, note string) (*ent.Order, error) {
	if !CanTransition(o.Status, to) {
		return nil, illegal(o.Status, to)
	}
	n, err := db.Order.Update().Where(order.ID(o.ID), order.StatusEQ(o.Status)).
		SetStatus(to).SetUpdatedAt(s.now().UTC()).Save(ctx)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, &errs.Error{Op: "orders.transition", Kind: errs.Conflict, Code: "CONCURRENT_CHANGE",
			Message: "The order changed meanwhile; reload and try again."}
	}
	if err := s.record(ctx, db, o, o.Status, to, actor, note); err != nil {
		return nil, err
	}
	return db.Order.Get(ctx, o.ID)
}

func (s *Service) record(ctx context.Context, db *ent.Client, o *ent.Order, from, to order.Status, actor, note string) error {
	return db.OrderEvent.Create().SetOrderID(o.ID).SetFromStatus(string(from)).SetToStatus(string(to)).
		SetActor(actor).SetNote(note).SetOccurredAt(s.now().UTC()).Exec(ctx)
}

// change runs fn on an order in a transaction and publishes after commit.
func (s *Service) change(ctx context.Context, id pulid.ID, fn func(sys context.Context, db *ent.Client, o *ent.Order) (*ent.Order, error)) (*ent.Order, error) {
	var out *ent.Order
	err := database.WithTx(ctx, s.client, func(tx *ent.Tx) error {
		sys := viewer.SystemContext(ctx)
		db := tx.Client()
		o, err := db.Order.Get(sys, id)
		if ent.IsNotFound(err) {
			return errs.E("orders.change", errs.NotFound, "NOT_FOUND", "No such order.")
		}
		if err != nil {
			return err
		}
		out, err = fn(sys, db, o)
		return err
	})
	if err != nil {
		return nil, err
	}
	out = detach(ctx, out)
	s.changed(ctx, out)
	return out, nil
}

// Approve confirms a held order (REVIEW_ORDERS).
func (s *Service) Approve(ctx context.Context, id pulid.ID, note string) (*ent.Order, error) {
	if err := auth.Require(ctx, auth.ReviewOrders); err != nil {
		return nil, err
	}
	actor := viewer.FromContext(ctx).Actor()
	return s.change(ctx, id, func(sys context.Context, db *ent.Client, o *ent.Order) (*ent.Order, error) {
		if o.Status != order.StatusON_HOLD {
			return nil, illegal(o.Status, order.StatusCONFIRMED)
		}
		return s.transition(sys, db, o, order.StatusCONFIRMED, actor, withNote("approved", note))
	})
}

// Reject cancels a held order, releasing its stock and voiding its payment (REVIEW_ORDERS).
func (s *Service) Reject(ctx context.Context, id pulid.ID, note string) (*ent.Order, error) {
	if err := auth.Require(ctx, auth.ReviewOrders); err != nil {
		return nil, err
	}
	if strings.TrimSpace(note) == "" {
		return nil, errs.E("orders.Reject", errs.Invalid, "NOTE_REQUIRED", "Say why the order is rejected; the customer is told.").At("note")
	}
	actor := viewer.FromContext(ctx).Actor()
	return s.change(ctx, id, func(sys context.Context, db *ent.Client, o *ent.Order) (*ent.Order, error) {
		if o.Status != order.StatusON_HOLD {
			return nil, illegal(o.Status, order.StatusCANCELLED)
		}
		out, err := s.cancel(sys, db, o, actor, withNote("rejected in review", note))
		if err != nil {
			return nil, err
		}
		msg := mail.Message{To: o.ContactEmail,
			Subject: "Your order " + o.Number + " was cancelled / 您的订单已取消",
			Body: "We could not accept order " + o.Number + ": " + strings.TrimSpace(note) +
				"\nAny payment authorization has been released and nothing was charged.\n" +
				"很抱歉，订单 " + o.Number + " 未能通过审核：" + strings.TrimSpace(note) + "。预授权款项已释放，未产生扣款。"}
		database.AfterCommit(sys, func() { _ = s.mailer.Send(context.WithoutCancel(sys), msg) })
		return out, nil
	})
}

// Cancel cancels an order that has not been picked yet. Customers may
// cancel their own; staff who review orders may cancel any.
func (s *Service) Cancel(ctx context.Context, id pulid.ID, reason string) (*ent.Order, error) {
	v := viewer.FromContext(ctx)
	return s.change(ctx, id, func(sys context.Context, db *ent.Client, o *ent.Order) (*ent.Order, error) {
		own := v.Is(viewer.RoleCustomer) && o.CustomerID != nil && *o.CustomerID == v.CustomerID
		if !own {
			if err := auth.Require(ctx, auth.ReviewOrders); err != nil {
				return nil, err
			}
		}
		return s.cancel(sys, db, o, v.Actor(), withNote("cancelled", reason))
	})
}

func (s *Service) cancel(ctx context.Context, db *ent.Client, o *ent.Order, actor, note string) (*ent.Order, error) {
	if !CanTransition(o.Status, order.StatusCANCELLED) {
		return nil, illegal(o.Status, order.StatusCANCELLED)
	}
	if err := inventory.Release(ctx, db, o.ID, actor, note); err != nil {
		return nil, err
	}
	if err := s.voidPayments(ctx, db, o); err != nil {
		return nil, err
	}
	if err := s.refundPoints(ctx, db, o); err != nil {
		return nil, err
	}
	return s.transition(ctx, db, o, order.StatusCANCELLED, actor, note)
}

func (s *Service) voidPayments(ctx context.Context, db *ent.Client, o *ent.Order) error {
	ps, err := db.Payment.Query().Where(payment.OrderID(o.ID), payment.StatusEQ(payment.StatusAUTHORIZED)).All(ctx)
	if err != nil {
		return err
	}
	for _, p := range ps {
		if err := s.payments.Void(ctx, p.ProviderReference); err != nil {
			return err
		}
		if err := p.Update().SetStatus(payment.StatusVOIDED).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) refundPoints(ctx context.Context, db *ent.Client, o *ent.Order) error {
	if o.PointsRedeemed == 0 || o.CustomerID == nil {
		return nil
	}
	if err := db.Customer.UpdateOneID(*o.CustomerID).AddPointsBalance(o.PointsRedeemed).Exec(ctx); err != nil {
		return err
	}
	return db.PointsEntry.Create().SetCustomerID(*o.CustomerID).SetDelta(o.PointsRedeemed).
		SetKind("REVERSE").SetOrderID(o.ID).SetReason("order cancelled").Exec(ctx)
}

// RetryPayment authorizes a PENDING_PAYMENT order again with another card.
// The order's own customer, a guest who gives the order's email, or staff.
func (s *Service) RetryPayment(ctx context.Context, id pulid.ID, card pay.Card, email string) (*ent.Order, error) {
	v := viewer.FromContext(ctx)
	return s.change(ctx, id, func(sys context.Context, db *ent.Client, o *ent.Order) (*ent.Order, error) {
		own := v.Is(viewer.RoleCustomer) && o.CustomerID != nil && *o.CustomerID == v.CustomerID
		if e, ok := contact.Email(email); ok && strings.EqualFold(e, o.ContactEmail) {
			own = true // a guest proves the order is theirs with its email
		}
		if v.Anonymous() && !own {
			return nil, errs.E("orders.RetryPayment", errs.Unauthenticated, "UNAUTHENTICATED", "Sign in to pay for this order.")
		}
		if !own && !v.Staff() {
			return nil, errs.E("orders.RetryPayment", errs.Forbidden, "FORBIDDEN", "Only the buyer can pay for this order.")
		}
		if o.Status != order.StatusPENDING_PAYMENT {
			return nil, errs.E("orders.RetryPayment", errs.Conflict, "NOT_AWAITING_PAYMENT", "This order is not waiting for payment.")
		}
		if o.PaymentExpiresAt != nil && !s.now().Before(*o.PaymentExpiresAt) {
			return nil, errs.E("orders.RetryPayment", errs.Conflict, "PAYMENT_WINDOW_CLOSED", "The time to pay has passed; the order was released.")
		}
		a, err := s.payments.Authorize(sys, o.TotalAmount, o.Currency, card)
		if err != nil {
			return nil, err
		}
		p := db.Payment.Create().SetOrderID(o.ID).SetProvider(s.payments.Name()).SetAmount(o.TotalAmount).
			SetCurrency(o.Currency).SetProviderReference(a.Reference).SetCardLast4(card.Last4()).
			SetRiskFlagged(a.Outcome == pay.FlaggedForReview)
		if a.Outcome == pay.Declined || a.Outcome == pay.InsufficientFunds {
			if err := p.SetStatus(payment.StatusDECLINED).SetFailureCode(string(a.Outcome)).Exec(sys); err != nil {
				return nil, err
			}
			if err := s.record(sys, db, o, o.Status, o.Status, v.Actor(), "payment "+strings.ToLower(string(a.Outcome))); err != nil {
				return nil, err
			}
			return db.Order.Get(sys, o.ID)
		}
		if err := p.SetStatus(payment.StatusAUTHORIZED).Exec(sys); err != nil {
			return nil, err
		}
		holds := o.HoldReasons
		if a.Outcome == pay.FlaggedForReview {
			holds = append(holds, "PAYMENT_RISK")
			if err := db.Order.UpdateOne(o).SetHoldReasons(holds).Exec(sys); err != nil {
				return nil, err
			}
		}
		if len(holds) > 0 {
			return s.transition(sys, db, o, order.StatusON_HOLD, v.Actor(), "payment authorized; held for review: "+strings.Join(holds, ", "))
		}
		return s.transition(sys, db, o, order.StatusCONFIRMED, v.Actor(), "payment authorized")
	})
}

// ExpirePayments cancels orders whose payment window has closed, releasing
// their stock. It returns how many it cancelled. Run it now and then.
func (s *Service) ExpirePayments(ctx context.Context) (int, error) {
	sys := viewer.SystemContext(ctx)
	due, err := s.client.Order.Query().Where(order.StatusEQ(order.StatusPENDING_PAYMENT),
		order.PaymentExpiresAtLTE(s.now().UTC())).IDs(sys)
	if err != nil {
		return 0, errs.Wrap("orders.ExpirePayments", err)
	}
	n := 0
	for _, id := range due {
		_, err := s.change(sys, id, func(sys context.Context, db *ent.Client, o *ent.Order) (*ent.Order, error) {
			if o.Status != order.StatusPENDING_PAYMENT { // paid meanwhile
				return o, nil
			}
			return s.cancel(sys, db, o, "system", "payment window closed")
		})
		if err != nil {
			return n, errs.Wrap("orders.ExpirePayments", err)
		}
		n++
	}
	return n, nil
}

// Transition moves an order along the machine for fulfilment steps that
// have no richer operation yet (FULFIL). Illegal steps are refused.
func (s *Service) Transition(ctx context.Context, id pulid.ID, to order.Status, note string) (*ent.Order, error) {
	if err := auth.Require(ctx, auth.Fulfil); err != nil {
		return nil, err
	}
	actor := viewer.FromContext(ctx).Actor()
	return s.change(ctx, id, func(sys context.Context, db *ent.Client, o *ent.Order) (*ent.Order, error) {
		return s.transition(sys, db, o, to, actor, note)
	})
}

func withNote(what, note string) string {
	if note = strings.TrimSpace(note); note != "" {
		return what + ": " + note
	}
	return what
}
