package support

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/carrier"
	"github.com/waybill/waybill/ent/cyclecount"
	"github.com/waybill/waybill/ent/orderline"
	"github.com/waybill/waybill/ent/shipment"
	"github.com/waybill/waybill/ent/surveyresponse"
	"github.com/waybill/waybill/ent/ticket"
	"github.com/waybill/waybill/ent/warehouse"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// Bucket is the width of a dashboard's time buckets (China time).
type Bucket string

// The buckets.
const (
	Day   Bucket = "DAY"
	Week  Bucket = "WEEK"
	Month Bucket = "MONTH"
)

// Range is a dashboard's period [From, To) and bucket width.
type Range struct {
	From, To time.Time
	Bucket   Bucket
}

// Count is a number of tickets in one bucket with one key (a category or a root cause).
type Count struct {
	Bucket time.Time
	Key    string
	Count  int
}

// Recurring is a root cause that keeps coming back on the same SKU,
// warehouse or carrier.
type Recurring struct {
	RootCause ticket.RootCause
	Dimension string // SKU, WAREHOUSE or CARRIER
	Key       string // the SKU, or the warehouse or carrier id
	Label     string
	Count     int
	TicketIDs []pulid.ID // the newest ten
}

// Attainment is how many SLA deadlines were met.
type Attainment struct {
	Met, Missed, Open int
	Rate              *float64 // Met / (Met + Missed)
}

// Durations summarizes times in minutes.
type Durations struct {
	Count                       int
	Average, Median, P90        *float64
	BusinessAverage             *float64 // in business hours only
	BusinessMedian, BusinessP90 *float64
}

// CSATPoint is the survey results of one bucket (or the whole period).
type CSATPoint struct {
	Bucket       time.Time
	Responses    int
	Average      *float64 // 1–5
	Satisfied    *float64 // share of 4s and 5s
	NPSResponses int
	NPS          *float64 // promoters minus detractors, in percent
}

// Rate is a ratio with its parts.
type Rate struct {
	Numerator, Denominator int
	Rate                   *float64
}

// Dashboard is the service desk's numbers for a period.
type Dashboard struct {
	Range
	Buckets           []time.Time
	Tickets           int
	ByCategory        []Count
	ByRootCause       []Count
	Recurring         []Recurring
	FirstResponseSLA  Attainment
	ResolutionSLA     Attainment
	FirstResponseTime Durations
	ResolutionTime    Durations
	CSAT              []CSATPoint
	CSATOverall       CSATPoint
	OnTimeDelivery    Rate  // parcels delivered in the period by their promised date
	OrderErrorRate    Rate  // tickets with a picking or inventory root cause per order shipped
	InventoryAccuracy *Rate // counted lines within tolerance, over cycle counts approved in the period
}

// maxRange bounds a dashboard's period.
const maxRange = 400 * 24 * time.Hour

func (r *Range) check(now time.Time) error {
	const op = "support.Dashboard"
	if r.Bucket == "" {
		r.Bucket = Day
	}
	if r.Bucket != Day && r.Bucket != Week && r.Bucket != Month {
		return invalid(op, "INVALID_BUCKET", "DAY, WEEK or MONTH.", "bucket")
	}
	if r.To.IsZero() {
		r.To = now
	}
	if r.From.IsZero() {
		r.From = r.To.Add(-30 * 24 * time.Hour)
	}
	r.From, r.To = r.From.UTC(), r.To.UTC()
	if !r.To.After(r.From) || r.To.Sub(r.From) > maxRange {
		return invalid(op, "INVALID_RANGE", "Choose a period of up to 400 days, from before to.", "from")
	}
	return nil
}

// bucketOf returns the start of t's bucket in China time.
func bucketOf(t time.Time, b Bucket) time.Time {
	l := t.In(cst)
	d := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, cst)
	switch b {
	case Week:
		wd := (int(d.Weekday()) + 6) % 7 // Monday 0
		d = d.AddDate(0, 0, -wd)
	case Month:
		d = time.Date(l.Year(), l.Month(), 1, 0, 0, 0, 0, cst)
	}
	return d.UTC()
}

