package support_test

import (
	"testing"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/ticket"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/support"
	"github.com/waybill/waybill/internal/testdb"
)

// TestFairAssignment: tickets go to the least-loaded available agent with
// the category's skill; ties go to whoever waited longest; agents away or
// without the skill get none; queued tickets are picked up when an agent
// with the skill becomes available.
func TestFairAssignment(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		ann := w.agent("ann", true, "DAMAGED", "WRONG_ITEM")
		bob := w.agent("bob", true, "DAMAGED")
		cat := w.agent("cat", true, "WRONG_ITEM")
		dan := w.agent("dan", false, "DAMAGED") // away
		eve := w.agent("eve", true, "DAMAGED")
		db.Client.Account.UpdateOne(eve).SetDisabled(true).ExecX(w.sys)

		open := func(c ticket.Category) *ent.Ticket {
			t.Helper()
			w.clock.Advance(time.Minute)
			res, err := w.svc.Open(w.asA, support.OpenInput{Category: c, Message: "问题 A problem"})
			if err != nil {
				t.Fatal(err)
			}
			return res.Ticket
		}
		owner := func(tk *ent.Ticket) string {
			if tk.AssigneeID == nil {
				return ""
			}
			for name, a := range w.accounts {
				if a.ID == *tk.AssigneeID {
					return name
				}
			}
			return string(*tk.AssigneeID)
		}
		var got []string
		for i := 0; i < 4; i++ {
			got = append(got, owner(open(ticket.CategoryDAMAGED)))
		}
		// ann and bob alternate (fewest open tickets, then longest wait).
		if got[0] == got[1] || got[0] != got[2] || got[1] != got[3] || (got[0] != "ann" && got[0] != "bob") || (got[1] != "ann" && got[1] != "bob") {
			t.Fatalf("DAMAGED went to %v", got)
		}
		// WRONG_ITEM: ann holds 2, cat none.
		if o := owner(open(ticket.CategoryWRONG_ITEM)); o != "cat" {
			t.Fatalf("WRONG_ITEM went to %q", o)
		}
		// Nobody has QUALITY: it waits in the queue.
		q := open(ticket.CategoryQUALITY)
		if q.AssigneeID != nil {
			t.Fatalf("QUALITY went to %s", owner(q))
		}
		// dan comes back: still no QUALITY skill.
		if _, err := w.svc.SetAvailability(w.as(dan), true); err != nil {
			t.Fatal(err)
		}
		if tk := db.Client.Ticket.GetX(w.sys, q.ID); tk.AssigneeID != nil {
			t.Fatal("a queued ticket went to an agent without the skill")
		}
		// An admin gives dan QUALITY: the queued ticket is his.
		if _, err := w.svc.SetSkills(w.as(ann), dan.ID, []ticket.Category{ticket.CategoryQUALITY}); code(err) != "FORBIDDEN" {
			t.Fatalf("an agent set skills: %v", err)
		}
		if _, err := w.svc.SetSkills(w.admin, dan.ID, []ticket.Category{ticket.CategoryDAMAGED, ticket.CategoryQUALITY}); err != nil {
			t.Fatal(err)
		}
		if tk := db.Client.Ticket.GetX(w.sys, q.ID); owner(tk) != "dan" {
			t.Fatalf("queued QUALITY went to %q", owner(tk))
		}
		// Loads now: ann 2, bob 2, dan 1: the next DAMAGED is dan's.
		if o := owner(open(ticket.CategoryDAMAGED)); o != "dan" {
			t.Fatalf("next DAMAGED went to %q", o)
		}
		// bob goes away; ann and dan hold 2 each; ann waited longer.
		if _, err := w.svc.SetAvailability(w.as(bob), false); err != nil {
			t.Fatal(err)
		}
		if o := owner(open(ticket.CategoryDAMAGED)); o != "ann" {
			t.Fatalf("tie went to %q", o)
		}
		loads, err := w.svc.Agents(w.as(ann))
		if err != nil {
			t.Fatal(err)
		}
		byName := map[string]int{}
		for _, l := range loads {
			byName[l.Account.DisplayName] = l.OpenTickets
		}
		if byName["ann"] != 3 || byName["bob"] != 2 || byName["dan"] != 2 || byName["cat"] != 1 || byName["eve"] != 0 {
			t.Fatalf("loads %v", byName)
		}
		// Manual reassignment, to staff only.
		if _, err := w.svc.Assign(w.as(ann), q.ID, &cat.ID); err != nil {
			t.Fatal(err)
		}
		custAcc := pulid.ID(w.db.Client.Customer.QueryAccount(w.custA).OnlyX(w.sys).ID)
		if _, err := w.svc.Assign(w.as(ann), q.ID, &custAcc); code(err) != "ASSIGNEE_INVALID" {
			t.Fatalf("assigned to a customer: %v", err)
		}
		if _, err := w.svc.Assign(w.as(ann), q.ID, &eve.ID); code(err) != "ASSIGNEE_INVALID" {
			t.Fatalf("assigned to a disabled agent: %v", err)
		}
		if _, err := w.svc.Assign(w.asA, q.ID, &cat.ID); code(err) != "FORBIDDEN" {
			t.Fatalf("a customer reassigned: %v", err)
		}
		// Back to the queue: auto-assigned again (dan has QUALITY).
		tk, err := w.svc.Assign(w.as(ann), q.ID, nil)
		if err != nil || owner(tk) != "dan" {
			t.Fatalf("auto again: %q %v", owner(tk), err)
		}
	})
}

// TestConcurrentOpens: tickets opened at the same moment still spread
// evenly, and a double tap on the same complaint makes one ticket.
func TestConcurrentOpens(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		ann := w.agent("ann", true, "DAMAGED")
		bob := w.agent("bob", true, "DAMAGED")
		o := w.place(w.asA, "", line("KETTLE", 1))
		const n = 8
		errc := make(chan error, 2*n)
		merged := make(chan bool, n)
		for i := 0; i < n; i++ {
			go func() {
				_, err := w.svc.Open(w.asB, support.OpenInput{Category: ticket.CategoryDAMAGED, Message: "坏了 Broken"})
				errc <- err
			}()
			go func() {
				res, err := w.svc.Open(w.asA, support.OpenInput{OrderID: &o.ID, Category: ticket.CategoryDAMAGED, Message: "坏了 Broken"})
				if err == nil {
					merged <- res.Merged
				}
				errc <- err
			}()
		}
		for i := 0; i < 2*n; i++ {
			if err := <-errc; err != nil {
				t.Fatal(err)
			}
		}
		close(merged)
		fresh := 0
		for m := range merged {
			if !m {
				fresh++
			}
		}
		if fresh != 1 {
			t.Fatalf("%d tickets for one complaint sent %d times", fresh, n)
		}
		loads := map[pulid.ID]int{}
		for _, tk := range db.Client.Ticket.Query().AllX(w.sys) {
			if tk.AssigneeID != nil {
				loads[*tk.AssigneeID]++
			}
		}
		if loads[ann.ID]+loads[bob.ID] != n+1 || loads[ann.ID]-loads[bob.ID] > 1 || loads[bob.ID]-loads[ann.ID] > 1 {
			t.Fatalf("loads ann %d bob %d", loads[ann.ID], loads[bob.ID])
		}
	})
}
