package seed

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/geo"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// Order statuses, as in ent/schema.
const (
	stPending   = "PENDING_PAYMENT"
	stHold      = "ON_HOLD"
	stConfirmed = "CONFIRMED"
	stAllocated = "ALLOCATED"
	stPicking   = "PICKING"
	stPacked    = "PACKED"
	stPartial   = "PARTIALLY_SHIPPED"
	stShipped   = "SHIPPED"
	stDelivered = "DELIVERED"
	stCompleted = "COMPLETED"
	stCancelled = "CANCELLED"
	stReturned  = "RETURNED"
)

// AllOrderStatuses lists every order status; the seed has orders in each.
var AllOrderStatuses = []string{stPending, stHold, stConfirmed, stAllocated, stPicking, stPacked, stPartial,
	stShipped, stDelivered, stCompleted, stCancelled, stReturned}

// progress ranks the statuses an order passes on its way to completion.
var progress = map[string]int{stConfirmed: 1, stAllocated: 2, stPicking: 3, stPacked: 4, stPartial: 5,
	stShipped: 6, stDelivered: 7, stCompleted: 8, stReturned: 8}

// Hold reasons (Order.hold_reasons), stable upper-case codes.
const (
	holdLarge       = "LARGE_ORDER"            // total ≥ ¥3000
	holdQuantity    = "HIGH_QUANTITY"          // ≥ 8 units of one SKU
	holdAddress     = "CONTACT_MISMATCH"       // details that do not fit together
	holdPaymentRisk = "PAYMENT_RISK"           // the provider flagged the payment
	holdNewCustomer = "FIRST_ORDER_HIGH_VALUE" // first order and a large one
)

var holdText = map[string]string{
	holdLarge:       "大额订单 large order (≥ ¥3000)",
	holdQuantity:    "单品数量异常 unusual quantity",
	holdAddress:     "地址缺少门牌号 address has no house number",
	holdPaymentRisk: "支付风控提示 payment flagged as risky",
	holdNewCustomer: "新客户首单 first order of a new customer",
}

type orderSpec struct {
	status  string
	cust    *customerRow
	demo    bool     // the DemoTrackingNumber order
	parcel  string   // SHIPPED: IN_TRANSIT, OUT_FOR_DELIVERY, EXCEPTION, ATTEMPT_FAIL, LATE, DEMO
	hold    []string // reasons it was held for
	cancel  string   // CANCELLED: timeout, customer, rejected
	payment string   // PENDING_PAYMENT: none, declined, pending
}

func (sp orderSpec) held(reason string) bool {
	for _, r := range sp.hold {
		if r == reason {
			return true
		}
	}
	return false
}

// reserves reports whether the order ever had stock reserved.
func (sp orderSpec) reserves() bool {
	return progress[sp.status] > 0 || sp.cancel == "customer"
}

type orderRow struct {
	id       pulid.ID
	idx      int
	spec     orderSpec
	number   string
	status   string
	channel  string
	cust     *customerRow
	addr     address
	delivery string
	notes    string
	lines    []*lineRow
	coupon   *couponRow

	subtotal, discount, shipping, total int64

	holdReasons []string
	events      []*orderEvent
	payment     *paymentRow
	shipments   []*shipRow // outbound and return parcels
	ret         *returnRow

	// Open orders (ALLOCATED, PICKING, PACKED): the allocation decision,
	// the pick lists (one per warehouse) and the events that name them.
	alloc                *allocRow
	lists                []*pickListRow
	pickEvent, packEvent *orderEvent

	// Times are offsets from the order's creation until anchor fixes base.
	base                       time.Time
	lastOff                    time.Duration
	payExpires                 bool
	deliveredOff, completedOff time.Duration
	scheduledFrom, scheduledTo *time.Time
	promised                   *time.Time
}

func (o *orderRow) abs(off time.Duration) time.Time { return o.base.Add(off) }

func (o *orderRow) touch(off time.Duration) {
	if off > o.lastOff {
		o.lastOff = off
	}
}

func (o *orderRow) event(from, to string, off time.Duration, actor, note string) {
	o.events = append(o.events, &orderEvent{id: pulid.New("oev"), from: from, to: to, off: off, actor: actor, note: note})
	o.touch(off)
}

func (o *orderRow) lastEventOff() time.Duration { return o.events[len(o.events)-1].off }

