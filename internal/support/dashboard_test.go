package support_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/waybill/waybill/ent/surveyresponse"
	"github.com/waybill/waybill/ent/ticket"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/support"
	"github.com/waybill/waybill/internal/testdb"
)

// TestDashboard: counts by category and root cause, recurring problems by
// SKU, warehouse and carrier, SLA attainment, times, CSAT, on-time
// delivery, order error rate and inventory accuracy, and the CSV export.
func TestDashboard(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		ann := w.agent("ann", true, "WRONG_ITEM", "LATE_DELIVERY")
		asAnn := w.as(ann)
		start := w.clock.Now()
		// Three wrong kettles, picked from the same warehouse, shipped by the same carrier.
		for i := 0; i < 3; i++ {
			o := w.place(w.asA, "", line("KETTLE", 1))
			delivered := w.clock.Now()
			promised := delivered.Add(24 * time.Hour)
			if i == 2 {
				promised = delivered.Add(-72 * time.Hour) // late
			}
			w.ship(o, promised, &delivered)
			res, err := w.svc.Open(w.asA, support.OpenInput{OrderID: &o.ID, Category: ticket.CategoryWRONG_ITEM, Message: "发错了 Wrong item"})
			if err != nil {
				t.Fatal(err)
			}
			if i < 2 { // answered in time; the third only by its resolution, too late
				w.clock.Advance(30 * time.Minute)
				if _, _, err := w.svc.Reply(asAnn, support.ReplyInput{TicketID: res.Ticket.ID, Body: "马上补发 Reshipping"}); err != nil {
					t.Fatal(err)
				}
			} else {
				w.clock.Advance(5 * time.Hour)
			}
			if _, err := w.svc.Resolve(asAnn, res.Ticket.ID, ticket.RootCausePICKING_ERROR, "补发"); err != nil {
				t.Fatal(err)
			}
			nps := []int{10, 3, 8}[i]
			if _, err := w.svc.AnswerSurvey(w.asA, support.SurveyInput{Kind: surveyresponse.KindTICKET, SubjectID: res.Ticket.ID, Score: []int{5, 2, 4}[i], NPS: &nps}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := w.svc.Open(w.asB, support.OpenInput{Category: ticket.CategoryLATE_DELIVERY, Message: "慢"}); err != nil {
			t.Fatal(err)
		}
		now := w.clock.Now()
		db.Client.CycleCount.Create().SetNumber("CC-1").SetWarehouseID(w.wh.ID).SetScope("WAREHOUSE").SetStatus("APPROVED").
			SetApprovedAt(now).SetLinesCounted(10).SetLinesAccurate(9).SetLinesTotal(10).ExecX(w.sys)

		r := support.Range{From: start.Add(-time.Hour), To: now.Add(time.Hour), Bucket: support.Day}
		if _, err := w.svc.Dashboard(w.asA, r); code(err) != "FORBIDDEN" {
			t.Fatalf("a customer read the dashboard: %v", err)
		}
		d, err := w.svc.Dashboard(asAnn, r)
		if err != nil {
			t.Fatal(err)
		}
		if d.Tickets != 4 || len(d.Buckets) != 1 {
			t.Fatalf("tickets %d buckets %v", d.Tickets, d.Buckets)
		}
		cats := map[string]int{}
		for _, c := range d.ByCategory {
			cats[c.Key] += c.Count
		}
		if cats["WRONG_ITEM"] != 3 || cats["LATE_DELIVERY"] != 1 || len(d.ByRootCause) != 1 || d.ByRootCause[0].Count != 3 {
			t.Fatalf("by category %v, by root cause %+v", cats, d.ByRootCause)
		}
		dims := map[string]support.Recurring{}
		for _, rc := range d.Recurring {
			dims[rc.Dimension] = rc
		}
		if dims["SKU"].Key != "KETTLE" || dims["SKU"].Count != 3 || dims["WAREHOUSE"].Count != 3 || !strings.Contains(dims["WAREHOUSE"].Label, "WH-SH") ||
			dims["CARRIER"].Label != "SF Express" || dims["SKU"].RootCause != ticket.RootCausePICKING_ERROR {
			t.Fatalf("recurring %+v", d.Recurring)
		}
		// Two answered within 4 business hours, one late, one not yet due.
		if fr := d.FirstResponseSLA; fr.Met != 2 || fr.Missed != 1 || fr.Open != 1 || fr.Rate == nil || *fr.Rate < 0.66 || *fr.Rate > 0.67 {
			t.Fatalf("first response SLA %+v", fr)
		}
		if d.FirstResponseTime.Count != 3 || *d.FirstResponseTime.Median != 30 || *d.FirstResponseTime.Average != 120 || d.ResolutionTime.Count != 3 {
			t.Fatalf("times %+v %+v", d.FirstResponseTime, d.ResolutionTime)
		}
		if c := d.CSATOverall; c.Responses != 3 || *c.Average != 11.0/3 || *c.NPS < 0 || c.NPSResponses != 3 {
			t.Fatalf("csat %+v", c)
		}
		if d.OnTimeDelivery.Numerator != 2 || d.OnTimeDelivery.Denominator != 3 {
			t.Fatalf("on time %+v", d.OnTimeDelivery)
		}
		if d.OrderErrorRate.Numerator != 3 || d.OrderErrorRate.Denominator != 3 {
			t.Fatalf("order errors %+v", d.OrderErrorRate)
		}
		if a := d.InventoryAccuracy; a == nil || *a.Rate != 0.9 {
			t.Fatalf("accuracy %+v", a)
		}
		csv, err := w.svc.DashboardCSV(asAnn, r, support.ReportRecurring)
		if err != nil || !strings.HasPrefix(csv, "\ufeffroot_cause,dimension,key,label,tickets\n") || !strings.Contains(csv, "PICKING_ERROR,SKU,KETTLE,") {
			t.Fatalf("csv %q %v", csv, err)
		}
		sum, err := w.svc.DashboardCSV(asAnn, r, support.ReportSummary)
		if err != nil || !strings.Contains(sum, "on_time_delivery,0.6667,2,3") || !strings.Contains(sum, "inventory_accuracy,0.9000,9,10") {
			t.Fatalf("summary %q %v", sum, err)
		}
		if _, err := w.svc.Dashboard(asAnn, support.Range{From: now, To: now.Add(-time.Hour)}); code(err) != "INVALID_RANGE" {
			t.Fatalf("backwards range: %v", err)
		}
		_ = context.Background
	})
}