func (r Range) buckets() []time.Time {
	var out []time.Time
	for b := bucketOf(r.From, r.Bucket); b.Before(r.To); {
		out = append(out, b)
		l := b.In(cst)
		switch r.Bucket {
		case Week:
			b = l.AddDate(0, 0, 7).UTC()
		case Month:
			b = l.AddDate(0, 1, 0).UTC()
		default:
			b = l.AddDate(0, 0, 1).UTC()
		}
	}
	return out
}

func ratio(n, d int) *float64 {
	if d == 0 {
		return nil
	}
	v := float64(n) / float64(d)
	return &v
}

func fptr(v float64) *float64 { return &v }

func summarize(mins []float64) (avg, med, p90 *float64) {
	if len(mins) == 0 {
		return nil, nil, nil
	}
	sort.Float64s(mins)
	sum := 0.0
	for _, m := range mins {
		sum += m
	}
	q := func(p float64) float64 {
		i := int(p*float64(len(mins)-1) + 0.5)
		return mins[i]
	}
	return fptr(sum / float64(len(mins))), fptr(q(0.5)), fptr(q(0.9))
}

// maxDashboardTickets bounds the tickets one dashboard reads.
const maxDashboardTickets = 100000

// Dashboard computes the desk's numbers for a period (SERVICE_TICKETS).
func (s *Service) Dashboard(ctx context.Context, r Range) (*Dashboard, error) {
	const op = "support.Dashboard"
	if err := auth.Require(ctx, auth.ServiceTickets); err != nil {
		return nil, err
	}
	if err := r.check(s.now()); err != nil {
		return nil, err
	}
	d, err := s.dashboard(ctx, r)
	return d, finish(op, err)
}

