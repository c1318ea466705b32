package support_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/ticket"
	"github.com/waybill/waybill/ent/ticketevent"
	"github.com/waybill/waybill/ent/ticketmessage"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/support"
	"github.com/waybill/waybill/internal/testdb"
	"github.com/waybill/waybill/internal/viewer"
)

func at(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, cst) }

func TestBusinessHours(t *testing.T) {
	h := support.DefaultHours()
	if h.Location.String() != "Asia/Shanghai" {
		t.Logf("time zone database missing: using %s", h.Location)
	}
	cases := []struct {
		name     string
		from     time.Time
		d        time.Duration
		want     time.Time
		holidays []string
		workdays []string
	}{
		{"inside the day", at(2026, 11, 23, 10, 0), 4 * time.Hour, at(2026, 11, 23, 14, 0), nil, nil},
		{"over the evening", at(2026, 11, 23, 16, 0), 4 * time.Hour, at(2026, 11, 24, 11, 0), nil, nil},
		{"over the weekend", at(2026, 11, 27, 17, 0), 4 * time.Hour, at(2026, 11, 30, 12, 0), nil, nil},
		{"opened on Saturday", at(2026, 11, 28, 12, 0), time.Hour, at(2026, 11, 30, 10, 0), nil, nil},
		{"opened before opening", at(2026, 11, 23, 7, 0), time.Hour, at(2026, 11, 23, 10, 0), nil, nil},
		{"opened after closing", at(2026, 11, 23, 20, 0), 30 * time.Minute, at(2026, 11, 24, 9, 30), nil, nil},
		{"exactly at closing", at(2026, 11, 23, 14, 0), 4 * time.Hour, at(2026, 11, 23, 18, 0), nil, nil},
		{"a holiday", at(2026, 11, 23, 16, 0), 4 * time.Hour, at(2026, 11, 25, 11, 0), []string{"2026-11-24"}, nil},
		{"a make-up Saturday", at(2026, 11, 27, 17, 0), 4 * time.Hour, at(2026, 11, 28, 12, 0), nil, []string{"2026-11-28"}},
		{"three working days", at(2026, 11, 27, 17, 0), 27 * time.Hour, at(2026, 12, 2, 17, 0), nil, nil},
	}
	for _, c := range cases {
		hh := h
		hh.Holidays, hh.Workdays = c.holidays, c.workdays
		if got := hh.Add(c.from, c.d); !got.Equal(c.want) {
			t.Errorf("%s: Add(%s, %s) = %s, want %s", c.name, c.from, c.d, got.In(cst), c.want)
		}
		if got := hh.Between(c.from, c.want); got != c.d {
			t.Errorf("%s: Between = %s, want %s", c.name, got, c.d)
		}
	}
	if !h.InHours(at(2026, 11, 23, 9, 0)) || h.InHours(at(2026, 11, 23, 18, 0)) || h.InHours(at(2026, 11, 28, 12, 0)) {
		t.Error("InHours")
	}
}

func TestDerivePriority(t *testing.T) {
	cases := []struct {
		f    support.Facts
		want ticket.Priority
		n    int
	}{
		{support.Facts{Category: ticket.CategoryOTHER}, ticket.PriorityLOW, 1},
		{support.Facts{Category: ticket.CategoryDAMAGED}, ticket.PriorityNORMAL, 1},
		{support.Facts{Category: ticket.CategoryNOT_RECEIVED}, ticket.PriorityHIGH, 1},
		{support.Facts{Category: ticket.CategoryDAMAGED, OrderTotal: 150000}, ticket.PriorityHIGH, 2},
		{support.Facts{Category: ticket.CategoryLATE_DELIVERY, LateDays: 3}, ticket.PriorityHIGH, 2},
		{support.Facts{Category: ticket.CategoryLATE_DELIVERY, LateDays: 1}, ticket.PriorityNORMAL, 1},
		{support.Facts{Category: ticket.CategoryLATE_DELIVERY, Exception: true}, ticket.PriorityHIGH, 2},
		{support.Facts{Category: ticket.CategoryRETURN_REQUEST, RecentTickets: 2}, ticket.PriorityNORMAL, 2},
		{support.Facts{Category: ticket.CategoryNOT_RECEIVED, OrderTotal: 150000, RecentTickets: 5, LateDays: 4}, ticket.PriorityURGENT, 4},
	}
	for _, c := range cases {
		p, reasons := support.DerivePriority(c.f)
		if p != c.want || len(reasons) != c.n {
			t.Errorf("%+v: %s %v, want %s with %d reasons", c.f, p, reasons, c.want, c.n)
		}
	}
}

