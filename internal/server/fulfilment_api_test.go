package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/waybill/waybill/ent/product"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/gqltest"
	"github.com/waybill/waybill/internal/s10"
	"github.com/waybill/waybill/internal/testdb"
	"github.com/waybill/waybill/internal/viewer"
)

type userError struct {
	Code    string
	Message string
	Field   []string
	Details map[string]any
}

// mustOK runs a mutation whose payload (the only top-level field) must have
// no userErrors, and decodes data into out.
func mustOK(t *testing.T, c *gqltest.Client, query string, vars map[string]any, out any) {
	t.Helper()
	res := c.Do(t, query, vars)
	if len(res.Errors) > 0 {
		t.Fatalf("%s: %+v", firstLine(query), res.Errors)
	}
	var top map[string]struct{ UserErrors []userError }
	_ = json.Unmarshal(res.Data, &top)
	for _, p := range top {
		if len(p.UserErrors) > 0 {
			t.Fatalf("%s: user errors %+v", firstLine(query), p.UserErrors)
		}
	}
	if out != nil {
		res.Decode(t, out)
	}
}

// mustRefuse runs a mutation that must answer with the user error code.
func mustRefuse(t *testing.T, c *gqltest.Client, query string, vars map[string]any, code string) userError {
	t.Helper()
	res := c.Do(t, query, vars)
	if len(res.Errors) > 0 {
		t.Fatalf("%s: %+v", firstLine(query), res.Errors)
	}
	var top map[string]struct{ UserErrors []userError }
	_ = json.Unmarshal(res.Data, &top)
	for _, p := range top {
		if len(p.UserErrors) == 1 && p.UserErrors[0].Code == code {
			return p.UserErrors[0]
		}
		t.Fatalf("%s: want %s, got %+v", firstLine(query), code, p.UserErrors)
	}
	t.Fatalf("%s: no payload in %s", firstLine(query), res.Data)
	return userError{}
}

func firstLine(q string) string {
	q = strings.TrimSpace(q)
	if i := strings.IndexByte(q, '('); i > 0 && i < 60 {
		return q[:i]
	}
	return q[:min(len(q), 60)]
}

