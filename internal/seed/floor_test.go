package seed_test

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/account"
	"github.com/waybill/waybill/ent/allocation"
	"github.com/waybill/waybill/ent/carton"
	"github.com/waybill/waybill/ent/opsalert"
	"github.com/waybill/waybill/ent/order"
	"github.com/waybill/waybill/ent/picklist"
	"github.com/waybill/waybill/ent/picklistline"
	"github.com/waybill/waybill/ent/shipment"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/orders"
	"github.com/waybill/waybill/internal/payment"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/seed"
	"github.com/waybill/waybill/internal/testdb"
	"github.com/waybill/waybill/internal/viewer"
)

var floorStatuses = map[order.Status]bool{"ALLOCATED": true, "PICKING": true, "PACKED": true}

// checkFloor: every order on the warehouse floor has what the real services
// would have left: an ALLOCATED decision with reasons that matches its lines
// and reservations; PICKING orders an open pick list, not or partly scanned;
// PACKED orders a completed list and a carton. No other order has any.
func checkFloor(ctx context.Context, t *testing.T, c *ent.Client) {
	t.Helper()
	os := must(c.Order.Query().WithLines().WithEvents().All(ctx))
	ids := make([]pulid.ID, len(os))
	for i, o := range os {
		ids[i] = o.ID
	}
	held := must(inventory.HeldBy(ctx, c, ids))
	staff := must(c.Account.Query().Where(account.Email("warehouse@waybill.test")).Only(ctx))
	number := regexp.MustCompile(`^PL-(\d{8})-[0-9A-Z]{5}$`)
	seen := map[order.Status]int{}
	for _, o := range os {
		allocs := must(c.Allocation.Query().Where(allocation.OrderID(o.ID)).All(ctx))
		plines := must(c.PickListLine.Query().Where(picklistline.OrderID(o.ID)).WithPickList().All(ctx))
		cartons := must(c.Carton.Query().Where(carton.OrderID(o.ID)).All(ctx))
		if !floorStatuses[o.Status] {
			if len(allocs)+len(plines)+len(cartons) != 0 {
				t.Errorf("order %s (%s) has %d allocations, %d pick list lines, %d cartons", o.Number, o.Status, len(allocs), len(plines), len(cartons))
			}
			continue
		}
		seen[o.Status]++
		// The allocation decision.
		if len(allocs) != 1 {
			t.Errorf("order %s (%s) has %d allocation decisions", o.Number, o.Status, len(allocs))
			continue
		}
		a := allocs[0]
		if a.Status != allocation.StatusALLOCATED || len(a.Reasons) == 0 || a.DecidedBy != "system" || a.Shipments < 1 ||
			len(a.Candidates) < 3 || a.CreatedAt.Before(o.CreatedAt) || a.CreatedAt.After(fixedNow) {
			t.Errorf("order %s: allocation %+v", o.Number, a)
		}
		if !strings.Contains(strings.Join(a.Reasons, " "), "WH-") {
			t.Errorf("order %s: reasons %q name no warehouse", o.Number, a.Reasons)
		}
		chosen := map[string]bool{}
		for _, cd := range a.Candidates {
			if cd.Chosen {
				chosen[cd.WarehouseID] = true
				if !cd.CanFill && a.Shipments == 1 {
					t.Errorf("order %s: chose %s, which cannot fill it", o.Number, cd.Code)
				}
			}
		}
		if len(chosen) != a.Shipments {
			t.Errorf("order %s: %d parcels, %d warehouses chosen", o.Number, a.Shipments, len(chosen))
		}
		assigned := map[pulid.ID]int{}
		for _, as := range a.Assignments {
			if !chosen[as.WarehouseID] {
				t.Errorf("order %s: %s assigned to %s, not a chosen warehouse", o.Number, as.SKU, as.WarehouseCode)
			}
			assigned[pulid.ID(as.OrderLineID)] += as.Quantity
			for _, l := range o.Edges.Lines {
				if string(l.ID) == as.OrderLineID && (l.WarehouseID == nil || string(*l.WarehouseID) != as.WarehouseID) {
					t.Errorf("order %s line %s ships from %v, allocated to %s", o.Number, l.Sku, l.WarehouseID, as.WarehouseCode)
				}
			}
		}
		// What the order holds is what was allocated, where it was allocated.
		holds := map[[2]pulid.ID][2]int{}
		for _, h := range held[o.ID] {
			holds[[2]pulid.ID{h.ProductID, h.WarehouseID}] = [2]int{h.Reserved, h.Picked}
		}
		for _, l := range o.Edges.Lines {
			if assigned[l.ID] != l.Quantity || l.WarehouseID == nil {
				t.Errorf("order %s line %s: %d of %d allocated", o.Number, l.Sku, assigned[l.ID], l.Quantity)
				continue
			}
			if h := holds[[2]pulid.ID{l.ProductID, *l.WarehouseID}]; h[0] != l.Quantity {
				t.Errorf("order %s line %s: %d reserved at its warehouse, want %d", o.Number, l.Sku, h[0], l.Quantity)
			}
		}
		var allocEvent *ent.OrderEvent
		for _, e := range o.Edges.Events {
			if e.ToStatus == "ALLOCATED" {
				allocEvent = e
			}
		}
		if allocEvent == nil || !allocEvent.OccurredAt.Equal(a.CreatedAt) {
			t.Errorf("order %s: allocated by event %+v, decision at %s", o.Number, allocEvent, a.CreatedAt)
		}

		// Pick lists and cartons.
		if o.Status == "ALLOCATED" {
			if len(plines) != 0 || len(cartons) != 0 {
				t.Errorf("allocated order %s already has %d pick list lines, %d cartons", o.Number, len(plines), len(cartons))
			}
			continue
		}
		lists := map[pulid.ID]*ent.PickList{}
		toPick := map[[2]pulid.ID]int{}
		picked := map[[2]pulid.ID]int{}
		pickedUnits, units := 0, 0
		for _, pn := range plines {
			pl := pn.Edges.PickList
			lists[pl.ID] = pl
			k := [2]pulid.ID{pn.ProductID, pn.WarehouseID}
			toPick[k] += pn.Quantity
			picked[k] += pn.PickedQuantity
			units += pn.Quantity
			pickedUnits += pn.PickedQuantity
			if pn.WarehouseID != pl.WarehouseID || pn.OrderLineID == nil || pn.Barcode == "" || pn.Name == "" || pn.BinLocation == "" {
				t.Errorf("order %s: pick list line %+v", o.Number, pn)
			}
			if pn.LotTracked && (pn.SuggestedLot == nil || pn.SuggestedLotExpiresAt == nil) {
				t.Errorf("order %s: lot-tracked %s without a suggested lot", o.Number, pn.Sku)
			}
			if pn.LotTracked && pn.PickedQuantity > 0 && (pn.PickedLot == nil || *pn.PickedLot != *pn.SuggestedLot) {
				t.Errorf("order %s: %s picked from lot %v, suggested %v", o.Number, pn.Sku, pn.PickedLot, pn.SuggestedLot)
			}
			want := picklistline.StatusPENDING
			switch {
			case o.Status == "PACKED":
				want = picklistline.StatusPACKED
			case pn.PickedQuantity == pn.Quantity:
				want = picklistline.StatusPICKED
			}
			if pn.Status != want || (pn.CartonID != nil) != (o.Status == "PACKED") {
				t.Errorf("order %s (%s): line %s %d/%d is %s, carton %v", o.Number, o.Status, pn.Sku, pn.PickedQuantity, pn.Quantity, pn.Status, pn.CartonID)
			}
		}
		for _, l := range o.Edges.Lines {
			k := [2]pulid.ID{l.ProductID, *l.WarehouseID}
			if toPick[k] != l.Quantity {
				t.Errorf("order %s: %s listed %d times, ordered %d", o.Number, l.Sku, toPick[k], l.Quantity)
			}
			if h := holds[k]; h[1] != picked[k] {
				t.Errorf("order %s: %s scanned %d, PICK movements %d", o.Number, l.Sku, picked[k], h[1])
			}
		}
		if len(lists) != a.Shipments {
			t.Errorf("order %s: %d pick lists for %d warehouses", o.Number, len(lists), a.Shipments)
		}
		var pickEvent *ent.OrderEvent
		for _, e := range o.Edges.Events {
			if e.ToStatus == "PICKING" {
				pickEvent = e
			}
		}
		for _, pl := range lists {
			m := number.FindStringSubmatch(pl.Number)
			if m == nil || m[1] != pl.CreatedAt.UTC().Format("20060102") || pl.Batch || pl.OrderCount != 1 || pl.CreatedBy != string(staff.ID) {
				t.Errorf("order %s: pick list %+v", o.Number, pl)
			}
			if pickEvent == nil || !pickEvent.OccurredAt.Equal(pl.CreatedAt) || !strings.Contains(pickEvent.Note, pl.Number) {
				t.Errorf("order %s: pick list %s at %s, event %+v", o.Number, pl.Number, pl.CreatedAt, pickEvent)
			}
			lines := must(c.PickListLine.Query().Where(picklistline.PickListID(pl.ID)).Order(ent.Asc(picklistline.FieldSequence)).All(ctx))
			if len(lines) != pl.LineCount {
				t.Errorf("pick list %s: %d lines, line_count %d", pl.Number, len(lines), pl.LineCount)
			}
			bins := make([]string, len(lines))
			for i, l := range lines {
				bins[i] = l.BinLocation
				if l.Sequence != i {
					t.Errorf("pick list %s: sequence %d at %d", pl.Number, l.Sequence, i)
				}
			}
			for i, j := range inventory.WalkOrder(bins) {
				if bins[j] != bins[i] {
					t.Errorf("pick list %s is not in walking order: %v", pl.Number, bins)
					break
				}
			}
			switch o.Status {
			case "PICKING":
				if pl.Status != picklist.StatusOPEN && pl.Status != picklist.StatusIN_PROGRESS || pl.CompletedAt != nil ||
					(pl.Status == picklist.StatusIN_PROGRESS) != (pl.StartedAt != nil) {
					t.Errorf("picking order %s: list %s %s started %v completed %v", o.Number, pl.Number, pl.Status, pl.StartedAt, pl.CompletedAt)
				}
			case "PACKED":
				if pl.Status != picklist.StatusPICKED || pl.StartedAt == nil || pl.CompletedAt == nil || pl.AssignedTo != string(staff.ID) {
					t.Errorf("packed order %s: list %+v", o.Number, pl)
				}
			}
		}
		switch o.Status {
		case "PICKING":
			if pickedUnits >= units || len(cartons) != 0 {
				t.Errorf("picking order %s: %d of %d units scanned, %d cartons", o.Number, pickedUnits, units, len(cartons))
			}
		case "PACKED":
			if pickedUnits != units || len(cartons) != len(lists) {
				t.Errorf("packed order %s: %d of %d units scanned, %d cartons for %d lists", o.Number, pickedUnits, units, len(cartons), len(lists))
			}
			items := 0
			for _, ct := range cartons {
				items += ct.Items
				if ct.Status != carton.StatusPACKED || ct.WeightGrams <= 0 || ct.WeightGrams > fulfilment.MaxWeightGrams ||
					ct.LengthMm <= 0 || ct.WidthMm <= 0 || ct.HeightMm <= 0 || ct.LengthMm > fulfilment.MaxSideMm ||
					ct.PackedBy != string(staff.ID) || lists[ct.PickListID] == nil || ct.ShipmentID != nil {
					t.Errorf("packed order %s: carton %+v", o.Number, ct)
				}
			}
			if items != units {
				t.Errorf("packed order %s: cartons hold %d items of %d", o.Number, items, units)
			}
		}
	}
	for st := range floorStatuses {
		if seen[st] == 0 {
			t.Errorf("no %s order", st)
		}
	}
}