func (s *Service) dashboard(ctx context.Context, r Range) (*Dashboard, error) {
	sys := viewer.SystemContext(ctx)
	db := s.clientOf(ctx)
	d := &Dashboard{Range: r, Buckets: r.buckets()}
	ts, err := db.Ticket.Query().Where(ticket.CreatedAtGTE(r.From), ticket.CreatedAtLT(r.To), ticket.DuplicateOfIDIsNil()).
		Select(ticket.FieldCreatedAt, ticket.FieldCategory, ticket.FieldPriority, ticket.FieldRootCause, ticket.FieldOrderID,
			ticket.FieldShipmentID, ticket.FieldOrderLineIds, ticket.FieldFirstResponseDueAt, ticket.FieldFirstRespondedAt,
			ticket.FieldFirstResponseBreached, ticket.FieldResolutionDueAt, ticket.FieldResolvedAt, ticket.FieldResolutionBreached,
			ticket.FieldStatus).
		Order(ent.Desc(ticket.FieldCreatedAt)).Limit(maxDashboardTickets).All(sys)
	if err != nil {
		return nil, err
	}
	d.Tickets = len(ts)
	ps, err := s.policies(sys, db)
	if err != nil {
		return nil, err
	}
	type ck struct {
		b time.Time
		k string
	}
	byCat, byRoot := map[ck]int{}, map[ck]int{}
	var frMins, resMins, frBiz, resBiz []float64
	now := s.now()
	errorTickets := 0
	for _, t := range ts {
		b := bucketOf(t.CreatedAt, r.Bucket)
		byCat[ck{b, string(t.Category)}]++
		if t.RootCause != nil {
			byRoot[ck{b, string(*t.RootCause)}]++
			if *t.RootCause == ticket.RootCausePICKING_ERROR || *t.RootCause == ticket.RootCauseINVENTORY_ERROR {
				errorTickets++
			}
		}
		c := s.clockOf(ps[t.Priority])
		if t.FirstResponseDueAt != nil {
			switch {
			case t.FirstRespondedAt != nil && !t.FirstRespondedAt.After(*t.FirstResponseDueAt) && !t.FirstResponseBreached:
				d.FirstResponseSLA.Met++
			case t.FirstRespondedAt != nil || t.FirstResponseBreached || now.After(*t.FirstResponseDueAt):
				d.FirstResponseSLA.Missed++
			default:
				d.FirstResponseSLA.Open++
			}
		}
		if t.FirstRespondedAt != nil {
			frMins = append(frMins, t.FirstRespondedAt.Sub(t.CreatedAt).Minutes())
			frBiz = append(frBiz, c.between(t.CreatedAt, *t.FirstRespondedAt).Minutes())
		}
		if t.ResolutionDueAt != nil {
			switch {
			case t.ResolvedAt != nil && !t.ResolvedAt.After(*t.ResolutionDueAt) && !t.ResolutionBreached:
				d.ResolutionSLA.Met++
			case t.ResolvedAt != nil || t.ResolutionBreached || now.After(*t.ResolutionDueAt):
				d.ResolutionSLA.Missed++
			default:
				d.ResolutionSLA.Open++
			}
		}
		if t.ResolvedAt != nil {
			resMins = append(resMins, t.ResolvedAt.Sub(t.CreatedAt).Minutes())
			resBiz = append(resBiz, c.between(t.CreatedAt, *t.ResolvedAt).Minutes())
		}
	}
	d.FirstResponseSLA.Rate = ratio(d.FirstResponseSLA.Met, d.FirstResponseSLA.Met+d.FirstResponseSLA.Missed)
	d.ResolutionSLA.Rate = ratio(d.ResolutionSLA.Met, d.ResolutionSLA.Met+d.ResolutionSLA.Missed)
	d.FirstResponseTime.Count = len(frMins)
	d.FirstResponseTime.Average, d.FirstResponseTime.Median, d.FirstResponseTime.P90 = summarize(frMins)
	d.FirstResponseTime.BusinessAverage, d.FirstResponseTime.BusinessMedian, d.FirstResponseTime.BusinessP90 = summarize(frBiz)
	d.ResolutionTime.Count = len(resMins)
	d.ResolutionTime.Average, d.ResolutionTime.Median, d.ResolutionTime.P90 = summarize(resMins)
	d.ResolutionTime.BusinessAverage, d.ResolutionTime.BusinessMedian, d.ResolutionTime.BusinessP90 = summarize(resBiz)
	flatten := func(m map[ck]int) []Count {
		out := make([]Count, 0, len(m))
		for k, n := range m {
			out = append(out, Count{Bucket: k.b, Key: k.k, Count: n})
		}
		sort.Slice(out, func(i, j int) bool {
			if !out[i].Bucket.Equal(out[j].Bucket) {
				return out[i].Bucket.Before(out[j].Bucket)
			}
			return out[i].Key < out[j].Key
		})
		return out
	}
	d.ByCategory, d.ByRootCause = flatten(byCat), flatten(byRoot)
	if d.Recurring, err = s.recurring(sys, db, ts); err != nil {
		return nil, err
	}
	if err := s.csat(sys, db, d); err != nil {
		return nil, err
	}
	// Deliveries in the period, on time or not.
	ships, err := db.Shipment.Query().Where(shipment.IsReturn(false), shipment.DeliveredAtGTE(r.From), shipment.DeliveredAtLT(r.To)).
		Select(shipment.FieldPromisedDate, shipment.FieldDeliveredAt, shipment.FieldStatus).All(sys)
	if err != nil {
		return nil, err
	}
	for _, sh := range ships {
		d.OnTimeDelivery.Denominator++
		if days, _ := lateness(sh, now); days == 0 {
			d.OnTimeDelivery.Numerator++
		}
	}
	d.OnTimeDelivery.Rate = ratio(d.OnTimeDelivery.Numerator, d.OnTimeDelivery.Denominator)
	var shipped []struct {
		OrderID *pulid.ID `json:"order_id"`
	}
	if err := db.Shipment.Query().Where(shipment.IsReturn(false), shipment.ShippedAtGTE(r.From), shipment.ShippedAtLT(r.To), shipment.OrderIDNotNil()).
		GroupBy(shipment.FieldOrderID).Scan(sys, &shipped); err != nil {
		return nil, err
	}
	d.OrderErrorRate = Rate{Numerator: errorTickets, Denominator: len(shipped), Rate: ratio(errorTickets, len(shipped))}
	counts, err := db.CycleCount.Query().Where(cyclecount.StatusEQ(cyclecount.StatusAPPROVED), cyclecount.ApprovedAtGTE(r.From),
		cyclecount.ApprovedAtLT(r.To)).All(sys)
	if err != nil {
		return nil, err
	}
	if len(counts) > 0 {
		acc := &Rate{}
		for _, c := range counts {
			acc.Numerator += c.LinesAccurate
			acc.Denominator += c.LinesCounted
		}
		acc.Rate = ratio(acc.Numerator, acc.Denominator)
		d.InventoryAccuracy = acc
	}
	return d, nil
}

