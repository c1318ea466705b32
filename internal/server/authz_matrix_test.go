package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/waybill/waybill/ent/customer"
	"github.com/waybill/waybill/ent/order"
	"github.com/waybill/waybill/ent/ticket"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/gqltest"
	"github.com/waybill/waybill/internal/seed"
	"github.com/waybill/waybill/internal/testdb"
	"github.com/waybill/waybill/internal/viewer"
)

// The viewers of the matrix.
const (
	anon      = "anonymous"
	custA     = "customerA"
	custB     = "customerB"
	agent     = "agent"
	warehouse = "warehouse"
	admin     = "admin"
	// carrierTok is a carrier API token: no account, it may record scans
	// for its carrier's parcels and reads only what is public.
	carrierTok = "carrierToken"
)

var viewers = []string{anon, custA, custB, agent, warehouse, admin, carrierTok}

// outcome is what one viewer gets from one operation.
type outcome int

const (
	allow outcome = iota // data, no error
	deny                 // FORBIDDEN or UNAUTHENTICATED, and no data
	own                  // allowed, but only the viewer's own rows
)

type fixture struct {
	orderA     string // an order of customer A
	emailA     string
	customerA  string
	customerB  string
	ticketA    string // a ticket of customer A (support rows: support_matrix_test.go)
	accountIDs map[string]string
}

type op struct {
	name  string
	query string
	vars  func(f fixture) map[string]any
	want  map[string]outcome
	// rows extracts the customer ids of returned rows, for "own" cells.
	rows func(data json.RawMessage) []string
}

func everyone(o outcome) map[string]outcome {
	m := map[string]outcome{}
	for _, v := range viewers {
		m[v] = o
	}
	return m
}

func only(roles ...string) map[string]outcome {
	m := everyone(deny)
	for _, r := range roles {
		m[r] = allow
	}
	return m
}

func ownFor(m map[string]outcome) map[string]outcome {
	m[custA], m[custB] = own, own
	return m
}

// edgesField returns the given field of every node of the first connection in data.
func edgesField(field string) func(json.RawMessage) []string {
	return func(data json.RawMessage) []string {
		var top map[string]struct {
			Edges []struct{ Node map[string]any }
		}
		_ = json.Unmarshal(data, &top)
		var out []string
		for _, conn := range top {
			for _, e := range conn.Edges {
				s, _ := e.Node[field].(string)
				if nested, ok := e.Node[field].(map[string]any); ok {
					s, _ = nested["id"].(string)
				}
				out = append(out, s)
			}
		}
		return out
	}
}

