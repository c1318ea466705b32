package support_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/waybill/waybill/ent/macro"
	"github.com/waybill/waybill/ent/surveyresponse"
	"github.com/waybill/waybill/ent/ticket"
	"github.com/waybill/waybill/ent/ticketmessage"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/support"
	"github.com/waybill/waybill/internal/testdb"
)

// TestConversation: statuses, internal notes the customer never reads,
// duplicates merged, merge by an agent, and who may do what.
func TestConversation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		ann := w.agent("ann", true, "WRONG_ITEM")
		asAnn := w.as(ann)
		o := w.place(w.asA, "", line("KETTLE", 1), line("MUG", 1))
		mugLine := db.Client.Order.QueryLines(o).AllX(w.sys)[1].ID
		res, err := w.svc.Open(w.asA, support.OpenInput{OrderID: &o.ID, OrderLineIDs: []pulid.ID{mugLine}, Category: ticket.CategoryWRONG_ITEM, Message: "收到的是杯垫 I got a coaster"})
		if err != nil {
			t.Fatal(err)
		}
		tk := res.Ticket
		if tk.Subject == "" || len(tk.OrderLineIds) != 1 {
			t.Fatalf("opened %+v", tk)
		}
		// Another customer sees nothing of it.
		if _, _, err := w.svc.Reply(w.asB, support.ReplyInput{TicketID: tk.ID, Body: "hi"}); code(err) != "NOT_FOUND" {
			t.Fatalf("B replied to A's ticket: %v", err)
		}
		if _, err := w.svc.WatchTicket(w.asB, tk.ID); code(err) != "NOT_FOUND" {
			t.Fatalf("B watched A's ticket: %v", err)
		}
		if _, err := w.svc.Open(w.asB, support.OpenInput{OrderID: &o.ID, Category: ticket.CategoryOTHER, Message: "x"}); code(err) != "ORDER_NOT_FOUND" {
			t.Fatalf("B opened a ticket on A's order: %v", err)
		}
		if _, _, err := w.svc.Reply(w.asA, support.ReplyInput{TicketID: tk.ID, Body: "note", Internal: true}); code(err) != "NOT_ALLOWED" {
			t.Fatalf("a customer wrote an internal note: %v", err)
		}
		// The agent's internal note; the customer watches.
		watch, err := w.svc.WatchTicket(ctx(t, w.asA), tk.ID)
		if err != nil {
			t.Fatal(err)
		}
		<-watch // the current state
		if _, _, err := w.svc.Reply(asAnn, support.ReplyInput{TicketID: tk.ID, Body: "拣货员拿错了库位 Wrong bin picked", Internal: true}); err != nil {
			t.Fatal(err)
		}
		select {
		case got := <-watch:
			if got.ID != tk.ID {
				t.Fatal("wrong ticket")
			}
		case <-time.After(5 * time.Second):
			t.Fatal("the customer's subscription heard nothing")
		}
		seen := db.Client.TicketMessage.Query().Where(ticketmessage.TicketID(tk.ID)).AllX(w.asA)
		for _, m := range seen {
			if m.Internal {
				t.Fatal("the customer read an internal note")
			}
		}
		if all := db.Client.TicketMessage.Query().Where(ticketmessage.TicketID(tk.ID)).CountX(asAnn); all != len(seen)+1 {
			t.Fatalf("agent sees %d, customer %d", all, len(seen))
		}
		if tk = db.Client.Ticket.GetX(w.sys, tk.ID); tk.FirstRespondedAt != nil || tk.Status != ticket.StatusNEW {
			t.Fatal("an internal note counted as the first response")
		}
		// A second request about the same order and problem is merged.
		dup, err := w.svc.Open(w.asA, support.OpenInput{OrderID: &o.ID, Category: ticket.CategoryWRONG_ITEM, Message: "还有吗？Any news?"})
		if err != nil || !dup.Merged || dup.Ticket.ID != tk.ID {
			t.Fatalf("duplicate: %+v %v", dup, err)
		}
		// Resolve needs a root cause and a note.
		if _, err := w.svc.Resolve(asAnn, tk.ID, "", ""); code(err) != "ROOT_CAUSE_REQUIRED" {
			t.Fatalf("resolve without a root cause: %v", err)
		}
		if _, err := w.svc.SetStatus(asAnn, tk.ID, ticket.StatusRESOLVED, ""); code(err) != "USE_RESOLVE" {
			t.Fatalf("resolved by status: %v", err)
		}
		if _, err := w.svc.Resolve(w.asA, tk.ID, ticket.RootCausePICKING_ERROR, "x"); code(err) != "FORBIDDEN" {
			t.Fatalf("a customer resolved: %v", err)
		}
		if tk, err = w.svc.Resolve(asAnn, tk.ID, ticket.RootCausePICKING_ERROR, "补发正确商品 Reshipped the right item"); err != nil {
			t.Fatal(err)
		}
		if tk.Status != ticket.StatusRESOLVED || tk.RootCause == nil || tk.SLADueAt != nil || tk.ResolvedAt == nil {
			t.Fatalf("resolved %+v", tk)
		}
		// The customer replies: reopened, with a new resolution clock.
		if _, tk, err = w.svc.Reply(w.asA, support.ReplyInput{TicketID: tk.ID, Body: "还是不对 Still wrong"}); err != nil {
			t.Fatal(err)
		}
		if tk.Status != ticket.StatusREOPENED || tk.ReopenCount != 1 || tk.ResolvedAt != nil || tk.SLADueAt == nil {
			t.Fatalf("reopened %+v", tk)
		}
		if _, err := w.svc.SetStatus(w.asA, tk.ID, ticket.StatusCLOSED, ""); code(err) != "INVALID_TRANSITION" {
			t.Fatalf("a customer closed an open ticket: %v", err)
		}
		if tk, err = w.svc.Resolve(asAnn, tk.ID, ticket.RootCausePICKING_ERROR, "再次补发"); err != nil {
			t.Fatal(err)
		}
		if tk, err = w.svc.SetStatus(w.asA, tk.ID, ticket.StatusCLOSED, "谢谢"); err != nil || tk.Status != ticket.StatusCLOSED {
			t.Fatalf("customer closed: %+v %v", tk, err)
		}
		if _, _, err := w.svc.Reply(w.asA, support.ReplyInput{TicketID: tk.ID, Body: "hi"}); code(err) != "TICKET_CLOSED" {
			t.Fatalf("reply to a closed ticket: %v", err)
		}
		// Agents merge a duplicate of the same customer only.
		a, _ := w.svc.Open(w.asA, support.OpenInput{Category: ticket.CategoryOTHER, Message: "one"})
		b, _ := w.svc.Open(w.asA, support.OpenInput{Category: ticket.CategoryOTHER, Message: "two"})
		c, _ := w.svc.Open(w.asB, support.OpenInput{Category: ticket.CategoryOTHER, Message: "three"})
		if _, err := w.svc.Merge(asAnn, b.Ticket.ID, c.Ticket.ID); code(err) != "NOT_SAME_CUSTOMER" {
			t.Fatalf("merged across customers: %v", err)
		}
		into, err := w.svc.Merge(asAnn, b.Ticket.ID, a.Ticket.ID)
		if err != nil || into.ID != a.Ticket.ID {
			t.Fatal(err)
		}
		merged := db.Client.Ticket.GetX(w.sys, b.Ticket.ID)
		if merged.Status != ticket.StatusCLOSED || merged.DuplicateOfID == nil || *merged.DuplicateOfID != a.Ticket.ID {
			t.Fatalf("merged %+v", merged)
		}
		if _, _, err := w.svc.Reply(w.asA, support.ReplyInput{TicketID: merged.ID, Body: "hi"}); code(err) != "TICKET_MERGED" {
			t.Fatalf("reply to a merged ticket: %v", err)
		}
		// An agent takes a phone call for customer B.
		phone, err := w.svc.Open(asAnn, support.OpenInput{CustomerID: &w.custB.ID, Category: ticket.CategoryBILLING, Message: "来电询问发票 Called about an invoice"})
		if err != nil {
			t.Fatal(err)
		}
		if p := phone.Ticket; p.Source != ticket.SourceAGENT || p.Status != ticket.StatusOPEN || p.FirstRespondedAt == nil || p.OpenedByID == nil || *p.CustomerID != w.custB.ID {
			t.Fatalf("phone ticket %+v", p)
		}
		if _, err := w.svc.Open(asAnn, support.OpenInput{Category: ticket.CategoryBILLING, Message: "x"}); code(err) != "CUSTOMER_REQUIRED" {
			t.Fatalf("a ticket for nobody: %v", err)
		}
	})
}