// checkLateParcels: parcels late as the tracking service flags them (an
// exception, or an ETA after the promised date), each with its reason and
// its one ops alert, raised when the event came in.
func checkLateParcels(ctx context.Context, t *testing.T, c *ent.Client) {
	t.Helper()
	ships := must(c.Shipment.Query().WithEvents().All(ctx))
	alerts := map[pulid.ID][]*ent.OpsAlert{}
	all := must(c.OpsAlert.Query().Order(ent.Asc(opsalert.FieldSeq)).All(ctx))
	for i, a := range all {
		alerts[a.ShipmentID] = append(alerts[a.ShipmentID], a)
		if a.Seq != int64(i+1) || (i > 0 && a.CreatedAt.Before(all[i-1].CreatedAt)) || a.CreatedAt.After(fixedNow) {
			t.Errorf("alert %d: seq %d at %s", i, a.Seq, a.CreatedAt)
		}
	}
	exceptions := 0
	for _, s := range ships {
		var want opsalert.Kind
		switch {
		case s.Status == shipment.StatusEXCEPTION:
			exceptions++
			want = opsalert.KindEXCEPTION
			if !s.Late || !strings.HasPrefix(s.LateReason, "快件异常，可能延误") || !strings.Contains(s.LateReason, "may be late") {
				t.Errorf("exception parcel %s: late %v, reason %q", s.TrackingNumber, s.Late, s.LateReason)
			}
		case s.Late:
			want = opsalert.KindLATE
			if !strings.Contains(s.LateReason, "is after the promised date") {
				t.Errorf("late parcel %s: reason %q", s.TrackingNumber, s.LateReason)
			}
		}
		got := alerts[s.ID]
		if want == "" {
			if len(got) != 0 {
				t.Errorf("parcel %s (%s, late %v) has alerts %+v", s.TrackingNumber, s.Status, s.Late, got)
			}
			continue
		}
		if len(got) != 1 || got[0].Kind != want || got[0].Message != s.LateReason || got[0].TrackingNumber != s.TrackingNumber {
			t.Errorf("parcel %s (%s): alerts %+v, want one %s", s.TrackingNumber, s.Status, got, want)
			continue
		}
		ev := s.Edges.Events
		sort.SliceStable(ev, func(i, j int) bool { return ev[i].OccurredAt.Before(ev[j].OccurredAt) })
		if last := ev[len(ev)-1]; !got[0].CreatedAt.Equal(last.ReceivedAt) {
			t.Errorf("parcel %s: alert at %s, its last event came in at %s", s.TrackingNumber, got[0].CreatedAt, last.ReceivedAt)
		}
		if want == opsalert.KindEXCEPTION && !strings.Contains(s.LateReason, ev[len(ev)-1].Description) {
			t.Errorf("exception parcel %s: reason %q does not quote %q", s.TrackingNumber, s.LateReason, ev[len(ev)-1].Description)
		}
	}
	if exceptions < 2 {
		t.Errorf("%d exception parcels", exceptions)
	}
}