// recurring groups root-caused tickets by SKU, warehouse and carrier and
// keeps the pairs seen at least twice.
func (s *Service) recurring(ctx context.Context, db *ent.Client, ts []*ent.Ticket) ([]Recurring, error) {
	var orderIDs, shipIDs []pulid.ID
	for _, t := range ts {
		if t.RootCause == nil {
			continue
		}
		if t.OrderID != nil {
			orderIDs = append(orderIDs, *t.OrderID)
		}
		if t.ShipmentID != nil {
			shipIDs = append(shipIDs, *t.ShipmentID)
		}
	}
	linesOf := map[pulid.ID][]*ent.OrderLine{}
	shipsOf := map[pulid.ID][]*ent.Shipment{}
	shipByID := map[pulid.ID]*ent.Shipment{}
	for _, chunk := range chunks(dedupeIDs(orderIDs), 500) {
		ls, err := db.OrderLine.Query().Where(orderline.OrderIDIn(chunk...)).WithProduct().All(ctx)
		if err != nil {
			return nil, err
		}
		for _, l := range ls {
			linesOf[l.OrderID] = append(linesOf[l.OrderID], l)
		}
		ss, err := db.Shipment.Query().Where(shipment.OrderIDIn(chunk...), shipment.IsReturn(false)).All(ctx)
		if err != nil {
			return nil, err
		}
		for _, sh := range ss {
			shipsOf[*sh.OrderID] = append(shipsOf[*sh.OrderID], sh)
			shipByID[sh.ID] = sh
		}
	}
	for _, chunk := range chunks(dedupeIDs(shipIDs), 500) {
		ss, err := db.Shipment.Query().Where(shipment.IDIn(chunk...)).All(ctx)
		if err != nil {
			return nil, err
		}
		for _, sh := range ss {
			shipByID[sh.ID] = sh
		}
	}
	type key struct{ root, dim, key string }
	groups := map[key][]pulid.ID{}
	labels := map[key]string{}
	whs, cars := map[string]bool{}, map[string]bool{}
	for _, t := range ts {
		if t.RootCause == nil {
			continue
		}
		root := string(*t.RootCause)
		seen := map[key]bool{}
		add := func(k key, label string) {
			if !seen[k] {
				seen[k] = true
				groups[k] = append(groups[k], t.ID)
				if label != "" {
					labels[k] = label
				}
			}
		}
		var ships []*ent.Shipment
		if t.ShipmentID != nil && shipByID[*t.ShipmentID] != nil {
			ships = []*ent.Shipment{shipByID[*t.ShipmentID]}
		} else if t.OrderID != nil {
			ships = shipsOf[*t.OrderID]
		}
		for _, sh := range ships {
			if sh.WarehouseID != nil {
				add(key{root, "WAREHOUSE", string(*sh.WarehouseID)}, "")
				whs[string(*sh.WarehouseID)] = true
			}
			if sh.CarrierID != nil {
				add(key{root, "CARRIER", string(*sh.CarrierID)}, "")
				cars[string(*sh.CarrierID)] = true
			}
		}
		if t.OrderID != nil {
			named := map[string]bool{}
			for _, id := range t.OrderLineIds {
				named[id] = true
			}
			for _, l := range linesOf[*t.OrderID] {
				if len(named) > 0 && !named[string(l.ID)] {
					continue
				}
				label := l.Name
				if p := l.Edges.Product; p != nil {
					label = p.NameZh + " " + p.NameEn
				}
				add(key{root, "SKU", l.Sku}, label)
				if len(ships) == 0 && l.WarehouseID != nil {
					add(key{root, "WAREHOUSE", string(*l.WarehouseID)}, "")
					whs[string(*l.WarehouseID)] = true
				}
			}
		}
	}
	if len(whs) > 0 {
		ws, err := db.Warehouse.Query().Where(warehouse.IDIn(idsOf(keys(whs))...)).All(ctx)
		if err != nil {
			return nil, err
		}
		for _, w := range ws {
			for k := range groups {
				if k.dim == "WAREHOUSE" && k.key == string(w.ID) {
					labels[k] = w.Code + " " + w.Name
				}
			}
		}
	}
	if len(cars) > 0 {
		cs, err := db.Carrier.Query().Where(carrier.IDIn(idsOf(keys(cars))...)).All(ctx)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			for k := range groups {
				if k.dim == "CARRIER" && k.key == string(c.ID) {
					labels[k] = c.Name
				}
			}
		}
	}
	out := []Recurring{}
	for k, ids := range groups {
		if len(ids) < 2 {
			continue
		}
		r := Recurring{RootCause: ticket.RootCause(k.root), Dimension: k.dim, Key: k.key, Label: labels[k], Count: len(ids), TicketIDs: ids}
		if len(r.TicketIDs) > 10 {
			r.TicketIDs = r.TicketIDs[:10]
		}
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		if a.RootCause != b.RootCause {
			return a.RootCause < b.RootCause
		}
		if a.Dimension != b.Dimension {
			return a.Dimension < b.Dimension
		}
		return a.Key < b.Key
	})
	if len(out) > 100 {
		out = out[:100]
	}
	return out, nil
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func chunks(ids []pulid.ID, n int) [][]pulid.ID {
	var out [][]pulid.ID
	for len(ids) > 0 {
		k := min(n, len(ids))
		out = append(out, ids[:k])
		ids = ids[k:]
	}
	return out
}