// TestSurveysFollowUpsMacrosAttachments covers the rest of the desk.
func TestSurveysFollowUpsMacrosAttachments(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db, func(o *support.Options) { o.MaxAttachmentBytes = 64 << 10 })
		ann := w.agent("ann", true, "LATE_DELIVERY")
		asAnn := w.as(ann)
		o := w.place(w.asA, "", line("KETTLE", 1))
		shp := w.ship(o, w.clock.Now().Add(-72*time.Hour), nil)
		db.Client.Shipment.UpdateOne(shp).SetEtaTo(w.clock.Now().Add(24 * time.Hour)).ExecX(w.sys)
		res, err := w.svc.Open(w.asA, support.OpenInput{ShipmentID: &shp.ID, Category: ticket.CategoryLATE_DELIVERY, Message: "慢 Slow"})
		if err != nil {
			t.Fatal(err)
		}
		tk := res.Ticket

		// Macros: the category's own first, filled in both languages.
		sugg, err := w.svc.Suggest(asAnn, tk.ID)
		if err != nil || len(sugg) < 3 || sugg[0].Macro.Category != macro.CategoryLATE_DELIVERY {
			t.Fatalf("suggestions %d %v", len(sugg), err)
		}
		apology := sugg[0]
		for _, want := range []string{shp.TrackingNumber, o.Number, "王芳", "顺丰速运"} {
			if !strings.Contains(apology.BodyZh, want) {
				t.Errorf("zh lacks %q: %s", want, apology.BodyZh)
			}
		}
		if !strings.Contains(apology.BodyEn, "SF Express") || strings.Contains(apology.BodyEn, "{{") {
			t.Errorf("en: %s", apology.BodyEn)
		}
		if _, err := w.svc.Suggest(w.asA, tk.ID); code(err) != "FORBIDDEN" {
			t.Fatalf("a customer read macros: %v", err)
		}
		if _, err := w.svc.SaveMacro(asAnn, support.MacroInput{Key: "x-y", Category: macro.CategoryANY, TitleZh: "x", TitleEn: "x", BodyZh: "{{nope}}", BodyEn: "x"}); code(err) != "UNKNOWN_PLACEHOLDER" {
			t.Fatalf("unknown placeholder: %v", err)
		}
		if _, err := w.svc.SaveMacro(asAnn, support.MacroInput{Key: "thanks", Category: macro.CategoryANY, TitleZh: "谢谢", TitleEn: "Thanks", BodyZh: "谢谢{{customer_name}}", BodyEn: "Thanks {{customer_name}}"}); err != nil {
			t.Fatal(err)
		}

		// Attachments: photos only, by content, within the size limit.
		var buf bytes.Buffer
		img := image.NewRGBA(image.Rect(0, 0, 8, 6))
		img.Set(1, 1, color.RGBA{255, 0, 0, 255})
		_ = png.Encode(&buf, img)
		att, err := w.svc.AddAttachment(w.asA, tk.ID, "../../etc/破损.jpg", buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		if att.ContentType != "image/png" || att.Filename != "破损.png" || att.Width != 8 || att.Height != 6 || att.CustomerID == nil {
			t.Fatalf("attachment %+v", att)
		}
		if _, err := w.svc.AddAttachment(w.asA, tk.ID, "x.png", []byte("<svg onload=alert(1)>")); code(err) != "UNSUPPORTED_TYPE" {
			t.Fatalf("svg: %v", err)
		}
		if _, err := w.svc.AddAttachment(w.asA, tk.ID, "x.png", append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 100)...)); code(err) != "UNSUPPORTED_TYPE" {
			t.Fatalf("a broken png: %v", err)
		}
		if _, err := w.svc.AddAttachment(w.asA, tk.ID, "x.jpg", make([]byte, 65<<10)); code(err) != "FILE_TOO_LARGE" {
			t.Fatalf("too large: %v", err)
		}
		if _, err := w.svc.AddAttachment(w.asB, tk.ID, "x.png", buf.Bytes()); code(err) != "NOT_FOUND" {
			t.Fatalf("B attached to A's ticket: %v", err)
		}
		if n := db.Client.TicketAttachment.Query().CountX(w.asB); n != 0 {
			t.Fatal("B sees A's photos")
		}

		// Follow-ups: reminded once when due.
		if _, err := w.svc.CreateFollowUp(asAnn, support.FollowUpInput{TicketID: tk.ID, DueAt: w.clock.Now().Add(-time.Minute), Note: "x"}); code(err) != "OUT_OF_RANGE" {
			t.Fatalf("a follow-up in the past: %v", err)
		}
		f, err := w.svc.CreateFollowUp(asAnn, support.FollowUpInput{TicketID: tk.ID, DueAt: w.clock.Now().Add(2 * time.Hour), Note: "回电确认是否收到 Call back: arrived?"})
		if err != nil || f.AssigneeID == nil || *f.AssigneeID != ann.ID {
			t.Fatalf("follow-up %+v %v", f, err)
		}
		alerts, err := w.svc.WatchAlerts(ctx(t, asAnn), nil)
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := w.svc.RemindFollowUps(context.Background()); n != 0 {
			t.Fatal("reminded early")
		}
		w.clock.Advance(2 * time.Hour)
		if n, err := w.svc.RemindFollowUps(context.Background()); n != 1 || err != nil {
			t.Fatalf("remind: %d %v", n, err)
		}
		select {
		case ev := <-alerts:
			if ev.TicketID != tk.ID || ev.ToValue != "DUE" {
				t.Fatalf("alert %+v", ev)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("no follow-up alert")
		}
		if n, _ := w.svc.RemindFollowUps(context.Background()); n != 0 {
			t.Fatal("reminded twice")
		}
		if f, err = w.svc.CompleteFollowUp(asAnn, f.ID, "已收到 Arrived", false); err != nil || f.DoneAt == nil {
			t.Fatalf("done: %+v %v", f, err)
		}

		// Surveys: after resolution, once; after delivery, once.
		score := func(kind surveyresponse.Kind, id string, s int) error {
			_, err := w.svc.AnswerSurvey(w.asA, support.SurveyInput{Kind: kind, SubjectID: pulid.ID(id), Score: s, Comment: "好"})
			return err
		}
		if err := score(surveyresponse.KindTICKET, string(tk.ID), 5); code(err) != "NOT_YET" {
			t.Fatalf("survey before resolution: %v", err)
		}
		if _, err := w.svc.Resolve(asAnn, tk.ID, ticket.RootCauseCARRIER_DELAY, "催件后已送达"); err != nil {
			t.Fatal(err)
		}
		pending, err := w.svc.PendingSurveys(w.asA)
		if err != nil || len(pending) != 1 || pending[0].SubjectID != tk.ID {
			t.Fatalf("pending %+v %v", pending, err)
		}
		if err := score(surveyresponse.KindTICKET, string(tk.ID), 6); code(err) != "OUT_OF_RANGE" {
			t.Fatalf("score 6: %v", err)
		}
		if _, err := w.svc.AnswerSurvey(w.asB, support.SurveyInput{Kind: surveyresponse.KindTICKET, SubjectID: tk.ID, Score: 1}); code(err) != "NOT_FOUND" {
			t.Fatalf("B answered A's survey: %v", err)
		}
		if _, err := w.svc.AnswerSurvey(asAnn, support.SurveyInput{Kind: surveyresponse.KindTICKET, SubjectID: tk.ID, Score: 5}); code(err) != "FORBIDDEN" {
			t.Fatalf("an agent answered: %v", err)
		}
		if err := score(surveyresponse.KindTICKET, string(tk.ID), 4); err != nil {
			t.Fatal(err)
		}
		if err := score(surveyresponse.KindTICKET, string(tk.ID), 5); code(err) != "ALREADY_ANSWERED" {
			t.Fatalf("answered twice: %v", err)
		}
		if err := score(surveyresponse.KindDELIVERY, string(o.ID), 5); code(err) != "NOT_YET" {
			t.Fatalf("delivery survey before delivery: %v", err)
		}
		now := w.clock.Now()
		db.Client.Shipment.UpdateOne(shp).SetDeliveredAt(now).ExecX(w.sys)
		nps := 9
		if _, err := w.svc.AnswerSurvey(w.asA, support.SurveyInput{Kind: surveyresponse.KindDELIVERY, SubjectID: o.ID, Score: 3, NPS: &nps}); err != nil {
			t.Fatal(err)
		}
		if pending, _ := w.svc.PendingSurveys(w.asA); len(pending) != 0 {
			t.Fatalf("still pending %+v", pending)
		}
	})
}

