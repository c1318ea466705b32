package inventory

import (
	"context"
	"math"
	"sort"
	"strings"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/channelreserve"
	"github.com/waybill/waybill/ent/product"
	"github.com/waybill/waybill/ent/stockalert"
	"github.com/waybill/waybill/ent/stocklevel"
	"github.com/waybill/waybill/ent/warehouse"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// lowLevel is "on_hand - reserved <= reorder_point".
func lowLevel() func(*entsql.Selector) {
	return func(s *entsql.Selector) {
		s.Where(entsql.P(func(b *entsql.Builder) {
			b.WriteString(s.C(stocklevel.FieldOnHand)).WriteString(" - ").WriteString(s.C(stocklevel.FieldReserved)).
				WriteOp(entsql.OpLTE).WriteString(s.C(stocklevel.FieldReorderPoint))
		}))
	}
}

// LowStockItem is a level at or below its reorder point.
type LowStockItem struct {
	Level             *ent.StockLevel
	Available         int
	DailyDemand       float64  // units shipped per day, last 30 days
	DaysOfCover       *float64 // available / daily demand; nil without demand
	SuggestedQuantity int
	Alert             *ent.StockAlert // the open alert, if any
}

// LowStock lists the levels at or below their reorder point — of active
// products in active warehouses, one warehouse or all — emptiest first,
// with the suggested reorder quantity. Staff read it (privacy decides).
func (s *Service) LowStock(ctx context.Context, warehouseID pulid.ID, limit int) ([]LowStockItem, error) {
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	db := s.db(ctx)
	q := db.StockLevel.Query().Where(lowLevel(), stocklevel.HasProductWith(product.Active(true)),
		stocklevel.HasWarehouseWith(warehouse.Active(true)))
	if warehouseID != "" {
		q = q.Where(stocklevel.WarehouseID(warehouseID))
	}
	levels, err := q.WithProduct().WithWarehouse().All(ctx)
	if err != nil {
		return nil, err
	}
	sort.Slice(levels, func(i, j int) bool {
		a, b := levels[i].OnHand-levels[i].Reserved-levels[i].ReorderPoint, levels[j].OnHand-levels[j].Reserved-levels[j].ReorderPoint
		if a != b {
			return a < b
		}
		return levels[i].ID < levels[j].ID
	})
	if len(levels) > limit {
		levels = levels[:limit]
	}
	ids := make([]pulid.ID, len(levels))
	keys := make([]string, len(levels))
	for i, l := range levels {
		ids[i], keys[i] = l.ID, string(l.ID)
	}
	sys := viewer.SystemContext(ctx)
	demand, err := dailyDemand(sys, db, ids, s.now().UTC())
	if err != nil {
		return nil, err
	}
	alerts, err := db.StockAlert.Query().Where(stockalert.OpenKeyIn(keys...)).All(ctx)
	if err != nil {
		return nil, err
	}
	alertOf := map[pulid.ID]*ent.StockAlert{}
	for _, a := range alerts {
		alertOf[a.StockLevelID] = a
	}
	out := make([]LowStockItem, len(levels))
	for i, l := range levels {
		avail := l.OnHand - l.Reserved
		it := LowStockItem{Level: l, Available: avail, DailyDemand: demand[l.ID], Alert: alertOf[l.ID],
			SuggestedQuantity: SuggestReorder(avail, l.ReorderPoint, l.SafetyStock, demand[l.ID])}
		if d := demand[l.ID]; d > 0 {
			c := math.Round(float64(max(avail, 0))/d*10) / 10
			it.DaysOfCover = &c
		}
		out[i] = it
	}
	return out, nil
}

// RaiseDue opens an alert for every low level of an active product in an
// active warehouse that has none (levels that were low before alerts
// existed, or whose reorder point changed). It returns how many it raised.
func (s *Service) RaiseDue(ctx context.Context) (int, error) {
	sys := viewer.SystemContext(ctx)
	n := 0
	err := InTx(sys, s.client, func(ctx context.Context, db *ent.Client) error {
		levels, err := db.StockLevel.Query().Where(lowLevel(), stocklevel.HasProductWith(product.Active(true)),
			stocklevel.HasWarehouseWith(warehouse.Active(true))).All(ctx)
		if err != nil {
			return err
		}
		keys := make([]string, len(levels))
		for i, l := range levels {
			keys[i] = string(l.ID)
		}
		open, err := db.StockAlert.Query().Where(stockalert.OpenKeyIn(keys...)).Select(stockalert.FieldOpenKey).Strings(ctx)
		if err != nil {
			return err
		}
		has := map[string]bool{}
		for _, k := range open {
			has[k] = true
		}
		now := s.now().UTC()
		for _, l := range levels {
			if has[string(l.ID)] {
				continue
			}
			a, err := raiseAlert(ctx, db, l, now)
			if err != nil {
				return err
			}
			if a != nil {
				n++
				if err := announce(ctx, db, nil, a); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return n, errs.Wrap("inventory.RaiseDue", err)
}

// Available returns, per product, on hand minus reserved over active
// warehouses, minus what backordered orders wait for (never below zero):
// what a new order can have now. The sum is public.
func (s *Service) Available(ctx context.Context, ids []pulid.ID) (map[pulid.ID]int, error) {
	var rows []struct {
		ProductID pulid.ID `json:"product_id"`
		Available int      `json:"available"`
	}
	err := s.db(ctx).StockLevel.Query().
		Where(stocklevel.ProductIDIn(ids...), stocklevel.HasWarehouseWith(warehouse.Active(true))).
		GroupBy(stocklevel.FieldProductID).
		Aggregate(func(sel *entsql.Selector) string {
			return entsql.As("SUM(CASE WHEN "+sel.C(stocklevel.FieldOnHand)+" > "+sel.C(stocklevel.FieldReserved)+
				" THEN "+sel.C(stocklevel.FieldOnHand)+" - "+sel.C(stocklevel.FieldReserved)+" ELSE 0 END)", "available")
		}).
		Scan(viewer.SystemContext(ctx), &rows)
	if err != nil {
		return nil, errs.Wrap("inventory.Available", err)
	}
	waiting, err := BackorderedDemand(ctx, s.db(ctx), ids)
	if err != nil {
		return nil, errs.Wrap("inventory.Available", err)
	}
	out := make(map[pulid.ID]int, len(rows))
	for _, r := range rows {
		out[r.ProductID] = max(r.Available-waiting[r.ProductID], 0)
	}
	return out, nil
}

// Channels are the sales channels, in display order.
var Channels = []string{"WEB", "MOBILE_APP", "MARKETPLACE", "POS", "API"}

// Reserves returns, per product and channel, the units kept back from the
// channel: the product's own reserve, else the channel's default.
func (s *Service) Reserves(ctx context.Context, ids []pulid.ID) (map[pulid.ID]map[string]int, error) {
	rows, err := s.db(ctx).ChannelReserve.Query().
		Where(channelreserve.Or(channelreserve.ProductIDIsNil(), channelreserve.ProductIDIn(ids...))).
		All(viewer.SystemContext(ctx))
	if err != nil {
		return nil, errs.Wrap("inventory.Reserves", err)
	}
	def := map[string]int{}
	own := map[pulid.ID]map[string]int{}
	for _, r := range rows {
		if r.ProductID == nil {
			def[string(r.Channel)] = r.Quantity
			continue
		}
		if own[*r.ProductID] == nil {
			own[*r.ProductID] = map[string]int{}
		}
		own[*r.ProductID][string(r.Channel)] = r.Quantity
	}
	out := make(map[pulid.ID]map[string]int, len(ids))
	for _, id := range ids {
		m := map[string]int{}
		for _, c := range Channels {
			if q, ok := own[id][c]; ok {
				m[c] = q
			} else {
				m[c] = def[c]
			}
		}
		out[id] = m
	}
	return out, nil
}

// ChannelAvailability is what one channel may sell of a product.
type ChannelAvailability struct {
	Channel         string
	Reserve         int
	AvailableToSell int
}

// AvailableToSell returns, per product, what each channel may sell: the
// available stock minus the channel's safety reserve, never below zero.
func (s *Service) AvailableToSell(ctx context.Context, ids []pulid.ID) (map[pulid.ID][]ChannelAvailability, error) {
	avail, err := s.Available(ctx, ids)
	if err != nil {
		return nil, err
	}
	res, err := s.Reserves(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[pulid.ID][]ChannelAvailability, len(ids))
	for _, id := range ids {
		for _, c := range Channels {
			out[id] = append(out[id], ChannelAvailability{Channel: c, Reserve: res[id][c], AvailableToSell: max(avail[id]-res[id][c], 0)})
		}
	}
	return out, nil
}

// Storefront stock statuses.
const (
	InStock    = "IN_STOCK"
	LowStock   = "LOW_STOCK"
	OutOfStock = "OUT_OF_STOCK"
	Backorder  = "BACKORDER"
)

// FewLeft is the available quantity at or below which the storefront says
// "only a few left".
const FewLeft = 5

// Status is what the storefront says about a product's stock.
func Status(available int, policy product.BackorderPolicy) string {
	switch {
	case available <= 0 && policy == product.BackorderPolicyALLOW:
		return Backorder
	case available <= 0:
		return OutOfStock
	case available <= FewLeft:
		return LowStock
	}
	return InStock
}

// RestockETAs returns, per product, the earliest future restock ETA over
// its levels in active warehouses.
func (s *Service) RestockETAs(ctx context.Context, ids []pulid.ID) (map[pulid.ID]time.Time, error) {
	levels, err := s.db(ctx).StockLevel.Query().
		Where(stocklevel.ProductIDIn(ids...), stocklevel.RestockEtaGT(s.now().UTC()), stocklevel.HasWarehouseWith(warehouse.Active(true))).
		Select(stocklevel.FieldProductID, stocklevel.FieldRestockEta).All(viewer.SystemContext(ctx))
	if err != nil {
		return nil, errs.Wrap("inventory.RestockETAs", err)
	}
	out := map[pulid.ID]time.Time{}
	for _, l := range levels {
		if cur, ok := out[l.ProductID]; !ok || l.RestockEta.Before(cur) {
			out[l.ProductID] = *l.RestockEta
		}
	}
	return out, nil
}

// Substitutes returns up to n active products of the same category that
// are in stock, closest in price first.
func (s *Service) Substitutes(ctx context.Context, p *ent.Product, n int) ([]*ent.Product, error) {
	if n <= 0 || n > 20 {
		n = 4
	}
	cands, err := s.db(ctx).Product.Query().
		Where(product.Category(p.Category), product.Active(true), product.IDNEQ(p.ID)).All(ctx)
	if err != nil {
		return nil, errs.Wrap("inventory.Substitutes", err)
	}
	ids := make([]pulid.ID, len(cands))
	for i, c := range cands {
		ids[i] = c.ID
	}
	avail, err := s.Available(ctx, ids)
	if err != nil {
		return nil, err
	}
	var out []*ent.Product
	for _, c := range cands {
		if avail[c.ID] > 0 {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		di, dj := abs64(out[i].PriceAmount-p.PriceAmount), abs64(out[j].PriceAmount-p.PriceAmount)
		if di != dj {
			return di < dj
		}
		return out[i].Sku < out[j].Sku
	})
	if len(out) > n {
		out = out[:n]
	}
	return out, nil
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// BySKU returns a product and its levels in every warehouse (staff).
func (s *Service) BySKU(ctx context.Context, sku string) (*ent.Product, []*ent.StockLevel, error) {
	db := s.db(ctx)
	p, err := db.Product.Query().Where(product.Sku(strings.ToUpper(strings.TrimSpace(sku)))).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	levels, err := db.StockLevel.Query().Where(stocklevel.ProductID(p.ID)).WithWarehouse().
		Order(ent.Asc(stocklevel.FieldWarehouseID)).All(ctx)
	if err != nil {
		return nil, nil, err
	}
	return p, levels, nil
}
