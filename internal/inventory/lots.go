package inventory

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/stocklevel"
	"github.com/waybill/waybill/ent/stockmovement"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// Lot is what the ledger says one lot of one level holds. Lots are not a
// table: a lot's balance is the sum of the movements that carry its number,
// so it cannot drift from the ledger.
type Lot struct {
	Number     string
	ExpiresAt  *time.Time // nil: no expiry (FIFO applies)
	ReceivedAt time.Time  // first receipt into this warehouse
	OnHand     int
	Picked     int // picked, not yet shipped
}

// Free is what can still be picked from the lot.
func (l Lot) Free() int { return l.OnHand - l.Picked }

// Lots returns the lots of a level with stock, in picking order: earliest
// expiry first (FEFO), lots without expiry after them by receipt (FIFO).
// Units booked without a lot appear as a lot with an empty number, last.
func Lots(ctx context.Context, client *ent.Client, productID, warehouseID pulid.ID) ([]Lot, error) {
	sys := viewer.SystemContext(ctx)
	var sums []struct {
		LotNumber *string `json:"lot_number"`
		OnHand    int     `json:"on_hand"`
		Picked    int     `json:"picked"`
	}
	err := client.StockMovement.Query().
		Where(stockmovement.ProductID(productID), stockmovement.WarehouseID(warehouseID),
			stockmovement.Or(stockmovement.OnHandDeltaNEQ(0), stockmovement.PickedDeltaNEQ(0))).
		GroupBy(stockmovement.FieldLotNumber).
		Aggregate(ent.As(ent.Sum(stockmovement.FieldOnHandDelta), "on_hand"), ent.As(ent.Sum(stockmovement.FieldPickedDelta), "picked")).
		Scan(sys, &sums)
	if err != nil {
		return nil, err
	}
	receipts, err := client.StockMovement.Query().
		Where(stockmovement.ProductID(productID), stockmovement.WarehouseID(warehouseID), stockmovement.LotNumberNotNil(),
			stockmovement.OnHandDeltaGT(0)).
		Select(stockmovement.FieldLotNumber, stockmovement.FieldLotExpiresAt, stockmovement.FieldCreatedAt).All(sys)
	if err != nil {
		return nil, err
	}
	meta := map[string]*Lot{}
	for _, r := range receipts {
		n := *r.LotNumber
		m := meta[n]
		if m == nil {
			m = &Lot{Number: n, ReceivedAt: r.CreatedAt}
			meta[n] = m
		}
		if r.CreatedAt.Before(m.ReceivedAt) {
			m.ReceivedAt = r.CreatedAt
		}
		if r.LotExpiresAt != nil && (m.ExpiresAt == nil || r.LotExpiresAt.Before(*m.ExpiresAt)) {
			t := *r.LotExpiresAt
			m.ExpiresAt = &t
		}
	}
	var out []Lot
	for _, s := range sums {
		if s.OnHand == 0 && s.Picked == 0 {
			continue
		}
		n := ""
		if s.LotNumber != nil {
			n = *s.LotNumber
		}
		l := Lot{Number: n, OnHand: s.OnHand, Picked: s.Picked}
		if m := meta[n]; m != nil {
			l.ExpiresAt, l.ReceivedAt = m.ExpiresAt, m.ReceivedAt
		}
		out = append(out, l)
	}
	SortLots(out)
	return out, nil
}

// SortLots puts lots in picking order: FEFO, then FIFO, then by number; the
// unnamed remainder last.
func SortLots(ls []Lot) {
	sort.SliceStable(ls, func(i, j int) bool {
		a, b := ls[i], ls[j]
		if (a.Number == "") != (b.Number == "") {
			return b.Number == ""
		}
		switch {
		case a.ExpiresAt != nil && b.ExpiresAt != nil && !a.ExpiresAt.Equal(*b.ExpiresAt):
			return a.ExpiresAt.Before(*b.ExpiresAt)
		case (a.ExpiresAt == nil) != (b.ExpiresAt == nil):
			return a.ExpiresAt != nil
		case !a.ReceivedAt.Equal(b.ReceivedAt):
			return a.ReceivedAt.Before(b.ReceivedAt)
		}
		return a.Number < b.Number
	})
}

