package fulfilment

import (
	"context"
	"fmt"
	"strings"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/order"
	"github.com/waybill/waybill/ent/picklist"
	"github.com/waybill/waybill/ent/picklistline"
	"github.com/waybill/waybill/ent/product"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/pulid"
)

// ScanInput is one scan at the shelf: a barcode (or SKU typed by hand), a
// lot for lot-tracked products, a quantity (default 1) and, on a batch
// list, optionally the order whose tote it goes into.
type ScanInput struct {
	PickListID pulid.ID
	Barcode    string
	Lot        string
	Quantity   int
	OrderID    pulid.ID
}

// ScanResult is an accepted scan.
type ScanResult struct {
	PickList      *ent.PickList
	Lines         []*ent.PickListLine // the lines it counted against
	OrderID       pulid.ID            // the tote it goes into
	OrderComplete bool                // every line of that order on this list is picked
	ListComplete  bool
	Remaining     int // units still to pick on the list
}

// MaxScanQuantity bounds one scan.
const MaxScanQuantity = 999

// Scan checks one scanned item against the pick list and books it as
// picked (FULFIL). It refuses, changing nothing:
//
//   - WRONG_ITEM: the barcode is not on the list (or not on the given order);
//   - OVER_SCAN: more units than the list still needs of it;
//   - LOT_REQUIRED: a lot-tracked item scanned without its lot;
//   - WRONG_LOT: a lot other than the one suggested (earliest expiry first);
//   - PICK_LIST_CLOSED, INVALID_QUANTITY, INVALID_BARCODE.
func (s *Service) Scan(ctx context.Context, in ScanInput) (*ScanResult, error) {
	var out *ScanResult
	err := s.tx(ctx, func(ctx context.Context, db *ent.Client, actor string) error {
		pl, err := db.PickList.Query().Where(picklist.ID(in.PickListID), forUpdate).Only(ctx)
		if ent.IsNotFound(err) {
			return invalid("NOT_FOUND", "No such pick list.", "input", "pickListId")
		}
		if err != nil {
			return err
		}
		if pl.Status == picklist.StatusCLOSED || pl.Status == picklist.StatusCANCELLED {
			return conflict("PICK_LIST_CLOSED", fmt.Sprintf("Pick list %s is %s; nothing more can be picked on it.", pl.Number,
				strings.ToLower(string(pl.Status))), nil)
		}
		code := strings.TrimSpace(in.Barcode)
		if code == "" || len(code) > 64 {
			return invalid("INVALID_BARCODE", "Scan a barcode.", "input", "barcode")
		}
		qty := in.Quantity
		if qty == 0 {
			qty = 1
		}
		if qty < 1 || qty > MaxScanQuantity {
			return invalid("INVALID_QUANTITY", fmt.Sprintf("Scan 1 to %d units at once.", MaxScanQuantity), "input", "quantity")
		}
		lines, err := s.Lines(ctx, db, pl.ID)
		if err != nil {
			return err
		}
		var match []*ent.PickListLine
		for _, l := range lines {
			if l.Status != picklistline.StatusCANCELLED && (l.Barcode == code || strings.EqualFold(l.Sku, code)) {
				match = append(match, l)
			}
		}
		if len(match) == 0 {
			return wrongItem(ctx, db, code, "this pick list")
		}
		if in.OrderID != "" {
			var mine []*ent.PickListLine
			for _, l := range match {
				if l.OrderID == in.OrderID {
					mine = append(mine, l)
				}
			}
			if len(mine) == 0 {
				num := string(in.OrderID)
				if o, err := db.Order.Get(ctx, in.OrderID); err == nil {
					num = o.Number
				}
				return wrongItem(ctx, db, code, "order "+num)
			}
			match = mine
		}
		sku := match[0].Sku
		ordered, picked := 0, 0
		var open []*ent.PickListLine
		for _, l := range match {
			ordered += l.Quantity
			picked += l.PickedQuantity
			if l.Status == picklistline.StatusPENDING && l.PickedQuantity < l.Quantity {
				open = append(open, l)
			}
		}
		if len(open) == 0 {
			return conflict("OVER_SCAN", fmt.Sprintf("All %d of %s are already picked; put this one back.", ordered, sku),
				map[string]any{"sku": sku, "ordered": ordered, "picked": picked})
		}
		lot := strings.TrimSpace(in.Lot)
		if open[0].LotTracked {
			if lot == "" {
				e := conflict("LOT_REQUIRED", fmt.Sprintf("%s is lot-tracked: scan the lot number too.", sku), map[string]any{"sku": sku})
				if open[0].SuggestedLot != nil {
					e.Message = fmt.Sprintf("%s is lot-tracked: scan lot %s.", sku, *open[0].SuggestedLot)
					e.Details["suggestedLot"] = *open[0].SuggestedLot
				}
				return e.At("input", "lotNumber")
			}
			var right []*ent.PickListLine
			var suggested *ent.PickListLine
			for _, l := range open {
				switch {
				case l.SuggestedLot == nil, *l.SuggestedLot == lot:
					right = append(right, l)
				case suggested == nil:
					suggested = l
				}
			}
			if len(right) == 0 {
				msg := fmt.Sprintf("Wrong lot: pick %s from lot %s", sku, *suggested.SuggestedLot)
				details := map[string]any{"sku": sku, "scannedLot": lot, "suggestedLot": *suggested.SuggestedLot}
				if suggested.SuggestedLotExpiresAt != nil {
					msg += fmt.Sprintf(" (expires %s, earliest first)", suggested.SuggestedLotExpiresAt.Format("2006-01-02"))
					details["expiresAt"] = suggested.SuggestedLotExpiresAt.Format("2006-01-02")
				}
				return conflict("WRONG_LOT", msg+".", details).At("input", "lotNumber")
			}
			open = right
		} else {
			lot = ""
		}
		left := 0
		for _, l := range open {
			left += l.Quantity - l.PickedQuantity
		}
		if qty > left {
			return conflict("OVER_SCAN", fmt.Sprintf("Only %d more of %s to pick here; you scanned %d.", left, sku, qty),
				map[string]any{"sku": sku, "remaining": left, "scanned": qty})
		}
		now := s.now().UTC()
		res := &ScanResult{OrderID: open[0].OrderID}
		for _, l := range open {
			if qty == 0 {
				break
			}
			part := min(qty, l.Quantity-l.PickedQuantity)
			if part == 0 {
				continue
			}
			if res.OrderID != l.OrderID && len(res.Lines) > 0 {
				break // one scan fills one tote
			}
			u := db.PickListLine.Update().Where(picklistline.ID(l.ID), picklistline.StatusEQ(picklistline.StatusPENDING), pickedAtMost(l.Quantity-part)).
				AddPickedQuantity(part)
			if lot != "" {
				u.SetPickedLot(lot)
			}
			if part == l.Quantity-l.PickedQuantity {
				u.SetStatus(picklistline.StatusPICKED)
			}
			n, err := u.Save(ctx)
			if err != nil {
				return err
			}
			if n == 0 {
				return conflict("OVER_SCAN", "Someone else picked this meanwhile; rescan.", nil)
			}
			if _, err := inventory.Pick(ctx, db, l.OrderID, l.ProductID, l.WarehouseID, part, lot,
				inventory.Meta{Actor: actor, Reason: "picked for " + pl.Number, Reference: pl.Number}); err != nil {
				return err
			}
			qty -= part
			updated, err := db.PickListLine.Get(ctx, l.ID)
			if err != nil {
				return err
			}
			res.Lines = append(res.Lines, updated)
		}
		if qty > 0 {
			return conflict("OVER_SCAN", fmt.Sprintf("Scan the remaining %d of %s into the next tote separately.", qty, sku), nil)
		}
		// Progress.
		all, err := s.Lines(ctx, db, pl.ID)
		if err != nil {
			return err
		}
		res.ListComplete, res.OrderComplete = true, true
		for _, l := range all {
			if l.Status == picklistline.StatusPENDING {
				res.ListComplete = false
				res.Remaining += l.Quantity - l.PickedQuantity
				if l.OrderID == res.OrderID {
					res.OrderComplete = false
				}
			}
		}
		u := pl.Update()
		if pl.Status == picklist.StatusOPEN {
			u.SetStatus(picklist.StatusIN_PROGRESS).SetStartedAt(now)
			if pl.AssignedTo == "" {
				u.SetAssignedTo(actor)
			}
		}
		if res.ListComplete {
			u.SetStatus(picklist.StatusPICKED).SetCompletedAt(now)
		}
		if res.PickList, err = u.Save(ctx); err != nil {
			return err
		}
		out = res
		return nil
	})
	return out, err
}

