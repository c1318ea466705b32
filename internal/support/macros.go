package support

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/macro"
	"github.com/waybill/waybill/ent/orderline"
	"github.com/waybill/waybill/ent/shipment"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// MacroDef is a built-in macro.
type MacroDef struct {
	Key              string
	Category         macro.Category
	Kind             macro.Kind
	TitleZh, TitleEn string
	BodyZh, BodyEn   string
}

// Placeholders a macro body may use; Suggest fills them from the ticket,
// its order and parcel.
var Placeholders = []string{"customer_name", "agent_name", "ticket_number", "order_number", "order_total", "items",
	"tracking_number", "carrier", "eta", "promised_date", "delivered_date", "late_reason", "return_window_days", "return_deadline"}

// DefaultMacros are the macros and knowledge-base articles a new desk starts with.
var DefaultMacros = []MacroDef{
	{"greeting", macro.CategoryANY, macro.KindREPLY, "问候", "Greeting",
		"{{customer_name}}您好，感谢您联系我们，我是客服{{agent_name}}。关于订单 {{order_number}} 的问题由我为您处理。",
		"Hello {{customer_name}}, thank you for contacting us. I'm {{agent_name}} and I'll take care of your order {{order_number}}."},
	{"closing", macro.CategoryANY, macro.KindREPLY, "结束语", "Closing",
		"如还有其他问题，直接回复本工单即可。祝您生活愉快！",
		"If there is anything else, just reply to this ticket. Have a nice day!"},
	{"late-apology", macro.CategoryLATE_DELIVERY, macro.KindREPLY, "延误致歉", "Apology for a delay",
		"{{customer_name}}您好，非常抱歉：您订单 {{order_number}} 的包裹 {{tracking_number}}（{{carrier}}）预计无法在承诺日期 {{promised_date}} 前送达，最新预计送达时间为 {{eta}}。原因：{{late_reason}}。我们已督促承运商加急处理，并会持续跟进，有新进展第一时间通知您。",
		"Hello {{customer_name}}, we are sorry: the parcel {{tracking_number}} ({{carrier}}) of your order {{order_number}} will miss its promised date of {{promised_date}}; it should now arrive by {{eta}}. Reason: {{late_reason}}. We have asked the carrier to hurry it along and will keep you posted."},
	{"late-compensation", macro.CategoryLATE_DELIVERY, macro.KindREPLY, "延误补偿", "Compensation for a delay",
		"为表歉意，我们已为您发放一张优惠券，下次购物时可直接使用。包裹 {{tracking_number}} 预计 {{eta}} 送达。",
		"To make up for the delay we have issued you a coupon for your next order. Parcel {{tracking_number}} should arrive by {{eta}}."},
	{"not-received-trace", macro.CategoryNOT_RECEIVED, macro.KindREPLY, "查件处理", "Tracing the parcel",
		"{{customer_name}}您好，我们已向{{carrier}}发起包裹 {{tracking_number}} 的查件，通常 24 小时内会有结果。如确认丢失，我们将立即为您补发或退款。",
		"Hello {{customer_name}}, we have asked {{carrier}} to trace parcel {{tracking_number}}; this usually takes up to 24 hours. If it is lost we will reship or refund at once."},
	{"damaged-photos", macro.CategoryDAMAGED, macro.KindREPLY, "请提供破损照片", "Ask for photos of the damage",
		"非常抱歉商品在运输中受损！麻烦您在本工单上传商品和外包装的照片，我们确认后马上为您处理补发或退款。",
		"We are very sorry the item arrived damaged! Please upload photos of the item and the box to this ticket; we will reship or refund as soon as we have seen them."},
	{"damaged-remedy", macro.CategoryDAMAGED, macro.KindREPLY, "破损补发", "Reship a damaged item",
		"照片已收到，确认为运输破损。我们已为您补发 {{items}}，破损商品无需寄回。再次致歉！",
		"Thank you for the photos: the damage happened in transit. We are sending {{items}} again; please keep the damaged one. Sorry again!"},
	{"wrong-item", macro.CategoryWRONG_ITEM, macro.KindREPLY, "发错货补发", "Wrong item: reship",
		"抱歉给您添麻烦了！订单 {{order_number}} 应为 {{items}}，我们已为您补发正确的商品，错发的商品无需寄回。",
		"Sorry for the trouble! Order {{order_number}} should have contained {{items}}. We are sending the right item now; please keep the wrong one."},
	{"missing-item", macro.CategoryMISSING_ITEM, macro.KindREPLY, "漏发补发", "Missing item: reship",
		"抱歉订单 {{order_number}} 出现漏发，我们已核实并为您补发缺少的商品，请留意新的物流信息。",
		"Sorry that something was missing from order {{order_number}}. We checked and are sending the missing item; watch for the new tracking number."},
	{"billing-declined", macro.CategoryBILLING, macro.KindREPLY, "付款失败", "Payment declined",
		"您好，银行拒绝了本次付款，可能是该卡未开通网上支付或超出限额。请在订单 {{order_number}} 页面换一张卡或改用其他支付方式重试。",
		"Hello, the bank declined the payment; the card may not allow online payments or may be over its limit. Please retry order {{order_number}} with another card or payment method."},
	{"quality-exchange", macro.CategoryQUALITY, macro.KindREPLY, "质量问题换货", "Quality problem: exchange",
		"抱歉 {{items}} 存在质量问题。您可以在签收后 {{return_window_days}} 天内（{{return_deadline}} 前）申请换货或退货，我们承担来回运费。",
		"Sorry about the quality of {{items}}. You can ask for an exchange or a refund within {{return_window_days}} days of delivery (by {{return_deadline}}); we pay the postage both ways."},
	{"return-policy", macro.CategoryRETURN_REQUEST, macro.KindARTICLE, "退换货政策", "Return policy",
		"签收后 {{return_window_days}} 天内可申请退货或换货（订单 {{order_number}} 截止 {{return_deadline}}）。部分商品（如定制、生鲜、贴身衣物）不支持无理由退货。申请通过后快递员上门取件，仓库验收后 1–3 个工作日内原路退款。",
		"Returns and exchanges can be requested within {{return_window_days}} days of delivery (order {{order_number}}: by {{return_deadline}}). Some products (made to order, fresh food, underwear) cannot be returned without a fault. Once approved, a courier collects the parcel; refunds go back to the original payment 1–3 working days after inspection."},
}

