package seed

import (
	"fmt"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

type returnRow struct {
	id                     pulid.ID
	number                 string
	order                  *orderRow
	shipment               *shipRow
	reason                 returnReason
	refund                 int64
	createdOff, updatedOff time.Duration
}

type ticketRow struct {
	id                         pulid.ID
	number, subject            string
	category, priority, status string
	source                     string
	cust                       *customerRow
	order                      *orderRow
	ship                       *shipRow
	assignee                   pulid.ID
	created, updated           time.Time
	firstDue, resolutionDue    time.Time
	firstResponded, resolved   *time.Time
	breached                   bool
	rootCause                  string
	resolutionNote             string
	messages                   []*messageRow
}

type messageRow struct {
	id       pulid.ID
	kind     string // CUSTOMER, AGENT, SYSTEM
	author   pulid.ID
	body     string
	internal bool
	at       time.Time
}

type surveyRow struct {
	id        pulid.ID
	kind      string
	subjectID pulid.ID
	cust      *customerRow
	score     int
	nps       *int
	comment   string
	at        time.Time
}

// sla: first-response and resolution targets by priority.
var sla = map[string][2]time.Duration{
	"URGENT": {time.Hour, 8 * time.Hour},
	"HIGH":   {2 * time.Hour, 24 * time.Hour},
	"NORMAL": {4 * time.Hour, 48 * time.Hour},
	"LOW":    {8 * time.Hour, 72 * time.Hour},
}

// msg is one planned message: who, what, and how long after the previous one.
type msg struct {
	kind     string
	internal bool
	after    time.Duration
	body     string
}

// planSupport: returns, tickets with conversations, a remedy coupon, surveys.
func (g *gen) planSupport() {
	n := 0
	for _, o := range g.orders {
		if o.ret != nil {
			n++
			o.ret.number = fmt.Sprintf("RMA-%06d", n)
			g.returns = append(g.returns, o.ret)
		}
	}
	g.planTickets()
	g.planSurveys()
}

// findOrder returns the first planned order that matches (not the demo
// customer's unless demo is set).
func (g *gen) findOrder(demo bool, skip map[*orderRow]bool, match func(o *orderRow) bool) *orderRow {
	for _, o := range g.orders {
		if (o.cust == g.demo) == demo && !skip[o] && match(o) {
			skip[o] = true
			return o
		}
	}
	return nil
}

func (g *gen) planTickets() {
	agent := g.accountIDs[viewer.RoleAgent]
	used := map[*orderRow]bool{}
	byParcel := func(stage string) func(o *orderRow) bool {
		return func(o *orderRow) bool { return o.spec.parcel == stage }
	}
	byStatus := func(st string) func(o *orderRow) bool {
		return func(o *orderRow) bool { return o.status == st }
	}

	// 1. Flagged by the system before the customer noticed: a late parcel.
	if o := g.findOrder(false, used, byParcel("LATE")); o != nil {
		s := o.shipments[0]
		start := g.now.Add(-g.minutes(120, 360))
		g.ticket(o, s, "LATE_DELIVERY", "HIGH", "OPEN", "PROACTIVE",
			fmt.Sprintf("包裹 %s 预计晚于承诺日期送达 Parcel %s will miss its promised date", s.tracking, s.tracking), start, agent, []msg{
				{"SYSTEM", false, 0, fmt.Sprintf("系统预警：包裹 %s 最新预计送达时间晚于承诺日期。Alert: the ETA of parcel %s is after the promised date.", s.tracking, s.tracking)},
				{"AGENT", true, 15 * time.Minute, fmt.Sprintf("已联系%s，%s中转积压，已申请加急。Called %s: backlog at the hub, asked them to prioritise it.", s.carrier.def.nameZh, s.lateReasonCity(), s.carrier.def.name)},
				{"AGENT", false, 25 * time.Minute, "您好，您的包裹因中转站积压预计晚一天送达，我们已催促承运商加急处理，给您带来不便非常抱歉。Hello, your parcel is about a day late because of a backlog at a sorting hub. We have asked the carrier to hurry it along; sorry for the wait."},
			})
	}
	// 2. A parcel stuck with an exception; the customer writes, nobody has answered yet.
	if o := g.findOrder(false, used, byParcel("EXCEPTION")); o != nil {
		s := o.shipments[0]
		start := g.now.Add(-g.minutes(10, 25))
		g.ticket(o, s, "NOT_RECEIVED", "URGENT", "NEW", "CUSTOMER",
			"物流显示异常 Tracking shows a problem", start, "", []msg{
				{"CUSTOMER", false, 0, fmt.Sprintf("我的包裹 %s 物流信息显示异常，什么时候能到？急用！Tracking for my parcel %s shows a problem. When will it arrive? I need it urgently!", s.tracking, s.tracking)},
			})
	}
	// 3. Damaged on arrival: resolved with a coupon; root cause packing.
	if o := g.findOrder(false, used, byStatus(stCompleted)); o != nil {
		s := o.shipments[0]
		start := o.abs(s.deliveredOff).Add(g.minutes(120, 1200))
		t := g.ticket(o, s, "DAMAGED", "NORMAL", "RESOLVED", "CUSTOMER",
			"收到的商品有破损 The item arrived damaged", start, agent, []msg{
				{"CUSTOMER", false, 0, fmt.Sprintf("收到的%s外箱压坏了，商品也有损坏。The box of my %s was crushed and the item is damaged.", o.lines[0].prod.def.nameZh, o.lines[0].prod.def.nameEn)},
				{"AGENT", false, 40 * time.Minute, "非常抱歉！麻烦您拍几张商品和外箱的照片发给我们。We are very sorry! Could you send us a few photos of the item and the box?"},
				{"CUSTOMER", false, 90 * time.Minute, "照片已上传。Photos uploaded."},
				{"AGENT", true, 20 * time.Minute, "仓库反馈：箱内缓冲材料不足，已提醒打包复核岗。Warehouse: not enough padding in the box; packers reminded."},
				{"AGENT", false, 10 * time.Minute, "已为您发放 30 元无门槛优惠券作为补偿，商品可申请免费退换。We have issued you a ¥30 coupon as an apology; the item can be exchanged for free."},
			})
		t.rootCause = "PACKING_DAMAGE"
		t.resolutionNote = "补偿 30 元优惠券；提醒仓库加足缓冲材料 ¥30 coupon issued; warehouse reminded to pad parcels properly"
		g.resolve(t)
		exp := t.resolved.Add(90 * day)
		g.coupons = append(g.coupons, &couponRow{id: pulid.New("cpn"), code: "CARE-" + strings.ToUpper(g.hexString(6)),
			kind: "FIXED", amountOff: 3000, usageLimit: 1, perCustomer: 1, startsAt: t.resolved, endsAt: &exp,
			customer: o.cust, ticket: t, created: *t.resolved})
	}
	// 4. Wrong item picked: reshipped, closed.
	if o := g.findOrder(false, used, byStatus(stCompleted)); o != nil {
		s := o.shipments[0]
		start := o.abs(s.deliveredOff).Add(g.minutes(60, 600))
		t := g.ticket(o, s, "WRONG_ITEM", "HIGH", "CLOSED", "CUSTOMER", "发错货了 I received the wrong item", start, agent, []msg{
			{"CUSTOMER", false, 0, fmt.Sprintf("我买的是%s，收到的却是别的商品。I ordered %s but received something else.", o.lines[0].prod.def.nameZh, o.lines[0].prod.def.nameEn)},
			{"AGENT", false, 30 * time.Minute, "抱歉给您添麻烦了，我们马上为您补发正确的商品，错发的商品无需寄回。Sorry about that. We are sending the right item now; please keep the wrong one."},
			{"AGENT", true, 5 * time.Minute, "拣货时相邻库位串货，已安排该库位盘点。Picked from the neighbouring bin; a cycle count of that bin is scheduled."},
			{"CUSTOMER", false, 26 * time.Hour, "补发的收到了，谢谢！Got the replacement, thanks!"},
		})
		t.rootCause = "PICKING_ERROR"
		t.resolutionNote = "已补发正确商品 Reshipped the correct item"
		g.resolve(t)
	}
	// 5. A declined payment: waiting for the customer.
	if o := g.findOrder(false, used, func(o *orderRow) bool {
		return o.status == stPending && o.payment != nil && o.payment.status == "DECLINED"
	}); o != nil {
		start := g.between2(o.abs(o.payment.createdOff), g.now, 0.3)
		g.ticket(o, nil, "BILLING", "NORMAL", "PENDING_CUSTOMER", "CUSTOMER", "付款一直失败 My payment keeps failing", start, agent, []msg{
			{"CUSTOMER", false, 0, "下单付款一直提示失败，卡里明明有钱。Payment keeps failing although there is money on the card."},
			{"AGENT", false, 20 * time.Minute, "您好，银行返回了拒付，可能是该卡未开通网上支付。请换一张卡或改用支付宝/微信支付后再试。Hello, the bank declined it; the card may not allow online payments. Please try another card, Alipay or WeChat Pay."},
		})
	}
	// 6. A return: resolved, the customer changed their mind.
	if o := g.findOrder(false, used, byStatus(stReturned)); o != nil {
		start := o.abs(o.ret.createdOff)
		t := g.ticket(o, o.shipments[0], "RETURN_REQUEST", "LOW", "RESOLVED", "CUSTOMER", "申请退货 I'd like to return my order", start, agent, []msg{
			{"CUSTOMER", false, 0, fmt.Sprintf("想退货，原因：%s。I would like to return it: %s.", o.ret.reason.zh, o.ret.reason.en)},
			{"AGENT", false, time.Hour, fmt.Sprintf("已为您创建退货单 %s，快递员会上门取件。Return %s created; a courier will pick it up.", o.ret.number, o.ret.number)},
			{"AGENT", false, o.ret.updatedOff - o.ret.createdOff - time.Hour, fmt.Sprintf("退货已验收，¥%s 已原路退回。The return passed inspection; ¥%s is on its way back to you.", yuan(o.ret.refund), yuan(o.ret.refund))},
		})
		t.rootCause = "CUSTOMER_CHANGED_MIND"
		t.resolutionNote = "退货退款 Returned and refunded"
		g.resolve(t)
	}
	// 7. A quality complaint reopened after the first answer; its SLA has passed.
	if o := g.findOrder(false, used, func(o *orderRow) bool {
		return o.status == stDelivered && o.abs(o.deliveredOff).Before(g.now.Add(-40*time.Hour))
	}); o != nil {
		start := o.abs(o.deliveredOff).Add(g.minutes(60, 240))
		g.ticket(o, o.shipments[0], "QUALITY", "HIGH", "REOPENED", "CUSTOMER", "商品质量有问题 A quality problem", start, agent, []msg{
			{"CUSTOMER", false, 0, fmt.Sprintf("收到的%s有明显瑕疵。The %s I received has an obvious defect.", o.lines[0].prod.def.nameZh, o.lines[0].prod.def.nameEn)},
			{"AGENT", false, 50 * time.Minute, "抱歉！请在订单页申请换货，我们会优先处理。Sorry! Please request an exchange on the order page and we will handle it first."},
			{"CUSTOMER", false, 5 * time.Hour, "换货申请提交不了，一直报错。The exchange request keeps failing with an error."},
		})
	}
	// 8. The demo customer asks about the demo parcel.
	if o := g.findOrder(true, used, byParcel("DEMO")); o != nil {
		s := o.shipments[0]
		start := g.now.Add(-g.minutes(80, 100))
		g.ticket(o, s, "OTHER", "NORMAL", "OPEN", "CUSTOMER", "能放快递柜吗？Can it go to a parcel locker?", start, agent, []msg{
			{"CUSTOMER", false, 0, fmt.Sprintf("包裹 %s 送达时我不在家，可以放小区快递柜吗？I will be out when parcel %s arrives. Can it go to the parcel locker?", s.tracking, s.tracking)},
			{"AGENT", false, 25 * time.Minute, "可以的，已为您备注放快递柜，取件码会短信发送给您。Sure, we have asked the courier to use the locker; the pickup code will come by SMS."},
		})
	}
}

// ticket builds a ticket whose messages start at start, never later than Now.
func (g *gen) ticket(o *orderRow, s *shipRow, category, priority, status, source, subject string,
	start time.Time, assignee pulid.ID, msgs []msg) *ticketRow {
	t := &ticketRow{id: pulid.New("tkt"), number: fmt.Sprintf("TK-%06d", len(g.tickets)+1), subject: subject,
		category: category, priority: priority, status: status, source: source, cust: o.cust, order: o, ship: s,
		assignee: assignee, created: start.Truncate(time.Second)}
	var total time.Duration
	for _, m := range msgs {
		total += m.after
	}
	// Squeeze the conversation if it would run past Now.
	scale := 1.0
	if room := g.now.Add(-5 * time.Minute).Sub(t.created); total > room && total > 0 {
		scale = float64(max(room, 0)) / float64(total)
	}
	at := t.created
	for _, m := range msgs {
		at = at.Add(time.Duration(float64(m.after) * scale))
		var author pulid.ID
		switch m.kind {
		case "CUSTOMER":
			author = o.cust.accountID
		case "AGENT":
			author = g.accountIDs[viewer.RoleAgent]
		}
		t.messages = append(t.messages, &messageRow{id: pulid.New("tkm"), kind: m.kind, author: author, body: m.body, internal: m.internal, at: at})
		if m.kind == "AGENT" && !m.internal && t.firstResponded == nil {
			r := at
			t.firstResponded = &r
		}
	}
	t.updated = at
	due := sla[priority]
	t.firstDue, t.resolutionDue = t.created.Add(due[0]), t.created.Add(due[1])
	if t.firstResponded == nil {
		t.breached = g.now.After(t.firstDue)
	} else {
		t.breached = t.firstResponded.After(t.firstDue)
	}
	if t.status != "RESOLVED" && t.status != "CLOSED" && g.now.After(t.resolutionDue) {
		t.breached = true
	}
	g.tickets = append(g.tickets, t)
	return t
}

// resolve marks a ticket resolved at its last message.
func (g *gen) resolve(t *ticketRow) {
	r := t.messages[len(t.messages)-1].at
	for i := len(t.messages) - 1; i >= 0; i-- {
		if m := t.messages[i]; m.kind == "AGENT" && !m.internal {
			r = m.at
			break
		}
	}
	t.resolved = &r
	if r.After(t.resolutionDue) {
		t.breached = true
	}
}

// between2 returns the time a fraction f of the way from a to b.
func (g *gen) between2(a, b time.Time, f float64) time.Time {
	return a.Add(time.Duration(float64(b.Sub(a)) * f))
}

func (s *shipRow) lateReasonCity() string {
	for i := len(s.events) - 1; i >= 0; i-- {
		if s.events[i].sub == "DELAYED" {
			return s.events[i].loc
		}
	}
	return s.dest.Name
}

var surveyComments = map[int][]string{
	5: {"很快就到了，包装也很好 Fast delivery and well packed", "物流很快，好评 Quick shipping, great", ""},
	4: {"比预计晚了半天，总体满意 Half a day later than expected, happy overall", ""},
	3: {"快递员没打电话直接放门口 The courier left it at the door without calling"},
	2: {"物流信息很久没更新 Tracking did not update for a long time"},
	1: {"包装破损 The box was damaged"},
}

func (g *gen) planSurveys() {
	n := 0
	for _, o := range g.orders {
		if o.status != stCompleted || n >= 8 {
			continue
		}
		n++
		score := []int{5, 4, 3, 2, 1}[g.weighted([]int{55, 30, 8, 5, 2})]
		cs := surveyComments[score]
		sv := &surveyRow{id: pulid.New("srv"), kind: "DELIVERY", subjectID: o.id, cust: o.cust, score: score,
			comment: cs[g.intn(len(cs))], at: o.abs(o.deliveredOff).Add(g.minutes(60, 2880)).Truncate(time.Second)}
		if g.chance(0.6) {
			v := min(10, score*2+g.intn(2))
			sv.nps = &v
		}
		g.surveys = append(g.surveys, sv)
	}
	for _, t := range g.tickets {
		if t.resolved == nil {
			continue
		}
		at := t.resolved.Add(g.minutes(30, 240))
		if at.After(g.now) {
			continue
		}
		score := 4 + g.intn(2)
		g.surveys = append(g.surveys, &surveyRow{id: pulid.New("srv"), kind: "TICKET", subjectID: t.id, cust: t.cust,
			score: score, comment: "客服回复及时 Support answered quickly", at: at.Truncate(time.Second)})
	}
}
