package orders

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
	"time"

	"entgo.io/ent/dialect"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/coupon"
	"github.com/waybill/waybill/ent/customer"
	"github.com/waybill/waybill/ent/order"
	"github.com/waybill/waybill/ent/product"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/contact"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/geo"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/payment"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// PlaceInput is an order as a channel submits it.
type PlaceInput struct {
	IdempotencyKey string
	Channel        string // WEB, MOBILE_APP, MARKETPLACE, POS, API
	Contact        Contact
	Address        contact.Address
	Lines          []LineInput
	Delivery       Delivery
	CouponCode     string
	PointsToRedeem int
	Notes          string
	Card           payment.Card
}

// Contact is who to reach about an order.
type Contact struct{ Name, Email, Phone string }

// LineInput is one requested line: a SKU or product id, a quantity and the
// unit price the buyer saw (checked against the current one).
type LineInput struct {
	SKU               string
	ProductID         pulid.ID
	Quantity          int
	ExpectedUnitPrice *int64
}

// Delivery is the requested delivery option.
type Delivery struct {
	Option string     // STANDARD, EXPRESS, NEXT_DAY, SCHEDULED
	Date   *time.Time // SCHEDULED: the day
	Window string     // SCHEDULED: e.g. "09:00-12:00"
}

// Placed is the result of Place.
type Placed struct {
	Order    *ent.Order
	Replayed bool // the idempotency key had been used with the same order
}

// Place validates an order, reserves its stock, prices it, applies review
// rules and authorizes payment — all in one transaction, or nothing. Every
// problem with the input comes back at once as an errs.List. The same
// idempotency key with the same input returns the first order.
func (s *Service) Place(ctx context.Context, in PlaceInput) (*Placed, error) {
	const op = "orders.Place"
	if err := auth.Require(ctx, auth.PlaceOrders); err != nil {
		return nil, err
	}
	v := viewer.FromContext(ctx)
	c, problems := s.check(ctx, in)
	if len(problems) > 0 {
		return nil, problems
	}
	var placed *Placed
	var err error
	for attempt := 0; ; attempt++ {
		err = database.WithTx(ctx, s.client, func(tx *ent.Tx) error {
			var err error
			placed, err = s.place(ctx, tx, v, c)
			return err
		})
		// Two racing orders may draw the same random number; the loser's
		// transaction is void, so when it is ours, draw again.
		if err == nil || attempt == 3 || ent.TxFromContext(ctx) != nil || !numberTaken(err) {
			break
		}
	}
	if err != nil {
		if _, ok := errs.UserErrors(err); ok {
			return nil, err
		}
		return nil, errs.Wrap(op, err)
	}
	placed.Order = detach(ctx, placed.Order)
	if !placed.Replayed {
		s.changed(ctx, placed.Order)
	}
	return placed, nil
}

// checked is an order that passed validation, with what it refers to.
type checked struct {
	in       PlaceInput
	hash     string
	email    string
	phone    string
	address  contact.Address
	dest     *geo.Point
	lines    []checkedLine
	customer *ent.Customer // nil: a new guest
	coupon   *ent.Coupon
	delivery Delivery
}

type checkedLine struct {
	product  *ent.Product
	quantity int
}

func userErr(code, message string, field ...string) *errs.Error {
	return &errs.Error{Op: "orders.Place", Kind: errs.Invalid, Code: code, Message: message, Field: field}
}

