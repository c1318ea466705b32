package inventory

import (
	"context"
	"sort"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/stockmovement"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// Holding is what one order holds at one level: reserved units, of which
// picked are off the shelf. Both are sums of the order's ledger rows.
type Holding struct {
	ProductID   pulid.ID
	WarehouseID pulid.ID
	Reserved    int
	Picked      int
}

// HeldBy returns, for each order, what it holds per level (levels where it
// holds nothing are left out), in (product, warehouse) order.
func HeldBy(ctx context.Context, client *ent.Client, orderIDs []pulid.ID) (map[pulid.ID][]Holding, error) {
	return heldByOrder(viewer.SystemContext(ctx), client, orderIDs)
}

func heldByOrder(ctx context.Context, client *ent.Client, orderIDs []pulid.ID) (map[pulid.ID][]Holding, error) {
	out := make(map[pulid.ID][]Holding, len(orderIDs))
	for start := 0; start < len(orderIDs); start += 500 {
		chunk := orderIDs[start:min(start+500, len(orderIDs))]
		var rows []struct {
			OrderID     pulid.ID `json:"order_id"`
			ProductID   pulid.ID `json:"product_id"`
			WarehouseID pulid.ID `json:"warehouse_id"`
			Reserved    int      `json:"reserved"`
			Picked      int      `json:"picked"`
		}
		err := client.StockMovement.Query().Where(stockmovement.OrderIDIn(chunk...)).
			GroupBy(stockmovement.FieldOrderID, stockmovement.FieldProductID, stockmovement.FieldWarehouseID).
			Aggregate(ent.As(ent.Sum(stockmovement.FieldReservedDelta), "reserved"), ent.As(ent.Sum(stockmovement.FieldPickedDelta), "picked")).
			Scan(viewer.SystemContext(ctx), &rows)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			if r.Reserved == 0 && r.Picked == 0 {
				continue
			}
			out[r.OrderID] = append(out[r.OrderID], Holding{ProductID: r.ProductID, WarehouseID: r.WarehouseID, Reserved: r.Reserved, Picked: r.Picked})
		}
	}
	for _, hs := range out {
		sort.Slice(hs, func(i, j int) bool {
			if hs[i].ProductID != hs[j].ProductID {
				return hs[i].ProductID < hs[j].ProductID
			}
			return hs[i].WarehouseID < hs[j].WarehouseID
		})
	}
	return out, nil
}

// holdersAt returns what each order holds at one level.
func holdersAt(ctx context.Context, client *ent.Client, productID, warehouseID pulid.ID) (map[pulid.ID]Holding, error) {
	var rows []struct {
		OrderID  pulid.ID `json:"order_id"`
		Reserved int      `json:"reserved"`
		Picked   int      `json:"picked"`
	}
	err := client.StockMovement.Query().
		Where(stockmovement.ProductID(productID), stockmovement.WarehouseID(warehouseID), stockmovement.OrderIDNotNil(),
			stockmovement.Or(stockmovement.ReservedDeltaNEQ(0), stockmovement.PickedDeltaNEQ(0))).
		GroupBy(stockmovement.FieldOrderID).
		Aggregate(ent.As(ent.Sum(stockmovement.FieldReservedDelta), "reserved"), ent.As(ent.Sum(stockmovement.FieldPickedDelta), "picked")).
		Scan(viewer.SystemContext(ctx), &rows)
	if err != nil {
		return nil, err
	}
	out := map[pulid.ID]Holding{}
	for _, r := range rows {
		if r.Reserved != 0 || r.Picked != 0 {
			out[r.OrderID] = Holding{ProductID: productID, WarehouseID: warehouseID, Reserved: r.Reserved, Picked: r.Picked}
		}
	}
	return out, nil
}
