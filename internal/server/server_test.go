package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/shipment"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/gqltest"
	"github.com/waybill/waybill/internal/seed"
	"github.com/waybill/waybill/internal/server"
	"github.com/waybill/waybill/internal/testdb"
	"github.com/waybill/waybill/internal/viewer"
)

const allowedOrigin = "https://shop.example.com"

var seedNow = time.Date(2026, 11, 21, 8, 0, 0, 0, time.UTC)

type harness struct {
	db  *database.DB
	srv *server.Server
	ts  *httptest.Server
	gql *gqltest.Client
}

func newHarness(t *testing.T, db *database.DB) *harness {
	t.Helper()
	if _, err := seed.Run(context.Background(), db.Client, seed.Options{Seed: 1, Now: seedNow}); err != nil {
		t.Fatalf("seed: %v", err)
	}
	cfg := server.DefaultConfig()
	cfg.CORSOrigins = []string{allowedOrigin}
	log := slog.New(slog.NewTextHandler(testLog{t}, &slog.HandlerOptions{Level: slog.LevelError}))
	srv, err := server.New(cfg, db, log)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &harness{db: db, srv: srv, ts: ts, gql: &gqltest.Client{URL: ts.URL + "/graphql"}}
}

// as returns a client signed in as email (a seeded demo account).
func (h *harness) as(t *testing.T, email, password string) *gqltest.Client {
	t.Helper()
	var out struct {
		Login struct {
			Token      *string
			UserErrors []struct{ Code string }
		}
	}
	h.gql.MustData(t, `mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token userErrors{ code } } }`,
		map[string]any{"e": email, "p": password}, &out)
	if out.Login.Token == nil {
		t.Fatalf("login %s: %+v", email, out.Login.UserErrors)
	}
	return &gqltest.Client{URL: h.gql.URL, Token: *out.Login.Token}
}

func (h *harness) admin(t *testing.T) *gqltest.Client {
	return h.as(t, "admin@waybill.test", "waybill-admin-demo")
}

func TestProductsConnection(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := newHarness(t, db)
		type page struct {
			Products struct {
				TotalCount int
				Edges      []struct {
					Cursor string
					Node   struct {
						ID, Sku string
						Price   struct {
							Amount   int
							Currency string
						}
						Available int
					}
				}
				PageInfo struct {
					HasNextPage bool
					EndCursor   string
				}
			}
		}
		const q = `query($after: Cursor){ products(first: 5, after: $after, orderBy: [{field: SKU}]) {
			totalCount edges { cursor node { id sku price { amount currency } available } } pageInfo { hasNextPage endCursor } } }`
		var p1, p2 page
		h.gql.MustData(t, q, nil, &p1)
		if len(p1.Products.Edges) != 5 || !p1.Products.PageInfo.HasNextPage || p1.Products.TotalCount < 60 {
			t.Fatalf("first page: %+v", p1.Products)
		}
		h.gql.MustData(t, q, map[string]any{"after": p1.Products.PageInfo.EndCursor}, &p2)
		if len(p2.Products.Edges) != 5 || p2.Products.Edges[0].Node.Sku <= p1.Products.Edges[4].Node.Sku {
			t.Fatalf("second page does not follow the first: %+v", p2.Products.Edges)
		}
		for _, e := range p1.Products.Edges {
			if e.Node.Price.Currency != "CNY" || e.Node.Price.Amount <= 0 || !strings.HasPrefix(e.Node.ID, "prd_") {
				t.Fatalf("bad product %+v", e.Node)
			}
		}
		// Filters come from entgql's where inputs.
		var filtered page
		sku := p1.Products.Edges[2].Node.Sku
		h.gql.MustData(t, `query($s:String!){ products(first: 10, where: {skuContainsFold: $s}) {
			totalCount edges { node { sku } } pageInfo { hasNextPage } } }`, map[string]any{"s": strings.ToLower(sku)}, &filtered)
		if filtered.Products.TotalCount != 1 || filtered.Products.Edges[0].Node.Sku != sku {
			t.Fatalf("filter by sku %s: %+v", sku, filtered.Products)
		}
		var cats struct{ ProductCategories []string }
		h.gql.MustData(t, `{ productCategories }`, nil, &cats)
		if len(cats.ProductCategories) < 6 {
			t.Fatalf("categories: %v", cats.ProductCategories)
		}
	})
}

