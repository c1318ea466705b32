package graph

import (
	"context"
	"strings"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/cyclecountline"
	"github.com/waybill/waybill/ent/order"
	"github.com/waybill/waybill/ent/product"
	"github.com/waybill/waybill/ent/stockalert"
	"github.com/waybill/waybill/ent/stocklevel"
	"github.com/waybill/waybill/graph/model"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// staffOnly refuses anyone but signed-in staff: UNAUTHENTICATED for the
// anonymous, FORBIDDEN for customers.
func staffOnly(ctx context.Context) error {
	v := viewer.FromContext(ctx)
	switch {
	case v.Staff() || v.System() && v.AccountID == "":
		return nil
	case v.Anonymous():
		return errs.E("graph", errs.Unauthenticated, "UNAUTHENTICATED", "Sign in first.")
	}
	return errs.E("graph", errs.Forbidden, "FORBIDDEN", "Staff only.")
}

func derefID(id *pulid.ID) pulid.ID {
	if id == nil {
		return ""
	}
	return *id
}

func derefInt(p *int, def int) int {
	if p == nil {
		return def
	}
	return *p
}

func stockPayload(l *ent.StockLevel, movs []*ent.StockMovement, err error) (*model.StockPayload, error) {
	ue, err := userErrors(err)
	if err != nil {
		return nil, err
	}
	if movs == nil {
		movs = []*ent.StockMovement{}
	}
	return &model.StockPayload{StockLevel: l, Movements: movs, UserErrors: ue}, nil
}

func cycleCountPayload(c *ent.CycleCount, err error) (*model.CycleCountPayload, error) {
	ue, err := userErrors(err)
	if err != nil {
		return nil, err
	}
	return &model.CycleCountPayload{CycleCount: c, UserErrors: ue}, nil
}

func alertPayload(a *ent.StockAlert, err error) (*model.StockAlertPayload, error) {
	ue, err := userErrors(err)
	if err != nil {
		return nil, err
	}
	return &model.StockAlertPayload{StockAlert: a, UserErrors: ue}, nil
}

// channelAvailability maps the service's figures to the API's.
func channelAvailability(cs []inventory.ChannelAvailability) []*model.ChannelAvailability {
	out := make([]*model.ChannelAvailability, len(cs))
	for i, c := range cs {
		out[i] = &model.ChannelAvailability{Channel: order.Channel(c.Channel), Reserve: c.Reserve, AvailableToSell: c.AvailableToSell}
	}
	return out
}

// countOf returns the count a line belongs to (set by CycleCount.walk, else read).
func countOf(ctx context.Context, l *ent.CycleCountLine) (*ent.CycleCount, error) {
	if l.Edges.CycleCount != nil {
		return l.Edges.CycleCount, nil
	}
	c, err := l.QueryCycleCount().Only(ctx)
	if err != nil {
		return nil, err
	}
	l.Edges.CycleCount = c
	return c, nil
}

// blindHidden reports whether a line's expected figures must stay hidden.
func blindHidden(ctx context.Context, l *ent.CycleCountLine) (bool, error) {
	c, err := countOf(ctx, l)
	if err != nil {
		return true, err
	}
	return !inventory.ExpectedVisible(c), nil
}

// variance builds a count's variance report from its lines.
func variance(ctx context.Context, c *ent.CycleCount) (*model.CycleCountVariance, error) {
	if !inventory.ExpectedVisible(c) {
		return nil, nil
	}
	lines, err := c.QueryLines().Where(cyclecountline.CountedQuantityNotNil()).WithProduct().All(ctx)
	if err != nil {
		return nil, err
	}
	out := &model.CycleCountVariance{Accuracy: c.Accuracy}
	var net, abs int64
	currency := "CNY"
	for _, l := range lines {
		if l.ExpectedQuantity == nil {
			continue
		}
		out.LinesCounted++
		v := *l.CountedQuantity - *l.ExpectedQuantity
		if v != 0 {
			out.LinesWithVariance++
		}
		within := l.WithinTolerance != nil && *l.WithinTolerance
		if l.WithinTolerance == nil {
			within = float64(max(v, -v)) <= float64(*l.ExpectedQuantity)*c.TolerancePercent/100
		}
		if within {
			out.LinesWithinTolerance++
		}
		out.NetUnits += v
		out.AbsoluteUnits += max(v, -v)
		if p := l.Edges.Product; p != nil {
			net += int64(v) * p.PriceAmount
			abs += int64(max(v, -v)) * p.PriceAmount
			currency = p.Currency
		}
	}
	out.NetValue = &model.Money{Amount: int(net), Currency: currency}
	out.AbsoluteValue = &model.Money{Amount: int(abs), Currency: currency}
	return out, nil
}

// stockChange reads the committed state a subscriber is told about.
func (r *Resolver) stockChange(ctx context.Context, p *ent.Product, warehouseID pulid.ID, kind string, staff bool) (*model.StockChange, error) {
	sys := viewer.SystemContext(ctx)
	avail, err := r.Inventory.Available(sys, []pulid.ID{p.ID})
	if err != nil {
		return nil, err
	}
	ats, err := r.Inventory.AvailableToSell(sys, []pulid.ID{p.ID})
	if err != nil {
		return nil, err
	}
	out := &model.StockChange{ProductID: p.ID, Sku: p.Sku, Available: avail[p.ID],
		StockStatus: model.StockStatus(inventory.Status(avail[p.ID], p.BackorderPolicy)),
		Channels:    channelAvailability(ats[p.ID]), At: time.Now().UTC()}
	if staff && warehouseID != "" {
		l, err := r.Client.StockLevel.Query().Where(stocklevel.ProductID(p.ID), stocklevel.WarehouseID(warehouseID)).Only(sys)
		if err == nil {
			w := warehouseID
			out.WarehouseID, out.OnHand, out.Reserved, out.Picked = &w, &l.OnHand, &l.Reserved, &l.Picked
			if kind != "" {
				k := kind
				out.Kind = &k
			}
		} else if !ent.IsNotFound(err) {
			return nil, err
		}
	}
	return out, nil
}

// MaxWatched bounds the products one stockChanged subscription follows.
const MaxWatched = 100

// watchStock is the stockChanged subscription.
func (r *Resolver) watchStock(ctx context.Context, productIDs []pulid.ID, skus []string, warehouseID *pulid.ID) (<-chan *model.StockChange, error) {
	v := viewer.FromContext(ctx)
	staff := v.Staff()
	sys := viewer.SystemContext(ctx)
	q := r.Client.Product.Query()
	for i := range skus {
		skus[i] = strings.ToUpper(strings.TrimSpace(skus[i]))
	}
	if len(productIDs)+len(skus) > MaxWatched {
		return nil, errs.E("graph.stockChanged", errs.Invalid, "TOO_MANY_PRODUCTS", "Follow at most 100 products per subscription.")
	}
	var products []*ent.Product
	if len(productIDs)+len(skus) > 0 {
		var err error
		products, err = q.Where(product.Or(product.IDIn(productIDs...), product.SkuIn(skus...))).All(sys)
		if err != nil {
			return nil, err
		}
		if len(products) == 0 {
			return nil, errs.E("graph.stockChanged", errs.Invalid, "UNKNOWN_PRODUCT", "None of these products exists.")
		}
	} else if !staff {
		if v.Anonymous() {
			return nil, errs.E("graph.stockChanged", errs.Unauthenticated, "UNAUTHENTICATED", "Sign in to follow all stock, or name products.")
		}
		return nil, errs.E("graph.stockChanged", errs.Forbidden, "FORBIDDEN", "Name the products to follow (productIds or skus).")
	}
	watched := map[pulid.ID]*ent.Product{}
	for _, p := range products {
		watched[p.ID] = p
	}
	all := len(watched) == 0
	wh := derefID(warehouseID)
	sub := r.Inventory.Events().SubscribeStock(256, func(e inventory.Event) bool {
		if wh != "" && e.WarehouseID != "" && e.WarehouseID != wh {
			return false
		}
		if all {
			return true
		}
		_, ok := watched[e.ProductID]
		return ok
	})
	out := make(chan *model.StockChange, 16)
	go func() {
		defer close(out)
		defer sub.Close()
		send := func(p *ent.Product, warehouseID pulid.ID, kind string) bool {
			msg, err := r.stockChange(ctx, p, warehouseID, kind, staff)
			if err != nil {
				return ctx.Err() == nil // a failed read is retried on the next change
			}
			select {
			case out <- msg:
				return true
			case <-ctx.Done():
				return false
			}
		}
		for _, p := range products {
			if !send(p, wh, "") {
				return
			}
		}
		for {
			select {
			case <-ctx.Done():
				return
			case e := <-sub.C:
				// Coalesce what is already waiting: one message per level.
				type k struct{ p, w pulid.ID }
				batch := map[k]string{{e.ProductID, e.WarehouseID}: e.Kind}
				order := []k{{e.ProductID, e.WarehouseID}}
			drain:
				for {
					select {
					case e2 := <-sub.C:
						kk := k{e2.ProductID, e2.WarehouseID}
						if _, ok := batch[kk]; !ok {
							order = append(order, kk)
						}
						batch[kk] = e2.Kind
					default:
						break drain
					}
				}
				if sub.Lagged() { // events were dropped: resend every watched product
					for _, p := range products {
						kk := k{p.ID, wh}
						if _, ok := batch[kk]; !ok {
							order = append(order, kk)
							batch[kk] = ""
						}
					}
				}
				for _, kk := range order {
					p := watched[kk.p]
					if p == nil {
						var err error
						if p, err = r.Client.Product.Get(sys, kk.p); err != nil {
							continue
						}
					}
					if !send(p, kk.w, batch[kk]) {
						return
					}
				}
			}
		}
	}()
	return out, nil
}

// watchAlerts is the stockAlertChanged subscription.
func (r *Resolver) watchAlerts(ctx context.Context, warehouseID, after *pulid.ID) (<-chan *ent.StockAlert, error) {
	if err := staffOnly(ctx); err != nil {
		return nil, err
	}
	wh := derefID(warehouseID)
	sub := r.Inventory.Events().SubscribeAlerts(64, func(e inventory.AlertEvent) bool { return wh == "" || e.WarehouseID == wh })
	var missed []*ent.StockAlert
	if after != nil {
		db := database.Client(ctx, r.Client)
		prev, err := db.StockAlert.Get(ctx, *after)
		if err == nil {
			q := db.StockAlert.Query().Where(stockalert.UpdatedAtGT(prev.UpdatedAt))
			if wh != "" {
				q = q.Where(stockalert.WarehouseID(wh))
			}
			missed, err = q.Order(ent.Asc(stockalert.FieldUpdatedAt)).Limit(100).All(ctx)
		}
		if err != nil && !ent.IsNotFound(err) {
			sub.Close()
			return nil, err
		}
	}
	out := make(chan *ent.StockAlert, 16)
	go func() {
		defer close(out)
		defer sub.Close()
		for _, a := range missed {
			select {
			case out <- a:
			case <-ctx.Done():
				return
			}
		}
		for {
			select {
			case <-ctx.Done():
				return
			case e := <-sub.C:
				// Read as committed, by this request's client (the event
				// may come from another instance, and the writer's
				// transaction is over).
				a, err := r.Client.StockAlert.Get(ctx, e.AlertID)
				if err != nil {
					continue
				}
				select {
				case out <- a:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return out, nil
}
