package allocation_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/order"
	"github.com/waybill/waybill/ent/product"
	"github.com/waybill/waybill/ent/stocklevel"
	"github.com/waybill/waybill/ent/stockmovement"
	"github.com/waybill/waybill/ent/warehouse"
	"github.com/waybill/waybill/internal/allocation"
	"github.com/waybill/waybill/internal/geo"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/orders"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/seed"
	"github.com/waybill/waybill/internal/testdb"
	"github.com/waybill/waybill/internal/viewer"
)

// BenchmarkAllocate10000 allocates 10,000 CONFIRMED orders across the
// seeded warehouses (demo data, five warehouses) in one run of the
// allocator, as the background worker would: 1–3 lines each, destinations
// all over China, a quarter NEXT_DAY or EXPRESS, and reservations placed
// at a random warehouse so that many have to move. It reports orders/s
// (ns/op is per order); the ledger is verified afterwards.
// WAYBILL_BENCH_BACKEND picks the backend (sqlite by default).
func BenchmarkAllocate10000(b *testing.B) {
	const n = 10_000
	be := testdb.SQLite
	if os.Getenv("WAYBILL_BENCH_BACKEND") == "postgres" {
		be = testdb.Postgres
	}
	db := testdb.New(b, be)
	sys := viewer.SystemContext(context.Background())
	if _, err := seed.Run(context.Background(), db.Client, seed.Options{Seed: 1, Now: time.Now()}); err != nil {
		b.Fatal(err)
	}
	c := db.Client
	// Allocate the seeded CONFIRMED orders first, so only ours are timed.
	ords := orders.NewService(c, orders.WithDialect(db.Dialect))
	svc := allocation.NewService(c, ords)
	if _, err := svc.AllocatePending(sys, 0); err != nil {
		b.Fatal(err)
	}
	whs := c.Warehouse.Query().Where(warehouse.Active(true)).AllX(sys)
	prods := c.Product.Query().Where(product.Active(true)).AllX(sys)
	// Enough stock everywhere: +3,000 of every active product in every warehouse.
	err := inventory.InTx(sys, c, func(ctx context.Context, db *ent.Client) error {
		for _, p := range prods {
			for _, w := range whs {
				if _, err := inventory.Receive(ctx, db, "RECEIPT", p.ID, w.ID, 3000, lotFor(p), expiry(p), "Z-01-01-1", "", inventory.Meta{Actor: "bench", Reason: "bench stock"}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	cities := geo.All()
	r := rand.New(rand.NewPCG(7, 7))
	now := time.Now().UTC()
	reserved := map[[2]pulid.ID]int{}
	var oc []*ent.OrderCreate
	var lc []*ent.OrderLineCreate
	var mc []*ent.StockMovementCreate
	for i := range n {
		id := pulid.New("ord")
		city := cities[r.IntN(len(cities))]
		opt := order.DeliveryOptionSTANDARD
		switch r.IntN(8) {
		case 0:
			opt = order.DeliveryOptionNEXT_DAY
		case 1:
			opt = order.DeliveryOptionEXPRESS
		}
		oc = append(oc, c.Order.Create().SetID(id).SetNumber(fmt.Sprintf("WB-BENCH-%06d", i)).SetStatus(order.StatusCONFIRMED).
			SetContactName("压测").SetContactEmail(fmt.Sprintf("bench%d@example.cn", i)).SetShipCity(city.Name).
			SetShipProvince(city.Province).SetShipLine1("压测路 1 号").SetDeliveryOption(opt).
			SetCreatedAt(now.Add(time.Duration(i)*time.Millisecond)).SetUpdatedAt(now))
		w := whs[r.IntN(len(whs))]
		seen := map[pulid.ID]bool{}
		for range 1 + r.IntN(3) {
			p := prods[r.IntN(len(prods))]
			if seen[p.ID] {
				continue
			}
			seen[p.ID] = true
			q := 1 + r.IntN(2)
			lc = append(lc, c.OrderLine.Create().SetOrderID(id).SetProductID(p.ID).SetSku(p.Sku).SetName(p.NameZh).
				SetQuantity(q).SetWarehouseID(w.ID).SetUnitPriceAmount(p.PriceAmount).SetLineTotalAmount(p.PriceAmount*int64(q)))
			mc = append(mc, c.StockMovement.Create().SetKind("RESERVE").SetProductID(p.ID).SetWarehouseID(w.ID).
				SetReservedDelta(q).SetOrderID(id).SetActor("bench").SetReason("order placed"))
			reserved[[2]pulid.ID{p.ID, w.ID}] += q
		}
	}
	err = inventory.InTx(sys, c, func(ctx context.Context, db *ent.Client) error {
		for _, chunk := range chunks(len(oc), 500) {
			if err := db.Order.CreateBulk(oc[chunk[0]:chunk[1]]...).Exec(ctx); err != nil {
				return err
			}
		}
		for _, chunk := range chunks(len(lc), 500) {
			if err := db.OrderLine.CreateBulk(lc[chunk[0]:chunk[1]]...).Exec(ctx); err != nil {
				return err
			}
		}
		for _, chunk := range chunks(len(mc), 500) {
			if err := db.StockMovement.CreateBulk(mc[chunk[0]:chunk[1]]...).Exec(ctx); err != nil {
				return err
			}
		}
		for k, q := range reserved {
			if err := db.StockLevel.Update().Where(stocklevel.ProductID(k[0]), stocklevel.WarehouseID(k[1])).AddReserved(q).Exec(ctx); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	start := time.Now()
	res, err := svc.AllocatePending(sys, n)
	elapsed := time.Since(start)
	b.StopTimer()
	if err != nil {
		b.Fatal(err)
	}
	if res.Allocated+res.Unfillable != n {
		b.Fatalf("allocated %d, unfillable %d of %d", res.Allocated, res.Unfillable, n)
	}
	b.ReportMetric(float64(elapsed.Nanoseconds())/n, "ns/op")
	b.ReportMetric(n/elapsed.Seconds(), "orders/s")
	split := 0
	for _, a := range res.Allocations {
		if a.Shipments > 1 {
			split++
		}
	}
	moved := c.StockMovement.Query().Where(stockmovement.KindEQ(stockmovement.KindRELEASE), stockmovement.ReasonHasPrefix("allocation")).CountX(sys)
	b.ReportMetric(float64(split), "split-orders")
	b.ReportMetric(float64(moved), "moved-reservations")
	drift, err := inventory.Verify(sys, c)
	if err != nil || len(drift) > 0 {
		b.Fatalf("ledger after allocation: %v %v", drift, err)
	}
}

func lotFor(p *ent.Product) string {
	if p.LotTracked {
		return "BENCH-LOT"
	}
	return ""
}

func expiry(p *ent.Product) *time.Time {
	if !p.LotTracked {
		return nil
	}
	t := time.Now().AddDate(2, 0, 0).UTC()
	return &t
}

func chunks(n, size int) [][2]int {
	var out [][2]int
	for i := 0; i < n; i += size {
		out = append(out, [2]int{i, min(i+size, n)})
	}
	return out
}