// EnsureDefaults adds the built-in macros a desk lacks. It is idempotent
// and safe to run from several instances at once.
func (s *Service) EnsureDefaults(ctx context.Context) error {
	return EnsureDefaultMacros(ctx, s.client)
}

// EnsureDefaultMacros adds the built-in macros missing from the database
// behind client (the seed and the worker call it).
func EnsureDefaultMacros(ctx context.Context, client *ent.Client) error {
	sys := viewer.SystemContext(ctx)
	for i, d := range DefaultMacros {
		err := client.Macro.Create().SetKey(d.Key).SetCategory(d.Category).SetKind(d.Kind).SetTitleZh(d.TitleZh).
			SetTitleEn(d.TitleEn).SetBodyZh(d.BodyZh).SetBodyEn(d.BodyEn).SetPosition(i * 10).
			OnConflictColumns(macro.FieldKey).DoNothing().Exec(sys)
		if err != nil && !strings.Contains(err.Error(), "no rows") {
			return errs.Wrap("support.EnsureDefaults", err)
		}
	}
	return nil
}

// MacroInput creates or edits a macro.
type MacroInput struct {
	ID               *pulid.ID
	Key              string
	Category         macro.Category
	Kind             macro.Kind
	TitleZh, TitleEn string
	BodyZh, BodyEn   string
	Active           *bool
	Position         *int
}

