package support

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/coupon"
	"github.com/waybill/waybill/ent/ticketevent"
	"github.com/waybill/waybill/ent/ticketremedy"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/orders"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// RemedyResult is what a remedy did.
type RemedyResult struct {
	Remedy   *ent.TicketRemedy
	Ticket   *ent.Ticket
	Coupon   *ent.Coupon
	Order    *ent.Order // the reship
	Return   *ent.ReturnRequest
	Refunded int64
}

// CouponInput is a compensation coupon.
type CouponInput struct {
	Kind       coupon.Kind
	AmountOff  int64 // FIXED, minor units
	PercentOff int   // PERCENT
	MinSpend   int64
	ValidDays  int // default 90
	Note       string
}

// remedyTicket reads the ticket a remedy is given from.
func (s *Service) remedyTicket(ctx context.Context, db *ent.Client, op string, id pulid.ID) (*ent.Ticket, error) {
	t, err := s.load(ctx, db, op, id)
	if err != nil {
		return nil, err
	}
	if err := writable(op, t); err != nil {
		return nil, err
	}
	return t, nil
}

// record writes the remedy, its event and the customer's message.
func (s *Service) record(ctx context.Context, db *ent.Client, t *ent.Ticket, r *ent.TicketRemedyCreate, summary, toCustomer string) (*ent.TicketRemedy, error) {
	sys := viewer.SystemContext(ctx)
	rem, err := r.SetTicketID(t.ID).SetActor(actorOf(ctx)).SetCreatedAt(s.now()).Save(sys)
	if err != nil {
		return nil, err
	}
	if err := s.event(ctx, db, t.ID, ticketevent.KindREMEDY, "", string(rem.Kind), summary); err != nil {
		return nil, err
	}
	if toCustomer != "" {
		if _, err := s.system(ctx, db, t, toCustomer, false); err != nil {
			return nil, err
		}
	}
	return rem, s.ticketChanged(ctx, t.ID)
}

func checkNote(op, note string) (string, error) {
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > MaxNote {
		return "", invalid(op, "TOO_LONG", fmt.Sprintf("At most %d characters.", MaxNote), "input", "note")
	}
	return note, nil
}