// TestSubscriptionsEnd: a subscription that ends leaves no listener and no
// goroutine behind, and a subscriber that never reads does not block the
// publisher.
func TestSubscriptionsEnd(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		ann := w.agent("ann", true, "OTHER")
		res, err := w.svc.Open(w.asA, support.OpenInput{Category: ticket.CategoryOTHER, Message: "hi"})
		if err != nil {
			t.Fatal(err)
		}
		c, cancel := context.WithCancel(w.asA)
		stalled, err := w.svc.WatchTicket(c, res.Ticket.ID) // never read
		if err != nil {
			t.Fatal(err)
		}
		ic, icancel := context.WithCancel(w.as(ann))
		inbox, err := w.svc.WatchInbox(ic)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 20; i++ { // the publisher never waits for the stalled subscriber
			if _, _, err := w.svc.Reply(w.as(ann), support.ReplyInput{TicketID: res.Ticket.ID, Body: "reply"}); err != nil {
				t.Fatal(err)
			}
		}
		if got := <-inbox; got.ID != res.Ticket.ID {
			t.Fatalf("inbox %s", got.ID)
		}
		if w.svc.Subscribers() != 2 || w.svc.Bus().Listeners() != 2 {
			t.Fatalf("%d subscribers, %d listeners", w.svc.Subscribers(), w.svc.Bus().Listeners())
		}
		cancel()
		icancel()
		for range stalled {
		}
		for range inbox {
		}
		if w.svc.Subscribers() != 0 || w.svc.Bus().Listeners() != 0 {
			t.Fatalf("after the end: %d subscribers, %d listeners", w.svc.Subscribers(), w.svc.Bus().Listeners())
		}
	})
}