// SaveMacro creates or edits a macro (SERVICE_TICKETS).
func (s *Service) SaveMacro(ctx context.Context, in MacroInput) (*ent.Macro, error) {
	const op = "support.SaveMacro"
	if err := auth.Require(ctx, auth.ServiceTickets); err != nil {
		return nil, err
	}
	var problems errs.List
	req := func(v, field string, max int) string {
		v = strings.TrimSpace(v)
		if v == "" {
			problems = append(problems, invalid(op, "REQUIRED", "Required.", "input", field))
		} else if utf8.RuneCountInString(v) > max {
			problems = append(problems, invalid(op, "TOO_LONG", fmt.Sprintf("At most %d characters.", max), "input", field))
		}
		return v
	}
	in.TitleZh, in.TitleEn = req(in.TitleZh, "titleZh", 100), req(in.TitleEn, "titleEn", 100)
	in.BodyZh, in.BodyEn = req(in.BodyZh, "bodyZh", MaxBody), req(in.BodyEn, "bodyEn", MaxBody)
	if macro.CategoryValidator(in.Category) != nil {
		problems = append(problems, invalid(op, "INVALID_CATEGORY", "Choose a category or ANY.", "input", "category"))
	}
	if in.Kind == "" {
		in.Kind = macro.KindREPLY
	}
	if macro.KindValidator(in.Kind) != nil {
		problems = append(problems, invalid(op, "INVALID_KIND", "REPLY or ARTICLE.", "input", "kind"))
	}
	if in.ID == nil && !regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,63}$`).MatchString(in.Key) {
		problems = append(problems, invalid(op, "INVALID_KEY", "A key is 2–64 lower-case letters, digits and dashes.", "input", "key"))
	}
	for _, body := range []string{in.BodyZh, in.BodyEn} {
		for _, m := range placeholderRE.FindAllStringSubmatch(body, -1) {
			if !knownPlaceholder(m[1]) {
				problems = append(problems, invalid(op, "UNKNOWN_PLACEHOLDER", "Unknown placeholder {{"+m[1]+"}}; use one of "+strings.Join(Placeholders, ", ")+".", "input", "body"))
			}
		}
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	var out *ent.Macro
	err := s.tx(ctx, func(ctx context.Context, db *ent.Client) error {
		sys := viewer.SystemContext(ctx)
		var err error
		if in.ID != nil {
			m, err := db.Macro.Get(sys, *in.ID)
			if ent.IsNotFound(err) {
				return invalid(op, "NOT_FOUND", "No such macro.", "input", "id")
			}
			if err != nil {
				return err
			}
			u := m.Update().SetCategory(in.Category).SetKind(in.Kind).SetTitleZh(in.TitleZh).SetTitleEn(in.TitleEn).
				SetBodyZh(in.BodyZh).SetBodyEn(in.BodyEn)
			if in.Active != nil {
				u.SetActive(*in.Active)
			}
			if in.Position != nil {
				u.SetPosition(*in.Position)
			}
			out, err = u.Save(sys)
			return err
		}
		if exists, err := db.Macro.Query().Where(macro.Key(in.Key)).Exist(sys); err != nil || exists {
			if exists {
				return invalid(op, "KEY_TAKEN", "Another macro has this key.", "input", "key")
			}
			return err
		}
		c := db.Macro.Create().SetKey(in.Key).SetCategory(in.Category).SetKind(in.Kind).SetTitleZh(in.TitleZh).
			SetTitleEn(in.TitleEn).SetBodyZh(in.BodyZh).SetBodyEn(in.BodyEn)
		if in.Active != nil {
			c.SetActive(*in.Active)
		}
		if in.Position != nil {
			c.SetPosition(*in.Position)
		}
		out, err = c.Save(sys)
		return err
	})
	return out, finish(op, err)
}

var placeholderRE = regexp.MustCompile(`\{\{\s*([a-z_]+)\s*\}\}`)

func knownPlaceholder(k string) bool {
	for _, p := range Placeholders {
		if p == k {
			return true
		}
	}
	return false
}

// Suggestion is a macro filled in for one ticket.
type Suggestion struct {
	Macro *ent.Macro
	TitleZh, TitleEn,
	BodyZh, BodyEn string
}

// Suggest returns the active macros of a ticket's category (and those for
// any category), filled with the facts of its order, parcel and customer
// (SERVICE_TICKETS).
func (s *Service) Suggest(ctx context.Context, ticketID pulid.ID) ([]Suggestion, error) {
	const op = "support.Suggest"
	if err := auth.Require(ctx, auth.ServiceTickets); err != nil {
		return nil, err
	}
	db := s.clientOf(ctx)
	t, err := db.Ticket.Get(ctx, ticketID)
	if ent.IsNotFound(err) {
		return nil, errs.E(op, errs.NotFound, "NOT_FOUND", "No such ticket.")
	}
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	ms, err := db.Macro.Query().Where(macro.Active(true), macro.CategoryIn(macro.CategoryANY, macro.Category(t.Category))).
		Order(ent.Asc(macro.FieldPosition), ent.Asc(macro.FieldKey)).All(viewer.SystemContext(ctx))
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	facts, err := s.macroFacts(ctx, db, t)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	out := make([]Suggestion, 0, len(ms))
	// The category's own macros first, then the general ones.
	for _, pass := range []bool{true, false} {
		for _, m := range ms {
			if (m.Category != macro.CategoryANY) == pass {
				out = append(out, Suggestion{Macro: m, TitleZh: m.TitleZh, TitleEn: m.TitleEn,
					BodyZh: fill(m.BodyZh, facts, 0), BodyEn: fill(m.BodyEn, facts, 1)})
			}
		}
	}
	return out, nil
}

// fill replaces the placeholders of body with facts in language lang (0
// Chinese, 1 English); a fact that is not known becomes "—".
func fill(body string, facts map[string][2]string, lang int) string {
	return placeholderRE.ReplaceAllStringFunc(body, func(m string) string {
		k := placeholderRE.FindStringSubmatch(m)[1]
		if v, ok := facts[k]; ok && v[lang] != "" {
			return v[lang]
		}
		return "—"
	})
}

func dateZh(t time.Time) string { return t.In(cst).Format("1月2日") }
func dateEn(t time.Time) string { return t.In(cst).Format("Jan 2") }

// macroFacts are the facts of a ticket for its macros, in both languages.
func (s *Service) macroFacts(ctx context.Context, db *ent.Client, t *ent.Ticket) (map[string][2]string, error) {
	sys := viewer.SystemContext(ctx)
	both := func(v string) [2]string { return [2]string{v, v} }
	f := map[string][2]string{
		"ticket_number":      both(t.Number),
		"return_window_days": both(fmt.Sprint(s.opts.ReturnWindowDays)),
	}
	v := viewer.FromContext(ctx)
	if v.AccountID != "" {
		if a, err := db.Account.Get(sys, v.AccountID); err == nil {
			name := a.DisplayName
			if name == "" {
				name = a.Email
			}
			f["agent_name"] = both(name)
		}
	}
	if t.CustomerID != nil {
		if c, err := db.Customer.Get(sys, *t.CustomerID); err == nil {
			f["customer_name"] = both(c.Name)
		}
	}
	var o *ent.Order
	if t.OrderID != nil {
		var err error
		if o, err = db.Order.Get(sys, *t.OrderID); err != nil && !ent.IsNotFound(err) {
			return nil, err
		}
	}
	var shp *ent.Shipment
	if t.ShipmentID != nil {
		shp, _ = db.Shipment.Get(sys, *t.ShipmentID)
	} else if o != nil {
		shp, _ = db.Shipment.Query().Where(shipment.OrderID(o.ID), shipment.IsReturn(false)).Order(ent.Desc(shipment.FieldCreatedAt)).First(sys)
	}
	if o != nil {
		if o.CustomerID == nil && f["customer_name"][0] == "" {
			f["customer_name"] = both(o.ContactName)
		}
		f["order_number"] = both(o.Number)
		f["order_total"] = both(formatMoney(o.TotalAmount, o.Currency))
		q := db.OrderLine.Query().Where(orderline.OrderID(o.ID))
		if len(t.OrderLineIds) > 0 {
			q = q.Where(orderline.IDIn(idsOf(t.OrderLineIds)...))
		}
		lines, err := q.WithProduct().All(sys)
		if err != nil {
			return nil, err
		}
		var zh, en []string
		for _, l := range lines {
			nzh, nen := l.Name, l.Name
			if p := l.Edges.Product; p != nil {
				nzh, nen = p.NameZh, p.NameEn
			}
			zh = append(zh, fmt.Sprintf("%s ×%d", nzh, l.Quantity))
			en = append(en, fmt.Sprintf("%d × %s", l.Quantity, nen))
		}
		f["items"] = [2]string{strings.Join(zh, "、"), strings.Join(en, ", ")}
	}
	if shp != nil {
		f["tracking_number"] = both(shp.TrackingNumber)
		if shp.CarrierID != nil {
			if c, err := db.Carrier.Get(sys, *shp.CarrierID); err == nil {
				zh := c.NameZh
				if zh == "" {
					zh = c.Name
				}
				f["carrier"] = [2]string{zh, c.Name}
			}
		}
		if shp.EtaTo != nil {
			f["eta"] = [2]string{dateZh(*shp.EtaTo), dateEn(*shp.EtaTo)}
		}
		if shp.PromisedDate != nil {
			f["promised_date"] = [2]string{dateZh(*shp.PromisedDate), dateEn(*shp.PromisedDate)}
		}
		if shp.DeliveredAt != nil {
			f["delivered_date"] = [2]string{dateZh(*shp.DeliveredAt), dateEn(*shp.DeliveredAt)}
			end := shp.DeliveredAt.AddDate(0, 0, s.opts.ReturnWindowDays)
			f["return_deadline"] = [2]string{dateZh(end), dateEn(end)}
		}
		if shp.LateReason != "" {
			f["late_reason"] = splitBilingual(shp.LateReason)
		}
	}
	return f, nil
}

// splitBilingual splits tracking's "中文 English" texts at the first Latin
// letter after Chinese text; otherwise both languages get the whole text.
func splitBilingual(s string) [2]string {
	seenHan := false
	for i, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			seenHan = true
			continue
		}
		if seenHan && (r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') {
			return [2]string{strings.TrimSpace(strings.TrimRight(s[:i], " /")), strings.TrimSpace(s[i:])}
		}
	}
	return [2]string{s, s}
}