type lineRow struct {
	id                    pulid.ID
	prod                  *productRow
	qty                   int
	unit, discount, total int64
	wh                    *warehouseRow
	level                 *levelRow
	shipped               int
}

type orderEvent struct {
	id              pulid.ID
	from, to, actor string
	note            string
	off             time.Duration
}

type paymentRow struct {
	id                         pulid.ID
	status                     string
	amount, captured, refunded int64
	ref, last4, failure        string
	risk                       bool
	createdOff, updatedOff     time.Duration
}

var channels = []string{"WEB", "MOBILE_APP", "MARKETPLACE", "POS", "API"}
var channelWeights = []int{40, 35, 15, 5, 5}
var channelZh = map[string]string{"WEB": "网站", "MOBILE_APP": "手机 App", "MARKETPLACE": "电商平台", "POS": "门店", "API": "API"}

func (g *gen) orderSpecs() []orderSpec {
	demo := []orderSpec{
		{status: stShipped, demo: true, parcel: "DEMO"},
		{status: stDelivered},
		{status: stCompleted},
		{status: stPacked},
		{status: stPending, payment: "pending"},
		{status: stCancelled, cancel: "customer"},
		{status: stReturned},
	}
	for i := range demo {
		demo[i].cust = g.demo
	}
	var others []orderSpec
	add := func(n int, sp orderSpec) {
		for i := 0; i < n; i++ {
			others = append(others, sp)
		}
	}
	for _, p := range []string{"declined", "declined", "none", "pending", "declined", "none"} {
		add(1, orderSpec{status: stPending, payment: p})
	}
	for _, h := range [][]string{{holdLarge}, {holdQuantity}, {holdAddress}, {holdPaymentRisk}, {holdLarge, holdNewCustomer}} {
		add(1, orderSpec{status: stHold, hold: h})
	}
	add(1, orderSpec{status: stConfirmed, hold: []string{holdLarge}}) // approved after review
	add(5, orderSpec{status: stConfirmed})
	add(5, orderSpec{status: stAllocated})
	add(5, orderSpec{status: stPicking})
	add(4, orderSpec{status: stPacked})
	add(4, orderSpec{status: stPartial})
	for _, p := range []string{"IN_TRANSIT", "IN_TRANSIT", "IN_TRANSIT", "IN_TRANSIT", "IN_TRANSIT", "IN_TRANSIT",
		"OUT_FOR_DELIVERY", "OUT_FOR_DELIVERY", "OUT_FOR_DELIVERY", "EXCEPTION", "EXCEPTION", "ATTEMPT_FAIL", "LATE"} {
		add(1, orderSpec{status: stShipped, parcel: p})
	}
	add(1, orderSpec{status: stDelivered, hold: []string{holdQuantity}}) // approved after review
	add(14, orderSpec{status: stDelivered})
	add(15, orderSpec{status: stCompleted})
	for _, c := range []string{"timeout", "customer", "rejected", "timeout", "customer", "timeout"} {
		sp := orderSpec{status: stCancelled, cancel: c}
		if c == "rejected" {
			sp.hold = []string{holdPaymentRisk}
		}
		add(1, sp)
	}
	add(3, orderSpec{status: stReturned})
	g.rng.Shuffle(len(others), func(i, j int) { others[i], others[j] = others[j], others[i] })
	for i := range others {
		others[i].cust = g.customers[1+g.intn(len(g.customers)-1)]
	}
	return append(demo, others...)
}

func (g *gen) planOrders() {
	for i, sp := range g.orderSpecs() {
		g.orders = append(g.orders, g.planOrder(i, sp))
	}
	g.anchor()
	for _, c := range g.coupons {
		for _, o := range g.orders {
			if o.coupon == c && o.status != stCancelled {
				c.timesUsed++
			}
		}
	}
}

