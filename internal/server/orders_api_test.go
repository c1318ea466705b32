package server_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/gqltest"
	"github.com/waybill/waybill/internal/testdb"
	"github.com/waybill/waybill/internal/viewer"
)

const placeOrderMutation = `mutation($in: PlaceOrderInput!){ placeOrder(input: $in) {
	replayed order { id number status total { amount currency } lines { sku quantity } events { toStatus } }
	userErrors { field code message details } } }`

func orderInput(key string, sku string, qty int) map[string]any {
	return map[string]any{
		"idempotencyKey":  key,
		"contact":         map[string]any{"name": "王芳", "email": "customer@waybill.test", "phone": "+86 138 0013 8000"},
		"shippingAddress": map[string]any{"province": "上海市", "city": "上海", "district": "浦东新区", "line1": "世纪大道 100 号", "postalCode": "200120"},
		"lines":           []any{map[string]any{"sku": sku, "quantity": qty}},
		"delivery":        map[string]any{"option": "STANDARD"},
		"payment":         map[string]any{"cardNumber": "4242424242424242"},
	}
}

// TestPlaceOrderOverGraphQL: the API maps the domain faithfully — an order
// is placed and replayed by key, and a refused one reports userErrors with
// field paths and changes nothing.
func TestPlaceOrderOverGraphQL(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := newHarness(t, db)
		cust := h.as(t, "customer@waybill.test", "waybill-customer-demo")
		type payload struct {
			PlaceOrder struct {
				Replayed bool
				Order    *struct {
					ID, Number, Status string
					Total              struct{ Amount int }
					Events             []struct{ ToStatus string }
				}
				UserErrors []struct {
					Field   []string
					Code    string
					Details map[string]any
				}
			}
		}
		var first, again payload
		in := orderInput("api-1", "EL-0001", 1)
		cust.MustData(t, placeOrderMutation, map[string]any{"in": in}, &first)
		if first.PlaceOrder.Order == nil || len(first.PlaceOrder.UserErrors) != 0 {
			t.Fatalf("placeOrder: %+v", first.PlaceOrder)
		}
		cust.MustData(t, placeOrderMutation, map[string]any{"in": in}, &again)
		if !again.PlaceOrder.Replayed || again.PlaceOrder.Order.ID != first.PlaceOrder.Order.ID {
			t.Fatalf("replay: %+v", again.PlaceOrder)
		}
		ctx := viewer.SystemContext(context.Background())
		before := db.Client.Order.Query().CountX(ctx)
		movements := db.Client.StockMovement.Query().CountX(ctx)
		customers := db.Client.Customer.Query().CountX(ctx)
		var bad payload
		badIn := orderInput("api-2", "EL-0001", 999)
		badIn["contact"] = map[string]any{"name": "新客人", "email": "brand.new@example.cn", "phone": "13900000000"}
		h.gql.MustData(t, placeOrderMutation, map[string]any{"in": badIn}, &bad)
		if len(bad.PlaceOrder.UserErrors) == 0 || bad.PlaceOrder.Order != nil {
			t.Fatalf("999 units: %+v", bad.PlaceOrder)
		}
		ue := bad.PlaceOrder.UserErrors[0]
		if ue.Code != "INSUFFICIENT_STOCK" || len(ue.Field) < 3 || ue.Field[1] != "lines" || ue.Details["available"] == nil {
			t.Fatalf("userError: %+v", ue)
		}
		if db.Client.Order.Query().CountX(ctx) != before || db.Client.StockMovement.Query().CountX(ctx) != movements ||
			db.Client.Customer.Query().CountX(ctx) != customers {
			t.Fatal("a refused order changed the database")
		}
		// Only reviewers may approve.
		res := cust.Do(t, `mutation($id: ID!){ approveOrder(orderId: $id) { order { id } userErrors { code } } }`,
			map[string]any{"id": first.PlaceOrder.Order.ID})
		if res.Code() != "FORBIDDEN" {
			t.Fatalf("customer approving: %+v", res.Errors)
		}
		var rules struct {
			OrderRules struct {
				ScheduledWindows []string
				ShippingFees     []struct{ Option string }
			}
		}
		h.gql.MustData(t, `{ orderRules { scheduledWindows shippingFees { option fee { amount } } } }`, nil, &rules)
		if len(rules.OrderRules.ScheduledWindows) == 0 || len(rules.OrderRules.ShippingFees) != 4 {
			t.Fatalf("orderRules: %+v", rules)
		}
	})
}

