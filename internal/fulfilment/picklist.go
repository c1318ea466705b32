package fulfilment

import (
	"context"
	"fmt"
	"sort"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/order"
	"github.com/waybill/waybill/ent/orderline"
	"github.com/waybill/waybill/ent/picklist"
	"github.com/waybill/waybill/ent/picklistline"
	"github.com/waybill/waybill/ent/product"
	"github.com/waybill/waybill/ent/stocklevel"
	"github.com/waybill/waybill/internal/allocation"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/pulid"
)

// MaxBatch bounds the orders on one pick list.
const MaxBatch = 30

// PickListInput asks for a pick list at one warehouse: for the given
// orders, or for the next MaxOrders allocated orders (NEXT_DAY and EXPRESS
// first, then by promised date). One order is a single-order list; more are
// a batch, picked in one walk and sorted into one tote per order.
type PickListInput struct {
	WarehouseID pulid.ID
	OrderIDs    []pulid.ID
	MaxOrders   int
}

// pickable are the statuses whose reservations can be picked.
var pickable = []order.Status{order.StatusALLOCATED, order.StatusPICKING, order.StatusPACKED, order.StatusPARTIALLY_SHIPPED}

// CreatePickList makes a pick list (FULFIL): for each order, what it holds
// reserved and unpicked at the warehouse and is not on another open list;
// lot-tracked products split over lots earliest expiry first (FEFO), else
// oldest receipt first (FIFO); lines in walking order. Orders move from
// ALLOCATED to PICKING.
func (s *Service) CreatePickList(ctx context.Context, in PickListInput) (*ent.PickList, error) {
	var out *ent.PickList
	err := s.tx(ctx, func(ctx context.Context, db *ent.Client, actor string) error {
		w, err := db.Warehouse.Get(ctx, in.WarehouseID)
		if ent.IsNotFound(err) {
			return invalid("UNKNOWN_WAREHOUSE", "No such warehouse.", "input", "warehouseId")
		}
		if err != nil {
			return err
		}
		limit := in.MaxOrders
		if limit <= 0 {
			limit = max(len(in.OrderIDs), 1)
		}
		if limit > MaxBatch || len(in.OrderIDs) > MaxBatch {
			return invalid("BATCH_TOO_LARGE", fmt.Sprintf("A pick list holds at most %d orders.", MaxBatch), "input", "maxOrders")
		}
		explicit := len(in.OrderIDs) > 0
		var cands []*ent.Order
		if explicit {
			cands, err = db.Order.Query().Where(order.IDIn(in.OrderIDs...), forUpdate).Order(ent.Asc(order.FieldID)).All(ctx)
			if err != nil {
				return err
			}
			if len(cands) != len(dedupe(in.OrderIDs)) {
				return invalid("NOT_FOUND", "One of the orders does not exist.", "input", "orderIds")
			}
			for _, o := range cands {
				if !pickableStatus(o.Status) {
					return conflict("NOT_PICKABLE", fmt.Sprintf("Order %s is %s; only allocated orders are picked.", o.Number, o.Status),
						map[string]any{"order": o.Number})
				}
			}
		} else {
			cands, err = db.Order.Query().Where(order.StatusIn(order.StatusALLOCATED, order.StatusPICKING),
				order.HasLinesWith(orderline.Or(orderline.WarehouseID(w.ID), orderline.WarehouseIDIsNil()))).
				Order(ent.Asc(order.FieldID)).All(ctx)
			if err != nil {
				return err
			}
			sort.SliceStable(cands, func(i, j int) bool { return pickFirst(cands[i], cands[j]) })
		}
		ids := make([]pulid.ID, len(cands))
		for i, o := range cands {
			ids[i] = o.ID
		}
		todo, err := s.toPick(ctx, db, ids, w.ID)
		if err != nil {
			return err
		}
		var chosen []*ent.Order
		for _, o := range cands {
			if len(todo[o.ID]) == 0 {
				if explicit {
					return conflict("NOTHING_TO_PICK", fmt.Sprintf("Order %s has nothing left to pick at %s.", o.Number, w.Code),
						map[string]any{"order": o.Number})
				}
				continue
			}
			chosen = append(chosen, o)
			if len(chosen) == limit {
				break
			}
		}
		if !explicit && len(chosen) > 0 {
			// Lock what was chosen and look again: another picker may have
			// listed these orders meanwhile.
			ids := make([]pulid.ID, len(chosen))
			for i, o := range chosen {
				ids[i] = o.ID
			}
			if chosen, err = db.Order.Query().Where(order.IDIn(ids...), order.StatusIn(pickable...), forUpdate).
				Order(ent.Asc(order.FieldID)).All(ctx); err != nil {
				return err
			}
			sort.SliceStable(chosen, func(i, j int) bool { return pickFirst(chosen[i], chosen[j]) })
			if todo, err = s.toPick(ctx, db, ids, w.ID); err != nil {
				return err
			}
			kept := chosen[:0]
			for _, o := range chosen {
				if len(todo[o.ID]) > 0 {
					kept = append(kept, o)
				}
			}
			chosen = kept
		}
		if len(chosen) == 0 {
			return conflict("NOTHING_TO_PICK", "No allocated order waits for picking at "+w.Code+".", nil)
		}
		lines, err := s.planLines(ctx, db, chosen, todo, w.ID)
		if err != nil {
			return err
		}
		now := s.now().UTC()
		pl, err := db.PickList.Create().SetNumber(newNumber("PL", now)).SetWarehouseID(w.ID).SetBatch(len(chosen) > 1).
			SetOrderCount(len(chosen)).SetLineCount(len(lines)).SetCreatedBy(actor).SetCreatedAt(now).SetUpdatedAt(now).Save(ctx)
		if err != nil {
			return err
		}
		for _, l := range lines {
			l.SetPickListID(pl.ID)
		}
		if err := db.PickListLine.CreateBulk(lines...).Exec(ctx); err != nil {
			return err
		}
		for _, o := range chosen {
			note := fmt.Sprintf("pick list %s at %s", pl.Number, w.Code)
			if o.Status == order.StatusALLOCATED {
				_, err = s.orders.Advance(ctx, db, o.ID, order.StatusPICKING, actor, note)
			} else {
				err = s.orders.Note(ctx, db, o.ID, actor, note)
			}
			if err != nil {
				return err
			}
		}
		out = pl
		return nil
	})
	return out, err
}