var matrix = []op{
	{name: "productCategories", query: `{ productCategories }`, want: everyone(allow)},
	{name: "products", query: `{ products(first: 5) { edges { node { id sku available } } } }`, want: everyone(allow)},
	{name: "warehouses", query: `{ warehouses(first: 5) { edges { node { id code } } } }`, want: everyone(allow)},
	{name: "carriers", query: `{ carriers(first: 5) { edges { node { id code } } } }`, want: everyone(allow)},
	{name: "trackParcel", query: `query($n:String!){ trackParcel(trackingNumber:$n) { status } }`,
		vars: func(fixture) map[string]any { return map[string]any{"n": seed.DemoTrackingNumber} }, want: everyone(allow)},
	{name: "me", query: `{ me { id } }`, want: everyone(allow)},
	{name: "myPermissions", query: `{ myPermissions }`, want: everyone(allow)},
	{name: "stockLevels", query: `{ stockLevels(first: 5) { edges { node { id onHand } } } }`, want: only(agent, warehouse, admin)},
	{name: "stockMovements", query: `{ stockMovements(first: 5) { edges { node { id kind } } } }`, want: only(agent, warehouse, admin)},
	{name: "customers", query: `{ customers(first: 100) { edges { node { id } } } }`, want: ownFor(only(agent, admin)), rows: edgesField("id")},
	{name: "accounts", query: `{ accounts(first: 100) { edges { node { id email } } } }`, want: ownFor(only(agent, warehouse, admin)), rows: edgesField("email")},
	{name: "auditEntries", query: `{ auditEntries(first: 5) { edges { node { id action } } } }`, want: only(admin)},
	{name: "orders", query: `{ orders(first: 100) { edges { node { id customerID } } } }`, want: ownFor(only(agent, warehouse, admin)), rows: edgesField("customerID")},
	{name: "orders by filter", query: `query($e:String!){ orders(first: 100, where: {contactEmail: $e}) { edges { node { id customerID } } } }`,
		vars: func(f fixture) map[string]any { return map[string]any{"e": f.emailA} }, want: ownFor(only(agent, warehouse, admin)), rows: edgesField("customerID")},
	{name: "shipments", query: `{ shipments(first: 100) { edges { node { id order { customerID } } } } }`, want: ownFor(only(agent, warehouse, admin)),
		rows: func(data json.RawMessage) []string {
			var d struct {
				Shipments struct {
					Edges []struct {
						Node struct{ Order *struct{ CustomerID string } }
					}
				}
			}
			_ = json.Unmarshal(data, &d)
			var out []string
			for _, e := range d.Shipments.Edges {
				if e.Node.Order != nil {
					out = append(out, e.Node.Order.CustomerID)
				} else {
					out = append(out, "")
				}
			}
			return out
		}},
	{name: "trackingEvents", query: `{ trackingEvents(first: 100) { edges { node { id shipment { order { customerID } } } } } }`, want: ownFor(only(agent, warehouse, admin)),
		rows: func(data json.RawMessage) []string {
			var d struct {
				TrackingEvents struct {
					Edges []struct {
						Node struct {
							Shipment struct{ Order *struct{ CustomerID string } }
						}
					}
				}
			}
			_ = json.Unmarshal(data, &d)
			var out []string
			for _, e := range d.TrackingEvents.Edges {
				if e.Node.Shipment.Order != nil {
					out = append(out, e.Node.Shipment.Order.CustomerID)
				} else {
					out = append(out, "")
				}
			}
			return out
		}},
	{name: "tickets", query: `{ tickets(first: 100) { edges { node { id customerID } } } }`, want: ownFor(only(agent, admin)), rows: edgesField("customerID")},
	{name: "coupons", query: `{ coupons(first: 100) { edges { node { id customerID } } } }`, want: ownFor(only(agent, admin)), rows: edgesField("customerID")},
	{name: "returnRequests", query: `{ returnRequests(first: 100) { edges { node { id customerID } } } }`, want: ownFor(only(agent, warehouse, admin)), rows: edgesField("customerID")},
	{name: "surveyResponses", query: `{ surveyResponses(first: 100) { edges { node { id customerID } } } }`, want: ownFor(only(agent, admin)), rows: edgesField("customerID")},
	{name: "node(order of A)", query: `query($id: ID!){ node(id: $id) { id ... on Order { number } } }`,
		vars: func(f fixture) map[string]any { return map[string]any{"id": f.orderA} },
		want: func() map[string]outcome { m := only(custA, agent, warehouse, admin); return m }()},
	{name: "nodes(order of A)", query: `query($id: ID!){ nodes(ids: [$id]) { id } }`,
		vars: func(f fixture) map[string]any { return map[string]any{"id": f.orderA} },
		want: only(custA, agent, warehouse, admin)},
	{name: "createStaffAccount", query: `mutation{ createStaffAccount(input: {email: "new.agent@waybill.test", password: "new-agent-pass-1", role: AGENT}) { userErrors { code } } }`,
		want: only(admin)},
	{name: "updateAccount", query: `mutation($id: ID!){ updateAccount(input: {id: $id, displayName: "Renamed"}) { account { id } userErrors { code } } }`,
		vars: func(f fixture) map[string]any { return map[string]any{"id": f.accountIDs[warehouse]} }, want: only(admin)},
	{name: "changePassword", query: `mutation{ changePassword(currentPassword: "not-my-password-1", newPassword: "another-pass-2") { ok userErrors { code } } }`,
		want: only(custA, custB, agent, warehouse, admin)},
	{name: "orderRules", query: `{ orderRules { currency } }`, want: everyone(allow)},
	{name: "guestOrder", query: `{ guestOrder(number: "WB-00000000-000000", email: "x@example.cn") { id } }`, want: everyone(allow)},
	{name: "placeOrder", query: `mutation{ placeOrder(input: {idempotencyKey: "matrix", contact: {name: "x", email: "bad", phone: "1"}, shippingAddress: {city: "上海", line1: "x"}, lines: [], payment: {cardNumber: "4242424242424242"}}) { order { id } userErrors { code } } }`,
		want: everyone(allow)},
	{name: "approveOrder", query: `mutation($id: ID!){ approveOrder(orderId: $id) { userErrors { code } } }`,
		vars: func(f fixture) map[string]any { return map[string]any{"id": f.orderA} }, want: only(agent, admin)},
	{name: "rejectOrder", query: `mutation($id: ID!){ rejectOrder(orderId: $id, note: "matrix") { userErrors { code } } }`,
		vars: func(f fixture) map[string]any { return map[string]any{"id": f.orderA} }, want: only(agent, admin)},
	{name: "cancelOrder", query: `mutation($id: ID!){ cancelOrder(orderId: $id) { userErrors { code } } }`,
		vars: func(f fixture) map[string]any { return map[string]any{"id": f.orderA} }, want: only(custA, agent, admin)},
	{name: "retryPayment", query: `mutation($id: ID!){ retryPayment(orderId: $id, payment: {cardNumber: "4242424242424242"}) { userErrors { code } } }`,
		vars: func(f fixture) map[string]any { return map[string]any{"id": f.orderA} }, want: only(custA, agent, warehouse, admin)},
	{name: "requestEmailVerification", query: `mutation{ requestEmailVerification { ok userErrors { code } } }`, want: only(custA, custB, agent, warehouse, admin)},
	{name: "verifyEmail", query: `mutation{ verifyEmail(token: "wbe_nope") { userErrors { code } } }`, want: everyone(allow)},
	// Carrier API tokens (tracking): admins manage them; scans are for
	// warehouse staff, admins and carrier tokens. Inputs fail validation
	// after authorization, so nothing changes.
	{name: "carrierTokens", query: `{ carrierTokens(first: 5) { edges { node { id tokenPrefix } } } }`, want: only(admin)},
	{name: "createCarrierToken", query: `mutation{ createCarrierToken(input: {carrierId: "` + noCarrier + `", name: ""}) { token carrierToken { id } userErrors { code } } }`,
		want: only(admin)},
	{name: "revokeCarrierToken", query: `mutation{ revokeCarrierToken(id: "` + noCarrierToken + `") { carrierToken { id } userErrors { code } } }`, want: only(admin)},
	{name: "recordScan", query: `mutation{ recordScan(input: {trackingNumber: "EE123456785CN", status: IN_TRANSIT}) { event { id } userErrors { code } } }`,
		want: only(warehouse, admin, carrierTok)},
	{name: "reportPosition", query: `mutation{ reportPosition(input: {trackingNumber: "EE123456785CN", latitude: 31.2, longitude: 121.5}) { accepted userErrors { code } } }`,
		want: only(warehouse, admin, carrierTok)},
	{name: "login", query: `mutation{ login(email: "nobody@waybill.test", password: "whatever-123") { token userErrors { code } } }`, want: everyone(allow)},
	{name: "logout", query: `mutation{ logout { ok } }`, want: everyone(allow)},
}