// checkVerify: `waybill verify` finds no drift.
func checkVerify(ctx context.Context, t *testing.T, c *ent.Client) {
	t.Helper()
	drift, err := inventory.Verify(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range drift {
		t.Errorf("drift: %s", d)
	}
}

// The seeded floor can be worked with the real services: an allocated
// order gets a pick list, a picking order is scanned to the end, packed
// and shipped, a packed carton ships; the ledger stays whole.
func TestSeededFloorCarriesOn(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		sys := viewer.SystemContext(context.Background())
		if _, err := seed.Run(sys, db.Client, seed.Options{Seed: 1, Now: fixedNow}); err != nil {
			t.Fatal(err)
		}
		c := db.Client
		staffAcc := must(c.Account.Query().Where(account.Email("warehouse@waybill.test")).Only(sys))
		staff := viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: staffAcc.ID, Role: viewer.RoleWarehouse, Email: staffAcc.Email})
		ords := orders.NewService(c, orders.WithDialect(db.Dialect), orders.WithPayments(payment.NewTest()),
			orders.WithClock(func() time.Time { return fixedNow.Add(time.Hour) }))
		f := fulfilment.NewService(c, ords)
		f.SetClock(func() time.Time { return fixedNow.Add(time.Hour) })

		// One list per order below: orders allocated to one warehouse.
		single := func(st order.Status) *ent.Order {
			for _, o := range must(c.Order.Query().Where(order.StatusEQ(st)).WithLines().Order(ent.Asc(order.FieldNumber)).All(sys)) {
				whs := map[pulid.ID]bool{}
				for _, l := range o.Edges.Lines {
					whs[*l.WarehouseID] = true
				}
				if len(whs) == 1 {
					return o
				}
			}
			t.Fatalf("no %s order allocated to one warehouse", st)
			return nil
		}

		// ALLOCATED: a pick list for it.
		al := single(order.StatusALLOCATED)
		pl, err := f.CreatePickList(staff, fulfilment.PickListInput{WarehouseID: *al.Edges.Lines[0].WarehouseID, OrderIDs: []pulid.ID{al.ID}})
		if err != nil {
			t.Fatalf("pick list for allocated %s: %v", al.Number, err)
		}
		if pl.OrderCount != 1 || must(c.Order.Get(sys, al.ID)).Status != order.StatusPICKING {
			t.Fatalf("pick list %+v", pl)
		}

		// PICKING: scan what is left, pack, ship.
		pk := single(order.StatusPICKING)
		list := must(c.PickList.Query().Where(picklist.HasLinesWith(picklistline.OrderID(pk.ID))).Only(sys))
		if _, err := f.CreatePickList(staff, fulfilment.PickListInput{WarehouseID: list.WarehouseID, OrderIDs: []pulid.ID{pk.ID}}); err == nil {
			t.Fatalf("picking order %s was listed twice", pk.Number)
		}
		for _, l := range must(f.Lines(sys, c, list.ID)) {
			for left := l.Quantity - l.PickedQuantity; left > 0; left-- {
				in := fulfilment.ScanInput{PickListID: list.ID, Barcode: l.Barcode}
				if l.SuggestedLot != nil {
					in.Lot = *l.SuggestedLot
				}
				if _, err := f.Scan(staff, in); err != nil {
					t.Fatalf("scanning %s on %s: %v", l.Sku, list.Number, err)
				}
			}
		}
		ct, err := f.Pack(staff, fulfilment.PackInput{PickListID: list.ID, OrderID: pk.ID, WeightGrams: 900, LengthMm: 300, WidthMm: 200, HeightMm: 150})
		if err != nil {
			t.Fatalf("packing %s: %v", pk.Number, err)
		}
		if res, err := f.Ship(staff, fulfilment.ShipInput{CartonID: ct.ID}); err != nil || res.Order.Status != order.StatusSHIPPED {
			t.Fatalf("shipping %s: %v %+v", pk.Number, err, res)
		}

		// PACKED: its carton ships.
		pd := single(order.StatusPACKED)
		box := must(c.Carton.Query().Where(carton.OrderID(pd.ID)).Only(sys))
		if res, err := f.Ship(staff, fulfilment.ShipInput{CartonID: box.ID}); err != nil || res.Order.Status != order.StatusSHIPPED {
			t.Fatalf("shipping packed %s: %v %+v", pd.Number, err, res)
		}
		if st := must(c.PickList.Get(sys, box.PickListID)).Status; st != picklist.StatusCLOSED {
			t.Errorf("the packed order's list is %s after shipping", st)
		}
		checkVerify(sys, t, c)
	})
}