func (g *gen) planOrder(idx int, sp orderSpec) *orderRow {
	o := &orderRow{id: pulid.New("ord"), idx: idx, spec: sp, status: sp.status, cust: sp.cust, addr: sp.cust.home}
	if !sp.demo && g.chance(0.15) {
		o.addr = g.officeAddress(o.addr)
	}
	if sp.held(holdAddress) {
		o.addr.line1 = streets[g.intn(len(streets))] + estates[g.intn(len(estates))]
	}
	o.channel = channels[g.weighted(channelWeights)]
	o.delivery = []string{"STANDARD", "EXPRESS", "NEXT_DAY"}[g.weighted([]int{70, 20, 8})]
	if (sp.status == stConfirmed || sp.status == stAllocated) && g.chance(0.25) {
		o.delivery = "SCHEDULED"
	}
	o.notes = orderNotes[g.intn(len(orderNotes))]
	if sp.demo {
		o.channel, o.delivery, o.notes = "MOBILE_APP", "STANDARD", "请放快递柜 Please leave it in the parcel locker"
	}
	g.pickLines(o)
	g.price(o)
	g.timeline(o)
	return o
}

// pickLines chooses 1–4 distinct products; orders that reserve stock only
// take what some warehouse can supply.
func (g *gen) pickLines(o *orderRow) {
	sp := o.spec
	if sp.demo {
		for _, sku := range demoLineSKUs {
			o.lines = append(o.lines, &lineRow{id: pulid.New("orl"), prod: g.bySKU[sku], qty: 1})
		}
		return
	}
	n := []int{1, 2, 3, 4}[g.weighted([]int{45, 30, 15, 10})]
	large := sp.held(holdLarge)
	if (sp.status == stPartial || large) && n < 2 {
		n = 2
	}
	if sp.parcel == "LATE" {
		n = 1 // one parcel, so the late one decides the promise
	}
	used := map[*productRow]bool{}
	for len(o.lines) < n {
		qty := []int{1, 2, 3}[g.weighted([]int{75, 18, 7})]
		highQty := sp.held(holdQuantity) && len(o.lines) == 0
		switch {
		case highQty:
			qty = g.between(8, 12)
		case large:
			qty = g.between(2, 3)
		}
		var pool []*productRow
		for _, p := range g.activeProducts() {
			if used[p] || (large && p.price < 30000) || (highQty && p.price > 10000) ||
				(sp.status == stReturned && !p.returnable()) {
				continue
			}
			if sp.reserves() && !g.suppliable(p, qty) {
				continue
			}
			pool = append(pool, p)
		}
		if len(pool) == 0 {
			if len(o.lines) > 0 {
				break
			}
			panic("seed: no product can supply an order line")
		}
		p := pool[g.intn(len(pool))]
		used[p] = true
		o.lines = append(o.lines, &lineRow{id: pulid.New("orl"), prod: p, qty: qty})
	}
	// A large order is one of at least ¥3000: add units until it is.
	for large {
		var gross int64
		for _, l := range o.lines {
			gross += l.prod.price * int64(l.qty)
		}
		if gross >= largeOrderFen {
			break
		}
		bumped := false
		for _, l := range o.lines {
			if !sp.reserves() || g.suppliable(l.prod, l.qty+1) {
				l.qty++
				bumped = true
				break
			}
		}
		if !bumped {
			break
		}
	}
}

// largeOrderFen is the LARGE_ORDER threshold, ¥3000.
const largeOrderFen = 300000

func (g *gen) suppliable(p *productRow, qty int) bool {
	for _, l := range g.levels[p.idx] {
		if l != nil && l.available() >= qty {
			return true
		}
	}
	return false
}

// price fills the money: line_total = qty × unit − discount, subtotal = Σ
// line totals, total = subtotal − coupon discount + shipping.
func (g *gen) price(o *orderRow) {
	for _, l := range o.lines {
		l.unit = l.prod.price
		gross := l.unit * int64(l.qty)
		if !o.spec.demo && len(o.spec.hold) == 0 && g.chance(0.12) {
			l.discount = gross * int64(g.between(5, 20)) / 100 / 100 * 100 // whole yuan
		}
		l.total = gross - l.discount
		o.subtotal += l.total
	}
	if !o.spec.demo && len(o.spec.hold) == 0 && g.chance(0.2) {
		if welcome := g.coupon("WELCOME10"); !o.cust.usedWelcome && g.chance(0.5) {
			o.coupon = welcome
			o.cust.usedWelcome = true
			o.discount = o.subtotal * int64(welcome.percent) / 100
		} else if save := g.coupon("SAVE20"); o.subtotal >= save.minSpend {
			o.coupon = save
			o.discount = save.amountOff
		}
	}
	switch o.delivery {
	case "STANDARD":
		if o.subtotal < 9900 {
			o.shipping = 1000
		}
	case "EXPRESS":
		o.shipping = 2000
	case "NEXT_DAY":
		o.shipping = 3000
	case "SCHEDULED":
		o.shipping = 1500
	}
	o.total = o.subtotal - o.discount + o.shipping
}

