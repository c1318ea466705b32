package orders

import (
	"context"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/coupon"
	"github.com/waybill/waybill/ent/customer"
	"github.com/waybill/waybill/ent/order"
	"github.com/waybill/waybill/ent/orderline"
	"github.com/waybill/waybill/ent/pointsentry"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/pulid"
)

// totals is an order's money, all in minor units.
type totals struct {
	subtotal       int64
	discount       int64   // coupon
	lineDiscount   []int64 // the coupon discount, line by line; sums to discount
	shipping       int64
	points         int   // points redeemed
	pointsDiscount int64 // their value
	total          int64
}

// price computes the totals: the coupon's discount is spread over the lines
// in proportion to their value (the rounding remainder on the last line),
// points pay at most MaxPointsShare percent of the discounted goods, and
// standard shipping is free from FreeShippingFrom.
func (s *Service) price(c *checked) totals {
	r := s.rules
	t := totals{lineDiscount: make([]int64, len(c.lines))}
	for _, l := range c.lines {
		t.subtotal += l.product.PriceAmount * int64(l.quantity)
	}
	if cp := c.coupon; cp != nil {
		switch cp.Kind {
		case coupon.KindPERCENT:
			t.discount = t.subtotal * int64(cp.PercentOff) / 100
		case coupon.KindFIXED:
			t.discount = cp.AmountOff
		}
		t.discount = min(t.discount, t.subtotal)
		spread := int64(0)
		for i, l := range c.lines {
			if i == len(c.lines)-1 {
				t.lineDiscount[i] = t.discount - spread
				break
			}
			share := t.discount * (l.product.PriceAmount * int64(l.quantity)) / max(t.subtotal, 1)
			t.lineDiscount[i] = share
			spread += share
		}
	}
	goods := t.subtotal - t.discount
	t.shipping = r.ShippingFee[c.delivery.Option]
	if c.delivery.Option == "STANDARD" && goods >= r.FreeShippingFrom {
		t.shipping = 0
	}
	if c.in.PointsToRedeem > 0 && r.PointValue > 0 {
		maxValue := goods * r.MaxPointsShare / 100
		t.points = int(min(int64(c.in.PointsToRedeem), maxValue/r.PointValue))
		t.pointsDiscount = int64(t.points) * r.PointValue
	}
	t.total = goods - t.pointsDiscount + t.shipping
	return t
}

// holds lists the review rules an order trips.
func (s *Service) holds(ctx context.Context, db *ent.Client, c *checked, cust *ent.Customer, t totals) ([]string, error) {
	r := s.rules
	var holds []string
	if t.total > r.HoldTotalAbove {
		holds = append(holds, "LARGE_ORDER")
	}
	for _, l := range c.lines {
		if l.quantity <= r.HoldQuantityAbove {
			continue // within the plain norm: no need to ask history
		}
		// Far above this SKU's usual line quantity? The norm is the larger of
		// the plain one and a multiple of the SKU's average line.
		var avg []struct {
			Avg float64 `json:"avg"`
		}
		norm := r.HoldQuantityAbove
		if err := db.OrderLine.Query().Where(orderline.ProductID(l.product.ID)).
			Aggregate(ent.As(ent.Mean(orderline.FieldQuantity), "avg")).Scan(ctx, &avg); err == nil && len(avg) == 1 && avg[0].Avg > 0 {
			norm = max(norm, int(avg[0].Avg*float64(r.HoldQuantityNormMult)))
		}
		if l.quantity > norm {
			holds = append(holds, "HIGH_QUANTITY")
			break
		}
	}
	if t.total > r.HoldFirstOrderAbove {
		first := true
		if cust != nil {
			n, err := db.Order.Query().Where(order.CustomerID(cust.ID)).Count(ctx)
			if err != nil {
				return nil, err
			}
			first = n == 0
		}
		if first {
			holds = append(holds, "FIRST_ORDER_HIGH_VALUE")
		}
	}
	since := s.now().Add(-r.VelocityWindow)
	recent, err := db.Order.Query().Where(order.CreatedAtGTE(since), order.Or(
		order.ContactEmail(c.email), order.ContactPhone(c.phone),
		order.And(order.ShipLine1(c.address.Line1), order.ShipCity(c.address.City)),
	)).Count(ctx)
	if err != nil {
		return nil, err
	}
	if recent >= r.VelocityMax {
		holds = append(holds, "HIGH_VELOCITY")
	}
	// Details that do not fit together: a Chinese mobile number shipping
	// abroad, or a postal code of another city (checked leniently at intake).
	if len(c.phone) > 3 && c.phone[:3] == "+86" && c.address.Country != "CN" {
		holds = append(holds, "CONTACT_MISMATCH")
	}
	return holds, nil
}

// usageLeft is "times_used < usage_limit", checked in the update itself.
func usageLeft() func(*entsql.Selector) {
	return func(s *entsql.Selector) {
		s.Where(entsql.ColumnsLT(s.C(coupon.FieldTimesUsed), s.C(coupon.FieldUsageLimit)))
	}
}

// redeemPoints takes points from a customer's balance (never below zero)
// and writes the ledger entry.
func redeemPoints(ctx context.Context, db *ent.Client, customerID, orderID pulid.ID, points int) error {
	n, err := db.Customer.Update().Where(customer.ID(customerID), customer.PointsBalanceGTE(points)).
		AddPointsBalance(-points).Save(ctx)
	if err != nil {
		return err
	}
	if n == 0 {
		return errs.List{userErr("POINTS_INSUFFICIENT", "You do not have that many points.", "input", "pointsToRedeem")}
	}
	return db.PointsEntry.Create().SetCustomerID(customerID).SetDelta(-points).SetKind(pointsentry.KindREDEEM).
		SetOrderID(orderID).SetReason("redeemed on order").Exec(ctx)
}