func dedupe(ids []pulid.ID) map[pulid.ID]bool {
	m := map[pulid.ID]bool{}
	for _, id := range ids {
		m[id] = true
	}
	return m
}

func pickableStatus(st order.Status) bool {
	for _, p := range pickable {
		if p == st {
			return true
		}
	}
	return false
}

// pickFirst orders the picking queue: urgent delivery options, then the
// earliest promised date, then the oldest order.
func pickFirst(a, b *ent.Order) bool {
	pa, pb := allocation.Priority(a.DeliveryOption), allocation.Priority(b.DeliveryOption)
	if pa != pb {
		return pa < pb
	}
	if (a.PromisedDeliveryDate != nil) != (b.PromisedDeliveryDate != nil) {
		return a.PromisedDeliveryDate != nil
	}
	if a.PromisedDeliveryDate != nil && !a.PromisedDeliveryDate.Equal(*b.PromisedDeliveryDate) {
		return a.PromisedDeliveryDate.Before(*b.PromisedDeliveryDate)
	}
	return a.CreatedAt.Before(b.CreatedAt)
}

// toPick returns, per order, the units per product it holds reserved and
// unpicked at the warehouse that no open pick list line covers yet.
func (s *Service) toPick(ctx context.Context, db *ent.Client, ids []pulid.ID, warehouseID pulid.ID) (map[pulid.ID]map[pulid.ID]int, error) {
	held, err := inventory.HeldBy(ctx, db, ids)
	if err != nil {
		return nil, err
	}
	open, err := db.PickListLine.Query().Where(picklistline.OrderIDIn(ids...), picklistline.WarehouseID(warehouseID),
		picklistline.StatusEQ(picklistline.StatusPENDING)).All(ctx)
	if err != nil {
		return nil, err
	}
	covered := map[pulid.ID]map[pulid.ID]int{}
	for _, l := range open {
		if covered[l.OrderID] == nil {
			covered[l.OrderID] = map[pulid.ID]int{}
		}
		covered[l.OrderID][l.ProductID] += l.Quantity - l.PickedQuantity
	}
	out := map[pulid.ID]map[pulid.ID]int{}
	for id, hs := range held {
		for _, h := range hs {
			if h.WarehouseID != warehouseID {
				continue
			}
			if q := h.Reserved - h.Picked - covered[id][h.ProductID]; q > 0 {
				if out[id] == nil {
					out[id] = map[pulid.ID]int{}
				}
				out[id][h.ProductID] = q
			}
		}
	}
	return out, nil
}

