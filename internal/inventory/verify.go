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
// that is impossible (negative, more reserved than on hand, more picked
// than reserved), or a lot whose ledger sums below zero.
type Drift struct {
	ProductID, WarehouseID   pulid.ID
	OnHand, Reserved, Picked int // the level
	LedgerOnHand, LedgerRes  int // the sum of its movements
	LedgerPicked             int
	Lot                      string // set for a lot problem
	Problem                  string
}

func (d Drift) String() string {
	if d.Lot != "" {
		return fmt.Sprintf("%s @ %s lot %s: %s (ledger on_hand=%d)", d.ProductID, d.WarehouseID, d.Lot, d.Problem, d.LedgerOnHand)
	}
	return fmt.Sprintf("%s @ %s: %s (level on_hand=%d reserved=%d picked=%d, ledger on_hand=%d reserved=%d picked=%d)",
		d.ProductID, d.WarehouseID, d.Problem, d.OnHand, d.Reserved, d.Picked, d.LedgerOnHand, d.LedgerRes, d.LedgerPicked)
}

// Verify checks every stock level against the ledger.
func Verify(ctx context.Context, client *ent.Client) ([]Drift, error) {
	sys := viewer.SystemContext(ctx)
	var sums []struct {
		ProductID   pulid.ID `json:"product_id"`
		WarehouseID pulid.ID `json:"warehouse_id"`
		OnHand      int      `json:"on_hand"`
		Reserved    int      `json:"reserved"`
		Picked      int      `json:"picked"`
	}
	err := client.StockMovement.Query().
		GroupBy(stockmovement.FieldProductID, stockmovement.FieldWarehouseID).
		Aggregate(ent.As(ent.Sum(stockmovement.FieldOnHandDelta), "on_hand"), ent.As(ent.Sum(stockmovement.FieldReservedDelta), "reserved"),
			ent.As(ent.Sum(stockmovement.FieldPickedDelta), "picked")).
		Scan(sys, &sums)
	if err != nil {
		return nil, err
	}
	ledger := map[key][3]int{}
	for _, s := range sums {
		ledger[key{s.ProductID, s.WarehouseID}] = [3]int{s.OnHand, s.Reserved, s.Picked}
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
		d := Drift{ProductID: l.ProductID, WarehouseID: l.WarehouseID, OnHand: l.OnHand, Reserved: l.Reserved, Picked: l.Picked,
			LedgerOnHand: sum[0], LedgerRes: sum[1], LedgerPicked: sum[2]}
		switch {
		case l.OnHand != sum[0] || l.Reserved != sum[1] || l.Picked != sum[2]:
			d.Problem = "level differs from its ledger"
		case l.OnHand < 0 || l.Reserved < 0 || l.Picked < 0:
			d.Problem = "negative level"
		case l.Reserved > l.OnHand:
			d.Problem = "more reserved than on hand"
		case l.Picked > l.Reserved:
			d.Problem = "more picked than reserved"
		default:
			continue
		}
		drift = append(drift, d)
	}
	for k, sum := range ledger {
		drift = append(drift, Drift{ProductID: k.p, WarehouseID: k.w, LedgerOnHand: sum[0], LedgerRes: sum[1], LedgerPicked: sum[2],
			Problem: "movements without a level"})
	}
	// Lots: what the ledger says each lot holds cannot be negative.
	var lots []struct {
		ProductID   pulid.ID `json:"product_id"`
		WarehouseID pulid.ID `json:"warehouse_id"`
		LotNumber   string   `json:"lot_number"`
		OnHand      int      `json:"on_hand"`
		Picked      int      `json:"picked"`
	}
	err = client.StockMovement.Query().Where(stockmovement.LotNumberNotNil(), stockmovement.LotNumberNEQ("")).
		GroupBy(stockmovement.FieldProductID, stockmovement.FieldWarehouseID, stockmovement.FieldLotNumber).
		Aggregate(ent.As(ent.Sum(stockmovement.FieldOnHandDelta), "on_hand"), ent.As(ent.Sum(stockmovement.FieldPickedDelta), "picked")).
		Scan(sys, &lots)
	if err != nil {
		return nil, err
	}
	for _, l := range lots {
		if l.OnHand < 0 || l.Picked < 0 || l.Picked > l.OnHand {
			drift = append(drift, Drift{ProductID: l.ProductID, WarehouseID: l.WarehouseID, Lot: l.LotNumber,
				LedgerOnHand: l.OnHand, LedgerPicked: l.Picked, Problem: "lot balance out of range"})
		}
	}
	sort.Slice(drift, func(i, j int) bool { return drift[i].String() < drift[j].String() })
	return drift, nil
}
