package server_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/auditentry"
	"github.com/waybill/waybill/ent/carriertoken"
	"github.com/waybill/waybill/ent/shipment"
	"github.com/waybill/waybill/ent/trackingevent"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/gqltest"
	"github.com/waybill/waybill/internal/seed"
	"github.com/waybill/waybill/internal/testdb"
)

// Well-formed ids of no carrier and no carrier token.
const (
	noCarrier      = "car_00000000000000000000000000"
	noCarrierToken = "ctk_00000000000000000000000000"
)

const createCarrierToken = `mutation($in: CreateCarrierTokenInput!){ createCarrierToken(input: $in) {
	token carrierToken { id name tokenPrefix createdBy expiresAt revokedAt carrier { id code } } userErrors { code field message } } }`

// carrierToken issues a carrier API token through the API as admin and
// returns its secret.
func (h *harness) carrierToken(t *testing.T, admin *gqltest.Client, carrierID string) string {
	t.Helper()
	var out struct {
		CreateCarrierToken struct {
			Token      *string
			UserErrors []struct{ Code string }
		}
	}
	admin.MustData(t, createCarrierToken, map[string]any{"in": map[string]any{"carrierId": carrierID, "name": "hub scanners"}}, &out)
	if out.CreateCarrierToken.Token == nil {
		t.Fatalf("createCarrierToken: %+v", out.CreateCarrierToken.UserErrors)
	}
	return *out.CreateCarrierToken.Token
}

// carrierOfDemo is the id of the demo parcel's carrier.
func carrierOfDemo(t *testing.T, db *database.DB) string {
	t.Helper()
	return string(carrierOf(t, db, seed.DemoTrackingNumber).ID)
}

// parcelOfAnotherCarrier returns a parcel whose carrier is not shp's.
func parcelOfAnotherCarrier(t *testing.T, db *database.DB, shp *ent.Shipment) *ent.Shipment {
	t.Helper()
	other, err := db.Client.Shipment.Query().Where(shipment.HasCarrier(), shipment.CarrierIDNEQ(*shp.CarrierID)).
		Order(ent.Asc(shipment.FieldTrackingNumber)).First(sysCtx)
	if err != nil {
		t.Fatalf("a parcel of another carrier: %v", err)
	}
	return other
}