// planLines builds the lines: bins from the stock levels, lots suggested
// FEFO/FIFO net of what other open lines already claim, walking order.
func (s *Service) planLines(ctx context.Context, db *ent.Client, orders []*ent.Order, todo map[pulid.ID]map[pulid.ID]int,
	warehouseID pulid.ID) ([]*ent.PickListLineCreate, error) {
	var pids []pulid.ID
	seen := map[pulid.ID]bool{}
	var oids []pulid.ID
	for _, o := range orders {
		oids = append(oids, o.ID)
		for p := range todo[o.ID] {
			if !seen[p] {
				seen[p] = true
				pids = append(pids, p)
			}
		}
	}
	products, err := db.Product.Query().Where(product.IDIn(pids...)).All(ctx)
	if err != nil {
		return nil, err
	}
	prod := map[pulid.ID]*ent.Product{}
	for _, p := range products {
		prod[p.ID] = p
	}
	levels, err := db.StockLevel.Query().Where(stocklevel.WarehouseID(warehouseID), stocklevel.ProductIDIn(pids...)).All(ctx)
	if err != nil {
		return nil, err
	}
	bin := map[pulid.ID]string{}
	for _, l := range levels {
		bin[l.ProductID] = l.BinLocation
	}
	olines, err := db.OrderLine.Query().Where(orderline.OrderIDIn(oids...)).All(ctx)
	if err != nil {
		return nil, err
	}
	lineOf := map[[2]pulid.ID]pulid.ID{}
	for _, l := range olines {
		lineOf[[2]pulid.ID{l.OrderID, l.ProductID}] = l.ID
	}
	// Lots other open lines have claimed and not yet picked.
	claimed := map[pulid.ID]map[string]int{}
	open, err := db.PickListLine.Query().Where(picklistline.WarehouseID(warehouseID), picklistline.ProductIDIn(pids...),
		picklistline.StatusEQ(picklistline.StatusPENDING), picklistline.SuggestedLotNotNil()).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, l := range open {
		if claimed[l.ProductID] == nil {
			claimed[l.ProductID] = map[string]int{}
		}
		claimed[l.ProductID][*l.SuggestedLot] += l.Quantity - l.PickedQuantity
	}
	lots := map[pulid.ID][]inventory.Lot{}
	for _, p := range products {
		if p.LotTracked {
			if lots[p.ID], err = inventory.Lots(ctx, db, p.ID, warehouseID); err != nil {
				return nil, err
			}
		}
	}
	type pending struct {
		c   *ent.PickListLineCreate
		bin string
	}
	var all []pending
	for _, o := range orders {
		prods := make([]pulid.ID, 0, len(todo[o.ID]))
		for p := range todo[o.ID] {
			prods = append(prods, p)
		}
		sort.Slice(prods, func(i, j int) bool { return prods[i] < prods[j] })
		for _, pid := range prods {
			q, p := todo[o.ID][pid], prod[pid]
			mk := func(qty int) *ent.PickListLineCreate {
				c := db.PickListLine.Create().SetOrderID(o.ID).SetProductID(pid).SetWarehouseID(warehouseID).
					SetSku(p.Sku).SetBarcode(p.Barcode).SetName(p.NameZh).SetBinLocation(bin[pid]).SetQuantity(qty).
					SetLotTracked(p.LotTracked)
				if id, ok := lineOf[[2]pulid.ID{o.ID, pid}]; ok {
					c.SetOrderLineID(id)
				}
				return c
			}
			if !p.LotTracked {
				all = append(all, pending{mk(q), bin[pid]})
				continue
			}
			if claimed[pid] == nil {
				claimed[pid] = map[string]int{}
			}
			for _, share := range inventory.TakeLots(lots[pid], q, claimed[pid]) {
				c := mk(share.Quantity)
				if share.Lot != "" {
					c.SetSuggestedLot(share.Lot).SetNillableSuggestedLotExpiresAt(share.ExpiresAt)
					claimed[pid][share.Lot] += share.Quantity
				}
				all = append(all, pending{c, bin[pid]})
			}
		}
	}
	bins := make([]string, len(all))
	for i, p := range all {
		bins[i] = p.bin
	}
	out := make([]*ent.PickListLineCreate, 0, len(all))
	for seq, i := range inventory.WalkOrder(bins) {
		out = append(out, all[i].c.SetSequence(seq))
	}
	return out, nil
}