// TestNodeResolvesEveryType resolves one id of every Node type through
// node(id:) and nodes(ids:), as an admin.
func TestNodeResolvesEveryType(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := newHarness(t, db)
		admin := h.admin(t)
		ids := oneIDPerType(t, db.Client)
		var all []string
		for typ, id := range ids {
			var raw struct{ Node map[string]any }
			admin.MustData(t, `query($id: ID!){ node(id: $id) { __typename id } }`, map[string]any{"id": id}, &raw)
			if raw.Node["__typename"] != typ || raw.Node["id"] != id {
				t.Errorf("node(%s) = %v, want a %s", id, raw.Node, typ)
			}
			all = append(all, id)
		}
		if len(ids) < 21 {
			t.Errorf("only %d node types have data: %v", len(ids), ids)
		}
		var many struct{ Nodes []map[string]any }
		admin.MustData(t, `query($ids: [ID!]!){ nodes(ids: $ids) { __typename id } }`, map[string]any{"ids": all}, &many)
		if len(many.Nodes) != len(all) {
			t.Fatalf("nodes returned %d of %d", len(many.Nodes), len(all))
		}
		res := admin.Do(t, `{ node(id: "nope_123") { id } }`, nil)
		if res.Code() != "NOT_FOUND" {
			t.Fatalf("malformed id: code %q, errors %+v", res.Code(), res.Errors)
		}
	})
}