// LotShare is a quantity taken from one lot.
type LotShare struct {
	Lot       string
	ExpiresAt *time.Time
	Quantity  int
}

// TakeLots splits qty over lots in picking order, each giving at most its
// free quantity minus committed[lot] (quantities other work already
// claimed). What no lot covers comes back as a share with an empty lot.
func TakeLots(lots []Lot, qty int, committed map[string]int) []LotShare {
	var out []LotShare
	for _, l := range lots {
		if qty == 0 {
			break
		}
		if l.Number == "" {
			continue
		}
		free := l.Free() - committed[l.Number]
		if free <= 0 {
			continue
		}
		take := min(free, qty)
		out = append(out, LotShare{Lot: l.Number, ExpiresAt: l.ExpiresAt, Quantity: take})
		qty -= take
	}
	if qty > 0 {
		out = append(out, LotShare{Quantity: qty})
	}
	return out
}

// lockLevel takes the level's row lock (PostgreSQL; SQLite has one writer)
// for the rest of the transaction, so lot balances read after it cannot
// change underneath. It reports whether the level exists.
func lockLevel(ctx context.Context, client *ent.Client, productID, warehouseID pulid.ID) (bool, error) {
	n, err := client.StockLevel.Update().Where(stocklevel.ProductID(productID), stocklevel.WarehouseID(warehouseID)).
		AddOnHand(0).Save(quiet(ctx))
	return n > 0, err
}

// quiet is ctx acting as Waybill itself with nobody behind it: for writes
// that change nothing a person did (a lock), so the audit log stays clean.
func quiet(ctx context.Context) context.Context {
	return viewer.SystemContext(viewer.NewContext(ctx, &viewer.Viewer{}))
}

// splitByLot turns a change of on hand without a lot into moves per lot for a
// lot-tracked product: removals come from lots in picking order, additions
// go to the newest lot. The level must be locked.
func splitByLot(ctx context.Context, client *ent.Client, m Move) ([]Move, error) {
	lots, err := Lots(ctx, client, m.ProductID, m.WarehouseID)
	if err != nil {
		return nil, err
	}
	if m.OnHand > 0 {
		var newest *Lot
		for i := range lots {
			if lots[i].Number != "" && (newest == nil || lots[i].ReceivedAt.After(newest.ReceivedAt)) {
				newest = &lots[i]
			}
		}
		if newest != nil {
			m.Lot, m.LotExpires = newest.Number, newest.ExpiresAt
		}
		return []Move{m}, nil
	}
	var out []Move
	for _, s := range TakeLots(lots, -m.OnHand, nil) {
		mm := m
		mm.OnHand, mm.Lot, mm.LotExpires = -s.Quantity, s.Lot, s.ExpiresAt
		out = append(out, mm)
	}
	return out, nil
}

// checkLots fails when a lot of the level would hold less than is picked
// from it, or less than nothing. Call it after Apply (which holds the
// level's lock).
func checkLots(ctx context.Context, client *ent.Client, productID, warehouseID pulid.ID, lots ...string) error {
	if len(lots) == 0 {
		return nil
	}
	all, err := Lots(ctx, client, productID, warehouseID)
	if err != nil {
		return err
	}
	by := map[string]Lot{}
	for _, l := range all {
		by[l.Number] = l
	}
	for _, n := range lots {
		if n == "" {
			continue
		}
		l := by[n]
		if l.OnHand < 0 || l.Picked < 0 || l.Picked > l.OnHand {
			e := errs.E("inventory.lots", errs.Conflict, "LOT_SHORT", fmt.Sprintf("Lot %s has only %d left to pick.", n, max(l.Free(), 0)))
			e.Details = map[string]any{"lot": n, "available": max(l.Free(), 0)}
			return e
		}
	}
	return nil
}
