package server_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"image"
	"image/png"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/order"
	"github.com/waybill/waybill/ent/shipment"
	"github.com/waybill/waybill/ent/ticket"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/gqltest"
	"github.com/waybill/waybill/internal/seed"
	"github.com/waybill/waybill/internal/server"
	"github.com/waybill/waybill/internal/testdb"
)

// supportHarness is a seeded server whose tracking and support clocks the
// test holds (at the seed's "now").
func supportHarness(t *testing.T, db *database.DB, configure ...func(*server.Config)) *trackingHarness {
	t.Helper()
	var clock *testClock
	h := newTrackingHarness(t, db, append([]func(*server.Config){func(c *server.Config) {
		clock = &testClock{t: seedNow}
		c.Tracking.Now, c.Support.Now = clock.Now, clock.Now
	}}, configure...)...)
	h.clock = clock
	return h
}

type gqlUserErrors []struct {
	Code  string
	Field []string
}

// TestSupportJourney drives the desk over HTTP and WebSocket: a customer
// complains from the tracking page, the agent sees it in the inbox with the
// order beside it, writes an internal note the customer never receives,
// replies, issues a coupon and resolves with a root cause; the customer
// sees the reply live, attaches a photo and answers the survey; the
// dashboard counts it.
func TestSupportJourney(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := supportHarness(t, db)
		cust := h.as(t, "customer@waybill.test", "waybill-customer-demo")
		agent := h.as(t, "agent@waybill.test", "waybill-agent-demo")
		var reg struct{ Register struct{ Token *string } }
		h.gql.MustData(t, `mutation{ register(input: {email: "b.customer@example.cn", password: "b-customer-pass-1", name: "李四"}) { token } }`, nil, &reg)
		custB := &gqltest.Client{URL: h.gql.URL, Token: *reg.Register.Token}

		// 1. Contact support from the tracking page.
		var opened struct {
			OpenTicket struct {
				Ticket *struct {
					ID, Number, Status, Priority, Category string
					Order                                  struct{ Number string }
					Shipment                               struct{ TrackingNumber string }
				}
				Merged     bool
				UserErrors gqlUserErrors
			}
		}
		cust.MustData(t, `mutation($n: String!){ openTicket(input: {trackingNumber: $n, category: LATE_DELIVERY, message: "我的包裹什么时候到？When will my parcel arrive?"}) {
			ticket { id number status priority category order { number } shipment { trackingNumber } } merged userErrors { code field } } }`,
			map[string]any{"n": seed.DemoTrackingNumber}, &opened)
		tk := opened.OpenTicket.Ticket
		if tk == nil || tk.Status != "NEW" || tk.Shipment.TrackingNumber != seed.DemoTrackingNumber || opened.OpenTicket.Merged {
			t.Fatalf("openTicket: %+v", opened.OpenTicket)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		const watchQ = `subscription($id: ID!){ ticketUpdated(ticketId: $id) { id status conversation { body internal authorKind } } }`
		sub, err := gqltest.Subscribe(t, ctx, h.ts.URL+"/graphql", gqltest.TransportWS, nil, map[string]any{"authToken": cust.Token}, watchQ, map[string]any{"id": tk.ID})
		if err != nil {
			t.Fatal(err)
		}
		defer sub.Close()
		type watched struct {
			TicketUpdated struct {
				ID, Status   string
				Conversation []struct {
					Body, AuthorKind string
					Internal         bool
				}
			}
		}
		next := func() watched {
			t.Helper()
			var w watched
			if err := json.Unmarshal(recv(t, ctx, sub), &w); err != nil {
				t.Fatal(err)
			}
			for _, m := range w.TicketUpdated.Conversation {
				if m.Internal || strings.Contains(m.Body, "内部") {
					t.Fatalf("the customer received an internal note: %+v", m)
				}
			}
			return w
		}
		if first := next(); len(first.TicketUpdated.Conversation) != 1 {
			t.Fatalf("first payload %+v", first)
		}
		// Customer B can neither watch nor read it.
		subB, err := gqltest.Subscribe(t, ctx, h.ts.URL+"/graphql", gqltest.TransportWS, nil, map[string]any{"authToken": custB.Token}, watchQ, map[string]any{"id": tk.ID})
		if err != nil {
			t.Fatal(err)
		}
		if e := recvError(t, ctx, subB); !strings.Contains(e, "NOT_FOUND") && !strings.Contains(e, "Not found") && !strings.Contains(e, "No such ticket") {
			t.Fatalf("B watching A's ticket: %s", e)
		}
		subB.Close()
		// The staff streams refuse customers, warehouse staff and anonymous callers.
		wh := h.as(t, "warehouse@waybill.test", "waybill-warehouse-demo")
		for _, c := range []struct {
			token, query string
		}{
			{cust.Token, `subscription{ supportInbox { id } }`},
			{wh.Token, `subscription{ supportAlerts { id } }`},
			{"", `subscription{ supportInbox { id } }`},
			{"", `subscription($id: ID!){ ticketUpdated(ticketId: $id) { id } }`},
		} {
			init := map[string]any{}
			if c.token != "" {
				init["authToken"] = c.token
			}
			s, err := gqltest.Subscribe(t, ctx, h.ts.URL+"/graphql", gqltest.TransportWS, nil, init, c.query, map[string]any{"id": tk.ID})
			if err != nil {
				t.Fatal(err)
			}
			if e := recvError(t, ctx, s); !strings.Contains(e, "FORBIDDEN") && !strings.Contains(e, "UNAUTHENTICATED") &&
				!strings.Contains(e, "role may not") && !strings.Contains(e, "Sign in") {
				t.Errorf("%s with token %v: %s", c.query, c.token != "", e)
			}
			s.Close()
		}
		if res := custB.Do(t, `query($id: ID!){ node(id: $id) { id ... on Ticket { subject } } }`, map[string]any{"id": tk.ID}); res.Code() != "FORBIDDEN" {
			t.Fatalf("B read A's ticket: %s %+v", res.Data, res.Errors)
		}

		// 2. The agent's inbox, sorted by SLA deadline, with the order beside the ticket.
		var inbox struct {
			Tickets struct {
				Edges []struct {
					Node struct {
						ID, Number      string
						SLADueAt        *time.Time `json:"slaDueAt"`
						Sla             struct{ SecondsLeft *int }
						PriorityReasons []string
						Order           *struct {
							Number string
							Lines  []struct{ Sku string }
						}
						Customer *struct{ Name string }
					}
				}
			}
		}
		agent.MustData(t, `{ tickets(first: 50, where: {statusIn: [NEW, OPEN, REOPENED]}, orderBy: [{field: SLA_DUE_AT}]) { edges { node {
			id number slaDueAt sla { secondsLeft } priorityReasons order { number lines { sku } } customer { name } } } } }`, nil, &inbox)
		found := false
		var last time.Time
		for _, e := range inbox.Tickets.Edges {
			if e.Node.SLADueAt != nil {
				if e.Node.SLADueAt.Before(last) {
					t.Fatal("the inbox is not sorted by SLA deadline")
				}
				last = *e.Node.SLADueAt
			}
			if e.Node.ID == tk.ID {
				found = true
				if e.Node.Order == nil || len(e.Node.Order.Lines) == 0 || e.Node.Customer == nil || e.Node.Sla.SecondsLeft == nil || len(e.Node.PriorityReasons) == 0 {
					t.Fatalf("inbox row %+v", e.Node)
				}
			}
		}
		if !found {
			t.Fatal("the new ticket is not in the agent's inbox")
		}
		// Suggested replies carry the parcel's facts.
		var sugg struct {
			SuggestedReplies []struct{ BodyZh, BodyEn string }
		}
		agent.MustData(t, `query($id: ID!){ suggestedReplies(ticketId: $id) { bodyZh bodyEn } }`, map[string]any{"id": tk.ID}, &sugg)
		if len(sugg.SuggestedReplies) == 0 || !strings.Contains(sugg.SuggestedReplies[0].BodyZh, seed.DemoTrackingNumber) {
			t.Fatalf("suggestions %+v", sugg)
		}

		// 3. An internal note (the customer's subscription fires but shows nothing new) and a reply.
		const reply = `mutation($in: ReplyToTicketInput!){ replyToTicket(input: $in) { message { id internal } ticket { status } userErrors { code field } } }`
		var rp struct {
			ReplyToTicket struct {
				Message    *struct{ ID string }
				Ticket     *struct{ Status string }
				UserErrors gqlUserErrors
			}
		}
		agent.MustData(t, reply, map[string]any{"in": map[string]any{"ticketId": tk.ID, "body": "内部备注：承运商中转积压", "internal": true}}, &rp)
		if rp.ReplyToTicket.Message == nil {
			t.Fatalf("note: %+v", rp.ReplyToTicket)
		}
		if w := next(); len(w.TicketUpdated.Conversation) != 1 {
			t.Fatalf("after the note the customer sees %+v", w)
		}
		agent.MustData(t, reply, map[string]any{"in": map[string]any{"ticketId": tk.ID, "body": "您好，包裹明天送达。Hello, it arrives tomorrow."}}, &rp)
		if w := next(); len(w.TicketUpdated.Conversation) != 2 || w.TicketUpdated.Status != "OPEN" || !strings.Contains(w.TicketUpdated.Conversation[1].Body, "明天") {
			t.Fatalf("the customer did not see the reply live: %+v", w)
		}
		// A customer's conversation over HTTP has no internal notes; the agent's has.
		count := func(c *gqltest.Client) int {
			var out struct {
				Node struct{ Conversation []struct{ Internal bool } }
			}
			c.MustData(t, `query($id: ID!){ node(id: $id) { ... on Ticket { conversation { internal } } } }`, map[string]any{"id": tk.ID}, &out)
			return len(out.Node.Conversation)
		}
		if c, a := count(cust), count(agent); c != 2 || a != 3 {
			t.Fatalf("customer sees %d messages, agent %d", c, a)
		}

		// 4. A photo from the customer, downloadable by them and agents only.
		var buf bytes.Buffer
		_ = png.Encode(&buf, image.NewGray(image.Rect(0, 0, 4, 4)))
		var att struct {
			AddTicketAttachment struct {
				Attachment *struct{ ID, URL, ContentType string }
				UserErrors gqlUserErrors
			}
		}
		cust.MustData(t, `mutation($in: AddTicketAttachmentInput!){ addTicketAttachment(input: $in) { attachment { id url contentType } userErrors { code } } }`,
			map[string]any{"in": map[string]any{"ticketId": tk.ID, "filename": "box.png", "dataBase64": base64.StdEncoding.EncodeToString(buf.Bytes())}}, &att)
		a := att.AddTicketAttachment.Attachment
		if a == nil || a.ContentType != "image/png" {
			t.Fatalf("attachment %+v", att.AddTicketAttachment)
		}
		get := func(token string) (int, string, []byte) {
			req, _ := http.NewRequest(http.MethodGet, h.ts.URL+a.URL, nil)
			if token != "" {
				req.Header.Set("Authorization", "Bearer "+token)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			return res.StatusCode, res.Header.Get("Content-Type") + " " + res.Header.Get("X-Content-Type-Options"), b
		}
		if st, ct, body := get(cust.Token); st != 200 || ct != "image/png nosniff" || !bytes.Equal(body, buf.Bytes()) {
			t.Fatalf("customer download: %d %s", st, ct)
		}
		if st, _, _ := get(agent.Token); st != 200 {
			t.Fatalf("agent download: %d", st)
		}
		if st, _, _ := get(custB.Token); st != 404 {
			t.Fatalf("B download: %d", st)
		}
		if st, _, _ := get(""); st != 401 {
			t.Fatalf("anonymous download: %d", st)
		}
		next() // the attachment's update

		// 5. A coupon for the customer, then resolve with a root cause.
		var cp struct {
			IssueCoupon struct {
				Coupon     *struct{ Code string }
				Remedy     *struct{ Kind string }
				UserErrors gqlUserErrors
			}
		}
		agent.MustData(t, `mutation($id: ID!){ issueCoupon(input: {ticketId: $id, kind: FIXED, amountOff: 2000, note: "延误补偿"}) { coupon { code } remedy { kind } userErrors { code } } }`,
			map[string]any{"id": tk.ID}, &cp)
		if cp.IssueCoupon.Coupon == nil || cp.IssueCoupon.Remedy.Kind != "COUPON" {
			t.Fatalf("coupon %+v", cp.IssueCoupon)
		}
		if w := next(); !strings.Contains(w.TicketUpdated.Conversation[len(w.TicketUpdated.Conversation)-1].Body, cp.IssueCoupon.Coupon.Code) {
			t.Fatalf("the coupon message did not reach the customer: %+v", w)
		}
		var mine struct {
			Coupons struct {
				Edges []struct{ Node struct{ Code string } }
			}
		}
		cust.MustData(t, `{ coupons(first: 50) { edges { node { code } } } }`, nil, &mine)
		if !strings.Contains(string(mustJSON(mine)), cp.IssueCoupon.Coupon.Code) {
			t.Fatal("the customer does not see their coupon")
		}
		var res struct {
			ResolveTicket struct{ UserErrors gqlUserErrors }
		}
		agent.MustData(t, `mutation($id: ID!){ resolveTicket(input: {ticketId: $id, rootCause: CARRIER_DELAY, resolutionNote: ""}) { userErrors { code field } } }`,
			map[string]any{"id": tk.ID}, &res)
		if len(res.ResolveTicket.UserErrors) == 0 || res.ResolveTicket.UserErrors[0].Code != "RESOLUTION_NOTE_REQUIRED" {
			t.Fatalf("resolve without a note: %+v", res)
		}
		agent.MustData(t, `mutation($id: ID!){ resolveTicket(input: {ticketId: $id, rootCause: CARRIER_DELAY, resolutionNote: "承运商中转延误，已催件并补偿 Carrier delay; chased and compensated"}) { userErrors { code field } } }`,
			map[string]any{"id": tk.ID}, &res)
		if len(res.ResolveTicket.UserErrors) > 0 {
			t.Fatalf("resolve: %+v", res)
		}
		if w := next(); w.TicketUpdated.Status != "RESOLVED" {
			t.Fatalf("after resolution %+v", w)
		}

		// 6. The survey, once.
		var pend struct {
			PendingSurveys []struct{ Kind, SubjectID string }
		}
		cust.MustData(t, `{ pendingSurveys { kind subjectId } }`, nil, &pend)
		ok := false
		for _, p := range pend.PendingSurveys {
			ok = ok || p.Kind == "TICKET" && p.SubjectID == tk.ID
		}
		if !ok {
			t.Fatalf("pending surveys %+v", pend)
		}
		const answer = `mutation($id: ID!){ answerSurvey(input: {kind: TICKET, subjectId: $id, score: 5, nps: 9, comment: "很快 Fast"}) { response { id score } userErrors { code } } }`
		var ans struct {
			AnswerSurvey struct {
				Response   *struct{ Score int }
				UserErrors gqlUserErrors
			}
		}
		cust.MustData(t, answer, map[string]any{"id": tk.ID}, &ans)
		if ans.AnswerSurvey.Response == nil || ans.AnswerSurvey.Response.Score != 5 {
			t.Fatalf("answer %+v", ans)
		}
		cust.MustData(t, answer, map[string]any{"id": tk.ID}, &ans)
		if len(ans.AnswerSurvey.UserErrors) == 0 || ans.AnswerSurvey.UserErrors[0].Code != "ALREADY_ANSWERED" {
			t.Fatalf("second answer %+v", ans)
		}

		// 7. The dashboard counts it.
		var dash struct {
			SupportDashboard struct {
				Tickets     int
				ByRootCause []struct {
					Key   string
					Count int
				}
				CsatOverall struct{ Responses int }
			}
		}
		vars := map[string]any{"from": seedNow.Add(-time.Hour), "to": seedNow.Add(time.Hour)}
		agent.MustData(t, `query($from: Time, $to: Time){ supportDashboard(from: $from, to: $to) { tickets byRootCause { key count } csatOverall { responses } } }`, vars, &dash)
		d := dash.SupportDashboard
		if d.Tickets < 1 || d.CsatOverall.Responses < 1 || len(d.ByRootCause) == 0 || d.ByRootCause[0].Key != "CARRIER_DELAY" {
			t.Fatalf("dashboard %+v", d)
		}
		var csv struct{ SupportReportCsv string }
		agent.MustData(t, `query($from: Time, $to: Time){ supportReportCsv(report: ROOT_CAUSES, from: $from, to: $to) }`, vars, &csv)
		if !strings.Contains(csv.SupportReportCsv, "CARRIER_DELAY,1") {
			t.Fatalf("csv %q", csv.SupportReportCsv)
		}
		if res := cust.Do(t, `{ supportDashboard { tickets } }`, nil); res.Code() != "FORBIDDEN" {
			t.Fatalf("a customer read the dashboard: %+v", res.Errors)
		}
	})
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

// TestLateParcelOpensOneProactiveTicket: tracking raises an alert for a
// parcel in trouble; the running desk opens exactly one proactive ticket
// for it, tells the team over supportAlerts, and never a second.
func TestLateParcelOpensOneProactiveTicket(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := supportHarness(t, db, func(c *server.Config) { c.Support.SweepEvery = 250 * time.Millisecond })
		// A parcel in transit whose order has no ticket yet.
		shp, err := db.Client.Shipment.Query().Where(shipment.StatusEQ(shipment.StatusIN_TRANSIT), shipment.IsReturn(false),
			shipment.HasCarrier(), shipment.HasOrderWith(order.CustomerIDNotNil(), order.Not(order.HasTickets()))).
			Order(ent.Asc(shipment.FieldTrackingNumber)).First(sysCtx)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		stop := h.srv.StartWorkers(ctx)
		defer stop()
		agent := h.as(t, "agent@waybill.test", "waybill-agent-demo")
		wh := h.as(t, "warehouse@waybill.test", "waybill-warehouse-demo")
		// From the beginning (after an id below every event): the
		// subscription may start after the scan, and must not miss it.
		sub, err := gqltest.Subscribe(t, ctx, h.ts.URL+"/graphql", gqltest.TransportWS, nil, map[string]any{"authToken": agent.Token},
			`subscription{ supportAlerts(after: "tke_0") { kind toValue ticket { id source category shipmentID } } }`, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer sub.Close()
		const scan = `mutation($n: String!){ recordScan(input: {trackingNumber: $n, status: EXCEPTION, subStatus: "DAMAGED_IN_TRANSIT", city: "武汉", description: "外包装破损"}) { userErrors { code } } }`
		var out struct {
			RecordScan struct{ UserErrors gqlUserErrors }
		}
		wh.MustData(t, scan, map[string]any{"n": shp.TrackingNumber}, &out)
		if len(out.RecordScan.UserErrors) > 0 {
			t.Fatalf("scan: %+v", out)
		}
		var got struct {
			SupportAlerts struct {
				Kind, ToValue string
				Ticket        struct{ ID, Source, Category, ShipmentID string }
			}
		}
		for got.SupportAlerts.Kind != "PROACTIVE_ALERT" {
			if err := json.Unmarshal(recv(t, ctx, sub), &got); err != nil {
				t.Fatal(err)
			}
			if got.SupportAlerts.Kind == "PROACTIVE_ALERT" && got.SupportAlerts.Ticket.ShipmentID != string(shp.ID) {
				got.SupportAlerts.Kind = "" // another parcel's (the sweep's)
			}
		}
		if got.SupportAlerts.Ticket.Source != "PROACTIVE" || got.SupportAlerts.ToValue != shp.TrackingNumber {
			t.Fatalf("alert %+v", got.SupportAlerts)
		}
		// More trouble, another sweep, another direct call: still one.
		wh.MustData(t, scan, map[string]any{"n": shp.TrackingNumber}, &out)
		if _, err := h.srv.Support.ProcessAlerts(context.Background()); err != nil {
			t.Fatal(err)
		}
		if _, created, err := h.srv.Support.OpenProactive(context.Background(), shp.ID, "again"); err != nil || created {
			t.Fatalf("again: %v %v", created, err)
		}
		n, err := db.Client.Ticket.Query().Where(ticket.ShipmentID(shp.ID)).Count(sysCtx)
		if err != nil || n != 1 {
			t.Fatalf("%d tickets for one parcel in trouble (%v)", n, err)
		}
		var draft struct{ Node struct{ DraftReply *string } }
		agent.MustData(t, `query($id: ID!){ node(id: $id) { ... on Ticket { draftReply } } }`, map[string]any{"id": got.SupportAlerts.Ticket.ID}, &draft)
		if draft.Node.DraftReply == nil || !strings.Contains(*draft.Node.DraftReply, shp.TrackingNumber) {
			t.Fatalf("draft %+v", draft)
		}
	})
}