func oneIDPerType(t *testing.T, c *ent.Client) map[string]string {
	t.Helper()
	ctx := viewer.SystemContext(context.Background())
	ids := map[string]string{}
	add := func(typ string, id string, err error) {
		if err == nil {
			ids[typ] = id
		} else if !ent.IsNotFound(err) {
			t.Fatal(err)
		}
	}
	first := func(typ string, f func() (string, error)) { id, err := f(); add(typ, id, err) }
	first("Account", func() (string, error) { id, err := c.Account.Query().FirstID(ctx); return string(id), err })
	first("Carrier", func() (string, error) { id, err := c.Carrier.Query().FirstID(ctx); return string(id), err })
	first("Coupon", func() (string, error) { id, err := c.Coupon.Query().FirstID(ctx); return string(id), err })
	first("Customer", func() (string, error) { id, err := c.Customer.Query().FirstID(ctx); return string(id), err })
	first("Order", func() (string, error) { id, err := c.Order.Query().FirstID(ctx); return string(id), err })
	first("OrderEvent", func() (string, error) { id, err := c.OrderEvent.Query().FirstID(ctx); return string(id), err })
	first("OrderLine", func() (string, error) { id, err := c.OrderLine.Query().FirstID(ctx); return string(id), err })
	first("Payment", func() (string, error) { id, err := c.Payment.Query().FirstID(ctx); return string(id), err })
	first("Product", func() (string, error) { id, err := c.Product.Query().FirstID(ctx); return string(id), err })
	first("Shipment", func() (string, error) { id, err := c.Shipment.Query().FirstID(ctx); return string(id), err })
	first("ShipmentItem", func() (string, error) { id, err := c.ShipmentItem.Query().FirstID(ctx); return string(id), err })
	first("StockLevel", func() (string, error) { id, err := c.StockLevel.Query().FirstID(ctx); return string(id), err })
	first("StockMovement", func() (string, error) { id, err := c.StockMovement.Query().FirstID(ctx); return string(id), err })
	first("Ticket", func() (string, error) { id, err := c.Ticket.Query().FirstID(ctx); return string(id), err })
	first("TicketMessage", func() (string, error) { id, err := c.TicketMessage.Query().FirstID(ctx); return string(id), err })
	first("TrackingEvent", func() (string, error) { id, err := c.TrackingEvent.Query().FirstID(ctx); return string(id), err })
	first("Warehouse", func() (string, error) { id, err := c.Warehouse.Query().FirstID(ctx); return string(id), err })

	// Types the demo data may not have: make one of each.
	cust, err := c.Customer.Query().First(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ord, err := c.Order.Query().First(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.PointsEntry.Create().SetCustomerID(cust.ID).SetDelta(10).SetKind("ADJUST").Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if err := c.ReturnRequest.Create().SetNumber("RMA-TEST-1").SetOrderID(ord.ID).SetReason("test").Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if err := c.SurveyResponse.Create().SetKind("DELIVERY").SetSubjectID(string(ord.ID)).SetScore(5).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if err := c.AuditEntry.Create().SetAction("test").Exec(ctx); err != nil {
		t.Fatal(err)
	}
	first("PointsEntry", func() (string, error) { id, err := c.PointsEntry.Query().FirstID(ctx); return string(id), err })
	first("ReturnRequest", func() (string, error) { id, err := c.ReturnRequest.Query().FirstID(ctx); return string(id), err })
	first("SurveyResponse", func() (string, error) { id, err := c.SurveyResponse.Query().FirstID(ctx); return string(id), err })
	first("AuditEntry", func() (string, error) { id, err := c.AuditEntry.Query().FirstID(ctx); return string(id), err })
	return ids
}

func TestCORSAllowList(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := newHarness(t, db)
		for _, c := range []struct {
			origin string
			allow  bool
		}{{"https://evil.example", false}, {allowedOrigin, true}} {
			for _, method := range []string{http.MethodOptions, http.MethodPost} {
				req, _ := http.NewRequest(method, h.ts.URL+"/graphql", strings.NewReader(`{"query":"{ productCategories }"}`))
				req.Header.Set("Origin", c.origin)
				req.Header.Set("Content-Type", "application/json")
				if method == http.MethodOptions {
					req.Header.Set("Access-Control-Request-Method", "POST")
					req.Header.Set("Access-Control-Request-Headers", "authorization,content-type")
				}
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				got := res.Header.Get("Access-Control-Allow-Origin")
				if c.allow && (got != c.origin || res.Header.Get("Access-Control-Allow-Credentials") != "true") {
					t.Errorf("%s from %s: allow-origin %q credentials %q", method, c.origin, got, res.Header.Get("Access-Control-Allow-Credentials"))
				}
				if !c.allow && got != "" {
					t.Errorf("%s from %s: got allow-origin %q, want none", method, c.origin, got)
				}
			}
		}
		if _, err := server.New(server.Config{CORSOrigins: []string{"*"}}, db, slog.Default()); err == nil {
			t.Fatal("a wildcard origin must be refused")
		}
		if _, err := server.New(server.Config{CORSOrigins: []string{"https://*.example.com"}}, db, slog.Default()); err == nil {
			t.Fatal("an origin pattern must be refused")
		}
	})
}