// check validates everything that needs no lock; it writes nothing.
func (s *Service) check(ctx context.Context, in PlaceInput) (*checked, errs.List) {
	r := s.rules
	var problems errs.List
	add := func(e *errs.Error) { problems = append(problems, e) }
	c := &checked{in: in}
	sys := viewer.SystemContext(ctx)
	db := database.Client(ctx, s.client)

	in.IdempotencyKey = strings.TrimSpace(in.IdempotencyKey)
	if in.IdempotencyKey == "" || len(in.IdempotencyKey) > 200 {
		add(userErr("INVALID_IDEMPOTENCY_KEY", "Send an idempotencyKey of 1 to 200 characters.", "input", "idempotencyKey"))
	}
	if in.Channel == "" {
		in.Channel = "WEB"
	}
	if order.ChannelValidator(order.Channel(in.Channel)) != nil {
		add(userErr("INVALID_CHANNEL", "Unknown sales channel.", "input", "channel"))
	}
	if strings.TrimSpace(in.Contact.Name) == "" || len([]rune(in.Contact.Name)) > 100 {
		add(userErr("INVALID_NAME", "Enter the recipient's name.", "input", "contact", "name"))
	}
	email, ok := contact.Email(in.Contact.Email)
	if !ok {
		add(userErr("INVALID_EMAIL", "Enter a valid email address.", "input", "contact", "email"))
	}
	c.email = email
	phone, ok := contact.Phone(in.Contact.Phone)
	if !ok {
		add(userErr("INVALID_PHONE", "Enter a Chinese mobile number (11 digits) or an international number starting with +.", "input", "contact", "phone"))
	}
	c.phone = phone
	addr, aproblems := in.Address.Check("input", "shippingAddress")
	problems = append(problems, aproblems...)
	c.address = addr
	if city, ok := geo.Lookup(addr.City); ok && addr.Country == "CN" {
		p := city.Point()
		c.dest = &p
	}
	if len([]rune(in.Notes)) > MaxNotesLength {
		add(userErr("NOTES_TOO_LONG", fmt.Sprintf("Notes are limited to %d characters.", MaxNotesLength), "input", "notes"))
	}

	if len(c.in.Card.Last4()) < 4 || len(strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, in.Card.Number)) < 12 {
		add(userErr("INVALID_CARD", "Enter the card number.", "input", "payment", "cardNumber"))
	}

	// Lines: one query for every product named.
	if len(in.Lines) == 0 {
		add(userErr("NO_LINES", "Add at least one item.", "input", "lines"))
	}
	if len(in.Lines) > r.MaxLines {
		add(userErr("TOO_MANY_LINES", fmt.Sprintf("An order has at most %d lines.", r.MaxLines), "input", "lines"))
	}
	var skus []string
	var ids []pulid.ID
	for _, l := range in.Lines {
		if l.ProductID != "" {
			ids = append(ids, l.ProductID)
		} else {
			skus = append(skus, strings.ToUpper(strings.TrimSpace(l.SKU)))
		}
	}
	products, err := db.Product.Query().Where(product.Or(product.SkuIn(skus...), product.IDIn(ids...))).All(sys)
	if err != nil {
		return nil, errs.List{{Op: "orders.Place", Kind: errs.Other, Err: err}}
	}
	bySKU, byID := map[string]*ent.Product{}, map[pulid.ID]*ent.Product{}
	for _, p := range products {
		bySKU[p.Sku], byID[p.ID] = p, p
	}
	seen := map[pulid.ID]int{}
	var subtotal int64
	for i, l := range in.Lines {
		at := func(f string) []string { return []string{"input", "lines", fmt.Sprint(i), f} }
		p := byID[l.ProductID]
		if l.ProductID == "" {
			p = bySKU[strings.ToUpper(strings.TrimSpace(l.SKU))]
		}
		switch {
		case p == nil:
			add(userErr("UNKNOWN_SKU", fmt.Sprintf("No product %q.", l.SKU+string(l.ProductID)), at("sku")...))
			continue
		case !p.Active:
			add(userErr("PRODUCT_INACTIVE", p.NameEn+" is no longer sold.", at("sku")...))
		case p.Currency != r.Currency:
			add(userErr("CURRENCY_MISMATCH", "This product is sold in another currency.", at("sku")...))
		}
		if prev, dup := seen[p.ID]; dup {
			add(userErr("DUPLICATE_LINE", fmt.Sprintf("%s is already on line %d; change that line's quantity instead.", p.Sku, prev+1), at("sku")...))
		}
		seen[p.ID] = i
		if l.Quantity < r.MinQuantity || l.Quantity > r.MaxQuantity {
			add(userErr("QUANTITY_OUT_OF_RANGE", fmt.Sprintf("Quantity must be %d to %d.", r.MinQuantity, r.MaxQuantity), at("quantity")...))
		}
		if l.ExpectedUnitPrice != nil && *l.ExpectedUnitPrice != p.PriceAmount {
			e := userErr("PRICE_CHANGED", fmt.Sprintf("The price of %s is now %s.", p.Sku, formatMoney(p.PriceAmount, p.Currency)), at("expectedUnitPrice")...)
			e.Details = map[string]any{"currentPrice": p.PriceAmount, "currency": p.Currency}
			add(e)
		}
		c.lines = append(c.lines, checkedLine{product: p, quantity: l.Quantity})
		subtotal += p.PriceAmount * int64(max(l.Quantity, 0))
	}

	// Delivery.
	c.delivery = in.Delivery
	if c.delivery.Option == "" {
		c.delivery.Option = "STANDARD"
	}
	problems = append(problems, s.checkDelivery(ctx, c)...)

	// The customer: the signed-in one, else a guest known by email.
	v := viewer.FromContext(ctx)
	if v.Is(viewer.RoleCustomer) && v.CustomerID != "" {
		c.customer, err = db.Customer.Get(sys, v.CustomerID)
	} else if email != "" {
		c.customer, err = db.Customer.Query().Where(customer.Email(email), customer.Guest(true)).Only(sys)
		if ent.IsNotFound(err) {
			err = nil
		}
	}
	if err != nil {
		return nil, errs.List{{Op: "orders.Place", Kind: errs.Other, Err: err}}
	}

	if code := strings.ToUpper(strings.TrimSpace(in.CouponCode)); code != "" {
		cp, e := s.checkCoupon(sys, db, code, c.customer, subtotal)
		if e != nil {
			add(e)
		}
		c.coupon = cp
	}
	if in.PointsToRedeem < 0 {
		add(userErr("POINTS_INSUFFICIENT", "Points to redeem cannot be negative.", "input", "pointsToRedeem"))
	} else if in.PointsToRedeem > 0 {
		if c.customer == nil || !v.Is(viewer.RoleCustomer) || c.customer.PointsBalance < in.PointsToRedeem {
			e := userErr("POINTS_INSUFFICIENT", "You do not have that many points.", "input", "pointsToRedeem")
			bal := 0
			if c.customer != nil && v.Is(viewer.RoleCustomer) {
				bal = c.customer.PointsBalance
			}
			e.Details = map[string]any{"balance": bal}
			add(e)
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	c.in = in
	c.hash = requestHash(c)
	return c, nil
}

func (s *Service) checkDelivery(ctx context.Context, c *checked) errs.List {
	r := s.rules
	d := c.delivery
	at := []string{"input", "delivery", "option"}
	unavailable := func(msg string) errs.List {
		return errs.List{userErr("DELIVERY_OPTION_UNAVAILABLE", msg, at...)}
	}
	if order.DeliveryOptionValidator(order.DeliveryOption(d.Option)) != nil {
		return errs.List{userErr("INVALID_DELIVERY_OPTION", "Choose STANDARD, EXPRESS, NEXT_DAY or SCHEDULED.", at...)}
	}
	international := c.address.Country != "" && c.address.Country != "CN"
	switch d.Option {
	case "NEXT_DAY":
		if international || c.dest == nil {
			return unavailable("Next-day delivery is only for cities we know in China.")
		}
		near := false
		ws, err := database.Client(ctx, s.client).Warehouse.Query().All(viewer.SystemContext(ctx))
		if err != nil {
			return errs.List{{Op: "orders.Place", Kind: errs.Other, Err: err}}
		}
		for _, w := range ws {
			if w.Active && geo.Distance(w.Latitude, w.Longitude, c.dest.Lat, c.dest.Lng) <= r.NextDayRadiusKm {
				near = true
			}
		}
		if !near {
			return unavailable("Next-day delivery is not available to this city.")
		}
	case "SCHEDULED":
		if international {
			return unavailable("Scheduled delivery is only available in China.")
		}
		if d.Date == nil {
			return errs.List{userErr("DELIVERY_OPTION_UNAVAILABLE", "Choose a delivery date.", "input", "delivery", "date")}
		}
		today := s.now().UTC().Truncate(24 * time.Hour)
		day := d.Date.UTC().Truncate(24 * time.Hour)
		if !day.After(today) || day.After(today.AddDate(0, 0, r.ScheduledMaxDays)) {
			return errs.List{userErr("DELIVERY_OPTION_UNAVAILABLE",
				fmt.Sprintf("Choose a date from tomorrow to %d days ahead.", r.ScheduledMaxDays), "input", "delivery", "date")}
		}
		okWindow := false
		for _, w := range r.ScheduledWindows {
			okWindow = okWindow || w == d.Window
		}
		if !okWindow {
			return errs.List{userErr("DELIVERY_OPTION_UNAVAILABLE", "Choose one of the delivery windows: "+strings.Join(r.ScheduledWindows, ", ")+".", "input", "delivery", "window")}
		}
	}
	return nil
}

func (s *Service) checkCoupon(ctx context.Context, db *ent.Client, code string, cust *ent.Customer, subtotal int64) (*ent.Coupon, *errs.Error) {
	at := []string{"input", "couponCode"}
	cp, err := db.Coupon.Query().Where(coupon.Code(code)).Only(ctx)
	if err != nil || !cp.Active || cp.Currency != s.rules.Currency {
		return nil, userErr("COUPON_INVALID", "This coupon code is not valid.", at...)
	}
	now := s.now()
	if (cp.StartsAt != nil && now.Before(*cp.StartsAt)) || (cp.EndsAt != nil && !now.Before(*cp.EndsAt)) {
		return nil, userErr("COUPON_EXPIRED", "This coupon is not valid at this time.", at...)
	}
	if cp.UsageLimit > 0 && cp.TimesUsed >= cp.UsageLimit {
		return nil, userErr("COUPON_INVALID", "This coupon has been used up.", at...)
	}
	if cp.CustomerID != nil && (cust == nil || *cp.CustomerID != cust.ID) {
		return nil, userErr("COUPON_INVALID", "This coupon belongs to another customer.", at...)
	}
	if subtotal < cp.MinSpendAmount {
		e := userErr("COUPON_MIN_SPEND", fmt.Sprintf("This coupon needs a spend of at least %s.", formatMoney(cp.MinSpendAmount, cp.Currency)), at...)
		e.Details = map[string]any{"minSpend": cp.MinSpendAmount}
		return nil, e
	}
	if cp.FirstOrderOnly || cp.PerCustomerLimit > 0 {
		used, previous := 0, 0
		if cust != nil {
			previous, err = db.Order.Query().Where(order.CustomerID(cust.ID), order.StatusNEQ(order.StatusCANCELLED)).Count(ctx)
			if err != nil {
				return nil, &errs.Error{Kind: errs.Other, Err: err}
			}
			used, err = db.Order.Query().Where(order.CustomerID(cust.ID), order.CouponCode(cp.Code), order.StatusNEQ(order.StatusCANCELLED)).Count(ctx)
			if err != nil {
				return nil, &errs.Error{Kind: errs.Other, Err: err}
			}
		}
		if cp.FirstOrderOnly && previous > 0 {
			return nil, userErr("COUPON_INVALID", "This coupon is for a first order only.", at...)
		}
		if cp.PerCustomerLimit > 0 && used >= cp.PerCustomerLimit {
			return nil, userErr("COUPON_INVALID", "You have already used this coupon.", at...)
		}
	}
	return cp, nil
}

// requestHash identifies the order an idempotency key was first used for.
func requestHash(c *checked) string {
	type line struct {
		P string
		Q int
	}
	lines := make([]line, len(c.lines))
	for i, l := range c.lines {
		lines[i] = line{string(l.product.ID), l.quantity}
	}
	b, _ := json.Marshal(struct {
		Channel, Name, Email, Phone, Coupon, Notes, Card string
		Address                                          contact.Address
		Lines                                            []line
		Delivery                                         Delivery
		Points                                           int
	}{c.in.Channel, strings.TrimSpace(c.in.Contact.Name), c.email, c.phone, strings.ToUpper(strings.TrimSpace(c.in.CouponCode)),
		c.in.Notes, c.in.Card.Last4(), c.address, lines, c.delivery, c.in.PointsToRedeem})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func (s *Service) place(ctx context.Context, tx *ent.Tx, v *viewer.Viewer, c *checked) (*Placed, error) {
	sys := viewer.SystemContext(ctx)
	db := tx.Client()
	key := strings.TrimSpace(c.in.IdempotencyKey)

	// Serialize requests with one key: on PostgreSQL a transaction-scoped
	// advisory lock makes a racing twin wait and then find the first order;
	// SQLite already has a single writer.
	if s.dialect == dialect.Postgres {
		h := sha256.Sum256([]byte("waybill:order:" + key))
		if _, err := db.ExecContext(sys, "SELECT pg_advisory_xact_lock($1)", int64(binary.BigEndian.Uint64(h[:8]))); err != nil {
			return nil, err
		}
	}
	if prev, err := db.Order.Query().Where(order.IdempotencyKey(key)).Only(sys); err == nil {
		if prev.RequestHash != c.hash {
			return nil, errs.List{userErr("IDEMPOTENCY_KEY_REUSED", "This idempotency key was used for a different order.", "input", "idempotencyKey")}
		}
		return &Placed{Order: prev, Replayed: true}, nil
	} else if !ent.IsNotFound(err) {
		return nil, err
	}

	now := s.now().UTC()
	cust := c.customer
	if cust == nil {
		var err error
		cust, err = db.Customer.Create().SetEmail(c.email).SetName(strings.TrimSpace(c.in.Contact.Name)).
			SetPhone(c.phone).SetGuest(true).Save(sys)
		if ent.IsConstraintError(err) {
			// A registered customer has this email: the order stays a guest
			// order until they claim it.
			cust, err = nil, nil
		}
		if err != nil {
			return nil, err
		}
	}
	number, err := s.newNumber(sys, db, now)
	if err != nil {
		return nil, err
	}
	orderID := pulid.New("ord")

	// Stock first: nothing else matters if it is not there.
	needs := make([]inventory.Need, len(c.lines))
	for i, l := range c.lines {
		needs[i] = inventory.Need{Line: i, ProductID: l.product.ID, Quantity: l.quantity,
			Backorder: l.product.BackorderPolicy == product.BackorderPolicyALLOW}
	}
	stock, err := inventory.Reserve(inventory.WithChannel(ctx, c.in.Channel), db, orderID, c.dest, needs, v.Actor())
	if err != nil {
		return nil, err
	}
	reservations := stock.Reservations
	backordered := map[int]int{}
	for _, b := range stock.Backorders {
		backordered[b.Line] = b.Quantity
	}
	if len(stock.Shortages) > 0 {
		var problems errs.List
		for _, sh := range stock.Shortages {
			p := c.lines[sh.Line].product
			e := userErr("INSUFFICIENT_STOCK", fmt.Sprintf("Only %d of %s can be ordered now.", sh.Available, p.Sku), "input", "lines", fmt.Sprint(sh.Line), "quantity")
			e.Details = map[string]any{"available": sh.Available}
			problems = append(problems, e)
		}
		return nil, problems
	}

	t := s.price(c)
	holds, err := s.holds(sys, db, c, cust, t)
	if err != nil {
		return nil, err
	}

	// Payment.
	auth, err := s.payments.Authorize(ctx, t.total, s.rules.Currency, c.in.Card)
	if err != nil {
		return nil, err
	}
	status := order.StatusCONFIRMED
	payStatus := "AUTHORIZED"
	failure := ""
	switch auth.Outcome {
	case payment.Declined, payment.InsufficientFunds:
		status, payStatus, failure = order.StatusPENDING_PAYMENT, "DECLINED", string(auth.Outcome)
	case payment.FlaggedForReview:
		holds = append(holds, "PAYMENT_RISK")
	}
	if status == order.StatusCONFIRMED && len(holds) > 0 {
		status = order.StatusON_HOLD
	}

	create := db.Order.Create().SetID(orderID).SetNumber(number).SetStatus(status).
		SetChannel(order.Channel(c.in.Channel)).
		SetContactName(strings.TrimSpace(c.in.Contact.Name)).SetContactEmail(c.email).SetContactPhone(c.phone).
		SetShipCountry(c.address.Country).SetShipProvince(c.address.Province).SetShipCity(c.address.City).
		SetShipDistrict(c.address.District).SetShipLine1(c.address.Line1).SetShipLine2(c.address.Line2).
		SetShipPostalCode(c.address.PostalCode).SetDeliveryOption(order.DeliveryOption(c.delivery.Option)).
		SetCurrency(s.rules.Currency).SetSubtotalAmount(t.subtotal).SetDiscountAmount(t.discount).
		SetShippingAmount(t.shipping).SetPointsDiscountAmount(t.pointsDiscount).SetTotalAmount(t.total).
		SetPointsRedeemed(t.points).SetIdempotencyKey(key).SetRequestHash(c.hash).SetNotes(strings.TrimSpace(c.in.Notes)).
		SetHoldReasons(holds).SetPromisedDeliveryDate(s.promise(now, c)).SetCreatedAt(now).SetUpdatedAt(now)
	if cust != nil {
		create.SetCustomerID(cust.ID)
	}
	if c.coupon != nil {
		create.SetCouponCode(c.coupon.Code)
	}
	if c.delivery.Option == "SCHEDULED" && c.delivery.Date != nil {
		from, to := windowTimes(*c.delivery.Date, c.delivery.Window)
		create.SetScheduledFrom(from).SetScheduledTo(to)
	}
	if status == order.StatusPENDING_PAYMENT {
		create.SetPaymentExpiresAt(now.Add(s.rules.PaymentWindow))
	}
	o, err := create.Save(sys)
	if err != nil {
		return nil, err
	}
	warehouseOf := map[int]*pulid.ID{}
	for _, r := range reservations {
		if _, split := warehouseOf[r.Line]; split {
			warehouseOf[r.Line] = nil // split over warehouses: allocation decides
			continue
		}
		wh := r.WarehouseID
		warehouseOf[r.Line] = &wh
	}
	lines := make([]*ent.OrderLineCreate, len(c.lines))
	for i, l := range c.lines {
		lines[i] = db.OrderLine.Create().SetOrderID(o.ID).SetProductID(l.product.ID).SetSku(l.product.Sku).
			SetName(l.product.NameZh).SetQuantity(l.quantity).SetUnitPriceAmount(l.product.PriceAmount).
			SetDiscountAmount(t.lineDiscount[i]).SetLineTotalAmount(l.product.PriceAmount*int64(l.quantity) - t.lineDiscount[i]).
			SetNillableWarehouseID(warehouseOf[i]).SetBackorderedQuantity(backordered[i])
	}
	if err := db.OrderLine.CreateBulk(lines...).Exec(sys); err != nil {
		return nil, err
	}
	pay := db.Payment.Create().SetOrderID(o.ID).SetProvider(s.payments.Name()).SetAmount(t.total).SetCurrency(s.rules.Currency).
		SetProviderReference(auth.Reference).SetCardLast4(c.in.Card.Last4()).SetFailureCode(failure).
		SetRiskFlagged(auth.Outcome == payment.FlaggedForReview)
	if payStatus == "AUTHORIZED" {
		pay.SetStatus("AUTHORIZED")
	} else {
		pay.SetStatus("DECLINED")
	}
	if err := pay.Exec(sys); err != nil {
		return nil, err
	}
	if c.coupon != nil {
		n, err := db.Coupon.Update().Where(coupon.ID(c.coupon.ID), coupon.Or(coupon.UsageLimit(0), usageLeft())).
			AddTimesUsed(1).Save(sys)
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return nil, errs.List{userErr("COUPON_INVALID", "This coupon has been used up.", "input", "couponCode")}
		}
	}
	if t.points > 0 {
		if err := redeemPoints(sys, db, cust.ID, o.ID, t.points); err != nil {
			return nil, err
		}
	}
	// The timeline: placed, then where payment and review took it.
	why := "payment " + strings.ToLower(failure)
	switch status {
	case order.StatusCONFIRMED:
		why = "payment authorized"
	case order.StatusON_HOLD:
		why = "held for review: " + strings.Join(holds, ", ")
	}
	if len(stock.Backorders) > 0 {
		var waits []string
		for _, b := range stock.Backorders {
			waits = append(waits, fmt.Sprintf("%d × %s", b.Quantity, c.lines[b.Line].product.Sku))
		}
		why += "; backordered " + strings.Join(waits, ", ") + " (ships when restocked)"
	}
	if err := db.OrderEvent.CreateBulk(
		db.OrderEvent.Create().SetOrderID(o.ID).SetToStatus(string(order.StatusPENDING_PAYMENT)).
			SetActor(v.Actor()).SetNote("placed through "+c.in.Channel).SetOccurredAt(now),
		db.OrderEvent.Create().SetOrderID(o.ID).SetFromStatus(string(order.StatusPENDING_PAYMENT)).SetToStatus(string(status)).
			SetActor(v.Actor()).SetNote(why).SetOccurredAt(now),
	).Exec(sys); err != nil {
		return nil, err
	}
	return &Placed{Order: o}, nil
}

// newNumber makes a human-friendly order number: WB-YYYYMMDD-NNNNNNNN,
// eight random digits, so numbers reveal nothing about volume.
func (s *Service) newNumber(ctx context.Context, db *ent.Client, now time.Time) (string, error) {
	for range 10 {
		n, err := rand.Int(rand.Reader, big.NewInt(90_000_000))
		if err != nil {
			return "", err
		}
		number := fmt.Sprintf("WB-%s-%08d", now.Format("20060102"), 10_000_000+n.Int64())
		exists, err := db.Order.Query().Where(order.Number(number)).Exist(ctx)
		if err != nil {
			return "", err
		}
		if !exists {
			return number, nil
		}
	}
	return "", fmt.Errorf("orders: no free order number")
}

// promise is the promised delivery date: the service level's days after today.
func (s *Service) promise(now time.Time, c *checked) time.Time {
	days := map[string]int{"STANDARD": 4, "EXPRESS": 2, "NEXT_DAY": 1, "SCHEDULED": 0}[c.delivery.Option]
	if c.address.Country != "CN" {
		days += 7
	}
	if c.delivery.Option == "SCHEDULED" && c.delivery.Date != nil {
		return c.delivery.Date.UTC().Truncate(24 * time.Hour)
	}
	return now.Truncate(24*time.Hour).AddDate(0, 0, days)
}

func windowTimes(day time.Time, window string) (time.Time, time.Time) {
	d := day.UTC().Truncate(24 * time.Hour)
	var h1, m1, h2, m2 int
	_, _ = fmt.Sscanf(window, "%d:%d-%d:%d", &h1, &m1, &h2, &m2)
	// Windows are local China time (UTC+8); stored in UTC.
	return d.Add(time.Duration(h1-8)*time.Hour + time.Duration(m1)*time.Minute),
		d.Add(time.Duration(h2-8)*time.Hour + time.Duration(m2)*time.Minute)
}

func formatMoney(amount int64, currency string) string {
	sym := currency + " "
	if currency == "CNY" {
		sym = "¥"
	}
	return fmt.Sprintf("%s%d.%02d", sym, amount/100, amount%100)
}

// numberTaken reports a unique-number collision with a concurrent order.
func numberTaken(err error) bool {
	return ent.IsConstraintError(err) && strings.Contains(err.Error(), "number")
}
