package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/waybill/waybill/ent/product"
	"github.com/waybill/waybill/ent/stocklevel"
	entwarehouse "github.com/waybill/waybill/ent/warehouse"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/gqltest"
	"github.com/waybill/waybill/internal/testdb"
	"github.com/waybill/waybill/internal/viewer"
)

// nextStock waits for the next subscription message.
func nextStock(t *testing.T, ctx context.Context, sub *gqltest.Subscription, v any) {
	t.Helper()
	select {
	case m, ok := <-sub.Next:
		if !ok {
			t.Fatal("subscription closed")
		}
		if err := json.Unmarshal(m, v); err != nil {
			t.Fatal(err)
		}
	case e := <-sub.Errors:
		t.Fatalf("subscription error %s", e)
	case <-ctx.Done():
		t.Fatal("timed out waiting for a stock change")
	}
}

// TestInventoryOverGraphQL: receiving (lot rules), transfers, refusals that
// change nothing, a blind cycle count approved by someone else, channel
// reserves and the live stockChanged subscription.
func TestInventoryOverGraphQL(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := newHarness(t, db)
		wh := h.as(t, "warehouse@waybill.test", "waybill-warehouse-demo")
		admin := h.admin(t)
		sys := viewer.SystemContext(context.Background())
		sh := db.Client.Warehouse.Query().Where(entwarehouse.Code("WH-SH")).OnlyX(sys)
		bj := db.Client.Warehouse.Query().Where(entwarehouse.Code("WH-BJ")).OnlyX(sys)

		// Anyone may follow a product's availability; it starts with the current state.
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		sub, err := gqltest.Subscribe(t, ctx, h.ts.URL+"/graphql", gqltest.TransportWS, http.Header{}, nil,
			`subscription{ stockChanged(skus: ["EL-0002"]) { sku available stockStatus warehouseId onHand channels { channel availableToSell } } }`, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer sub.Close()
		type change struct {
			StockChanged struct {
				Sku         string
				Available   int
				StockStatus string
				WarehouseID *string
				OnHand      *int
			}
		}
		var first change
		nextStock(t, ctx, sub, &first)
		if first.StockChanged.Sku != "EL-0002" || first.StockChanged.WarehouseID != nil || first.StockChanged.OnHand != nil {
			t.Fatalf("first message: %+v", first)
		}
		before := first.StockChanged.Available

		// Lot-tracked goods need a lot; then the receipt lands in the ledger.
		mustRefuse(t, wh, `mutation($w: ID!){ receiveStock(input: {warehouseId: $w, sku: "BT-0001", quantity: 5}) { userErrors { code } } }`,
			map[string]any{"w": sh.ID}, "LOT_REQUIRED")
		var rec struct {
			ReceiveStock struct {
				StockLevel struct {
					OnHand int
					Lots   []struct {
						LotNumber string
						OnHand    int
					}
				}
				Movements []struct{ Kind, LotNumber string }
			}
		}
		mustOK(t, wh, `mutation($w: ID!, $e: Time!){ receiveStock(input: {warehouseId: $w, sku: "BT-0001", quantity: 5, lotNumber: "L-API-1", expiresAt: $e, reference: "PO-1"}) {
			stockLevel { onHand lots { lotNumber onHand } } movements { kind lotNumber } userErrors { code } } }`,
			map[string]any{"w": sh.ID, "e": time.Now().AddDate(1, 0, 0).UTC().Format(time.RFC3339)}, &rec)
		found := false
		for _, l := range rec.ReceiveStock.StockLevel.Lots {
			found = found || l.LotNumber == "L-API-1" && l.OnHand == 5
		}
		if !found || len(rec.ReceiveStock.Movements) != 1 || rec.ReceiveStock.Movements[0].Kind != "RECEIPT" {
			t.Fatalf("receipt: %+v", rec)
		}

		// EL-0002 arrives in Shanghai: the subscriber hears of it.
		mustOK(t, wh, `mutation($w: ID!){ receiveStock(input: {warehouseId: $w, sku: "EL-0002", quantity: 7}) { userErrors { code } } }`,
			map[string]any{"w": sh.ID}, nil)
		var after change
		nextStock(t, ctx, sub, &after)
		if after.StockChanged.Available != before+7 {
			t.Fatalf("after receipt: %d, before %d", after.StockChanged.Available, before)
		}

		// Transfers move free stock; taking reserved stock is refused.
		var tr struct {
			TransferStock struct {
				From, To  struct{ OnHand int }
				Movements []struct{ Kind string }
			}
		}
		mustOK(t, wh, `mutation($f: ID!, $t: ID!){ transferStock(input: {fromWarehouseId: $f, toWarehouseId: $t, sku: "EL-0002", quantity: 3}) {
			from { onHand } to { onHand } movements { kind } userErrors { code } } }`, map[string]any{"f": sh.ID, "t": bj.ID}, &tr)
		if len(tr.TransferStock.Movements) != 2 {
			t.Fatalf("transfer: %+v", tr)
		}
		l := db.Client.StockLevel.Query().Where(stocklevel.WarehouseID(sh.ID), stocklevel.HasProductWith(product.Sku("EL-0002"))).OnlyX(sys)
		mustRefuse(t, wh, `mutation($w: ID!, $q: Int!){ adjustStock(input: {warehouseId: $w, sku: "EL-0002", quantity: $q, kind: WRITE_OFF, reason: "broken"}) { userErrors { code } } }`,
			map[string]any{"w": sh.ID, "q": -(l.OnHand - l.Reserved + 1)}, "INSUFFICIENT_STOCK")

		// A channel's safety reserve lowers what it may sell.
		var ats struct {
			Products struct {
				Edges []struct {
					Node struct {
						Available, AvailableToSell int
					}
				}
			}
		}
		mustOK(t, wh, `mutation{ setChannelReserve(channel: MARKETPLACE, quantity: 2) { channelReserve { id } userErrors { code } } }`, nil, nil)
		h.gql.MustData(t, `{ products(first: 1, where: {sku: "EL-0002"}) { edges { node { available availableToSell(channel: MARKETPLACE) } } } }`, nil, &ats)
		if n := ats.Products.Edges[0].Node; n.AvailableToSell != max(n.Available-2, 0) {
			t.Fatalf("available to sell: %+v", n)
		}

		// A blind count: the counter does not see expected quantities; someone else approves.
		var cc struct {
			CreateCycleCount struct {
				CycleCount struct {
					ID   string
					Walk []struct {
						ID               string
						Sku              string
						ExpectedQuantity *int
					}
				}
			}
		}
		mustOK(t, wh, `mutation($w: ID!){ createCycleCount(input: {warehouseId: $w, zone: "A", maxLines: 3}) {
			cycleCount { id walk { id sku expectedQuantity } } userErrors { code } } }`, map[string]any{"w": sh.ID}, &cc)
		count := cc.CreateCycleCount.CycleCount
		if len(count.Walk) == 0 {
			t.Fatal("empty count")
		}
		for _, line := range count.Walk {
			if line.ExpectedQuantity != nil {
				t.Fatalf("blind count shows expected: %+v", line)
			}
			mustOK(t, wh, `mutation($l: ID!){ recordCount(lineId: $l, quantity: 0) { line { status } userErrors { code } } }`,
				map[string]any{"l": line.ID}, nil)
		}
		mustOK(t, wh, `mutation($c: ID!){ submitCycleCount(id: $c) { userErrors { code } } }`, map[string]any{"c": count.ID}, nil)
		mustRefuse(t, wh, `mutation($c: ID!){ approveCycleCount(id: $c) { userErrors { code } } }`, map[string]any{"c": count.ID}, "SELF_APPROVAL")
		var appr struct {
			ApproveCycleCount struct {
				CycleCount struct {
					Status   string
					Accuracy *float64
					Variance struct{ LinesCounted, NetUnits int }
					Walk     []struct {
						ExpectedQuantity *int
						Variance         *int
					}
				}
			}
		}
		mustOK(t, admin, `mutation($c: ID!){ approveCycleCount(id: $c, note: "recount done") { cycleCount { status accuracy
			variance { linesCounted netUnits } walk { expectedQuantity variance } } userErrors { code } } }`, map[string]any{"c": count.ID}, &appr)
		ac := appr.ApproveCycleCount.CycleCount
		if ac.Status != "APPROVED" || ac.Accuracy == nil || ac.Variance.LinesCounted != len(count.Walk) || ac.Walk[0].ExpectedQuantity == nil {
			t.Fatalf("approved: %+v", ac)
		}

		// Alerts are for staff.
		for _, who := range []*gqltest.Client{h.gql, h.as(t, "customer@waybill.test", "waybill-customer-demo")} {
			init := map[string]any{}
			if who.Token != "" {
				init["authToken"] = who.Token
			}
			s, err := gqltest.Subscribe(t, ctx, h.ts.URL+"/graphql", gqltest.TransportWS, http.Header{}, init,
				`subscription{ stockAlertChanged { id } }`, nil)
			if err != nil {
				t.Fatal(err)
			}
			if e := recvError(t, ctx, s); e == "closed" {
				t.Fatal("the subscription ended without a refusal")
			}
			s.Close()
		}
		var drift struct{ StockDrift []struct{ Problem string } }
		admin.MustData(t, `{ stockDrift { problem } }`, nil, &drift)
		if len(drift.StockDrift) != 0 {
			t.Fatalf("drift %+v", drift)
		}
	})
}
