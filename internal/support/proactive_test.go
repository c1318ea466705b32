package support_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/opsalert"
	"github.com/waybill/waybill/ent/ticket"
	"github.com/waybill/waybill/ent/ticketmessage"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/support"
	"github.com/waybill/waybill/internal/testdb"
)

// TestProactiveTicket: a late parcel gets exactly one proactive ticket,
// with an apology drafted from its facts, however often its alerts come.
func TestProactiveTicket(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		w.agent("ann", true, "LATE_DELIVERY", "NOT_RECEIVED")
		o := w.place(w.asA, "", line("KETTLE", 1))
		shp := w.ship(o, w.clock.Now().Add(-72*time.Hour), nil)
		db.Client.Shipment.UpdateOne(shp).SetLate(true).SetLateReason("中转站积压 A backlog at the hub").ExecX(w.sys)
		seq := int64(0)
		alert := func(kind opsalert.Kind) *ent.OpsAlert {
			seq++
			return db.Client.OpsAlert.Create().SetShipmentID(shp.ID).SetTrackingNumber(shp.TrackingNumber).SetKind(kind).
				SetMessage("预计晚到 Running late").SetSeq(seq).SetCreatedAt(w.clock.Now()).SaveX(w.sys)
		}
		a1 := alert(opsalert.KindLATE)
		n, err := w.svc.ProcessAlerts(context.Background())
		if err != nil || n != 1 {
			t.Fatalf("process: %d %v", n, err)
		}
		proactive := func() []*ent.Ticket {
			return db.Client.Ticket.Query().Where(ticket.ShipmentID(shp.ID)).AllX(w.sys)
		}
		ts := proactive()
		if len(ts) != 1 {
			t.Fatalf("%d tickets", len(ts))
		}
		tk := ts[0]
		if tk.Source != ticket.SourcePROACTIVE || tk.Category != ticket.CategoryLATE_DELIVERY || tk.CustomerID == nil ||
			*tk.CustomerID != w.custA.ID || tk.ProactiveKey == nil || tk.AssigneeID == nil || tk.Priority != ticket.PriorityHIGH {
			t.Fatalf("ticket %+v", tk)
		}
		for _, want := range []string{shp.TrackingNumber, "王芳", "顺丰速运", "SF Express", "中转站积压", "A backlog at the hub", o.Number} {
			if !strings.Contains(tk.DraftReply, want) {
				t.Errorf("the draft lacks %q:\n%s", want, tk.DraftReply)
			}
		}
		if n := db.Client.TicketMessage.Query().Where(ticketmessage.TicketID(tk.ID), ticketmessage.Internal(false)).CountX(w.sys); n != 0 {
			t.Fatal("the customer was written to before an agent saw the ticket")
		}
		// The same parcel again: by the sweep, another alert kind, the
		// stream, and directly.
		alert(opsalert.KindEXCEPTION)
		if n, err := w.svc.ProcessAlerts(context.Background()); err != nil || n != 0 {
			t.Fatalf("second sweep: %d %v", n, err)
		}
		stream := make(chan *ent.OpsAlert, 2)
		stream <- a1
		close(stream)
		if err := w.svc.FollowAlerts(context.Background(), func(context.Context) (<-chan *ent.OpsAlert, error) { return stream, nil }); err != nil {
			t.Fatal(err)
		}
		again, created, err := w.svc.OpenProactive(context.Background(), shp.ID, "again")
		if err != nil || created || again.ID != tk.ID {
			t.Fatalf("again: %v %v %v", again, created, err)
		}
		if ts := proactive(); len(ts) != 1 {
			t.Fatalf("%d tickets for one late parcel", len(ts))
		}
		// The customer who then complains lands on the same ticket.
		res, err := w.svc.Open(w.asA, support.OpenInput{TrackingNumber: strings.ToLower(shp.TrackingNumber), Category: ticket.CategoryLATE_DELIVERY, Message: "怎么还没到？Where is it?"})
		if err != nil || !res.Merged || res.Ticket.ID != tk.ID {
			t.Fatalf("customer complaint: %+v %v", res, err)
		}

		// A customer who complained first: their ticket becomes the parcel's.
		o2 := w.place(w.asB, "", line("MUG", 1))
		shp2 := w.ship(o2, w.clock.Now().Add(-72*time.Hour), nil)
		first, err := w.svc.Open(w.asB, support.OpenInput{OrderID: &o2.ID, Category: ticket.CategoryLATE_DELIVERY, Message: "还没到 Not here yet"})
		if err != nil {
			t.Fatal(err)
		}
		got, created, err := w.svc.OpenProactive(context.Background(), shp2.ID, "late")
		if err != nil || created || got.ID != first.Ticket.ID || got.ProactiveKey == nil {
			t.Fatalf("proactive on a complaint: %+v %v %v", got, created, err)
		}
		if n := db.Client.Ticket.Query().Where(ticket.OrderID(o2.ID)).CountX(w.sys); n != 1 {
			t.Fatalf("%d tickets for the second order", n)
		}
		// Return parcels open none.
		back := db.Client.Shipment.Create().SetTrackingNumber("RT000000000CN").SetOrderID(o2.ID).SetIsReturn(true).SaveX(w.sys)
		if got, _, err := w.svc.OpenProactive(context.Background(), back.ID, ""); err != nil || got != nil {
			t.Fatalf("return parcel: %v %v", got, err)
		}
	})
}