// TestCarrierTokenLifecycle: an admin issues a token (others may not), it
// shows in Carrier.apiTokens for admins only, it is audited without its
// secret, revoking it is idempotent and a revoked token gets the 401 of a
// bad session token.
func TestCarrierTokenLifecycle(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := newTrackingHarness(t, db)
		admin := h.admin(t)
		carrierID := carrierOfDemo(t, db)
		in := func(name string, days any) map[string]any {
			return map[string]any{"in": map[string]any{"carrierId": carrierID, "name": name, "expiresInDays": days}}
		}

		// Only admins.
		for who, c := range map[string]*gqltest.Client{
			"warehouse": h.as(t, "warehouse@waybill.test", "waybill-warehouse-demo"),
			"agent":     h.as(t, "agent@waybill.test", "waybill-agent-demo"),
			"customer":  h.as(t, "customer@waybill.test", "waybill-customer-demo"),
		} {
			res := c.Do(t, createCarrierToken, in("hub", nil))
			if res.Code() != "FORBIDDEN" || strings.Contains(string(res.Data), "wbc_") {
				t.Errorf("%s creates a token: %s %s", who, res.Code(), res.Data)
			}
		}
		if res := h.gql.Do(t, createCarrierToken, in("hub", nil)); res.Code() != "UNAUTHENTICATED" {
			t.Errorf("anonymous creates a token: %s", res.Code())
		}

		// Validation, as userErrors on the input fields.
		type payload struct {
			CreateCarrierToken struct {
				Token        *string
				CarrierToken *struct {
					ID, Name, TokenPrefix, CreatedBy string
					ExpiresAt, RevokedAt             *time.Time
					Carrier                          struct{ ID, Code string }
				}
				UserErrors []struct {
					Code    string
					Field   []string
					Message string
				}
			}
		}
		for _, c := range []struct {
			vars  map[string]any
			code  string
			field string
		}{
			{in("", nil), "REQUIRED", "input.name"},
			{in(strings.Repeat("x", 101), nil), "TOO_LONG", "input.name"},
			{in("hub", 0), "INVALID_EXPIRY", "input.expiresInDays"},
			{in("hub", 731), "INVALID_EXPIRY", "input.expiresInDays"},
			{map[string]any{"in": map[string]any{"carrierId": noCarrier, "name": "hub"}}, "UNKNOWN_CARRIER", "input.carrierId"},
		} {
			var p payload
			admin.MustData(t, createCarrierToken, c.vars, &p)
			ue := p.CreateCarrierToken.UserErrors
			if len(ue) != 1 || ue[0].Code != c.code || strings.Join(ue[0].Field, ".") != c.field || p.CreateCarrierToken.Token != nil {
				t.Errorf("%v: %+v", c.vars, p.CreateCarrierToken)
			}
		}

		var p payload
		admin.MustData(t, createCarrierToken, in("SF hub scanners", 30), &p)
		tok := p.CreateCarrierToken.CarrierToken
		if p.CreateCarrierToken.Token == nil || tok == nil || len(p.CreateCarrierToken.UserErrors) != 0 {
			t.Fatalf("create: %+v", p.CreateCarrierToken)
		}
		secret := *p.CreateCarrierToken.Token
		if !strings.HasPrefix(secret, "wbc_") || tok.TokenPrefix != secret[:12] || tok.Carrier.ID != carrierID ||
			tok.ExpiresAt == nil || !tok.ExpiresAt.Equal(h.clock.Now().Add(30*24*time.Hour)) || tok.CreatedBy == "" {
			t.Fatalf("token %q: %+v", secret, tok)
		}
		if n := db.Client.CarrierToken.Query().Where(carriertoken.TokenHash(secret)).CountX(sysCtx); n != 0 {
			t.Fatal("the secret is stored in clear")
		}

		// Carrier.apiTokens: admins see the token; everyone else an empty list, no error.
		const apiTokens = `query($id: ID!){ node(id: $id) { ... on Carrier { code apiTokens { id tokenPrefix name } } } }`
		var listed struct {
			Node struct {
				APITokens []struct{ ID, TokenPrefix string }
			}
		}
		admin.MustData(t, apiTokens, map[string]any{"id": carrierID}, &listed)
		if len(listed.Node.APITokens) != 1 || listed.Node.APITokens[0].ID != tok.ID {
			t.Fatalf("admin apiTokens: %+v", listed)
		}
		carrierClient := &gqltest.Client{URL: h.gql.URL, Token: secret}
		for who, c := range map[string]*gqltest.Client{
			"anonymous": h.gql, "warehouse": h.as(t, "warehouse@waybill.test", "waybill-warehouse-demo"), "carrier token": carrierClient,
		} {
			res := c.Do(t, apiTokens, map[string]any{"id": carrierID})
			if len(res.Errors) > 0 || !strings.Contains(string(res.Data), `"apiTokens":[]`) {
				t.Errorf("apiTokens as %s: %+v %s", who, res.Errors, res.Data)
			}
		}

		// Audited as the admin, never with the secret or its hash.
		var audit struct {
			AuditEntries struct {
				Edges []struct {
					Node struct {
						Action, ActorEmail string
						After              map[string]any
					}
				}
			}
		}
		admin.MustData(t, `{ auditEntries(first: 10, where: {objectType: "CarrierToken"}) { edges { node { action actorEmail after } } } }`, nil, &audit)
		if len(audit.AuditEntries.Edges) != 1 || audit.AuditEntries.Edges[0].Node.Action != "CarrierToken.create" ||
			audit.AuditEntries.Edges[0].Node.ActorEmail != "admin@waybill.test" || audit.AuditEntries.Edges[0].Node.After["token_hash"] != "[redacted]" {
			t.Fatalf("audit: %+v", audit)
		}
		raw, _ := json.Marshal(audit)
		if strings.Contains(string(raw), secret) {
			t.Fatal("the secret is in the audit log")
		}

		// It works, then is revoked (twice: the same answer).
		if res := carrierClient.Do(t, `{ myPermissions }`, nil); res.Status != http.StatusOK || !strings.Contains(string(res.Data), "RECORD_SCANS") {
			t.Fatalf("carrier token before revocation: %d %s", res.Status, res.Data)
		}
		const revoke = `mutation($id: ID!){ revokeCarrierToken(id: $id) { carrierToken { id revokedAt revokedBy } userErrors { code } } }`
		var r1, r2 struct {
			RevokeCarrierToken struct {
				CarrierToken *struct {
					RevokedAt *time.Time
					RevokedBy string
				}
				UserErrors []struct{ Code string }
			}
		}
		if res := h.as(t, "warehouse@waybill.test", "waybill-warehouse-demo").Do(t, revoke, map[string]any{"id": tok.ID}); res.Code() != "FORBIDDEN" {
			t.Fatalf("warehouse revokes: %s", res.Code())
		}
		admin.MustData(t, revoke, map[string]any{"id": tok.ID}, &r1)
		h.clock.Add(time.Minute)
		admin.MustData(t, revoke, map[string]any{"id": tok.ID}, &r2)
		if r1.RevokeCarrierToken.CarrierToken == nil || r1.RevokeCarrierToken.CarrierToken.RevokedAt == nil ||
			r2.RevokeCarrierToken.CarrierToken == nil || !r2.RevokeCarrierToken.CarrierToken.RevokedAt.Equal(*r1.RevokeCarrierToken.CarrierToken.RevokedAt) ||
			len(r2.RevokeCarrierToken.UserErrors) != 0 {
			t.Fatalf("revoke twice: %+v then %+v", r1, r2)
		}
		if n := db.Client.AuditEntry.Query().Where(auditentry.ObjectID(tok.ID), auditentry.Action("CarrierToken.update")).CountX(sysCtx); n != 1 {
			t.Fatalf("%d audit entries of the revocation, want 1", n)
		}
		revoked := carrierClient.Do(t, `{ myPermissions }`, nil)
		badSession := (&gqltest.Client{URL: h.gql.URL, Token: "wbs_not-a-session"}).Do(t, `{ myPermissions }`, nil)
		if revoked.Status != http.StatusUnauthorized || revoked.Code() != "UNAUTHENTICATED" ||
			revoked.Errors[0].Message != badSession.Errors[0].Message || badSession.Status != http.StatusUnauthorized {
			t.Fatalf("revoked token: %d %+v (a bad session token: %d %+v)", revoked.Status, revoked.Errors, badSession.Status, badSession.Errors)
		}
		var unknown struct {
			RevokeCarrierToken struct{ UserErrors []struct{ Code string } }
		}
		admin.MustData(t, revoke, map[string]any{"id": noCarrierToken}, &unknown)
		if len(unknown.RevokeCarrierToken.UserErrors) != 1 || unknown.RevokeCarrierToken.UserErrors[0].Code != "NOT_FOUND" {
			t.Fatalf("revoke an unknown token: %+v", unknown)
		}
	})
}