// TestSLADueTimesAndEscalation follows one ticket through business hours,
// a first-response breach, a pause while waiting for the customer and a
// resolution breach, all on a hand-moved clock.
func TestSLADueTimesAndEscalation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		ann := w.agent("ann", true, "DAMAGED")
		asAnn := w.as(ann)
		w.clock.Set(at(2026, 11, 27, 17, 0)) // Friday, an hour before closing
		o := w.place(w.asA, "", line("KETTLE", 1))

		alerts, err := w.svc.WatchAlerts(ctx(t, asAnn), nil)
		if err != nil {
			t.Fatal(err)
		}
		res, err := w.svc.Open(w.asA, support.OpenInput{OrderID: &o.ID, Category: ticket.CategoryDAMAGED, Message: "杯子碎了 The mug arrived broken"})
		if err != nil {
			t.Fatal(err)
		}
		tk := res.Ticket
		if tk.Priority != ticket.PriorityNORMAL || tk.Status != ticket.StatusNEW || tk.AssigneeID == nil || *tk.AssigneeID != ann.ID {
			t.Fatalf("opened: %+v", tk)
		}
		// NORMAL: first answer in 4 business hours, resolution in 27.
		wantFirst, wantRes := at(2026, 11, 30, 12, 0), at(2026, 12, 2, 17, 0)
		if !tk.FirstResponseDueAt.Equal(wantFirst) || !tk.ResolutionDueAt.Equal(wantRes) || !tk.SLADueAt.Equal(wantFirst) {
			t.Fatalf("dues: first %s resolution %s next %s", tk.FirstResponseDueAt.In(cst), tk.ResolutionDueAt.In(cst), tk.SLADueAt.In(cst))
		}
		w.clock.Set(at(2026, 11, 30, 11, 59))
		if n, err := w.svc.CheckSLA(context.Background()); err != nil || n != 0 {
			t.Fatalf("before the deadline: %d %v", n, err)
		}
		w.clock.Set(at(2026, 11, 30, 12, 0))
		if n, err := w.svc.CheckSLA(context.Background()); err != nil || n != 1 {
			t.Fatalf("at the deadline: %d %v", n, err)
		}
		tk = db.Client.Ticket.GetX(w.sys, tk.ID)
		if tk.Priority != ticket.PriorityHIGH || !tk.SLABreached || !tk.FirstResponseBreached || tk.EscalationLevel != 1 || tk.ResolutionBreached {
			t.Fatalf("escalated: %+v", tk)
		}
		select {
		case ev := <-alerts:
			if ev.Kind != ticketevent.KindSLA_BREACHED || ev.TicketID != tk.ID || ev.FromValue != "NORMAL" || ev.ToValue != "HIGH" {
				t.Fatalf("alert %+v", ev)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("no alert for the breach")
		}
		notes := db.Client.TicketMessage.Query().Where(ticketmessage.TicketID(tk.ID), ticketmessage.Internal(true),
			ticketmessage.AuthorKindEQ(ticketmessage.AuthorKindSYSTEM)).CountX(w.sys)
		if notes != 1 {
			t.Fatalf("%d breach notes", notes)
		}
		// Once per deadline.
		if n, _ := w.svc.CheckSLA(context.Background()); n != 0 {
			t.Fatalf("escalated twice: %d", n)
		}
		// The answer stops the first clock; the next deadline is the resolution.
		w.clock.Set(at(2026, 11, 30, 12, 30))
		if _, tk, err = w.svc.Reply(asAnn, support.ReplyInput{TicketID: tk.ID, Body: "很抱歉！请上传照片。Sorry! Please upload photos."}); err != nil {
			t.Fatal(err)
		}
		if tk.Status != ticket.StatusOPEN || tk.FirstRespondedAt == nil || !tk.SLADueAt.Equal(wantRes) {
			t.Fatalf("answered: %+v", tk)
		}
		// Waiting for the customer stops the clock …
		w.clock.Set(at(2026, 11, 30, 13, 0))
		st := ticket.StatusPENDING_CUSTOMER
		if _, tk, err = w.svc.Reply(asAnn, support.ReplyInput{TicketID: tk.ID, Body: "请问是哪一件？Which one?", Status: &st}); err != nil {
			t.Fatal(err)
		}
		if tk.Status != st || tk.SLADueAt != nil || tk.SLAPausedAt == nil {
			t.Fatalf("pending: %+v", tk)
		}
		w.clock.Set(at(2026, 12, 2, 18, 0)) // past the old resolution deadline
		if n, _ := w.svc.CheckSLA(context.Background()); n != 0 {
			t.Fatal("a paused ticket was escalated")
		}
		// … and the customer's answer restarts it where it stopped: 22
		// business hours were left at Monday 13:00.
		w.clock.Set(at(2026, 12, 2, 13, 0))
		if _, tk, err = w.svc.Reply(w.asA, support.ReplyInput{TicketID: tk.ID, Body: "是水壶。The kettle."}); err != nil {
			t.Fatal(err)
		}
		if want := at(2026, 12, 4, 17, 0); tk.Status != ticket.StatusOPEN || !tk.ResolutionDueAt.Equal(want) || !tk.SLADueAt.Equal(want) {
			t.Fatalf("resumed: status %s due %s", tk.Status, tk.ResolutionDueAt.In(cst))
		}
		w.clock.Set(at(2026, 12, 4, 17, 0))
		if n, err := w.svc.CheckSLA(context.Background()); err != nil || n != 1 {
			t.Fatalf("resolution breach: %d %v", n, err)
		}
		tk = db.Client.Ticket.GetX(w.sys, tk.ID)
		if tk.Priority != ticket.PriorityURGENT || !tk.ResolutionBreached || tk.EscalationLevel != 2 {
			t.Fatalf("second escalation: %+v", tk)
		}
		st2, err := w.svc.State(w.sys, tk)
		if err != nil || st2.FirstResponseMet == nil || *st2.FirstResponseMet || st2.ResolutionMet == nil || *st2.ResolutionMet {
			t.Fatalf("state %+v %v", st2, err)
		}
		if n := db.Client.TicketEvent.Query().Where(ticketevent.TicketID(tk.ID), ticketevent.KindEQ(ticketevent.KindSLA_BREACHED)).CountX(w.sys); n != 2 {
			t.Fatalf("%d breach events", n)
		}
	})
}