// CancelPickList drops a pick list that is not packed (FULFIL): picked
// units go back on the shelf (negative PICK movements), orders that were
// PICKING go back to ALLOCATED.
func (s *Service) CancelPickList(ctx context.Context, id pulid.ID, reason string) (*ent.PickList, error) {
	var out *ent.PickList
	err := s.tx(ctx, func(ctx context.Context, db *ent.Client, actor string) error {
		pl, err := db.PickList.Query().Where(picklist.ID(id), forUpdate).Only(ctx)
		if ent.IsNotFound(err) {
			return invalid("NOT_FOUND", "No such pick list.", "id")
		}
		if err != nil {
			return err
		}
		if pl.Status == picklist.StatusCLOSED || pl.Status == picklist.StatusCANCELLED {
			return conflict("PICK_LIST_CLOSED", fmt.Sprintf("Pick list %s is %s.", pl.Number, pl.Status), nil)
		}
		lines, err := db.PickListLine.Query().Where(picklistline.PickListID(pl.ID)).All(ctx)
		if err != nil {
			return err
		}
		for _, l := range lines {
			if l.Status == picklistline.StatusPACKED || l.Status == picklistline.StatusSHIPPED {
				return conflict("ALREADY_PACKED", "Part of this list is packed; ship or keep it.", nil)
			}
		}
		orders := map[pulid.ID]bool{}
		for _, l := range lines {
			orders[l.OrderID] = true
			if l.PickedQuantity > 0 {
				lot := ""
				if l.PickedLot != nil {
					lot = *l.PickedLot
				}
				if _, err := inventory.Pick(ctx, db, l.OrderID, l.ProductID, l.WarehouseID, -l.PickedQuantity, lot,
					inventory.Meta{Actor: actor, Reason: "pick list cancelled: back on the shelf", Reference: pl.Number}); err != nil {
					return err
				}
			}
		}
		if err := db.PickListLine.Update().Where(picklistline.PickListID(pl.ID)).SetStatus(picklistline.StatusCANCELLED).Exec(ctx); err != nil {
			return err
		}
		for oid := range orders {
			o, err := db.Order.Get(ctx, oid)
			if err != nil {
				return err
			}
			note := fmt.Sprintf("pick list %s cancelled: %s", pl.Number, reason)
			if o.Status == order.StatusPICKING {
				_, err = s.orders.Advance(ctx, db, oid, order.StatusALLOCATED, actor, note)
			} else {
				err = s.orders.Note(ctx, db, oid, actor, note)
			}
			if err != nil {
				return err
			}
		}
		out, err = pl.Update().SetStatus(picklist.StatusCANCELLED).SetCompletedAt(s.now().UTC()).Save(ctx)
		return err
	})
	return out, err
}

// Lines returns a pick list's lines in walking order.
func (s *Service) Lines(ctx context.Context, db *ent.Client, pickListID pulid.ID) ([]*ent.PickListLine, error) {
	return db.PickListLine.Query().Where(picklistline.PickListID(pickListID)).
		Order(ent.Asc(picklistline.FieldSequence), ent.Asc(picklistline.FieldID)).All(ctx)
}
