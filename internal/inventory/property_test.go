package inventory_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/stocklevel"
	"github.com/waybill/waybill/ent/stockmovement"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/geo"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/testdb"
)

// TestLedgerProperty drives thousands of random, interleaved stock
// operations — reserve, release, receive, pick, ship, count, transfer,
// return, adjust — from several goroutines, then checks that every level
// equals its ledger, that none is negative or inconsistent, and that no
// order holds more picked than reserved.
func TestLedgerProperty(t *testing.T) {
	const workers, opsPerWorker = 4, 550
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newShop(t, db, 6, 3) // products 0 and 3 are lot-tracked
		for _, p := range s.products {
			for _, w := range s.whs {
				lot, exp := "", (*time.Time)(nil)
				if p.LotTracked {
					e := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
					lot, exp = "L0-"+w.Code, &e
				}
				s.receive(t, p, w, 20, lot, exp)
			}
		}
		var (
			mu      sync.Mutex
			tally   = map[string]int{}
			wg      sync.WaitGroup
			started = time.Now()
		)
		for wk := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := rand.New(rand.NewPCG(uint64(wk)+1, 42))
				wkr := &worker{s: s, r: r, id: wk, picked: map[pickKey]int{}}
				for range opsPerWorker {
					name, err := wkr.step()
					mu.Lock()
					switch {
					case err == nil:
						tally[name+" ok"]++
					case expected(err):
						tally[name+" refused"]++
						var e *errs.Error
						if errors.As(err, &e) {
							tally[name+" "+e.Code]++
						}
					default:
						t.Errorf("%s: unexpected error: %v", name, err)
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		t.Logf("%d operations in %s: %v", workers*opsPerWorker, time.Since(started).Round(time.Millisecond), tally)
		for _, op := range []string{"reserve", "release", "receive", "pick", "ship", "count", "transfer", "return"} {
			if tally[op+" ok"] == 0 {
				t.Errorf("no %s succeeded; the test does not exercise it", op)
			}
		}
		verify(t, db)
		for _, l := range db.Client.StockLevel.Query().AllX(s.sys) {
			if l.OnHand < 0 || l.Reserved < 0 || l.Picked < 0 || l.Reserved > l.OnHand || l.Picked > l.Reserved {
				t.Errorf("impossible level %+v", l)
			}
		}
		var ids []pulid.ID
		for _, id := range db.Client.StockMovement.Query().Where(stockmovement.OrderIDNotNil()).Unique(true).Select(stockmovement.FieldOrderID).StringsX(s.sys) {
			if id != "" {
				ids = append(ids, pulid.ID(id))
			}
		}
		held, err := inventory.HeldBy(s.sys, db.Client, ids)
		if err != nil {
			t.Fatal(err)
		}
		for id, hs := range held {
			for _, h := range hs {
				if h.Reserved < 0 || h.Picked < 0 || h.Picked > h.Reserved {
					t.Errorf("order %s holds %+v", id, h)
				}
			}
		}
	})
}

// expected reports whether err is a refusal the rules call for (not
// enough stock, a lot that ran out), as opposed to a fault.
func expected(err error) bool {
	var e *errs.Error
	if errors.As(err, &e) && (e.Kind == errs.Conflict || e.Kind == errs.Invalid) {
		return true
	}
	return errors.Is(err, errSkip)
}

var errSkip = errors.New("nothing to do")

type pickKey struct {
	order pulid.ID
	p, w  pulid.ID
	lot   string
}

// worker owns its orders: only it picks and ships them (as one picker owns
// a pick list); anyone may count or move the stock they reserve.
type worker struct {
	s      *shop
	r      *rand.Rand
	id     int
	orders []pulid.ID
	picked map[pickKey]int // committed picks not yet shipped
	serial int
}

func (w *worker) product() *ent.Product     { return w.s.products[w.r.IntN(len(w.s.products))] }
func (w *worker) warehouse() *ent.Warehouse { return w.s.whs[w.r.IntN(len(w.s.whs))] }
func (w *worker) meta(why string) inventory.Meta {
	return inventory.Meta{Actor: fmt.Sprintf("worker-%d", w.id), Reason: why}
}