// pickedAtMost is "picked_quantity <= q", checked in the update.
func pickedAtMost(q int) func(*entsql.Selector) {
	return func(s *entsql.Selector) {
		s.Where(entsql.LTE(s.C(picklistline.FieldPickedQuantity), q))
	}
}

// wrongItem names what was scanned, when Waybill knows it. The message is
// English (the English name, else the Chinese one); the details carry both
// names so that a screen can show the one of its language ("name" stays the
// Chinese name, as before).
func wrongItem(ctx context.Context, db *ent.Client, code, where string) error {
	p, err := db.Product.Query().Where(product.Or(product.Barcode(code), product.Sku(strings.ToUpper(code)))).First(ctx)
	if err == nil {
		name := p.NameEn
		if strings.TrimSpace(name) == "" {
			name = p.NameZh
		}
		return conflict("WRONG_ITEM", fmt.Sprintf("%s (%s) is not on %s. Put it back.", name, p.Sku, where),
			map[string]any{"sku": p.Sku, "barcode": code, "name": p.NameZh, "nameZh": p.NameZh, "nameEn": p.NameEn})
	}
	if !ent.IsNotFound(err) {
		return err
	}
	return conflict("WRONG_ITEM", fmt.Sprintf("Barcode %s is not on %s.", code, where), map[string]any{"barcode": code})
}

