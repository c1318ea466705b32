package inventory

import (
	"context"
	"math"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/stockalert"
	"github.com/waybill/waybill/ent/stocklevel"
	"github.com/waybill/waybill/ent/stockmovement"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// Reorder planning constants (docs/inventory.md).
const (
	DemandWindowDays = 30 // demand is the average daily units shipped over this window
	LeadTimeDays     = 7  // supplier lead time
	ReviewDays       = 14 // the stock a reorder should cover after it arrives
)

// Low reports whether a level's available stock is at or below its
// reorder point (or gone).
func Low(available, reorderPoint int) bool { return available <= reorderPoint }

// SuggestReorder is the quantity to order for a level: enough to bring
// available stock back to the larger of twice the reorder point and the
// reorder point plus safety stock plus the expected demand over lead time
// and review period. dailyDemand is in units per day.
func SuggestReorder(available, reorderPoint, safetyStock int, dailyDemand float64) int {
	target := max(2*reorderPoint, reorderPoint+safetyStock+int(math.Ceil(dailyDemand*(LeadTimeDays+ReviewDays))))
	return max(target-available, 1)
}

// afterMoves runs once per Apply: for each level it changed, it raises or
// resolves the low-stock alert when the level crossed its reorder point,
// and publishes the change after commit.
func afterMoves(ctx context.Context, client *ent.Client, order []key, touched map[key]*Move) error {
	sys := viewer.SystemContext(ctx)
	now := time.Now().UTC()
	evs := make([]Event, 0, len(order))
	var alerts []*ent.StockAlert
	// The levels whose availability changed, in one read.
	var ps, ws []pulid.ID
	for _, k := range order {
		if m := touched[k]; m.OnHand != m.Reserved {
			ps, ws = append(ps, k.p), append(ws, k.w)
		}
	}
	levels := map[key]*ent.StockLevel{}
	if len(ps) > 0 {
		rows, err := client.StockLevel.Query().Where(stocklevel.ProductIDIn(ps...), stocklevel.WarehouseIDIn(ws...)).All(sys)
		if err != nil {
			return err
		}
		for _, l := range rows {
			levels[key{l.ProductID, l.WarehouseID}] = l
		}
	}
	for _, k := range order {
		m := touched[k]
		evs = append(evs, Event{ProductID: k.p, WarehouseID: k.w, Kind: string(m.Kind), At: now})
		dAvail := m.OnHand - m.Reserved
		l := levels[k]
		if dAvail == 0 || l == nil {
			continue
		}
		var err error
		avail := l.OnHand - l.Reserved
		before := avail - dAvail
		var a *ent.StockAlert
		switch {
		case Low(avail, l.ReorderPoint) && (!Low(before, l.ReorderPoint) || (avail <= 0 && before > 0)):
			a, err = raiseAlert(sys, client, l, now)
		case !Low(avail, l.ReorderPoint) && Low(before, l.ReorderPoint):
			a, err = resolveAlert(sys, client, l, now)
		}
		if err != nil {
			return err
		}
		if a != nil {
			alerts = append(alerts, a)
		}
	}
	return announce(ctx, client, evs, alerts...)
}

// raiseAlert opens the level's alert, or turns an open LOW_STOCK alert into
// OUT_OF_STOCK. One open alert per level: the unique open_key makes a
// concurrent raise a no-op.
func raiseAlert(ctx context.Context, client *ent.Client, l *ent.StockLevel, now time.Time) (*ent.StockAlert, error) {
	avail := l.OnHand - l.Reserved
	kind := stockalert.KindLOW_STOCK
	if avail <= 0 {
		kind = stockalert.KindOUT_OF_STOCK
	}
	open, err := client.StockAlert.Query().Where(stockalert.OpenKey(string(l.ID))).Only(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return nil, err
	}
	if open != nil {
		if open.Kind == kind {
			return nil, nil
		}
		return open.Update().SetKind(kind).SetAvailable(avail).SetUpdatedAt(now).Save(ctx)
	}
	demand, err := dailyDemand(ctx, client, []pulid.ID{l.ID}, now)
	if err != nil {
		return nil, err
	}
	err = client.StockAlert.Create().SetProductID(l.ProductID).SetWarehouseID(l.WarehouseID).SetStockLevelID(l.ID).
		SetKind(kind).SetOpenKey(string(l.ID)).SetAvailable(avail).SetReorderPoint(l.ReorderPoint).
		SetSafetyStock(l.SafetyStock).SetSuggestedQuantity(SuggestReorder(avail, l.ReorderPoint, l.SafetyStock, demand[l.ID])).
		SetNillableRestockEta(l.RestockEta).SetCreatedAt(now).SetUpdatedAt(now).
		OnConflictColumns(stockalert.FieldOpenKey).DoNothing().Exec(ctx)
	if err != nil && !isNoRows(err) {
		return nil, err
	}
	a, err := client.StockAlert.Query().Where(stockalert.OpenKey(string(l.ID))).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return a, err
}

// resolveAlert closes the level's open alert, if any.
func resolveAlert(ctx context.Context, client *ent.Client, l *ent.StockLevel, now time.Time) (*ent.StockAlert, error) {
	open, err := client.StockAlert.Query().Where(stockalert.OpenKey(string(l.ID))).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return open.Update().SetStatus(stockalert.StatusRESOLVED).ClearOpenKey().SetResolvedAt(now).
		SetAvailable(l.OnHand - l.Reserved).SetUpdatedAt(now).Save(ctx)
}

// dailyDemand is the average units shipped per day over the demand window,
// per stock level.
func dailyDemand(ctx context.Context, client *ent.Client, levelIDs []pulid.ID, now time.Time) (map[pulid.ID]float64, error) {
	levels, err := client.StockLevel.Query().Where(stocklevel.IDIn(levelIDs...)).
		Select(stocklevel.FieldID, stocklevel.FieldProductID, stocklevel.FieldWarehouseID).All(ctx)
	if err != nil {
		return nil, err
	}
	byKey := map[key]pulid.ID{}
	var products []pulid.ID
	for _, l := range levels {
		byKey[key{l.ProductID, l.WarehouseID}] = l.ID
		products = append(products, l.ProductID)
	}
	var rows []struct {
		ProductID   pulid.ID `json:"product_id"`
		WarehouseID pulid.ID `json:"warehouse_id"`
		Sum         int      `json:"sum"`
	}
	err = client.StockMovement.Query().
		Where(stockmovement.KindEQ(stockmovement.KindSHIP), stockmovement.ProductIDIn(products...),
			stockmovement.CreatedAtGTE(now.AddDate(0, 0, -DemandWindowDays))).
		GroupBy(stockmovement.FieldProductID, stockmovement.FieldWarehouseID).
		Aggregate(ent.As(ent.Sum(stockmovement.FieldOnHandDelta), "sum")).Scan(ctx, &rows)
	if err != nil {
		return nil, err
	}
	out := map[pulid.ID]float64{}
	for _, r := range rows {
		if id, ok := byKey[key{r.ProductID, r.WarehouseID}]; ok {
			out[id] = float64(-r.Sum) / DemandWindowDays
		}
	}
	return out, nil
}