// needsAccount are the operations on the caller's own account, which a
// carrier token (no account) is refused as UNAUTHENTICATED.
var needsAccount = map[string]bool{"changePassword": true, "requestEmailVerification": true}

// TestAuthorizationMatrix runs every operation as every kind of viewer.
func TestAuthorizationMatrix(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := newHarness(t, db)
		clients := map[string]*gqltest.Client{
			anon:      h.gql,
			custA:     h.as(t, "customer@waybill.test", "waybill-customer-demo"),
			agent:     h.as(t, "agent@waybill.test", "waybill-agent-demo"),
			warehouse: h.as(t, "warehouse@waybill.test", "waybill-warehouse-demo"),
			admin:     h.admin(t),
		}
		var reg struct{ Register struct{ Token *string } }
		h.gql.MustData(t, `mutation{ register(input: {email: "b.customer@example.cn", password: "b-customer-pass-1", name: "李四"}) { token } }`, nil, &reg)
		if reg.Register.Token == nil {
			t.Fatal("register customer B")
		}
		clients[custB] = &gqltest.Client{URL: h.gql.URL, Token: *reg.Register.Token}
		clients[carrierTok] = &gqltest.Client{URL: h.gql.URL, Token: h.carrierToken(t, clients[admin], carrierOfDemo(t, db))}

		ctx := viewer.SystemContext(context.Background())
		f := fixture{accountIDs: map[string]string{}}
		ca, err := db.Client.Customer.Query().Where(customer.Email("customer@waybill.test")).Only(ctx)
		if err != nil {
			t.Fatal(err)
		}
		cb, err := db.Client.Customer.Query().Where(customer.Email("b.customer@example.cn")).Only(ctx)
		if err != nil {
			t.Fatal(err)
		}
		f.customerA, f.customerB, f.emailA = string(ca.ID), string(cb.ID), ca.Email
		oa, err := db.Client.Order.Query().Where(order.CustomerID(ca.ID)).First(ctx)
		if err != nil {
			t.Fatal("customer A needs an order:", err)
		}
		f.orderA = string(oa.ID)
		ta, err := db.Client.Ticket.Query().Where(ticket.CustomerID(ca.ID)).First(ctx)
		if err != nil {
			t.Fatal("customer A needs a ticket:", err)
		}
		f.ticketA = string(ta.ID)
		for _, a := range db.Client.Account.Query().AllX(ctx) {
			f.accountIDs[strings.ToLower(string(a.Role))] = string(a.ID)
		}
		f.accountIDs[warehouse] = f.accountIDs["warehouse"]
		// A customer's own rows carry their customer id (or, for accounts, email).
		ownRow := map[string]map[string]bool{
			custA: {f.customerA: true, "customer@waybill.test": true},
			custB: {f.customerB: true, "b.customer@example.cn": true},
		}

		// Subscriptions obey the same rules: the public parcel view carries no
		// personal data whoever subscribes.
		sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		for _, who := range viewers {
			init := map[string]any{}
			if clients[who].Token != "" {
				init["authToken"] = clients[who].Token
			}
			sub, err := gqltest.Subscribe(t, sctx, h.ts.URL+"/graphql", gqltest.TransportWS, http.Header{}, init,
				`subscription($n:String!){ parcelUpdated(trackingNumber:$n){ trackingNumber status } }`,
				map[string]any{"n": seed.DemoTrackingNumber})
			if err != nil {
				t.Fatalf("subscribe as %s: %v", who, err)
			}
			if got := recv(t, sctx, sub); !strings.Contains(string(got), seed.DemoTrackingNumber) {
				t.Errorf("parcelUpdated as %s: %s", who, got)
			}
			sub.Close()
		}

		for _, o := range matrix {
			for _, who := range viewers {
				want := o.want[who]
				var vars map[string]any
				if o.vars != nil {
					vars = o.vars(f)
				}
				res := clients[who].Do(t, o.query, vars)
				code := res.Code()
				switch want {
				case allow, own:
					if len(res.Errors) > 0 {
						t.Errorf("%s as %s: want allowed, got %s %+v", o.name, who, code, res.Errors)
						continue
					}
					if want == own && o.rows != nil {
						for _, c := range o.rows(res.Data) {
							if !ownRow[who][c] {
								t.Errorf("%s as %s: got a row of %q, not their own", o.name, who, c)
							}
						}
					}
				case deny:
					if code != "FORBIDDEN" && code != "UNAUTHENTICATED" {
						t.Errorf("%s as %s: want denied, got code %q errors %+v data %s", o.name, who, code, res.Errors, res.Data)
						continue
					}
					wantCode := "FORBIDDEN"
					// A carrier token has no account: what needs one answers
					// it UNAUTHENTICATED, like the anonymous caller.
					if who == anon || who == carrierTok && needsAccount[o.name] {
						wantCode = "UNAUTHENTICATED"
					}
					if code != wantCode {
						t.Errorf("%s as %s: code %q", o.name, who, code)
					}
					if strings.Contains(string(res.Data), f.orderA) || strings.Contains(string(res.Data), `"edges":[{`) {
						t.Errorf("%s as %s: denied but data leaked: %s", o.name, who, res.Data)
					}
				}
			}
		}

	})
}