// TestCarrierTokenExpires: an expired token gets 401 like a bad session.
func TestCarrierTokenExpires(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := newTrackingHarness(t, db)
		admin := h.admin(t)
		var p struct {
			CreateCarrierToken struct{ Token *string }
		}
		admin.MustData(t, createCarrierToken, map[string]any{"in": map[string]any{"carrierId": carrierOfDemo(t, db), "name": "short", "expiresInDays": 1}}, &p)
		c := &gqltest.Client{URL: h.gql.URL, Token: *p.CreateCarrierToken.Token}
		if res := c.Do(t, `{ myPermissions }`, nil); res.Status != http.StatusOK || len(res.Errors) > 0 {
			t.Fatalf("fresh token: %d %+v", res.Status, res.Errors)
		}
		h.clock.Add(24*time.Hour - time.Second)
		if res := c.Do(t, `{ myPermissions }`, nil); res.Status != http.StatusOK {
			t.Fatalf("token a second before expiry: %d", res.Status)
		}
		h.clock.Add(time.Second)
		if res := c.Do(t, `{ myPermissions }`, nil); res.Status != http.StatusUnauthorized || res.Code() != "UNAUTHENTICATED" {
			t.Fatalf("expired token: %d %+v", res.Status, res.Errors)
		}
	})
}