// floorPrint is the warehouse floor for the determinism fingerprint.
func floorPrint(ctx context.Context, c *ent.Client) string {
	var b strings.Builder
	num := map[pulid.ID]string{}
	for _, o := range must(c.Order.Query().All(ctx)) {
		num[o.ID] = o.Number
	}
	var rows []string
	for _, a := range must(c.Allocation.Query().All(ctx)) {
		var as []string
		for _, x := range a.Assignments {
			as = append(as, fmt.Sprintf("%s×%d@%s", x.SKU, x.Quantity, x.WarehouseCode))
		}
		rows = append(rows, fmt.Sprintf("alloc %s %s %d %.1f %d %q %v %s", num[a.OrderID], a.Status, a.Shipments, a.DistanceKm,
			a.Priority, a.Reasons, as, a.CreatedAt.UTC().Format(time.RFC3339)))
	}
	for _, pl := range must(c.PickList.Query().WithLines().WithCartons().All(ctx)) {
		var ls []string
		sort.Slice(pl.Edges.Lines, func(i, j int) bool { return pl.Edges.Lines[i].Sequence < pl.Edges.Lines[j].Sequence })
		for _, l := range pl.Edges.Lines {
			lot := ""
			if l.SuggestedLot != nil {
				lot = *l.SuggestedLot
			}
			ls = append(ls, fmt.Sprintf("%s@%s %d/%d %s %s", l.Sku, l.BinLocation, l.PickedQuantity, l.Quantity, lot, l.Status))
		}
		var cs []string
		for _, ct := range pl.Edges.Cartons {
			cs = append(cs, fmt.Sprintf("%dg %dx%dx%d %d", ct.WeightGrams, ct.LengthMm, ct.WidthMm, ct.HeightMm, ct.Items))
		}
		rows = append(rows, fmt.Sprintf("list %s %s %v %v", pl.Number, pl.Status, ls, cs))
	}
	for _, a := range must(c.OpsAlert.Query().All(ctx)) {
		rows = append(rows, fmt.Sprintf("alert %d %s %s %s %s", a.Seq, a.TrackingNumber, a.Kind, a.Message, a.CreatedAt.UTC().Format(time.RFC3339)))
	}
	sort.Strings(rows)
	b.WriteString(strings.Join(rows, "\n"))
	return b.String()
}