func (o *orderRow) customerActor() string {
	if o.cust.accountID != "" {
		return string(o.cust.accountID)
	}
	return "anonymous"
}

// timeline walks the order through its statuses, with stock movements,
// the payment and the parcels, at offsets from its creation.
func (g *gen) timeline(o *orderRow) {
	sp := o.spec
	admin := string(g.accountIDs[viewer.RoleAdmin])
	agent := string(g.accountIDs[viewer.RoleAgent])
	staff := string(g.accountIDs[viewer.RoleWarehouse])

	t := time.Duration(0)
	o.event("", stPending, t, o.customerActor(),
		fmt.Sprintf("顾客通过%s下单 Order placed (%s)", channelZh[o.channel], strings.ReplaceAll(strings.ToLower(o.channel), "_", " ")))

	if sp.status == stPending || sp.cancel == "timeout" {
		o.payExpires = true
		if sp.payment == "declined" || (sp.cancel == "timeout" && g.chance(0.5)) {
			off := t + g.minutes(1, 15)
			o.payment = g.newPayment(o, "DECLINED", off)
			o.payment.failure = []string{"CARD_DECLINED", "INSUFFICIENT_FUNDS", "AUTHENTICATION_FAILED"}[g.intn(3)]
			o.touch(off)
		} else if sp.payment == "pending" {
			off := t + g.minutes(1, 5)
			o.payment = g.newPayment(o, "PENDING", off)
			o.touch(off)
		}
		if sp.cancel == "timeout" {
			o.event(stPending, stCancelled, 24*time.Hour+g.minutes(1, 5), "system",
				"支付超时，订单已自动取消 Payment window expired; cancelled automatically")
		}
		return
	}

	t += g.minutes(1, 20)
	o.payment = g.newPayment(o, "AUTHORIZED", t)
	o.payment.risk = sp.held(holdPaymentRisk)
	if len(sp.hold) > 0 {
		var zh []string
		for _, h := range sp.hold {
			zh = append(zh, holdText[h])
		}
		o.event(stPending, stHold, t, "system", "转人工审核 Held for review: "+strings.Join(zh, "；"))
		if sp.status == stHold {
			o.holdReasons = sp.hold
			return
		}
		t += g.minutes(60, 600)
		if sp.cancel == "rejected" {
			o.event(stHold, stCancelled, t, agent, "审核未通过，订单取消并撤销预授权 Rejected in review; cancelled and the authorization voided")
			o.payment.status, o.payment.updatedOff = "VOIDED", t
			return
		}
		o.event(stHold, stConfirmed, t, admin, "审核通过 Approved after review")
	} else {
		o.event(stPending, stConfirmed, t, "system", "支付成功，库存已预留 Payment authorized; stock reserved")
	}
	g.reserve(o, t)
	if sp.status == stConfirmed {
		if o.delivery == "SCHEDULED" {
			g.schedule(o)
		}
		return
	}
	if sp.cancel == "customer" {
		t += g.minutes(10, 360)
		o.event(stConfirmed, stCancelled, t, o.customerActor(), "顾客申请取消 Cancelled at the customer's request")
		for _, l := range o.lines {
			g.move(&moveRow{kind: "RELEASE", level: l.level, reserved: -l.qty, order: o, off: t, actor: "system",
				reason: "订单取消，释放预留 Order cancelled; reservation released"})
		}
		o.payment.status, o.payment.updatedOff = "VOIDED", t
		return
	}

	t += g.minutes(2, 40)
	// Orders still on the warehouse floor are allocated, listed, picked
	// and packed as the real services would have done it (fulfil.go).
	floor := openStatus(sp.status)
	if floor {
		codes := g.allocate(o, t)
		o.event(stConfirmed, stAllocated, t, "system", fmt.Sprintf("已分配发货仓 %s Allocated to %s",
			strings.Join(codes, "、"), strings.Join(codes, " + ")))
	} else {
		var codes []string
		for _, l := range o.lines {
			if !contains(codes, l.wh.def.code) {
				codes = append(codes, l.wh.def.code)
			}
		}
		o.event(stConfirmed, stAllocated, t, "system", fmt.Sprintf("已分配发货仓 %s Allocated to %s (nearest with stock)",
			strings.Join(codes, "、"), strings.Join(codes, ", ")))
	}
	if sp.status == stAllocated {
		if o.delivery == "SCHEDULED" {
			g.schedule(o)
		}
		return
	}
	t += g.minutes(30, 360)
	o.event(stAllocated, stPicking, t, staff, "拣货单已下发 Pick list issued")
	if floor {
		o.pickEvent = o.events[len(o.events)-1]
		g.issuePickLists(o, t)
	}
	if sp.status == stPicking {
		g.scanSome(o, t)
		return
	}
	listed := t
	t += g.minutes(15, 90)
	if floor {
		g.pickAndPack(o, listed, t)
	}
	o.event(stPicking, stPacked, t, staff, "商品已逐件扫码复核并装箱 Every item scanned and packed")
	if floor {
		o.packEvent = o.events[len(o.events)-1]
	}
	if sp.status == stPacked {
		return
	}
	t += g.minutes(30, 240)
	g.ship(o, t)
	if sp.status == stShipped || sp.status == stPartial {
		return
	}

	t = 0
	for _, s := range o.shipments {
		if s.deliveredOff > t {
			t = s.deliveredOff
		}
	}
	t += g.minutes(5, 30)
	o.deliveredOff = t
	o.event(stShipped, stDelivered, t, "system", "承运商确认已签收 Delivery confirmed by the carrier")
	if sp.status == stDelivered {
		return
	}
	if sp.status == stCompleted {
		t += 7*day + g.minutes(0, 360)
		o.completedOff = t
		o.event(stDelivered, stCompleted, t, "system", "七天无理由退货期已过，订单完成 Return window closed; order completed")
		return
	}
	g.returnOrder(o, t)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (g *gen) newPayment(o *orderRow, status string, off time.Duration) *paymentRow {
	p := &paymentRow{id: pulid.New("pay"), status: status, amount: o.total, createdOff: off, updatedOff: off,
		ref: "test_" + g.hexString(16)}
	if o.channel != "MARKETPLACE" {
		p.last4 = fmt.Sprintf("%04d", g.intn(10000))
	}
	return p
}

// schedule gives a SCHEDULED order its window: the day after tomorrow, 09:00–13:00 in China.
func (g *gen) schedule(o *orderRow) {
	from := startOfDayCST(g.now).Add(2*day + 9*time.Hour)
	to := from.Add(4 * time.Hour)
	o.scheduledFrom, o.scheduledTo = &from, &to
}

// reserve allocates every line to the nearest warehouse that has it and
// reserves the stock there.
func (g *gen) reserve(o *orderRow, off time.Duration) {
	for _, l := range o.lines {
		var candidates []*warehouseRow
		if o.spec.demo {
			candidates = g.warehouses[:1] // WH-SH
		} else {
			candidates = g.warehousesByDistance(o.addr.city)
		}
		for _, w := range candidates {
			if lv := g.levels[l.prod.idx][w.idx]; lv != nil && lv.available() >= l.qty {
				l.wh, l.level = w, lv
				break
			}
		}
		if l.level == nil {
			panic(fmt.Sprintf("seed: cannot reserve %d × %s", l.qty, l.prod.sku))
		}
		g.move(&moveRow{kind: "RESERVE", level: l.level, reserved: l.qty, order: o, off: off, actor: "system",
			reason: "订单预留库存 Reserved for the order"})
	}
}

// ship hands the packed lines to carriers: one parcel per warehouse (only
// the first for a partially shipped order).
func (g *gen) ship(o *orderRow, t time.Duration) {
	var groups [][]*lineRow
	for _, l := range o.lines {
		placed := false
		for i, grp := range groups {
			if grp[0].wh == l.wh {
				groups[i] = append(groups[i], l)
				placed = true
				break
			}
		}
		if !placed {
			groups = append(groups, []*lineRow{l})
		}
	}
	if o.status == stPartial {
		if len(groups) > 1 {
			groups = groups[:1]
		} else {
			groups = [][]*lineRow{o.lines[:1]}
		}
	}
	staff := string(g.accountIDs[viewer.RoleWarehouse])
	var notesZh, notesEn []string
	last := t
	for i, grp := range groups {
		start := t + time.Duration(i)*g.minutes(20, 90)
		carrier := g.pickCarrier(o)
		s := g.newShipment(o, carrier, grp[0].wh, grp, false, start)
		stage := "DELIVERED"
		switch {
		case o.status == stPartial:
			stage = "IN_TRANSIT"
		case o.status == stShipped && i == 0:
			stage = o.spec.parcel
		case o.status == stShipped:
			stage = "IN_TRANSIT"
		}
		g.track(s, stage)
		for _, it := range s.items {
			it.line.shipped = it.qty
			g.move(&moveRow{kind: "SHIP", level: it.line.level, onHand: -it.qty, reserved: -it.qty, order: o, ship: s,
				off: s.shippedOff, actor: staff, withLot: it.line.level.lot != "",
				reason: "出库交付承运商 Shipped to the customer"})
		}
		if s.shippedOff > last {
			last = s.shippedOff
		}
		notesZh = append(notesZh, carrier.def.nameZh+" "+s.tracking)
		notesEn = append(notesEn, carrier.def.name+" "+s.tracking)
	}
	to := stShipped
	if o.status == stPartial {
		to = stPartial
		notesZh = append(notesZh, "其余商品待发")
		notesEn = append(notesEn, "the rest to follow")
	}
	o.event(stPacked, to, last+g.minutes(1, 10), staff,
		fmt.Sprintf("已交付承运商：%s Handed to %s", strings.Join(notesZh, "，"), strings.Join(notesEn, ", ")))
	o.payment.status, o.payment.captured, o.payment.updatedOff = "CAPTURED", o.payment.amount, last
}

func (g *gen) pickCarrier(o *orderRow) *carrierRow {
	if o.spec.demo {
		return g.carriers[0]
	}
	if (o.delivery == "NEXT_DAY" || o.delivery == "EXPRESS") && g.chance(0.7) {
		return g.carriers[1] // SF
	}
	w := make([]int, len(g.carriers))
	for i, c := range g.carriers {
		w[i] = c.def.share
	}
	return g.carriers[g.weighted(w)]
}

// returnOrder: the customer sends back the first parcel's lines; they are
// inspected, restocked and refunded.
func (g *gen) returnOrder(o *orderRow, t time.Duration) {
	req := t + g.minutes(24*60, 72*60)
	out := o.shipments[0]
	var lines []*lineRow
	var value int64
	for _, it := range out.items {
		lines = append(lines, it.line)
		value += it.line.total
	}
	refund := value - o.discount*value/o.subtotal
	r := &returnRow{id: pulid.New("rma"), order: o, createdOff: req, refund: refund,
		reason: returnReasons[g.intn(len(returnReasons))]}
	o.ret = r
	back := g.newShipment(o, out.carrier, out.wh, lines, true, req+g.minutes(6*60, 30*60))
	g.track(back, "DELIVERED")
	r.shipment = back
	recv := back.deliveredOff + g.minutes(60, 240)
	for _, it := range back.items {
		g.move(&moveRow{kind: "RETURN_RESTOCK", level: it.line.level, onHand: it.qty, order: o, ship: back, off: recv,
			actor: string(g.accountIDs[viewer.RoleWarehouse]), withLot: it.line.level.lot != "",
			reason: "退货验收合格，重新上架 Return inspected and restocked"})
	}
	done := recv + g.minutes(60, 180)
	o.event(stDelivered, stReturned, done, string(g.accountIDs[viewer.RoleAgent]),
		fmt.Sprintf("退货已入库，已退款 ¥%s Return received; ¥%s refunded", yuan(refund), yuan(refund)))
	r.updatedOff = done
	o.payment.refunded, o.payment.updatedOff = refund, done
	o.payment.status = "PARTIALLY_REFUNDED"
	if refund == o.payment.captured {
		o.payment.status = "REFUNDED"
	}
}

type returnReason struct{ zh, en string }

var returnReasons = []returnReason{
	{"七天无理由退货", "changed my mind (7-day no-reason return)"},
	{"与描述不符", "not as described"},
	{"重复购买", "ordered twice by mistake"},
	{"收到后发现不合适", "not suitable after all"},
}

func yuan(fen int64) string { return fmt.Sprintf("%d.%02d", fen/100, fen%100) }

func startOfDayCST(t time.Time) time.Time {
	c := t.In(cst)
	return time.Date(c.Year(), c.Month(), c.Day(), 0, 0, 0, 0, cst).UTC()
}

func endOfDayCST(t time.Time) time.Time { return startOfDayCST(t).Add(day - time.Second) }

// gaps: how long before Now each kind of order last changed.
var gaps = map[string][2]time.Duration{
	stPending: {10 * time.Minute, 20 * time.Hour}, stHold: {30 * time.Minute, 40 * time.Hour},
	stConfirmed: {5 * time.Minute, 3 * time.Hour}, stAllocated: {10 * time.Minute, 6 * time.Hour},
	stPicking: {10 * time.Minute, 3 * time.Hour}, stPacked: {10 * time.Minute, 5 * time.Hour},
	stPartial: {time.Hour, 8 * time.Hour}, stShipped: {30 * time.Minute, 8 * time.Hour},
	stDelivered: {time.Hour, 6 * day}, stCompleted: {time.Hour, 14 * day},
	stCancelled: {time.Hour, 25 * day}, stReturned: {time.Hour, 10 * day},
	"EXCEPTION": {6 * time.Hour, 30 * time.Hour}, "DEMO": {time.Hour, 150 * time.Minute},
}

// anchor places each order in time: its last change a status-typical while
// before Now, its creation within the last 30 days. Then it numbers them in
// creation order and settles dates that depend on absolute time.
func (g *gen) anchor() {
	window := 30*day - time.Hour
	for _, o := range g.orders {
		key := o.status
		if o.spec.parcel == "EXCEPTION" || o.spec.parcel == "DEMO" {
			key = o.spec.parcel
		}
		r := gaps[key]
		gap := r[0] + time.Duration(g.rng.Int64N(int64(r[1]-r[0])))
		if o.lastOff+gap > window {
			gap = max(10*time.Minute, window-o.lastOff)
		}
		o.base = g.now.Add(-o.lastOff - gap).Truncate(time.Second)
	}
	sorted := append([]*orderRow(nil), g.orders...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].base.Before(sorted[j].base) })
	for i, o := range sorted {
		o.number = fmt.Sprintf("WB-%s-%06d", o.base.In(cst).Format("20060102"), 101+i)
	}
	for _, o := range g.orders {
		g.settle(o)
		g.lateness(o)
	}
	g.nameFloorWork()
}