// PackInput packs one order's picked lines of a pick list.
type PackInput struct {
	PickListID  pulid.ID
	OrderID     pulid.ID
	WeightGrams int
	LengthMm    int
	WidthMm     int
	HeightMm    int
}

// Limits of one carton.
const (
	MaxWeightGrams = 70_000
	MaxSideMm      = 2_000
)

// Pack puts an order's lines of a pick list into a carton, recording its
// weight and dimensions (FULFIL). It refuses PICK_INCOMPLETE until every
// line of the order on the list is scanned. The order becomes PACKED.
func (s *Service) Pack(ctx context.Context, in PackInput) (*ent.Carton, error) {
	var out *ent.Carton
	err := s.tx(ctx, func(ctx context.Context, db *ent.Client, actor string) error {
		pl, err := db.PickList.Query().Where(picklist.ID(in.PickListID), forUpdate).Only(ctx)
		if ent.IsNotFound(err) {
			return invalid("NOT_FOUND", "No such pick list.", "input", "pickListId")
		}
		if err != nil {
			return err
		}
		if pl.Status == picklist.StatusCANCELLED {
			return conflict("PICK_LIST_CLOSED", fmt.Sprintf("Pick list %s is cancelled.", pl.Number), nil)
		}
		lines, err := db.PickListLine.Query().Where(picklistline.PickListID(pl.ID), picklistline.OrderID(in.OrderID),
			picklistline.StatusNEQ(picklistline.StatusCANCELLED)).Order(ent.Asc(picklistline.FieldSequence)).All(ctx)
		if err != nil {
			return err
		}
		if len(lines) == 0 {
			return invalid("NOT_ON_PICK_LIST", "This order is not on the pick list.", "input", "orderId")
		}
		var missing []map[string]any
		var parts []string
		items := 0
		for _, l := range lines {
			switch l.Status {
			case picklistline.StatusPACKED, picklistline.StatusSHIPPED:
				return conflict("ALREADY_PACKED", "This order's items on the list are already packed.", nil)
			case picklistline.StatusPENDING:
				left := l.Quantity - l.PickedQuantity
				missing = append(missing, map[string]any{"sku": l.Sku, "bin": l.BinLocation, "remaining": left})
				parts = append(parts, fmt.Sprintf("%d × %s (%s)", left, l.Sku, l.BinLocation))
			}
			items += l.PickedQuantity
		}
		if len(missing) > 0 {
			return conflict("PICK_INCOMPLETE", "Scan every item before packing; still to pick: "+strings.Join(parts, ", ")+".",
				map[string]any{"missing": missing})
		}
		var problems errs.List
		if in.WeightGrams < 1 || in.WeightGrams > MaxWeightGrams {
			problems = append(problems, invalid("INVALID_WEIGHT", fmt.Sprintf("Weigh the carton: 1 to %d grams.", MaxWeightGrams), "input", "weightGrams"))
		}
		for _, d := range []struct {
			v int
			f string
		}{{in.LengthMm, "lengthMm"}, {in.WidthMm, "widthMm"}, {in.HeightMm, "heightMm"}} {
			if d.v < 1 || d.v > MaxSideMm {
				problems = append(problems, invalid("INVALID_DIMENSIONS", fmt.Sprintf("Measure the carton: each side 1 to %d mm.", MaxSideMm), "input", d.f))
			}
		}
		if len(problems) > 0 {
			return problems
		}
		now := s.now().UTC()
		c, err := db.Carton.Create().SetOrderID(in.OrderID).SetWarehouseID(pl.WarehouseID).SetPickListID(pl.ID).
			SetWeightGrams(in.WeightGrams).SetLengthMm(in.LengthMm).SetWidthMm(in.WidthMm).SetHeightMm(in.HeightMm).
			SetItems(items).SetPackedBy(actor).SetCreatedAt(now).SetUpdatedAt(now).Save(ctx)
		if err != nil {
			return err
		}
		ids := make([]pulid.ID, len(lines))
		for i, l := range lines {
			ids[i] = l.ID
		}
		if err := db.PickListLine.Update().Where(picklistline.IDIn(ids...)).SetStatus(picklistline.StatusPACKED).
			SetCartonID(c.ID).Exec(ctx); err != nil {
			return err
		}
		o, err := db.Order.Get(ctx, in.OrderID)
		if err != nil {
			return err
		}
		note := fmt.Sprintf("packed %d items, %d g, %d×%d×%d mm (pick list %s)", items, in.WeightGrams, in.LengthMm, in.WidthMm, in.HeightMm, pl.Number)
		if o.Status == order.StatusPICKING {
			_, err = s.orders.Advance(ctx, db, o.ID, order.StatusPACKED, actor, note)
		} else {
			err = s.orders.Note(ctx, db, o.ID, actor, note)
		}
		if err != nil {
			return err
		}
		out = c
		return nil
	})
	return out, err
}