func TestHealthReadyMetricsAndSPA(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := newHarness(t, db)
		get := func(path string) (int, string, http.Header) {
			res, err := http.Get(h.ts.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			return res.StatusCode, string(b), res.Header
		}
		if code, body, hdr := get("/healthz"); code != 200 || !strings.Contains(body, "ok") || hdr.Get("X-Request-Id") == "" {
			t.Fatalf("/healthz: %d %q %v", code, body, hdr)
		}
		if code, body, _ := get("/readyz"); code != 200 || !strings.Contains(body, "ready") {
			t.Fatalf("/readyz: %d %q", code, body)
		}
		get("/graphql?query=%7BproductCategories%7D")
		if code, body, _ := get("/metrics"); code != 200 || !strings.Contains(body, `waybill_http_requests_total{route="/graphql",code="200"}`) ||
			!strings.Contains(body, "waybill_http_request_duration_seconds_bucket") {
			t.Fatalf("/metrics: %d\n%s", code, body)
		}
		// The SPA answers every client-side route with its index page.
		for _, p := range []string{"/", "/track/WB123", "/staff"} {
			if code, body, hdr := get(p); code != 200 || !strings.Contains(body, "<html") || !strings.HasPrefix(hdr.Get("Content-Type"), "text/html") {
				t.Fatalf("%s: %d %q", p, code, body[:min(len(body), 80)])
			}
		}
		if code, _, _ := get("/assets/missing-file.js"); code != 404 {
			t.Fatalf("a missing asset must be 404, got %d", code)
		}
		if code, body, _ := get("/graphiql"); code != 200 || !strings.Contains(strings.ToLower(body), "graphiql") {
			t.Fatalf("/graphiql: %d", code)
		}
		// Readiness follows the database.
		db.SQL.Close()
		if code, _, _ := get("/readyz"); code != http.StatusServiceUnavailable {
			t.Fatalf("/readyz with the database closed: %d", code)
		}
	})
}

// TestInternalErrorsAreMasked: a database fault reaches the caller as
// INTERNAL with a request id, never as SQL.
func TestInternalErrorsAreMasked(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := newHarness(t, db)
		db.SQL.Close()
		res := h.gql.Do(t, `{ products(first: 3) { edges { node { sku } } } }`, nil)
		if res.Code() != "INTERNAL" || len(res.Errors) != 1 {
			t.Fatalf("errors: %+v", res.Errors)
		}
		msg := strings.ToLower(res.Errors[0].Message)
		for _, leak := range []string{"sql", "select", "database", "closed", "goroutine"} {
			if strings.Contains(msg, leak) {
				t.Fatalf("error message leaks %q: %s", leak, res.Errors[0].Message)
			}
		}
		if res.Errors[0].Extensions["requestId"] == "" || !strings.Contains(res.Errors[0].Message, res.HTTP.Header.Get("X-Request-Id")) {
			t.Fatalf("no request id in %+v", res.Errors[0])
		}
	})
}

func TestLoginSessionAndPrivacy(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := newHarness(t, db)
		var bad struct {
			Login struct {
				Token      *string
				UserErrors []struct {
					Code  string
					Field []string
				}
			}
		}
		h.gql.MustData(t, `mutation{ login(email:"admin@waybill.test", password:"wrong-password-1"){ token userErrors{ code field } } }`, nil, &bad)
		if bad.Login.Token != nil || len(bad.Login.UserErrors) != 1 || bad.Login.UserErrors[0].Code != "INVALID_CREDENTIALS" {
			t.Fatalf("wrong password: %+v", bad.Login)
		}

		// Anonymous callers see the catalog but no orders.
		if res := h.gql.Do(t, `{ orders(first: 1) { totalCount } }`, nil); res.Code() != "UNAUTHENTICATED" {
			t.Fatalf("anonymous orders: %+v", res.Errors)
		}
		admin := h.admin(t)
		var me struct{ Me struct{ Email, Role string } }
		admin.MustData(t, `{ me { email role } }`, nil, &me)
		if me.Me.Role != "ADMIN" {
			t.Fatalf("me: %+v", me)
		}
		var all struct{ Orders struct{ TotalCount int } }
		admin.MustData(t, `{ orders { totalCount } }`, nil, &all)

		// A customer sees only their own orders, through every path.
		cust := h.as(t, "customer@waybill.test", "waybill-customer-demo")
		var mine struct {
			Orders struct {
				TotalCount int
				Edges      []struct {
					Node struct{ ID, ContactEmail string }
				}
			}
		}
		cust.MustData(t, `{ orders(first: 100) { totalCount edges { node { id contactEmail } } } }`, nil, &mine)
		if mine.Orders.TotalCount == 0 || mine.Orders.TotalCount >= all.Orders.TotalCount {
			t.Fatalf("customer sees %d of %d orders", mine.Orders.TotalCount, all.Orders.TotalCount)
		}
		own := map[string]bool{}
		for _, e := range mine.Orders.Edges {
			own[e.Node.ID] = true
		}
		var other struct {
			Orders struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		admin.MustData(t, `{ orders(first: 100) { edges { node { id } } } }`, nil, &other)
		for _, e := range other.Orders.Edges {
			if own[e.Node.ID] {
				continue
			}
			res := cust.Do(t, `query($id: ID!){ node(id: $id) { id } }`, map[string]any{"id": e.Node.ID})
			if len(res.Errors) == 0 || strings.Contains(string(res.Data), e.Node.ID) {
				t.Fatalf("customer read someone else's order %s: %s", e.Node.ID, res.Data)
			}
			break
		}

		// Logout revokes the token.
		var out struct{ Logout struct{ Ok bool } }
		cust.MustData(t, `mutation{ logout { ok } }`, nil, &out)
		if res := cust.Do(t, `{ me { id } }`, nil); res.Status != http.StatusUnauthorized || res.Code() != "UNAUTHENTICATED" {
			t.Fatalf("revoked token: status %d %+v", res.Status, res.Errors)
		}
	})
}