// TestSLAPolicies: admins set the targets; URGENT runs around the clock.
func TestSLAPolicies(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		ann := w.agent("ann", true, "BILLING", "OTHER")
		w.clock.Set(at(2026, 11, 27, 17, 0))
		if _, err := w.svc.SetPolicy(w.as(ann), support.Policy{Priority: ticket.PriorityNORMAL, FirstResponse: time.Minute, Resolution: time.Hour}); code(err) != "FORBIDDEN" {
			t.Fatalf("an agent set a policy: %v", err)
		}
		if _, err := w.svc.SetPolicy(w.admin, support.Policy{Priority: ticket.PriorityNORMAL, FirstResponse: 2 * time.Hour, Resolution: time.Hour}); code(err) != "OUT_OF_RANGE" {
			t.Fatalf("resolution before first response: %v", err)
		}
		if _, err := w.svc.SetPolicy(w.admin, support.Policy{Priority: ticket.PriorityNORMAL, FirstResponse: 30 * time.Minute, Resolution: 10 * time.Hour}); err != nil {
			t.Fatal(err)
		}
		ps, err := w.svc.Policies(w.sys)
		if err != nil || len(ps) != 4 || ps[1].Priority != ticket.PriorityNORMAL || ps[1].Default || ps[1].BusinessHours || !ps[0].Default {
			t.Fatalf("policies %+v %v", ps, err)
		}
		res, err := w.svc.Open(w.asA, support.OpenInput{Category: ticket.CategoryBILLING, Message: "发票 An invoice, please"})
		if err != nil {
			t.Fatal(err)
		}
		if want := at(2026, 11, 27, 17, 30); !res.Ticket.FirstResponseDueAt.Equal(want) {
			t.Fatalf("first due %s", res.Ticket.FirstResponseDueAt.In(cst))
		}
		// An agent raises another ticket to URGENT: 1 h / 8 h around the clock.
		res, err = w.svc.Open(w.asA, support.OpenInput{Category: ticket.CategoryOTHER, Message: "紧急 Urgent"})
		if err != nil {
			t.Fatal(err)
		}
		tk, err := w.svc.SetPriority(w.as(ann), res.Ticket.ID, ticket.PriorityURGENT, "VIP")
		if err != nil {
			t.Fatal(err)
		}
		if want := at(2026, 11, 27, 18, 0); !tk.FirstResponseDueAt.Equal(want) || !tk.ResolutionDueAt.Equal(at(2026, 11, 28, 1, 0)) {
			t.Fatalf("urgent dues %s %s", tk.FirstResponseDueAt.In(cst), tk.ResolutionDueAt.In(cst))
		}
		if !strings.Contains(strings.Join(tk.PriorityReasons, " "), "MANUAL LOW → URGENT") {
			t.Fatalf("reasons %v", tk.PriorityReasons)
		}
	})
}

func ctx(t *testing.T, c context.Context) context.Context {
	ctx, cancel := context.WithCancel(c)
	t.Cleanup(cancel)
	return ctx
}

var _ = ent.Asc
var _ = viewer.SystemContext
