package inventory

import (
	"context"
	stdsql "database/sql"
	"errors"
	"fmt"
	"sort"
	"time"

	entsql "entgo.io/ent/dialect/sql"
	"github.com/lib/pq"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/stocklevel"
	"github.com/waybill/waybill/ent/stockmovement"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// Move is one entry of the stock ledger: the change of one level's on-hand,
// reserved and picked quantities, and why.
//
// A level always satisfies on_hand >= reserved >= picked >= 0:
//
//   - RECEIPT, RETURN_RESTOCK, TRANSFER_IN add to on hand;
//   - RESERVE holds available stock (on hand minus reserved) for an order,
//     RELEASE gives back reserved stock that is not picked;
//   - PICK marks reserved units as off the shelf (a negative PICK puts them back);
//   - SHIP removes picked units: on hand, reserved and picked all fall;
//   - ADJUST, COUNT, WRITE_OFF, TRANSFER_OUT change on hand, never below
//     what is reserved.
//
// Every move is applied by one conditional UPDATE whose WHERE clause is
// that invariant after the change, so no interleaving of transactions can
// break it, and its ledger row is written in the same transaction: the level
// equals the sum of its movements, always.
type Move struct {
	Kind        stockmovement.Kind
	ProductID   pulid.ID
	WarehouseID pulid.ID
	OnHand      int // deltas
	Reserved    int
	Picked      int
	Lot         string
	LotExpires  *time.Time
	OrderID     pulid.ID
	ShipmentID  pulid.ID
	Actor       string
	Reason      string
	Reference   string
	// Bin is the bin of a level this move creates (a first receipt).
	Bin string
}

// key identifies a stock level.
type key struct{ p, w pulid.ID }

func (m Move) key() key { return key{m.ProductID, m.WarehouseID} }

// ShortError is returned when a move would break a level's invariant: not
// enough available (or reserved, or picked) stock.
type ShortError struct {
	Move                     Move
	OnHand, Reserved, Picked int  // the level as it is
	Missing                  bool // there is no such level
	Order                    bool // the order does not hold that much (Reserved, Picked are the order's)
}

func (e *ShortError) Error() string {
	if e.Missing {
		return fmt.Sprintf("inventory: no stock level for %s at %s", e.Move.ProductID, e.Move.WarehouseID)
	}
	if e.Order {
		return fmt.Sprintf("inventory: order %s would hold %d reserved, %d picked of %s at %s", e.Move.OrderID,
			e.Reserved, e.Picked, e.Move.ProductID, e.Move.WarehouseID)
	}
	return fmt.Sprintf("inventory: %s of %d/%d/%d at %s/%s would break on_hand >= reserved >= picked >= 0 (level %d/%d/%d)",
		e.Move.Kind, e.Move.OnHand, e.Move.Reserved, e.Move.Picked, e.Move.ProductID, e.Move.WarehouseID, e.OnHand, e.Reserved, e.Picked)
}

// UserError turns a shortage into the error callers show: INSUFFICIENT_STOCK
// with the available quantity, or NO_STOCK_LEVEL.
func (e *ShortError) UserError(op string) *errs.Error {
	if e.Missing {
		return errs.E(op, errs.Conflict, "NO_STOCK_LEVEL", "This warehouse does not stock this product.")
	}
	if e.Order {
		return errs.E(op, errs.Conflict, "STOCK_CHANGED", "The order's stock changed meanwhile; try again.")
	}
	avail := e.OnHand - e.Reserved
	out := errs.E(op, errs.Conflict, "INSUFFICIENT_STOCK", fmt.Sprintf("Only %d available (on hand %d, reserved %d).", max(avail, 0), e.OnHand, e.Reserved))
	out.Details = map[string]any{"available": max(avail, 0), "onHand": e.OnHand, "reserved": e.Reserved, "picked": e.Picked}
	return out
}

// AsUserError maps a *ShortError in err to its user error and leaves any
// other error as it is.
func AsUserError(op string, err error) error {
	var se *ShortError
	if errors.As(err, &se) {
		return se.UserError(op)
	}
	return err
}

// Apply writes moves in the transaction of client (run it inside one): the
// conditional update of each level and its ledger row. Moves of different
// levels are applied in (product, warehouse) order, so concurrent writers
// take row locks in one order; moves of one level keep their order. A move
// that adds stock creates a missing level. On a shortage it returns a
// *ShortError; the moves applied before it are in the ledger and the
// caller's rollback undoes them. Low-stock alerts are raised and resolved,
// and stock changes are published after commit.
func Apply(ctx context.Context, client *ent.Client, moves ...Move) ([]*ent.StockMovement, error) {
	if len(moves) == 0 {
		return nil, nil
	}
	sys := viewer.SystemContext(ctx)
	ordered := append([]Move(nil), moves...)
	sort.SliceStable(ordered, func(i, j int) bool {
		a, b := ordered[i].key(), ordered[j].key()
		if a.p != b.p {
			return a.p < b.p
		}
		return a.w < b.w
	})
	creates := make([]*ent.StockMovementCreate, 0, len(ordered))
	touched := map[key]*Move{}
	var order []key
	var short error
	// One conditional update per level with the moves' summed deltas: the
	// invariant must hold when the transaction's changes to the level are
	// done, which is what other transactions can ever see.
	for i := 0; i < len(ordered); {
		j, sum := i, ordered[i]
		sum.OnHand, sum.Reserved, sum.Picked = 0, 0, 0
		for ; j < len(ordered) && ordered[j].key() == ordered[i].key(); j++ {
			sum.OnHand += ordered[j].OnHand
			sum.Reserved += ordered[j].Reserved
			sum.Picked += ordered[j].Picked
			if ordered[j].Bin != "" {
				sum.Bin = ordered[j].Bin
			}
		}
		group := ordered[i:j]
		i = j
		if sum.OnHand != 0 || sum.Reserved != 0 || sum.Picked != 0 {
			if err := applyOne(sys, client, sum); err != nil {
				var se *ShortError
				if errors.As(err, &se) {
					short = err
					break
				}
				return nil, err
			}
		}
		for _, m := range group {
			if m.OnHand == 0 && m.Reserved == 0 && m.Picked == 0 {
				continue
			}
			c := client.StockMovement.Create().SetKind(m.Kind).SetProductID(m.ProductID).SetWarehouseID(m.WarehouseID).
				SetOnHandDelta(m.OnHand).SetReservedDelta(m.Reserved).SetPickedDelta(m.Picked).
				SetActor(m.Actor).SetReason(m.Reason).SetReference(m.Reference)
			if m.Lot != "" {
				c.SetLotNumber(m.Lot)
				c.SetNillableLotExpiresAt(m.LotExpires)
			}
			if m.OrderID != "" {
				c.SetOrderID(m.OrderID)
			}
			if m.ShipmentID != "" {
				c.SetShipmentID(m.ShipmentID)
			}
			creates = append(creates, c)
			k := m.key()
			if t, ok := touched[k]; ok {
				t.OnHand += m.OnHand
				t.Reserved += m.Reserved
				t.Picked += m.Picked
				t.Kind = m.Kind
			} else {
				mm := m
				touched[k] = &mm
				order = append(order, k)
			}
		}
	}
	var out []*ent.StockMovement
	if len(creates) > 0 {
		var err error
		if out, err = client.StockMovement.CreateBulk(creates...).Save(sys); err != nil {
			return nil, err
		}
	}
	if short != nil {
		return out, short
	}
	// What an order gives back it must have held: its own share of a level
	// never goes below zero or below what it has picked. The level's row lock,
	// taken by the update above, makes this read see every earlier change.
	if err := checkHoldings(sys, client, ordered); err != nil {
		return out, err
	}
	if err := afterMoves(ctx, client, order, touched); err != nil {
		return nil, err
	}
	return out, nil
}

// checkHoldings fails with a *ShortError when a move took an order's
// reservation or picked units below what the order holds.
func checkHoldings(ctx context.Context, client *ent.Client, moves []Move) error {
	type ok struct{ o, p, w pulid.ID }
	check := map[ok]Move{}
	var orders []pulid.ID
	for _, m := range moves {
		if m.OrderID == "" || (m.Reserved >= 0 && m.Picked >= 0) {
			continue
		}
		k := ok{m.OrderID, m.ProductID, m.WarehouseID}
		if _, seen := check[k]; !seen {
			orders = append(orders, m.OrderID)
		}
		check[k] = m
	}
	if len(check) == 0 {
		return nil
	}
	held, err := heldByOrder(ctx, client, orders)
	if err != nil {
		return err
	}
	for k, m := range check {
		var h Holding
		for _, x := range held[k.o] {
			if x.ProductID == k.p && x.WarehouseID == k.w {
				h = x
			}
		}
		if h.Reserved < 0 || h.Picked < 0 || h.Picked > h.Reserved {
			return &ShortError{Move: m, OnHand: -1, Reserved: h.Reserved, Picked: h.Picked, Order: true}
		}
	}
	return nil
}

// applyOne updates one level under the invariant, creating it first when
// the move adds stock to a level that does not exist.
func applyOne(ctx context.Context, client *ent.Client, m Move) error {
	for attempt := 0; ; attempt++ {
		n, err := client.StockLevel.Update().
			Where(stocklevel.ProductID(m.ProductID), stocklevel.WarehouseID(m.WarehouseID), invariantAfter(m)).
			AddOnHand(m.OnHand).AddReserved(m.Reserved).AddPicked(m.Picked).
			Save(ctx)
		if err != nil {
			return err
		}
		if n == 1 {
			return nil
		}
		l, err := client.StockLevel.Query().Where(stocklevel.ProductID(m.ProductID), stocklevel.WarehouseID(m.WarehouseID)).Only(ctx)
		switch {
		case ent.IsNotFound(err) && m.OnHand > 0 && m.Reserved == 0 && m.Picked == 0 && attempt == 0:
			if err := createLevel(ctx, client, m.ProductID, m.WarehouseID, m.Bin); err != nil {
				return err
			}
			continue
		case ent.IsNotFound(err):
			return &ShortError{Move: m, Missing: true}
		case err != nil:
			return err
		}
		return &ShortError{Move: m, OnHand: l.OnHand, Reserved: l.Reserved, Picked: l.Picked}
	}
}

// createLevel inserts an empty level; a concurrent insert of the same level
// is not an error (ON CONFLICT DO NOTHING).
func createLevel(ctx context.Context, client *ent.Client, productID, warehouseID pulid.ID, bin string) error {
	err := client.StockLevel.Create().SetProductID(productID).SetWarehouseID(warehouseID).SetBinLocation(bin).
		OnConflictColumns(stocklevel.FieldProductID, stocklevel.FieldWarehouseID).DoNothing().Exec(ctx)
	if err != nil && !isNoRows(err) {
		return err
	}
	return nil
}

func isNoRows(err error) bool {
	return err != nil && (errors.Is(err, stdsql.ErrNoRows))
}

// invariantAfter is "on_hand+a >= reserved+b AND reserved+b >= picked+c AND
// picked+c >= 0", checked by the database in the statement that changes
// the level.
func invariantAfter(m Move) func(*entsql.Selector) {
	return func(s *entsql.Selector) {
		on, res, pk := s.C(stocklevel.FieldOnHand), s.C(stocklevel.FieldReserved), s.C(stocklevel.FieldPicked)
		s.Where(entsql.P(func(b *entsql.Builder) {
			b.WriteString(on).WriteString(" + ").Arg(m.OnHand).WriteOp(entsql.OpGTE).
				WriteString(res).WriteString(" + ").Arg(m.Reserved).
				WriteString(" AND ").WriteString(res).WriteString(" + ").Arg(m.Reserved).WriteOp(entsql.OpGTE).
				WriteString(pk).WriteString(" + ").Arg(m.Picked).
				WriteString(" AND ").WriteString(pk).WriteString(" + ").Arg(m.Picked).WriteOp(entsql.OpGTE).Arg(0)
		}))
	}
}

// InTx runs fn in the transaction of ctx (a GraphQL mutation's) or in a new
// one, and gives fn a context that carries the transaction, so services fn
// calls join it and database.AfterCommit waits for its commit.
func InTx(ctx context.Context, client *ent.Client, fn func(ctx context.Context, db *ent.Client) error) error {
	return database.WithTx(ctx, client, func(tx *ent.Tx) error {
		c := ctx
		if ent.TxFromContext(c) == nil {
			c = ent.NewContext(ent.NewTxContext(c, tx), tx.Client())
		}
		return fn(c, tx.Client())
	})
}

// InTxRetry is InTx that, when it owns the transaction, tries again (up to
// five times) after a PostgreSQL deadlock or serialization failure. fn must
// have no effects outside the database.
func InTxRetry(ctx context.Context, client *ent.Client, fn func(ctx context.Context, db *ent.Client) error) error {
	if ent.TxFromContext(ctx) != nil {
		return InTx(ctx, client, fn)
	}
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		if err = InTx(ctx, client, fn); !Retryable(err) {
			return err
		}
		time.Sleep(time.Duration(attempt+1) * 7 * time.Millisecond)
	}
	return err
}

// Retryable reports whether err is a PostgreSQL deadlock or serialization
// failure: the transaction was rolled back and may simply run again.
func Retryable(err error) bool {
	var pe *pq.Error
	if errors.As(err, &pe) {
		return pe.Code == "40P01" || pe.Code == "40001"
	}
	return false
}