// TestOrderUpdatedSubscription: the order's owner hears of a committed
// change at once; another customer cannot subscribe to it.
func TestOrderUpdatedSubscription(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := newHarness(t, db)
		stop := h.srv.StartWorkers(context.Background())
		defer stop()
		cust := h.as(t, "customer@waybill.test", "waybill-customer-demo")
		var placed struct {
			PlaceOrder struct{ Order struct{ ID string } }
		}
		cust.MustData(t, placeOrderMutation, map[string]any{"in": orderInput("sub-1", "EL-0001", 1)}, &placed)
		id := placed.PlaceOrder.Order.ID
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		const sub = `subscription($id: ID!){ orderUpdated(orderId: $id) { id status } }`
		s, err := gqltest.Subscribe(t, ctx, h.ts.URL+"/graphql", gqltest.TransportWS, nil,
			map[string]any{"authToken": cust.Token}, sub, map[string]any{"id": id})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if first := recv(t, ctx, s); !strings.Contains(string(first), id) {
			t.Fatalf("first payload: %s", first)
		}
		var out struct {
			CancelOrder struct{ UserErrors []struct{ Code string } }
		}
		cust.MustData(t, `mutation($id: ID!){ cancelOrder(orderId: $id, reason: "test") { userErrors { code } } }`, map[string]any{"id": id}, &out)
		if len(out.CancelOrder.UserErrors) > 0 {
			t.Fatalf("cancel: %+v", out)
		}
		for {
			got := recv(t, ctx, s)
			if strings.Contains(string(got), "CANCELLED") {
				break
			}
		}
		// Someone else's order is not theirs to watch.
		var reg struct{ Register struct{ Token *string } }
		h.gql.MustData(t, `mutation{ register(input: {email: "c.other@example.cn", password: "c-other-pass-1", name: "别人"}) { token } }`, nil, &reg)
		other, err := gqltest.Subscribe(t, ctx, h.ts.URL+"/graphql", gqltest.TransportWS, nil,
			map[string]any{"authToken": *reg.Register.Token}, sub, map[string]any{"id": id})
		if err == nil {
			defer other.Close()
			select {
			case m, ok := <-other.Next:
				if ok && strings.Contains(string(m), id) {
					t.Fatalf("another customer received the order: %s", m)
				}
			case <-other.Errors:
			case <-time.After(3 * time.Second):
			}
		}
	})
}

// TestGuestSeesTheOrderTheyPlaced: a guest's placeOrder answer includes
// the lines and timeline they just created, and a guest pays a declined
// order again by giving its email.
func TestGuestSeesTheOrderTheyPlaced(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := newHarness(t, db)
		in := orderInput("guest-1", "EL-0001", 1)
		in["contact"] = map[string]any{"name": "游客", "email": "visitor@example.cn", "phone": "13911112222"}
		in["payment"] = map[string]any{"cardNumber": "4000000000000002"}
		var out struct {
			PlaceOrder struct {
				Order *struct {
					ID, Status string
					Lines      []struct{ Sku string }
					Events     []struct{ ToStatus string }
				}
			}
		}
		h.gql.MustData(t, placeOrderMutation, map[string]any{"in": in}, &out)
		o := out.PlaceOrder.Order
		if o == nil || o.Status != "PENDING_PAYMENT" || len(o.Lines) != 1 || len(o.Events) == 0 {
			t.Fatalf("guest order: %+v", o)
		}
		const retry = `mutation($id: ID!, $e: String){ retryPayment(orderId: $id, payment: {cardNumber: "4242424242424242"}, email: $e) { order { status } userErrors { code } } }`
		if res := h.gql.Do(t, retry, map[string]any{"id": o.ID, "e": "someone.else@example.cn"}); res.Code() != "UNAUTHENTICATED" {
			t.Fatalf("a stranger paying: %+v", res.Errors)
		}
		var paid struct {
			RetryPayment struct{ Order struct{ Status string } }
		}
		h.gql.MustData(t, retry, map[string]any{"id": o.ID, "e": "Visitor@example.cn"}, &paid)
		if paid.RetryPayment.Order.Status != "CONFIRMED" {
			t.Fatalf("guest retry: %+v", paid)
		}
		bad := orderInput("guest-2", "EL-0001", 1)
		bad["payment"] = map[string]any{"cardNumber": ""}
		var refused struct {
			PlaceOrder struct{ UserErrors []struct{ Code string } }
		}
		h.gql.MustData(t, placeOrderMutation, map[string]any{"in": bad}, &refused)
		if len(refused.PlaceOrder.UserErrors) != 1 || refused.PlaceOrder.UserErrors[0].Code != "INVALID_CARD" {
			t.Fatalf("empty card: %+v", refused)
		}
	})
}