func (w *worker) step() (string, error) {
	s := w.s
	switch n := w.r.IntN(100); {
	case n < 22:
		return "reserve", w.reserve()
	case n < 30:
		if len(w.orders) == 0 {
			return "release", errSkip
		}
		id := w.orders[w.r.IntN(len(w.orders))]
		return "release", s.tx(func(ctx context.Context, db *ent.Client) error {
			return inventory.Release(ctx, db, id, "test", "cancelled")
		})
	case n < 42:
		p, wh := w.product(), w.warehouse()
		lot, exp := "", (*time.Time)(nil)
		if p.LotTracked {
			w.serial++
			e := time.Date(2027, time.Month(1+w.r.IntN(12)), 1, 0, 0, 0, 0, time.UTC)
			lot, exp = fmt.Sprintf("L%d-%d", w.id, w.serial), &e
		}
		return "receive", s.tx(func(ctx context.Context, db *ent.Client) error {
			_, err := inventory.Receive(ctx, db, "RECEIPT", p.ID, wh.ID, 1+w.r.IntN(8), lot, exp, "", "", w.meta("po"))
			return err
		})
	case n < 60:
		return "pick", w.pick()
	case n < 74:
		return "ship", w.ship()
	case n < 82:
		p, wh := w.product(), w.warehouse()
		return "count", s.tx(func(ctx context.Context, db *ent.Client) error {
			l, err := db.StockLevel.Query().Where(stocklevel.ProductID(p.ID), stocklevel.WarehouseID(wh.ID)).Only(ctx)
			if ent.IsNotFound(err) {
				return errSkip
			}
			if err != nil {
				return err
			}
			inBin := l.OnHand - l.Picked
			counted := max(0, inBin+w.r.IntN(9)-6)
			_, err = inventory.Count(ctx, db, p.ID, wh.ID, counted, inBin, w.meta("cycle count"), nil)
			return err
		})
	case n < 90:
		p, from, to := w.product(), w.warehouse(), w.warehouse()
		if from == to {
			return "transfer", errSkip
		}
		return "transfer", s.tx(func(ctx context.Context, db *ent.Client) error {
			_, err := inventory.Transfer(ctx, db, p.ID, from.ID, to.ID, 1+w.r.IntN(5), "", w.meta("rebalance"))
			return err
		})
	case n < 95:
		p, wh := w.product(), w.warehouse()
		lot := ""
		if p.LotTracked {
			lot = "L0-" + wh.Code
		}
		return "return", s.tx(func(ctx context.Context, db *ent.Client) error {
			_, err := inventory.Receive(ctx, db, "RETURN_RESTOCK", p.ID, wh.ID, 1+w.r.IntN(3), lot, nil, "", "", w.meta("return"))
			return err
		})
	default:
		p, wh := w.product(), w.warehouse()
		return "adjust", s.tx(func(ctx context.Context, db *ent.Client) error {
			_, err := inventory.Change(ctx, db, "ADJUST", p.ID, wh.ID, w.r.IntN(7)-4, "", w.meta("adjust"))
			return err
		})
	}
}

func (w *worker) reserve() error {
	id := pulid.New("ord")
	needs := []inventory.Need{{Line: 0, ProductID: w.product().ID, Quantity: 1 + w.r.IntN(4)}}
	if p := w.product(); p.ID != needs[0].ProductID {
		needs = append(needs, inventory.Need{Line: 1, ProductID: p.ID, Quantity: 1 + w.r.IntN(3)})
	}
	c := cities[w.r.IntN(len(cities))]
	dest := &geo.Point{Lat: c.lat + 0.5, Lng: c.lng}
	var short bool
	err := w.s.tx(func(ctx context.Context, db *ent.Client) error {
		out, err := inventory.Reserve(ctx, db, id, dest, needs, "test")
		short = out != nil && len(out.Shortages) > 0
		return err
	})
	if err == nil && !short {
		w.orders = append(w.orders, id)
	}
	if err == nil && short {
		return errSkip
	}
	return err
}

func (w *worker) pick() error {
	if len(w.orders) == 0 {
		return errSkip
	}
	id := w.orders[w.r.IntN(len(w.orders))]
	var done pickKey
	var qty int
	err := w.s.tx(func(ctx context.Context, db *ent.Client) error {
		held, err := inventory.HeldBy(ctx, db, []pulid.ID{id})
		if err != nil {
			return err
		}
		var open []inventory.Holding
		for _, h := range held[id] {
			if h.Reserved > h.Picked {
				open = append(open, h)
			}
		}
		if len(open) == 0 {
			return errSkip
		}
		h := open[w.r.IntN(len(open))]
		qty = 1 + w.r.IntN(h.Reserved-h.Picked)
		lot := ""
		if w.lotTracked(h.ProductID) {
			lots, err := inventory.Lots(ctx, db, h.ProductID, h.WarehouseID)
			if err != nil {
				return err
			}
			shares := inventory.TakeLots(lots, qty, nil)
			if len(shares) == 0 || shares[0].Lot == "" {
				return errSkip
			}
			lot, qty = shares[0].Lot, shares[0].Quantity
		}
		if _, err := inventory.Pick(ctx, db, id, h.ProductID, h.WarehouseID, qty, lot, w.meta("pick")); err != nil {
			return err
		}
		done = pickKey{id, h.ProductID, h.WarehouseID, lot}
		return nil
	})
	if err == nil {
		w.picked[done] += qty
	}
	return err
}

func (w *worker) ship() error {
	var keys []pickKey
	for k, q := range w.picked {
		if q > 0 {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return errSkip
	}
	k := keys[w.r.IntN(len(keys))]
	q := 1 + w.r.IntN(w.picked[k])
	err := w.s.tx(func(ctx context.Context, db *ent.Client) error {
		_, err := inventory.Ship(ctx, db, []inventory.ShipItem{{OrderID: k.order, ProductID: k.p, WarehouseID: k.w, Quantity: q, Lot: k.lot}}, w.meta("ship"))
		return err
	})
	if err == nil {
		w.picked[k] -= q
	}
	return err
}

func (w *worker) lotTracked(id pulid.ID) bool {
	for _, p := range w.s.products {
		if p.ID == id {
			return p.LotTracked
		}
	}
	return false
}