// TestFulfilmentOverGraphQL: an order placed on the storefront is
// allocated with reasons, picked by scanning (a wrong item is refused),
// packed, shipped with an S10 number, and its label printed.
func TestFulfilmentOverGraphQL(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := newHarness(t, db)
		wh := h.as(t, "warehouse@waybill.test", "waybill-warehouse-demo")
		sys := viewer.SystemContext(context.Background())
		item := db.Client.Product.Query().Where(product.Sku("EL-0001")).OnlyX(sys)
		stranger := db.Client.Product.Query().Where(product.Sku("BK-0002")).OnlyX(sys)

		var placed struct {
			PlaceOrder struct {
				Order struct{ ID, Status string }
			}
		}
		mustOK(t, h.gql, `mutation{ placeOrder(input: {idempotencyKey: "ful-api-1", contact: {name: "李雷", email: "li.lei@example.cn", phone: "13912345678"},
			shippingAddress: {province: "上海市", city: "上海", district: "浦东新区", line1: "世纪大道 1 号", postalCode: "200120"},
			lines: [{sku: "EL-0001", quantity: 1}], delivery: {option: EXPRESS}, payment: {cardNumber: "4242424242424242"}}) {
			order { id status } userErrors { code } } }`, nil, &placed)
		orderID := placed.PlaceOrder.Order.ID
		if placed.PlaceOrder.Order.Status != "CONFIRMED" {
			t.Fatalf("placed: %+v", placed)
		}

		var alloc struct {
			AllocateOrder struct {
				Allocation struct {
					Status     string
					Reasons    []string
					Candidates []struct {
						Code    string
						CanFill bool
						Chosen  bool
					}
					Assignments []struct{ WarehouseID, Sku string }
				}
				Order struct{ Status string }
			}
		}
		mustOK(t, wh, `mutation($id: ID!){ allocateOrder(orderId: $id) { allocation { status reasons candidates { code canFill chosen }
			assignments { warehouseId sku } } order { status } userErrors { code } } }`, map[string]any{"id": orderID}, &alloc)
		a := alloc.AllocateOrder
		if a.Order.Status != "ALLOCATED" || a.Allocation.Status != "ALLOCATED" || len(a.Allocation.Reasons) == 0 || len(a.Allocation.Assignments) != 1 {
			t.Fatalf("allocation: %+v", a)
		}
		whID := a.Allocation.Assignments[0].WarehouseID
		// Staff see the decision on the order; the customer's view has none.
		var seen struct {
			Node struct{ Allocation *struct{ Reasons []string } }
		}
		h.admin(t).MustData(t, `query($id: ID!){ node(id: $id) { ... on Order { allocation { reasons } } } }`, map[string]any{"id": orderID}, &seen)
		if seen.Node.Allocation == nil {
			t.Fatal("staff cannot see the allocation")
		}

		var pl struct {
			CreatePickList struct {
				PickList struct {
					ID, Number string
					Walk       []struct {
						Sku, Barcode, BinLocation string
						Quantity, Remaining       int
					}
				}
			}
		}
		mustOK(t, wh, `mutation($w: ID!, $o: ID!){ createPickList(input: {warehouseId: $w, orderIds: [$o]}) {
			pickList { id number walk { sku barcode binLocation quantity remaining } } userErrors { code } } }`,
			map[string]any{"w": whID, "o": orderID}, &pl)
		list := pl.CreatePickList.PickList
		if len(list.Walk) != 1 || list.Walk[0].Sku != "EL-0001" || list.Walk[0].Remaining != 1 {
			t.Fatalf("pick list %+v", list)
		}
		const scan = `mutation($p: ID!, $b: String!){ scanPickItem(input: {pickListId: $p, barcode: $b}) {
			order { id } orderComplete listComplete remaining lines { pickedQuantity status } userErrors { code message details } } }`
		ue := mustRefuse(t, wh, scan, map[string]any{"p": list.ID, "b": stranger.Barcode}, "WRONG_ITEM")
		if !strings.Contains(ue.Message, "BK-0002") {
			t.Fatalf("wrong item message: %+v", ue)
		}
		mustRefuse(t, wh, `mutation($p: ID!, $o: ID!){ packOrder(input: {pickListId: $p, orderId: $o, weightGrams: 300, lengthMm: 200, widthMm: 150, heightMm: 80}) {
			userErrors { code } } }`, map[string]any{"p": list.ID, "o": orderID}, "PICK_INCOMPLETE")
		var scanned struct {
			ScanPickItem struct {
				OrderComplete, ListComplete bool
				Remaining                   int
			}
		}
		mustOK(t, wh, scan, map[string]any{"p": list.ID, "b": item.Barcode}, &scanned)
		if !scanned.ScanPickItem.ListComplete || scanned.ScanPickItem.Remaining != 0 {
			t.Fatalf("scan: %+v", scanned)
		}
		mustRefuse(t, wh, scan, map[string]any{"p": list.ID, "b": item.Barcode}, "OVER_SCAN")

		var packed struct {
			PackOrder struct {
				Carton struct {
					ID     string
					Quotes []struct {
						ServiceLevel string
						Recommended  bool
						Cost         struct{ Amount int }
					}
				}
			}
		}
		mustOK(t, wh, `mutation($p: ID!, $o: ID!){ packOrder(input: {pickListId: $p, orderId: $o, weightGrams: 300, lengthMm: 200, widthMm: 150, heightMm: 80}) {
			carton { id quotes { serviceLevel recommended cost { amount } } } userErrors { code } } }`, map[string]any{"p": list.ID, "o": orderID}, &packed)
		if len(packed.PackOrder.Carton.Quotes) == 0 {
			t.Fatal("no quotes")
		}
		mustRefuse(t, wh, `mutation($c: ID!){ shipCarton(input: {cartonId: $c, trackingNumber: "WB123456780CN"}) { userErrors { code } } }`,
			map[string]any{"c": packed.PackOrder.Carton.ID}, "INVALID_TRACKING_NUMBER")
		var shipped struct {
			ShipCarton struct {
				Shipment struct {
					ID, TrackingNumber, Status, ServiceLevel string
					LabelURL                                 string
				}
				Order    struct{ Status string }
				LabelURL string
			}
		}
		mustOK(t, wh, `mutation($c: ID!){ shipCarton(input: {cartonId: $c}) { shipment { id trackingNumber status serviceLevel labelUrl }
			order { status } labelUrl userErrors { code } } }`, map[string]any{"c": packed.PackOrder.Carton.ID}, &shipped)
		s := shipped.ShipCarton
		if s.Order.Status != "SHIPPED" || s10.Validate(s.Shipment.TrackingNumber) != nil || s.LabelURL != "/labels/"+s.Shipment.ID {
			t.Fatalf("shipped: %+v", s)
		}
		var check struct {
			ValidateTrackingNumber struct {
				Valid      bool
				Normalized string
			}
		}
		h.gql.MustData(t, `query($n: String!){ validateTrackingNumber(trackingNumber: $n) { valid normalized } }`,
			map[string]any{"n": strings.ToLower(s.Shipment.TrackingNumber)}, &check)
		if !check.ValidateTrackingNumber.Valid || check.ValidateTrackingNumber.Normalized != s.Shipment.TrackingNumber {
			t.Fatalf("validate: %+v", check)
		}

		// The label: staff who fulfil only.
		get := func(token string) (int, string) {
			req, _ := http.NewRequest(http.MethodGet, h.ts.URL+s.LabelURL, nil)
			if token != "" {
				req.Header.Set("Authorization", "Bearer "+token)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			return res.StatusCode, string(b)
		}
		code, body := get(wh.Token)
		if code != http.StatusOK || !strings.Contains(body, s.Shipment.TrackingNumber) || !strings.Contains(body, "<svg") ||
			!strings.Contains(body, "/qr/"+s.Shipment.TrackingNumber+".svg") || !strings.Contains(body, "李雷") {
			t.Fatalf("label %d: %.300s", code, body)
		}
		if code, _ := get(""); code != http.StatusUnauthorized {
			t.Fatalf("anonymous label: %d", code)
		}
		if code, _ := get(h.as(t, "customer@waybill.test", "waybill-customer-demo").Token); code != http.StatusForbidden {
			t.Fatalf("customer label: %d", code)
		}
		if code, _ := get(h.as(t, "agent@waybill.test", "waybill-agent-demo").Token); code != http.StatusForbidden {
			t.Fatalf("agent label: %d", code)
		}
		// The QR code the label shows is served by tracking.
		res, err := http.Get(h.ts.URL + "/qr/" + s.Shipment.TrackingNumber + ".svg")
		if err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("qr: %v %v", res, err)
		}
		res.Body.Close()
		var drift struct{ StockDrift []struct{ Problem string } }
		h.admin(t).MustData(t, `{ stockDrift { problem } }`, nil, &drift)
		if len(drift.StockDrift) != 0 {
			t.Fatalf("drift %+v", drift)
		}
	})
}