// TestCarrierTokenScansOverHTTP: a carrier token records scans and
// positions for its carrier's parcels; another carrier's parcel gets the
// answer of an unknown number; the payload shows the parcel's own fields
// but nothing of its order.
func TestCarrierTokenScansOverHTTP(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := newTrackingHarness(t, db)
		own := inTransitParcel(t, db)
		other := parcelOfAnotherCarrier(t, db, own)
		c := &gqltest.Client{URL: h.gql.URL, Token: h.carrierToken(t, h.admin(t), string(*own.CarrierID))}

		const scan = `mutation($in: RecordScanInput!){ recordScan(input: $in) {
			duplicate event { id status city source } shipment { trackingNumber status } userErrors { code field message } } }`
		var out struct {
			RecordScan struct {
				Duplicate  bool
				Event      *struct{ ID, Status, City, Source string }
				Shipment   *struct{ TrackingNumber, Status string }
				UserErrors []struct {
					Code    string
					Field   []string
					Message string
				}
			}
		}
		before := len(eventsOf(t, db, own))
		c.MustData(t, scan, map[string]any{"in": map[string]any{"trackingNumber": own.TrackingNumber, "status": "IN_TRANSIT",
			"city": "武汉", "description": "到达武汉转运中心", "idempotencyKey": "hub-1"}}, &out)
		if len(out.RecordScan.UserErrors) != 0 || out.RecordScan.Event == nil || out.RecordScan.Event.Source != "SCAN" ||
			out.RecordScan.Shipment == nil || out.RecordScan.Shipment.TrackingNumber != own.TrackingNumber {
			t.Fatalf("scan of its own parcel: %+v", out.RecordScan)
		}
		if got := eventsOf(t, db, own); len(got) != before+1 || got[len(got)-1].Source != trackingevent.SourceSCAN {
			t.Fatalf("events %d → %d", before, len(got))
		}
		c.MustData(t, scan, map[string]any{"in": map[string]any{"trackingNumber": own.TrackingNumber, "status": "IN_TRANSIT",
			"city": "武汉", "idempotencyKey": "hub-1"}}, &out)
		if !out.RecordScan.Duplicate || len(eventsOf(t, db, own)) != before+1 {
			t.Fatalf("a retried scan is one scan: %+v", out.RecordScan)
		}

		// Another carrier's parcel reads exactly like an unknown number.
		otherBefore := len(eventsOf(t, db, other))
		unknownNumber := "EE123456785CN"
		answer := func(query string, vars map[string]any) string {
			res := c.Do(t, query, vars)
			if len(res.Errors) > 0 {
				t.Fatalf("%+v", res.Errors)
			}
			return strings.ReplaceAll(string(res.Data), other.TrackingNumber, unknownNumber)
		}
		vars := func(n string) map[string]any {
			return map[string]any{"in": map[string]any{"trackingNumber": n, "status": "DELIVERED", "city": "上海"}}
		}
		gotOther, gotUnknown := answer(scan, vars(other.TrackingNumber)), answer(scan, vars(unknownNumber))
		if gotOther != gotUnknown || !strings.Contains(gotOther, "UNKNOWN_PARCEL") {
			t.Fatalf("another carrier's parcel %s, an unknown one %s", gotOther, gotUnknown)
		}
		if n := len(eventsOf(t, db, other)); n != otherBefore || parcel(t, db, other.TrackingNumber).Status != other.Status {
			t.Fatal("the scan changed another carrier's parcel")
		}

		const position = `mutation($n: String!, $lat: Float!, $lng: Float!){ reportPosition(input: {trackingNumber: $n, latitude: $lat, longitude: $lng}) {
			accepted shipment { trackingNumber } userErrors { code field message } } }`
		h.clock.Add(time.Minute)
		var pos struct {
			ReportPosition struct {
				Accepted   bool
				UserErrors []struct{ Code string }
			}
		}
		c.MustData(t, position, map[string]any{"n": own.TrackingNumber, "lat": 30.6, "lng": 114.3}, &pos)
		if !pos.ReportPosition.Accepted || len(pos.ReportPosition.UserErrors) != 0 {
			t.Fatalf("position of its own parcel: %+v", pos)
		}
		posOther := answer(position, map[string]any{"n": other.TrackingNumber, "lat": 30.6, "lng": 114.3})
		posUnknown := answer(position, map[string]any{"n": unknownNumber, "lat": 30.6, "lng": 114.3})
		if posOther != posUnknown || !strings.Contains(posOther, "UNKNOWN_PARCEL") {
			t.Fatalf("position on another carrier's parcel %s, an unknown one %s", posOther, posUnknown)
		}

		// The payload's parcel does not open its order to the carrier.
		res := c.Do(t, `mutation($n: String!){ recordScan(input: {trackingNumber: $n, status: IN_TRANSIT}) {
			shipment { trackingNumber order { number contactEmail customerID } } } }`, map[string]any{"n": own.TrackingNumber})
		if strings.Contains(string(res.Data), "contactEmail") || strings.Contains(string(res.Data), "customerID") {
			t.Fatalf("the order of a scanned parcel leaked to a carrier: %s", res.Data)
		}
	})
}

