package inventory

import (
	"context"
	"fmt"
	"sort"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/stockmovement"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// Drift is a stock level that does not equal the sum of its ledger, or
// that is impossible (negative, or more reserved than on hand).
type Drift struct {
	ProductID, WarehouseID  pulid.ID
	OnHand, Reserved        int // the level
	LedgerOnHand, LedgerRes int // the sum of its movements
	Problem                 string
}

func (d Drift) String() string {
	return fmt.Sprintf("%s @ %s: %s (level on_hand=%d reserved=%d, ledger on_hand=%d reserved=%d)",
		d.ProductID, d.WarehouseID, d.Problem, d.OnHand, d.Reserved, d.LedgerOnHand, d.LedgerRes)
}

// Verify checks every stock level against the ledger.
func Verify(ctx context.Context, client *ent.Client) ([]Drift, error) {
	sys := viewer.SystemContext(ctx)
	var sums []struct {
		ProductID   pulid.ID `json:"product_id"`
		WarehouseID pulid.ID `json:"warehouse_id"`
		OnHand      int      `json:"on_hand"`
		Reserved    int      `json:"reserved"`
	}
	err := client.StockMovement.Query().
		GroupBy(stockmovement.FieldProductID, stockmovement.FieldWarehouseID).
		Aggregate(ent.As(ent.Sum(stockmovement.FieldOnHandDelta), "on_hand"), ent.As(ent.Sum(stockmovement.FieldReservedDelta), "reserved")).
		Scan(sys, &sums)
	if err != nil {
		return nil, err
	}
	type key struct{ p, w pulid.ID }
	ledger := map[key][2]int{}
	for _, s := range sums {
		ledger[key{s.ProductID, s.WarehouseID}] = [2]int{s.OnHand, s.Reserved}
	}
	levels, err := client.StockLevel.Query().All(sys)
	if err != nil {
		return nil, err
	}
	var drift []Drift
	for _, l := range levels {
		k := key{l.ProductID, l.WarehouseID}
		sum := ledger[k]
		delete(ledger, k)
		d := Drift{ProductID: l.ProductID, WarehouseID: l.WarehouseID, OnHand: l.OnHand, Reserved: l.Reserved,
			LedgerOnHand: sum[0], LedgerRes: sum[1]}
		switch {
		case l.OnHand != sum[0] || l.Reserved != sum[1]:
			d.Problem = "level differs from its ledger"
		case l.OnHand < 0 || l.Reserved < 0:
			d.Problem = "negative level"
		case l.Reserved > l.OnHand:
			d.Problem = "more reserved than on hand"
		default:
			continue
		}
		drift = append(drift, d)
	}
	for k, sum := range ledger {
		drift = append(drift, Drift{ProductID: k.p, WarehouseID: k.w, LedgerOnHand: sum[0], LedgerRes: sum[1], Problem: "movements without a level"})
	}
	sort.Slice(drift, func(i, j int) bool { return drift[i].String() < drift[j].String() })
	return drift, nil
}