// csat fills the survey trend of d.
func (s *Service) csat(ctx context.Context, db *ent.Client, d *Dashboard) error {
	rs, err := db.SurveyResponse.Query().Where(surveyresponse.CreatedAtGTE(d.From), surveyresponse.CreatedAtLT(d.To)).All(ctx)
	if err != nil {
		return err
	}
	type acc struct{ n, sum, sat, npsN, pro, det int }
	by := map[time.Time]*acc{}
	all := &acc{}
	for _, r := range rs {
		b := bucketOf(r.CreatedAt, d.Bucket)
		if by[b] == nil {
			by[b] = &acc{}
		}
		for _, a := range []*acc{by[b], all} {
			a.n++
			a.sum += r.Score
			if r.Score >= 4 {
				a.sat++
			}
			if r.Nps != nil {
				a.npsN++
				switch {
				case *r.Nps >= 9:
					a.pro++
				case *r.Nps <= 6:
					a.det++
				}
			}
		}
	}
	point := func(b time.Time, a *acc) CSATPoint {
		p := CSATPoint{Bucket: b, Responses: a.n, NPSResponses: a.npsN}
		if a.n > 0 {
			p.Average = fptr(float64(a.sum) / float64(a.n))
			p.Satisfied = ratio(a.sat, a.n)
		}
		if a.npsN > 0 {
			p.NPS = fptr(100 * float64(a.pro-a.det) / float64(a.npsN))
		}
		return p
	}
	for _, b := range d.Buckets {
		a := by[b]
		if a == nil {
			a = &acc{}
		}
		d.CSAT = append(d.CSAT, point(b, a))
	}
	d.CSATOverall = point(d.From, all)
	return nil
}

// Report names a CSV export.
type Report string

// The reports.
const (
	ReportSummary    Report = "SUMMARY"
	ReportCategories Report = "CATEGORIES"
	ReportRootCauses Report = "ROOT_CAUSES"
	ReportRecurring  Report = "RECURRING"
	ReportCSAT       Report = "CSAT"
)