func TestLoginSetsHttpOnlyCookie(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := newHarness(t, db)
		res := h.gql.Do(t, `mutation{ login(email:"agent@waybill.test", password:"waybill-agent-demo"){ token } }`, nil)
		var cookie *http.Cookie
		for _, c := range res.HTTP.Cookies() {
			if c.Name == "waybill_session" {
				cookie = c
			}
		}
		if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode {
			t.Fatalf("session cookie: %+v", cookie)
		}
		withCookie := &gqltest.Client{URL: h.gql.URL, Header: http.Header{"Cookie": {cookie.Name + "=" + cookie.Value}}}
		var me struct{ Me *struct{ Role string } }
		withCookie.MustData(t, `{ me { role } }`, nil, &me)
		if me.Me == nil || me.Me.Role != "AGENT" {
			t.Fatalf("cookie session: %+v", me.Me)
		}
		// A cross-site origin cannot ride the cookie.
		forged := &gqltest.Client{URL: h.gql.URL, Header: http.Header{
			"Cookie": {cookie.Name + "=" + cookie.Value}, "Origin": {"https://evil.example"}}}
		forged.MustData(t, `{ me { role } }`, nil, &me)
		if me.Me != nil {
			t.Fatal("a cross-origin request was authenticated by cookie")
		}
	})
}

func TestPublicTracking(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := newHarness(t, db)
		var out struct {
			TrackParcel *struct {
				TrackingNumber, Status string
				Events                 []struct{ Status, City string }
			}
		}
		h.gql.MustData(t, `query($n:String!){ trackParcel(trackingNumber:$n){ trackingNumber status events { status city } } }`,
			map[string]any{"n": strings.ToLower(seed.DemoTrackingNumber)}, &out)
		if out.TrackParcel == nil || out.TrackParcel.TrackingNumber != seed.DemoTrackingNumber || len(out.TrackParcel.Events) < 3 {
			t.Fatalf("trackParcel: %+v", out.TrackParcel)
		}
		h.gql.MustData(t, `{ trackParcel(trackingNumber:"ZZ000000000CN"){ status } }`, nil, &out)
		if out.TrackParcel != nil {
			t.Fatal("an unknown number must give null")
		}
		// The shipment itself is not public.
		ctx := viewer.SystemContext(context.Background())
		shp, err := db.Client.Shipment.Query().Where(shipment.TrackingNumber(seed.DemoTrackingNumber)).Only(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if res := h.gql.Do(t, `query($id:ID!){ node(id:$id){ id } }`, map[string]any{"id": shp.ID}); len(res.Errors) == 0 {
			t.Fatalf("anonymous node(shipment): %s", res.Data)
		}
	})
}

// testLog sends server error logs to the test's log.
type testLog struct{ t *testing.T }

func (w testLog) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}