// TestCarrierTokenReadsNothingElse: a carrier token is refused every read
// that is not public, and every other operation.
func TestCarrierTokenReadsNothingElse(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := newTrackingHarness(t, db)
		c := &gqltest.Client{URL: h.gql.URL, Token: h.carrierToken(t, h.admin(t), carrierOfDemo(t, db))}
		demo := parcel(t, db, seed.DemoTrackingNumber)
		orderID := string(*demo.OrderID)
		customerID := string(*db.Client.Order.GetX(sysCtx, *demo.OrderID).CustomerID)

		for _, q := range []struct{ name, query string }{
			{"orders", `{ orders(first: 100) { edges { node { id contactEmail } } } }`},
			{"customers", `{ customers(first: 100) { edges { node { id email } } } }`},
			{"shipments", `{ shipments(first: 100) { edges { node { id trackingNumber } } } }`},
			{"trackingEvents", `{ trackingEvents(first: 100) { edges { node { id } } } }`},
			{"accounts", `{ accounts(first: 100) { edges { node { id email } } } }`},
			{"auditEntries", `{ auditEntries(first: 5) { edges { node { id } } } }`},
			{"carrierTokens", `{ carrierTokens(first: 5) { edges { node { id } } } }`},
			{"tickets", `{ tickets(first: 5) { edges { node { id } } } }`},
			{"node(order)", `{ node(id: "` + orderID + `") { id ... on Order { number contactEmail } } }`},
			{"node(customer)", `{ node(id: "` + customerID + `") { id ... on Customer { email } } }`},
			{"node(shipment)", `{ node(id: "` + string(demo.ID) + `") { id ... on Shipment { trackingNumber } } }`},
			{"createCarrierToken", `mutation{ createCarrierToken(input: {carrierId: "` + noCarrier + `", name: "mine"}) { token userErrors { code } } }`},
			{"setCarrierStatusMapping", `mutation{ setCarrierStatusMapping(input: {carrierId: "` + noCarrier + `", code: "X", status: DELIVERED}) { userErrors { code } } }`},
			{"approveOrder", `mutation{ approveOrder(orderId: "` + orderID + `") { userErrors { code } } }`},
		} {
			res := c.Do(t, q.query, nil)
			if code := res.Code(); code != "FORBIDDEN" {
				t.Errorf("%s as a carrier token: code %q, data %s", q.name, code, res.Data)
			}
			if strings.Contains(string(res.Data), `"edges":[{`) || strings.Contains(string(res.Data), "@") || strings.Contains(string(res.Data), orderID) {
				t.Errorf("%s as a carrier token leaked: %s", q.name, res.Data)
			}
		}
		var me struct {
			Me            *struct{ ID string }
			MyPermissions []string
		}
		c.MustData(t, `{ me { id } myPermissions }`, nil, &me)
		if me.Me != nil || len(me.MyPermissions) != 1 || me.MyPermissions[0] != "RECORD_SCANS" {
			t.Fatalf("me %+v", me)
		}
		// Public reads stay public.
		var track struct{ TrackParcel *struct{ Status string } }
		c.MustData(t, `query($n: String!){ trackParcel(trackingNumber: $n) { status } }`, map[string]any{"n": seed.DemoTrackingNumber}, &track)
		if track.TrackParcel == nil {
			t.Fatal("trackParcel is public")
		}
		// Other routes do not take carrier tokens.
		req, _ := http.NewRequest(http.MethodGet, h.ts.URL+"/labels/"+string(demo.ID), nil)
		req.Header.Set("Authorization", "Bearer "+c.Token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("a label with a carrier token: %d", resp.StatusCode)
		}
	})
}