// DashboardCSV exports one report of the dashboard as CSV (UTF-8 with a
// byte-order mark, so spreadsheet programs read the Chinese right).
func (s *Service) DashboardCSV(ctx context.Context, r Range, report Report) (string, error) {
	const op = "support.DashboardCSV"
	d, err := s.Dashboard(ctx, r)
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	day := func(t time.Time) string { return t.In(cst).Format("2006-01-02") }
	num := func(p *float64) string {
		if p == nil {
			return ""
		}
		return fmt.Sprintf("%.4f", *p)
	}
	rows := [][]string{}
	switch report {
	case ReportSummary:
		rows = append(rows, []string{"metric", "value", "numerator", "denominator"},
			[]string{"period_from", day(d.From), "", ""}, []string{"period_to", day(d.To), "", ""},
			[]string{"tickets", fmt.Sprint(d.Tickets), "", ""},
			[]string{"first_response_sla", num(d.FirstResponseSLA.Rate), fmt.Sprint(d.FirstResponseSLA.Met), fmt.Sprint(d.FirstResponseSLA.Met + d.FirstResponseSLA.Missed)},
			[]string{"resolution_sla", num(d.ResolutionSLA.Rate), fmt.Sprint(d.ResolutionSLA.Met), fmt.Sprint(d.ResolutionSLA.Met + d.ResolutionSLA.Missed)},
			[]string{"first_response_minutes_avg", num(d.FirstResponseTime.Average), "", fmt.Sprint(d.FirstResponseTime.Count)},
			[]string{"first_response_minutes_median", num(d.FirstResponseTime.Median), "", ""},
			[]string{"resolution_minutes_avg", num(d.ResolutionTime.Average), "", fmt.Sprint(d.ResolutionTime.Count)},
			[]string{"resolution_minutes_median", num(d.ResolutionTime.Median), "", ""},
			[]string{"csat_average", num(d.CSATOverall.Average), "", fmt.Sprint(d.CSATOverall.Responses)},
			[]string{"csat_satisfied", num(d.CSATOverall.Satisfied), "", fmt.Sprint(d.CSATOverall.Responses)},
			[]string{"nps", num(d.CSATOverall.NPS), "", fmt.Sprint(d.CSATOverall.NPSResponses)},
			[]string{"on_time_delivery", num(d.OnTimeDelivery.Rate), fmt.Sprint(d.OnTimeDelivery.Numerator), fmt.Sprint(d.OnTimeDelivery.Denominator)},
			[]string{"order_error_rate", num(d.OrderErrorRate.Rate), fmt.Sprint(d.OrderErrorRate.Numerator), fmt.Sprint(d.OrderErrorRate.Denominator)})
		if a := d.InventoryAccuracy; a != nil {
			rows = append(rows, []string{"inventory_accuracy", num(a.Rate), fmt.Sprint(a.Numerator), fmt.Sprint(a.Denominator)})
		}
	case ReportCategories, ReportRootCauses:
		src, name := d.ByCategory, "category"
		if report == ReportRootCauses {
			src, name = d.ByRootCause, "root_cause"
		}
		rows = append(rows, []string{"bucket", name, "tickets"})
		for _, c := range src {
			rows = append(rows, []string{day(c.Bucket), c.Key, fmt.Sprint(c.Count)})
		}
	case ReportRecurring:
		rows = append(rows, []string{"root_cause", "dimension", "key", "label", "tickets"})
		for _, rc := range d.Recurring {
			rows = append(rows, []string{string(rc.RootCause), rc.Dimension, rc.Key, rc.Label, fmt.Sprint(rc.Count)})
		}
	case ReportCSAT:
		rows = append(rows, []string{"bucket", "responses", "average", "satisfied", "nps_responses", "nps"})
		for _, p := range d.CSAT {
			rows = append(rows, []string{day(p.Bucket), fmt.Sprint(p.Responses), num(p.Average), num(p.Satisfied), fmt.Sprint(p.NPSResponses), num(p.NPS)})
		}
	default:
		return "", invalid(op, "INVALID_REPORT", "SUMMARY, CATEGORIES, ROOT_CAUSES, RECURRING or CSAT.", "report")
	}
	for _, row := range rows {
		for i, v := range row {
			row[i] = csvSafe(v)
		}
		if err := w.Write(row); err != nil {
			return "", errs.Wrap(op, err)
		}
	}
	w.Flush()
	return b.String(), errs.Wrap(op, w.Error())
}

// csvSafe defuses cells a spreadsheet would run as a formula.
func csvSafe(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		if _, err := fmt.Sscanf(v, "%f", new(float64)); err == nil && v[0] == '-' {
			return v // a negative number
		}
		return "'" + v
	}
	return v
}
