package graph

import (
	"strings"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/order"
	"github.com/waybill/waybill/graph/model"
	"github.com/waybill/waybill/internal/contact"
	"github.com/waybill/waybill/internal/orders"
	"github.com/waybill/waybill/internal/payment"
)

// placeInput decodes PlaceOrderInput for the orders service.
func placeInput(in model.PlaceOrderInput) orders.PlaceInput {
	out := orders.PlaceInput{
		IdempotencyKey: in.IdempotencyKey,
		Contact:        orders.Contact{Name: in.Contact.Name, Email: in.Contact.Email, Phone: in.Contact.Phone},
		Address: contact.Address{
			Country: deref(in.ShippingAddress.Country), Province: deref(in.ShippingAddress.Province),
			City: in.ShippingAddress.City, District: deref(in.ShippingAddress.District),
			Line1: in.ShippingAddress.Line1, Line2: deref(in.ShippingAddress.Line2), PostalCode: deref(in.ShippingAddress.PostalCode),
		},
		CouponCode: deref(in.CouponCode),
		Notes:      deref(in.Notes),
		Card:       cardOf(*in.Payment),
	}
	if in.Channel != nil {
		out.Channel = string(*in.Channel)
	}
	if in.PointsToRedeem != nil {
		out.PointsToRedeem = *in.PointsToRedeem
	}
	if d := in.Delivery; d != nil {
		out.Delivery = orders.Delivery{Option: string(d.Option), Date: d.Date, Window: deref(d.Window)}
	}
	for _, l := range in.Lines {
		li := orders.LineInput{SKU: deref(l.Sku), Quantity: l.Quantity}
		if l.ProductID != nil {
			li.ProductID = *l.ProductID
		}
		if l.ExpectedUnitPrice != nil {
			p := int64(*l.ExpectedUnitPrice)
			li.ExpectedUnitPrice = &p
		}
		out.Lines = append(out.Lines, li)
	}
	return out
}

func cardOf(p model.PaymentInput) payment.Card { return payment.Card{Number: p.CardNumber} }

// orderPayload maps an order operation's result to its payload.
func orderPayload(o *ent.Order, err error) (*model.OrderPayload, error) {
	ue, err := userErrors(err)
	if err != nil {
		return nil, err
	}
	return &model.OrderPayload{Order: o, UserErrors: ue}, nil
}

func orderRules(r orders.Rules) *model.OrderRules {
	out := &model.OrderRules{
		Currency: r.Currency, FreeShippingFrom: int(r.FreeShippingFrom), ScheduledWindows: r.ScheduledWindows,
		ScheduledMaxDays: r.ScheduledMaxDays, MaxQuantity: r.MaxQuantity, PointValue: int(r.PointValue),
		MaxPointsShare: int(r.MaxPointsShare), MaxLines: r.MaxLines, MaxNotesLength: orders.MaxNotesLength,
	}
	for _, opt := range []order.DeliveryOption{order.DeliveryOptionSTANDARD, order.DeliveryOptionEXPRESS,
		order.DeliveryOptionNEXT_DAY, order.DeliveryOptionSCHEDULED} {
		out.ShippingFees = append(out.ShippingFees, &model.DeliveryFee{Option: opt,
			Fee: &model.Money{Amount: int(r.ShippingFee[string(opt)]), Currency: r.Currency}})
	}
	return out
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return strings.TrimSpace(*s)
}