// settle fixes ETAs and the promised date once the order has a base time.
func (g *gen) settle(o *orderRow) {
	if o.status == stCancelled {
		return
	}
	if len(o.shipments) == 0 {
		// Promise at checkout: a day to pack, then the trip from the nearest warehouse.
		nearest := g.warehousesByDistance(o.addr.city)[0]
		km := nearest.city.Point().DistanceTo(o.addr.city.Point())
		days := 1 + int(km/800)
		switch o.delivery {
		case "EXPRESS":
			days = max(1, days-1)
		case "NEXT_DAY":
			days = 0
		}
		p := endOfDayCST(o.base.Add(day + time.Duration(days)*day))
		if o.scheduledTo != nil {
			p = endOfDayCST(*o.scheduledTo)
		}
		if p.Before(g.now) && o.status != stPending && o.status != stHold {
			p = endOfDayCST(g.now.Add(day))
		}
		o.promised = &p
		return
	}
	var promise time.Time
	for _, s := range o.shipments {
		if s.isReturn {
			continue
		}
		planned := o.abs(s.plannedOff)
		if !s.delivered && planned.Before(g.now.Add(2*time.Hour)) {
			planned = g.now.Add(2 * time.Hour)
		}
		s.etaFrom = planned.Add(-3 * time.Hour).Truncate(time.Hour)
		s.etaTo = planned.Add(4 * time.Hour).Truncate(time.Hour)
		base := s.etaTo
		if s.late {
			base = o.abs(s.onTimeOff).Add(3 * time.Hour)
		}
		if base.After(promise) {
			promise = base
		}
	}
	p := endOfDayCST(promise)
	if o.idx%3 == 0 {
		p = p.Add(day)
	}
	for _, s := range o.shipments {
		if s.late && !s.etaFrom.After(p) {
			p = endOfDayCST(s.etaFrom.Add(-day))
		}
	}
	o.promised = &p
}

// Destinations for hub routing.
func hub(name string) geo.City {
	c, ok := geo.Lookup(name)
	if !ok {
		panic("seed: hub city not in internal/geo: " + name)
	}
	return c
}