// IssueCoupon gives the ticket's customer a compensation coupon
// (SERVICE_REMEDIES): a real Coupon, usable once, by that customer only,
// at checkout.
func (s *Service) IssueCoupon(ctx context.Context, ticketID pulid.ID, in CouponInput) (*RemedyResult, error) {
	const op = "support.IssueCoupon"
	if err := auth.Require(ctx, auth.ServiceRemedies); err != nil {
		return nil, err
	}
	var problems errs.List
	switch in.Kind {
	case coupon.KindFIXED:
		if in.AmountOff < 1 || in.AmountOff > s.opts.MaxCouponAmount {
			problems = append(problems, invalid(op, "OUT_OF_RANGE", fmt.Sprintf("A coupon is worth 0.01 to %s.", formatMoney(s.opts.MaxCouponAmount, s.opts.Currency)), "input", "amountOff"))
		}
	case coupon.KindPERCENT:
		if in.PercentOff < 1 || in.PercentOff > s.opts.MaxCouponPercent {
			problems = append(problems, invalid(op, "OUT_OF_RANGE", fmt.Sprintf("A coupon takes 1%% to %d%% off.", s.opts.MaxCouponPercent), "input", "percentOff"))
		}
	default:
		problems = append(problems, invalid(op, "INVALID_KIND", "FIXED or PERCENT.", "input", "kind"))
	}
	if in.ValidDays == 0 {
		in.ValidDays = 90
	}
	if in.ValidDays < 1 || in.ValidDays > 366 {
		problems = append(problems, invalid(op, "OUT_OF_RANGE", "Valid for 1 to 366 days.", "input", "validDays"))
	}
	if in.MinSpend < 0 {
		problems = append(problems, invalid(op, "OUT_OF_RANGE", "The minimum spend cannot be negative.", "input", "minSpend"))
	}
	note, err := checkNote(op, in.Note)
	if err != nil {
		problems = append(problems, err.(*errs.Error))
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	var out RemedyResult
	err = s.tx(ctx, func(ctx context.Context, db *ent.Client) error {
		sys := viewer.SystemContext(ctx)
		t, err := s.remedyTicket(ctx, db, op, ticketID)
		if err != nil {
			return err
		}
		if t.CustomerID == nil {
			return invalid(op, "NO_CUSTOMER", "This ticket has no customer to give a coupon to.", "ticketId")
		}
		currency := s.opts.Currency
		if t.OrderID != nil {
			if o, err := db.Order.Get(sys, *t.OrderID); err == nil {
				currency = o.Currency
			}
		}
		var code string
		for {
			code = "CARE-" + randomCode(8)
			exists, err := db.Coupon.Query().Where(coupon.Code(code)).Exist(sys)
			if err != nil {
				return err
			}
			if !exists {
				break
			}
		}
		now := s.now()
		ends := now.Add(time.Duration(in.ValidDays) * 24 * time.Hour)
		c := db.Coupon.Create().SetCode(code).SetKind(in.Kind).SetCurrency(currency).SetMinSpendAmount(in.MinSpend).
			SetStartsAt(now).SetEndsAt(ends).SetUsageLimit(1).SetPerCustomerLimit(1).SetCustomerID(*t.CustomerID).
			SetIssuedByTicketID(t.ID).SetActive(true).SetCreatedAt(now).SetUpdatedAt(now)
		var value, valueEn string
		if in.Kind == coupon.KindFIXED {
			c.SetAmountOff(in.AmountOff)
			value = formatMoney(in.AmountOff, currency)
			valueEn = value + " off"
		} else {
			c.SetPercentOff(in.PercentOff)
			value = fmt.Sprintf("%d%% 折扣", in.PercentOff)
			valueEn = fmt.Sprintf("%d%% off", in.PercentOff)
		}
		if in.MinSpend > 0 {
			value += "（满 " + formatMoney(in.MinSpend, currency) + " 可用）"
			valueEn += " orders of " + formatMoney(in.MinSpend, currency) + " or more"
		}
		if out.Coupon, err = c.Save(sys); err != nil {
			return err
		}
		rem := db.TicketRemedy.Create().SetKind(ticketremedy.KindCOUPON).SetAmount(in.AmountOff).SetCurrency(currency).
			SetCouponID(out.Coupon.ID).SetNote(note)
		msg := fmt.Sprintf("为表歉意，我们已为您发放一张优惠券：%s，券码 %s，%s 前有效，结账时输入即可使用（限用一次）。"+
			"We are sorry: here is a coupon for %s, code %s, valid until %s; enter it at checkout (one use).",
			value, code, dateZh(ends), valueEn, code, dateEn(ends))
		if out.Remedy, err = s.record(ctx, db, t, rem, code+" "+valueEn, msg); err != nil {
			return err
		}
		out.Ticket, err = db.Ticket.Get(ctx, t.ID)
		return err
	})
	if err != nil {
		return nil, finish(op, err)
	}
	return &out, nil
}

// Reship sends chosen lines of the ticket's order again, free, through
// orders.Reship: a new order that reserves its stock through the ledger
// (SERVICE_REMEDIES).
func (s *Service) Reship(ctx context.Context, ticketID pulid.ID, lines []orders.ReshipLine, reason string) (*RemedyResult, error) {
	const op = "support.Reship"
	if err := auth.Require(ctx, auth.ServiceRemedies); err != nil {
		return nil, err
	}
	reason, err := checkNote(op, reason)
	if err != nil {
		return nil, err
	}
	var out RemedyResult
	err = s.tx(ctx, func(ctx context.Context, db *ent.Client) error {
		t, err := s.remedyTicket(ctx, db, op, ticketID)
		if err != nil {
			return err
		}
		if t.OrderID == nil {
			return invalid(op, "NO_ORDER", "This ticket has no order to reship.", "ticketId")
		}
		if reason == "" {
			reason = "ticket " + t.Number
		} else {
			reason = "ticket " + t.Number + ": " + reason
		}
		o, err := s.orders.Reship(ctx, *t.OrderID, lines, reason)
		if err != nil {
			return err
		}
		out.Order = o
		rem := db.TicketRemedy.Create().SetKind(ticketremedy.KindRESHIP).SetOrderID(o.ID).SetCurrency(o.Currency).SetNote(reason)
		msg := fmt.Sprintf("我们已为您免费补发，补发订单号 %s，发货后可在此查看物流。We are sending it again free of charge as order %s; tracking follows once it ships.", o.Number, o.Number)
		if out.Remedy, err = s.record(ctx, db, t, rem, "reship "+o.Number, msg); err != nil {
			return err
		}
		out.Ticket, err = db.Ticket.Get(ctx, t.ID)
		return err
	})
	if err != nil {
		return nil, finish(op, err)
	}
	return &out, nil
}

// Refund pays part or all of the ticket's order back through
// orders.Refund, never more than was paid and not yet refunded
// (SERVICE_REMEDIES).
func (s *Service) Refund(ctx context.Context, ticketID pulid.ID, amount int64, reason string) (*RemedyResult, error) {
	const op = "support.Refund"
	if err := auth.Require(ctx, auth.ServiceRemedies); err != nil {
		return nil, err
	}
	reason, err := checkNote(op, reason)
	if err != nil {
		return nil, err
	}
	if amount <= 0 {
		return nil, invalid(op, "INVALID_AMOUNT", "Refund a positive amount.", "input", "amount")
	}
	var out RemedyResult
	err = s.tx(ctx, func(ctx context.Context, db *ent.Client) error {
		sys := viewer.SystemContext(ctx)
		t, err := s.remedyTicket(ctx, db, op, ticketID)
		if err != nil {
			return err
		}
		if t.OrderID == nil {
			return invalid(op, "NO_ORDER", "This ticket has no order to refund.", "ticketId")
		}
		o, err := db.Order.Get(sys, *t.OrderID)
		if err != nil {
			return err
		}
		why := "ticket " + t.Number
		if reason != "" {
			why += ": " + reason
		}
		if out.Refunded, err = s.orders.Refund(ctx, o.ID, amount, why); err != nil {
			return err
		}
		rem := db.TicketRemedy.Create().SetKind(ticketremedy.KindREFUND).SetAmount(out.Refunded).SetCurrency(o.Currency).
			SetOrderID(o.ID).SetNote(reason)
		m := formatMoney(out.Refunded, o.Currency)
		msg := fmt.Sprintf("已为您退款 %s，将原路退回，通常 1–3 个工作日到账。We have refunded %s to your original payment method; it usually arrives within 1–3 working days.", m, m)
		if out.Remedy, err = s.record(ctx, db, t, rem, "refund "+m, msg); err != nil {
			return err
		}
		out.Ticket, err = db.Ticket.Get(ctx, t.ID)
		return err
	})
	if err != nil {
		return nil, finish(op, err)
	}
	return &out, nil
}

// StartReturn opens an approved return for the ticket's order
// (SERVICE_REMEDIES); the policy window and non-returnable products apply
// unless overridden with a reason.
func (s *Service) StartReturn(ctx context.Context, ticketID pulid.ID, in ReturnInput) (*RemedyResult, error) {
	const op = "support.StartReturn"
	if err := auth.Require(ctx, auth.ServiceRemedies); err != nil {
		return nil, err
	}
	var out RemedyResult
	err := s.tx(ctx, func(ctx context.Context, db *ent.Client) error {
		t, err := s.remedyTicket(ctx, db, op, ticketID)
		if err != nil {
			return err
		}
		if t.OrderID == nil {
			return invalid(op, "NO_ORDER", "This ticket has no order to return.", "ticketId")
		}
		in.OrderID, in.TicketID = *t.OrderID, &t.ID
		rr, err := s.requestReturn(ctx, db, in)
		if err != nil {
			return err
		}
		out.Return = rr
		rem := db.TicketRemedy.Create().SetKind(ticketremedy.KindRETURN).SetReturnID(rr.ID).SetAmount(rr.RefundAmount).
			SetCurrency(rr.Currency).SetNote(rr.Reason)
		msg := fmt.Sprintf("已为您创建%s单 %s，快递员将上门取件，进度可在此查看。We have opened %s %s; a courier will collect the parcel and you can follow it here.",
			map[bool]string{true: "换货", false: "退货"}[rr.Resolution == "EXCHANGE"], rr.Number,
			map[bool]string{true: "exchange", false: "return"}[rr.Resolution == "EXCHANGE"], rr.Number)
		if out.Remedy, err = s.record(ctx, db, t, rem, "return "+rr.Number, msg); err != nil {
			return err
		}
		out.Ticket, err = db.Ticket.Get(ctx, t.ID)
		return err
	})
	if err != nil {
		return nil, finish(op, err)
	}
	return &out, nil
}
