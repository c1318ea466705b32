package seed_test

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/account"
	"github.com/waybill/waybill/ent/order"
	"github.com/waybill/waybill/ent/picklist"
	"github.com/waybill/waybill/ent/product"
	"github.com/waybill/waybill/ent/shipment"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/geo"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/s10"
	"github.com/waybill/waybill/internal/seed"
	"github.com/waybill/waybill/internal/testdb"
	"github.com/waybill/waybill/internal/viewer"
)

var fixedNow = time.Date(2026, 11, 21, 8, 0, 0, 0, time.UTC)

func TestSeed(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := viewer.SystemContext(context.Background())
		var progress bytes.Buffer
		started := time.Now()
		sum, err := seed.Run(context.Background(), db.Client, seed.Options{Seed: 1, Now: fixedNow, Progress: &progress})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("seeded in %s\n%s%s", time.Since(started).Round(time.Millisecond), progress.String(), sum)
		if sum.Skipped || sum.DemoTrackingNumber != seed.DemoTrackingNumber {
			t.Fatalf("summary: %+v", sum)
		}
		for _, phase := range []string{"seed: accounts 4/4", "seed: products 64/64", "seed: orders", "seed: shipments", "seed: done"} {
			if !strings.Contains(progress.String(), phase) {
				t.Errorf("progress lacks %q", phase)
			}
		}
		if strings.Contains(progress.String()+sum.String(), "whsec_") {
			t.Error("a webhook secret was printed")
		}

		c := db.Client
		before := counts(ctx, t, c)
		if before["products"] < 60 || before["warehouses"] < 4 || before["customers"] < 30 || before["orders"] < 80 ||
			before["carriers"] < 3 || before["tickets"] < 6 || before["coupons"] < 2 {
			t.Fatalf("too little data: %v", before)
		}
		if before["products"] != sum.Products || before["orders"] != sum.Orders || before["tracking_events"] != sum.TrackingEvents ||
			before["stock_movements"] != sum.StockMovements || before["customers"] != sum.Customers {
			t.Errorf("summary %+v disagrees with the database %v", sum, before)
		}
		checkAccounts(ctx, t, c)
		checkCatalog(ctx, t, c)
		checkStockLedger(ctx, t, c)
		checkOrders(ctx, t, c)
		checkShipments(ctx, t, c)
		checkLateParcels(ctx, t, c)
		checkFloor(ctx, t, c)
		// Some picking order is partly scanned, so the list screen shows progress.
		if n := must(c.PickList.Query().Where(picklist.StatusEQ(picklist.StatusIN_PROGRESS)).Count(ctx)); n == 0 {
			t.Error("no pick list in progress")
		}
		checkVerify(ctx, t, c)
		checkSupport(ctx, t, c)
		if before["allocations"] != sum.Allocations || before["pick_lists"] != sum.PickLists || before["cartons"] != sum.Cartons ||
			before["ops_alerts"] != sum.OpsAlerts || sum.OpsAlerts < 3 || sum.LateParcels != sum.OpsAlerts {
			t.Errorf("summary %+v disagrees with the database %v", sum, before)
		}

		// A second run changes nothing.
		progress.Reset()
		again, err := seed.Run(context.Background(), db.Client, seed.Options{Seed: 1, Now: fixedNow, Progress: &progress})
		if err != nil {
			t.Fatal(err)
		}
		if !again.Skipped || !strings.Contains(progress.String(), "already present") {
			t.Fatalf("second run: %+v, %q", again, progress.String())
		}
		// Even with another seed and clock.
		if again, err = seed.Run(context.Background(), db.Client, seed.Options{Seed: 2}); err != nil || !again.Skipped {
			t.Fatalf("third run: %+v, %v", again, err)
		}
		if after := counts(ctx, t, c); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Fatalf("seeding twice changed the counts:\n%v\n%v", before, after)
		}
	})
}

// The same seed and clock give the same data on another database.
func TestDeterministic(t *testing.T) {
	for _, b := range testdb.Backends(t) {
		t.Run(string(b), func(t *testing.T) {
			ctx := viewer.SystemContext(context.Background())
			var prints []string
			for i := 0; i < 2; i++ {
				db := testdb.New(t, b)
				if _, err := seed.Run(ctx, db.Client, seed.Options{Seed: 7, Now: fixedNow}); err != nil {
					t.Fatal(err)
				}
				prints = append(prints, fingerprint(ctx, t, db.Client))
			}
			if prints[0] != prints[1] {
				t.Fatalf("same seed, different data:\n%s\n----\n%s", prints[0], prints[1])
			}
			db := testdb.New(t, b)
			if _, err := seed.Run(ctx, db.Client, seed.Options{Seed: 8, Now: fixedNow}); err != nil {
				t.Fatal(err)
			}
			if fingerprint(ctx, t, db.Client) == prints[0] {
				t.Fatal("another seed gave the same data")
			}
		})
	}
}

func fingerprint(ctx context.Context, t *testing.T, c *ent.Client) string {
	t.Helper()
	var b strings.Builder
	for _, p := range must(c.Product.Query().Order(ent.Asc(product.FieldSku)).All(ctx)) {
		fmt.Fprintf(&b, "%s %s %d %s %v\n", p.Sku, p.Barcode, p.PriceAmount, p.NameZh, p.Active)
	}
	for _, o := range must(c.Order.Query().Order(ent.Asc(order.FieldNumber)).WithLines().WithShipments().WithEvents().All(ctx)) {
		fmt.Fprintf(&b, "%s %s %s %d %s %s", o.Number, o.Status, o.ContactEmail, o.TotalAmount, o.CreatedAt.UTC().Format(time.RFC3339), o.ShipLine1)
		lines := o.Edges.Lines
		sort.Slice(lines, func(i, j int) bool { return lines[i].Sku < lines[j].Sku })
		for _, l := range lines {
			fmt.Fprintf(&b, " %s×%d", l.Sku, l.Quantity)
		}
		var tns []string
		for _, s := range o.Edges.Shipments {
			tns = append(tns, s.TrackingNumber+"/"+string(s.Status))
		}
		sort.Strings(tns)
		fmt.Fprintf(&b, " %v %d\n", tns, len(o.Edges.Events))
	}
	levels := must(c.StockLevel.Query().WithProduct().WithWarehouse().All(ctx))
	var ls []string
	for _, l := range levels {
		ls = append(ls, fmt.Sprintf("%s@%s %d/%d %s", l.Edges.Product.Sku, l.Edges.Warehouse.Code, l.OnHand, l.Reserved, l.BinLocation))
	}
	sort.Strings(ls)
	b.WriteString(strings.Join(ls, "\n"))
	b.WriteString("\n")
	b.WriteString(floorPrint(ctx, c))
	return b.String()
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func counts(ctx context.Context, t *testing.T, c *ent.Client) map[string]int {
	t.Helper()
	return map[string]int{
		"accounts":         must(c.Account.Query().Count(ctx)),
		"carriers":         must(c.Carrier.Query().Count(ctx)),
		"warehouses":       must(c.Warehouse.Query().Count(ctx)),
		"products":         must(c.Product.Query().Count(ctx)),
		"stock_levels":     must(c.StockLevel.Query().Count(ctx)),
		"stock_movements":  must(c.StockMovement.Query().Count(ctx)),
		"customers":        must(c.Customer.Query().Count(ctx)),
		"orders":           must(c.Order.Query().Count(ctx)),
		"order_lines":      must(c.OrderLine.Query().Count(ctx)),
		"order_events":     must(c.OrderEvent.Query().Count(ctx)),
		"payments":         must(c.Payment.Query().Count(ctx)),
		"shipments":        must(c.Shipment.Query().Count(ctx)),
		"shipment_items":   must(c.ShipmentItem.Query().Count(ctx)),
		"tracking_events":  must(c.TrackingEvent.Query().Count(ctx)),
		"tickets":          must(c.Ticket.Query().Count(ctx)),
		"ticket_messages":  must(c.TicketMessage.Query().Count(ctx)),
		"coupons":          must(c.Coupon.Query().Count(ctx)),
		"returns":          must(c.ReturnRequest.Query().Count(ctx)),
		"survey_responses": must(c.SurveyResponse.Query().Count(ctx)),
		"allocations":      must(c.Allocation.Query().Count(ctx)),
		"pick_lists":       must(c.PickList.Query().Count(ctx)),
		"pick_list_lines":  must(c.PickListLine.Query().Count(ctx)),
		"cartons":          must(c.Carton.Query().Count(ctx)),
		"ops_alerts":       must(c.OpsAlert.Query().Count(ctx)),
	}
}

func checkAccounts(ctx context.Context, t *testing.T, c *ent.Client) {
	t.Helper()
	roles := map[string]int{}
	for _, a := range must(c.Account.Query().All(ctx)) {
		roles[string(a.Role)]++
	}
	for _, r := range []viewer.Role{viewer.RoleAdmin, viewer.RoleAgent, viewer.RoleWarehouse, viewer.RoleCustomer} {
		if roles[string(r)] != 1 {
			t.Errorf("%d accounts with role %s", roles[string(r)], r)
		}
	}
	for _, d := range seed.DemoAccounts {
		acc, err := c.Account.Query().Where(account.Email(d.Email)).Only(ctx)
		if err != nil || string(acc.Role) != string(d.Role) || acc.DisplayName != d.DisplayName {
			t.Fatalf("account %s: %v", d.Email, err)
		}
		if err := bcrypt.CompareHashAndPassword([]byte(acc.PasswordHash), []byte(d.Password)); err != nil {
			t.Errorf("password of %s: %v", d.Email, err)
		}
	}
	demo := must(c.Customer.Query().Where().All(ctx))
	found := false
	phone := regexp.MustCompile(`^\+861[3-9]\d{9}$`)
	for _, cu := range demo {
		if cu.Email == seed.DemoCustomerEmail {
			found = true
			if cu.Name != "王芳" || cu.Guest {
				t.Errorf("demo customer: %+v", cu)
			}
		} else if !strings.HasSuffix(cu.Email, "@example.cn") {
			t.Errorf("customer email %s", cu.Email)
		}
		if !phone.MatchString(cu.Phone) {
			t.Errorf("customer %s phone %q is not a mainland mobile", cu.Name, cu.Phone)
		}
		if n := len([]rune(cu.Name)); n < 2 || n > 3 {
			t.Errorf("customer name %q", cu.Name)
		}
	}
	if !found {
		t.Error("no demo customer")
	}
}

func checkCatalog(ctx context.Context, t *testing.T, c *ent.Client) {
	t.Helper()
	cats := map[string]int{}
	lot, inactive := 0, 0
	sku := regexp.MustCompile(`^[A-Z]{2}-\d{4}$`)
	for _, p := range must(c.Product.Query().All(ctx)) {
		cats[p.Category]++
		if p.LotTracked {
			lot++
		}
		if !p.Active {
			inactive++
		}
		if !sku.MatchString(p.Sku) || !validEAN13(p.Barcode) {
			t.Errorf("product %s barcode %s", p.Sku, p.Barcode)
		}
		if p.PriceAmount <= 0 || p.Currency != "CNY" || p.WeightGrams <= 0 || p.NameZh == "" || p.NameEn == "" || p.DescriptionZh == "" {
			t.Errorf("product %+v", p)
		}
	}
	if len(cats) < 6 || lot < 3 || inactive < 2 {
		t.Errorf("categories %v, %d lot-tracked, %d inactive", cats, lot, inactive)
	}
	for _, w := range must(c.Warehouse.Query().All(ctx)) {
		city, ok := geo.Lookup(w.City)
		if !ok || city.Latitude != w.Latitude || city.Longitude != w.Longitude || w.Province != city.Province || w.DailyCapacity <= 0 {
			t.Errorf("warehouse %s in %s at %f,%f", w.Code, w.City, w.Latitude, w.Longitude)
		}
	}
	for _, cr := range must(c.Carrier.Query().All(ctx)) {
		if len(cr.WebhookSecret) < 32 || len(cr.TrackingPrefix) != 2 || cr.NameZh == "" {
			t.Errorf("carrier %s: prefix %q, secret of %d characters", cr.Code, cr.TrackingPrefix, len(cr.WebhookSecret))
		}
	}
}

func validEAN13(s string) bool {
	if len(s) != 13 {
		return false
	}
	sum := 0
	for i := 0; i < 13; i++ {
		d := int(s[i] - '0')
		if d < 0 || d > 9 {
			return false
		}
		if i%2 == 1 {
			d *= 3
		}
		sum += d
	}
	return sum%10 == 0
}

// checkStockLedger: each level equals the sum of its movements, and replaying
// the ledger in time order never goes negative or reserves more than is there.
func checkStockLedger(ctx context.Context, t *testing.T, c *ent.Client) {
	t.Helper()
	type key struct{ p, w pulid.ID }
	moves := map[key][]*ent.StockMovement{}
	for _, m := range must(c.StockMovement.Query().All(ctx)) {
		k := key{m.ProductID, m.WarehouseID}
		moves[k] = append(moves[k], m)
	}
	returnable := map[pulid.ID]bool{}
	for _, p := range must(c.Product.Query().All(ctx)) {
		returnable[p.ID] = p.Returnable
	}
	levels := must(c.StockLevel.Query().All(ctx))
	low, empty := 0, 0
	for _, l := range levels {
		ms := moves[key{l.ProductID, l.WarehouseID}]
		delete(moves, key{l.ProductID, l.WarehouseID})
		sort.SliceStable(ms, func(i, j int) bool { return ms[i].CreatedAt.Before(ms[j].CreatedAt) })
		onHand, reserved, picked, receipt := 0, 0, 0, false
		for _, m := range ms {
			onHand += m.OnHandDelta
			reserved += m.ReservedDelta
			picked += m.PickedDelta
			if onHand < 0 || reserved < 0 || reserved > onHand || picked < 0 || picked > reserved {
				t.Errorf("level %s: replay reaches on hand %d, reserved %d, picked %d at %s", l.ID, onHand, reserved, picked, m.CreatedAt)
			}
			if m.Kind == "RECEIPT" {
				receipt = true
				if m.CreatedAt.After(fixedNow.Add(-30 * 24 * time.Hour)) {
					t.Errorf("receipt inside the order window: %s", m.CreatedAt)
				}
			}
			if m.CreatedAt.After(fixedNow) {
				t.Errorf("movement in the future: %+v", m)
			}
			if m.Kind == "RETURN_RESTOCK" && !returnable[m.ProductID] {
				t.Errorf("restocked a product that cannot be returned: %s", m.ProductID)
			}
		}
		if onHand != l.OnHand || reserved != l.Reserved || picked != l.Picked {
			t.Errorf("level %s: on hand %d reserved %d picked %d, movements sum to %d / %d / %d", l.ID, l.OnHand, l.Reserved, l.Picked, onHand, reserved, picked)
		}
		if l.OnHand < 0 || l.Reserved < 0 || l.Reserved > l.OnHand || !receipt {
			t.Errorf("level %s: %+v (receipt %v)", l.ID, l, receipt)
		}
		if !regexp.MustCompile(`^[A-H]-\d{2}-\d{2}-[1-4]$`).MatchString(l.BinLocation) {
			t.Errorf("bin %q", l.BinLocation)
		}
		if l.OnHand == 0 {
			empty++
		} else if l.OnHand <= l.ReorderPoint {
			low++
		}
	}
	if len(moves) != 0 {
		t.Errorf("%d product×warehouse pairs have movements but no level", len(moves))
	}
	if low < 3 || empty < 3 {
		t.Errorf("%d low and %d empty levels; want a few of each", low, empty)
	}
	// Out of stock everywhere: some active product has levels, all empty.
	// One of them may be ordered anyway (backorders), with a restock date.
	oos, backorder := 0, 0
	for _, p := range must(c.Product.Query().Where(product.Active(true)).WithStockLevels().All(ctx)) {
		total := 0
		for _, l := range p.Edges.StockLevels {
			total += l.OnHand
		}
		if total == 0 {
			oos++
		}
		if p.BackorderPolicy == product.BackorderPolicyALLOW {
			backorder++
			for _, l := range p.Edges.StockLevels {
				if total != 0 || l.RestockEta == nil || !l.RestockEta.After(fixedNow) {
					t.Errorf("backorderable %s: %d in stock, restock ETA %v", p.Sku, total, l.RestockEta)
				}
			}
		}
	}
	if oos < 2 || backorder != 1 {
		t.Errorf("%d products out of stock everywhere, %d backorderable; want at least 2 and 1", oos, backorder)
	}
}

var reservedStatuses = map[order.Status]bool{"CONFIRMED": true, "ALLOCATED": true, "PICKING": true, "PACKED": true}
var shippedStatuses = map[order.Status]bool{"PARTIALLY_SHIPPED": true, "SHIPPED": true, "DELIVERED": true, "COMPLETED": true, "RETURNED": true}

func checkOrders(ctx context.Context, t *testing.T, c *ent.Client) {
	t.Helper()
	orders := must(c.Order.Query().WithLines().WithEvents().WithPayments().WithShipments().All(ctx))
	statuses := map[order.Status]int{}
	number := regexp.MustCompile(`^WB-\d{8}-\d{6}$`)
	demo := 0
	channels := map[order.Channel]bool{}
	reserveByOrder := map[pulid.ID]int{}
	for _, m := range must(c.StockMovement.Query().All(ctx)) {
		if m.OrderID != nil {
			reserveByOrder[*m.OrderID] += m.ReservedDelta
		}
	}
	for _, o := range orders {
		statuses[o.Status]++
		channels[o.Channel] = true
		if o.ContactEmail == seed.DemoCustomerEmail {
			demo++
		}
		if !number.MatchString(o.Number) || o.CustomerID == nil || o.Currency != "CNY" {
			t.Errorf("order %s: %+v", o.Number, o)
		}
		if o.CreatedAt.Before(fixedNow.Add(-30*24*time.Hour)) || o.CreatedAt.After(fixedNow) {
			t.Errorf("order %s created %s, outside the 30 days before %s", o.Number, o.CreatedAt, fixedNow)
		}
		city, ok := geo.Lookup(o.ShipCity)
		if !ok || !city.PostalCodePlausible(o.ShipPostalCode) || o.ShipProvince != city.Province || o.ShipDistrict == "" || o.ShipLine1 == "" {
			t.Errorf("order %s address %s %s %s %s %s", o.Number, o.ShipProvince, o.ShipCity, o.ShipDistrict, o.ShipLine1, o.ShipPostalCode)
		}
		// Money.
		var sub int64
		if n := len(o.Edges.Lines); n < 1 || n > 4 {
			t.Errorf("order %s has %d lines", o.Number, n)
		}
		for _, l := range o.Edges.Lines {
			if l.LineTotalAmount != int64(l.Quantity)*l.UnitPriceAmount-l.DiscountAmount || l.LineTotalAmount < 0 {
				t.Errorf("order %s line %s: %d × %d − %d ≠ %d", o.Number, l.Sku, l.Quantity, l.UnitPriceAmount, l.DiscountAmount, l.LineTotalAmount)
			}
			sub += l.LineTotalAmount
			needWarehouse := reservedStatuses[o.Status] || shippedStatuses[o.Status]
			if needWarehouse != (l.WarehouseID != nil) && o.Status != "CANCELLED" {
				t.Errorf("order %s (%s) line %s warehouse %v", o.Number, o.Status, l.Sku, l.WarehouseID)
			}
		}
		if sub != o.SubtotalAmount || o.TotalAmount != o.SubtotalAmount-o.DiscountAmount-o.PointsDiscountAmount+o.ShippingAmount || o.TotalAmount <= 0 {
			t.Errorf("order %s: subtotal %d (lines %d), discount %d, shipping %d, total %d", o.Number, o.SubtotalAmount, sub, o.DiscountAmount, o.ShippingAmount, o.TotalAmount)
		}
		// Reservations: held while the order waits to ship.
		var qty int
		for _, l := range o.Edges.Lines {
			if reservedStatuses[o.Status] || o.Status == "PARTIALLY_SHIPPED" {
				qty += l.Quantity - l.ShippedQuantity
			}
		}
		if reserveByOrder[o.ID] != qty {
			t.Errorf("order %s (%s): %d reserved by movements, %d unshipped", o.Number, o.Status, reserveByOrder[o.ID], qty)
		}
		// Timeline.
		ev := o.Edges.Events
		sort.SliceStable(ev, func(i, j int) bool { return ev[i].OccurredAt.Before(ev[j].OccurredAt) })
		if len(ev) == 0 || ev[0].FromStatus != "" || ev[0].ToStatus != "PENDING_PAYMENT" || !ev[0].OccurredAt.Equal(o.CreatedAt) {
			t.Errorf("order %s: first event %+v", o.Number, ev)
			continue
		}
		for i := 1; i < len(ev); i++ {
			if ev[i].FromStatus != ev[i-1].ToStatus || !ev[i].OccurredAt.After(ev[i-1].OccurredAt) {
				t.Errorf("order %s: event %d %s→%s after %s", o.Number, i, ev[i].FromStatus, ev[i].ToStatus, ev[i-1].ToStatus)
			}
		}
		if last := ev[len(ev)-1]; last.ToStatus != string(o.Status) || last.OccurredAt.After(fixedNow) || !o.UpdatedAt.Equal(last.OccurredAt) {
			t.Errorf("order %s: status %s but last event %+v", o.Number, o.Status, last)
		}
		if o.Status == "ON_HOLD" && len(o.HoldReasons) == 0 {
			t.Errorf("order %s on hold without reasons", o.Number)
		}
		for _, r := range o.HoldReasons {
			if r == "LARGE_ORDER" && o.TotalAmount < 300000 {
				t.Errorf("order %s held as LARGE_ORDER with a total of %d fen", o.Number, o.TotalAmount)
			}
		}
		// Payment.
		var pay *ent.Payment
		if len(o.Edges.Payments) > 0 {
			pay = o.Edges.Payments[0]
		}
		switch {
		case o.Status == "PENDING_PAYMENT":
			if pay != nil && pay.Status != "DECLINED" && pay.Status != "PENDING" {
				t.Errorf("order %s: pending with payment %s", o.Number, pay.Status)
			}
		case o.Status == "CANCELLED":
		case pay == nil || pay.Amount != o.TotalAmount:
			t.Errorf("order %s (%s) payment %+v", o.Number, o.Status, pay)
		case shippedStatuses[o.Status] && o.Status != "RETURNED" && (pay.Status != "CAPTURED" || pay.CapturedAmount != pay.Amount):
			t.Errorf("order %s (%s) payment %s", o.Number, o.Status, pay.Status)
		case o.Status == "RETURNED" && (pay.RefundedAmount <= 0 || pay.RefundedAmount > pay.CapturedAmount):
			t.Errorf("order %s returned, refunded %d of %d", o.Number, pay.RefundedAmount, pay.CapturedAmount)
		case (reservedStatuses[o.Status] || o.Status == "ON_HOLD") && pay.Status != "AUTHORIZED":
			t.Errorf("order %s (%s) payment %s", o.Number, o.Status, pay.Status)
		}
		if shippedStatuses[o.Status] != (len(o.Edges.Shipments) > 0) {
			t.Errorf("order %s (%s) has %d shipments", o.Number, o.Status, len(o.Edges.Shipments))
		}
	}
	if len(orders) < 80 {
		t.Errorf("%d orders", len(orders))
	}
	for _, s := range seed.AllOrderStatuses {
		if statuses[order.Status(s)] == 0 {
			t.Errorf("no %s order", s)
		}
	}
	if demo < 5 || len(channels) < 4 {
		t.Errorf("%d demo-customer orders, channels %v", demo, channels)
	}
	declined := 0
	for _, p := range must(c.Payment.Query().All(ctx)) {
		if p.Status == "DECLINED" {
			declined++
		}
	}
	if declined < 2 {
		t.Errorf("%d declined payments", declined)
	}
}

func checkShipments(ctx context.Context, t *testing.T, c *ent.Client) {
	t.Helper()
	ships := must(c.Shipment.Query().WithEvents().WithItems().WithOrder().WithCarrier().All(ctx))
	statuses := map[shipment.Status]int{}
	late := 0
	for _, s := range ships {
		statuses[s.Status]++
		if err := s10.Validate(s.TrackingNumber); err != nil {
			t.Errorf("tracking number: %v", err)
		}
		if s.TrackingNumber[:2] != s.Edges.Carrier.TrackingPrefix {
			t.Errorf("%s issued by %s", s.TrackingNumber, s.Edges.Carrier.Code)
		}
		switch {
		case s.Status == "EXCEPTION":
			// Late whatever the ETA says (checkLateParcels).
			if !s.Late || s.LateReason == "" {
				t.Errorf("exception parcel %s: late %v, reason %q", s.TrackingNumber, s.Late, s.LateReason)
			}
		case s.Late:
			late++
			if s.LateReason == "" || s.EtaFrom == nil || s.PromisedDate == nil || !s.EtaFrom.After(*s.PromisedDate) {
				t.Errorf("late parcel %s: reason %q eta %v promised %v", s.TrackingNumber, s.LateReason, s.EtaFrom, s.PromisedDate)
			}
		case !s.IsReturn && (s.EtaTo == nil || s.PromisedDate == nil || s.EtaTo.After(*s.PromisedDate)):
			t.Errorf("parcel %s: eta %v after promised %v but not late", s.TrackingNumber, s.EtaTo, s.PromisedDate)
		}
		if s.Status != "DELIVERED" && !s.IsReturn && (s.EtaTo == nil || !s.EtaTo.After(fixedNow)) {
			t.Errorf("parcel %s (%s): ETA %v is not in the future", s.TrackingNumber, s.Status, s.EtaTo)
		}
		if (s.Status == "DELIVERED") != (s.DeliveredAt != nil) {
			t.Errorf("parcel %s: %s, delivered at %v", s.TrackingNumber, s.Status, s.DeliveredAt)
		}
		if len(s.Edges.Items) == 0 || s.ShippedAt == nil || s.OriginCity == "" || s.DestinationLatitude == nil {
			t.Errorf("parcel %s: %+v", s.TrackingNumber, s)
		}
		ev := s.Edges.Events
		if len(ev) < 3 || len(ev) > 10 {
			t.Errorf("parcel %s has %d events", s.TrackingNumber, len(ev))
			continue
		}
		sort.SliceStable(ev, func(i, j int) bool { return ev[i].OccurredAt.Before(ev[j].OccurredAt) })
		for i, e := range ev {
			if i > 0 && !e.OccurredAt.After(ev[i-1].OccurredAt) {
				t.Errorf("parcel %s: events not increasing", s.TrackingNumber)
			}
			if e.OccurredAt.After(fixedNow) || e.ReceivedAt.Before(e.OccurredAt) || e.Description == "" || e.City == "" || e.Latitude == nil {
				t.Errorf("parcel %s event %+v", s.TrackingNumber, e)
			}
			if _, ok := geo.Lookup(e.City); !ok {
				t.Errorf("event city %q", e.City)
			}
			if strings.ContainsAny(e.LocationName, "0123456789路号室") {
				t.Errorf("event location %q looks like a street address", e.LocationName)
			}
			if !strings.HasPrefix(e.DedupeKey, "seed:"+s.TrackingNumber+":") {
				t.Errorf("dedupe key %q", e.DedupeKey)
			}
		}
		first, last := ev[0], ev[len(ev)-1]
		if first.Status != "INFO_RECEIVED" || string(last.Status) != string(s.Status) || s.LastEventAt == nil || !s.LastEventAt.Equal(last.OccurredAt) {
			t.Errorf("parcel %s: status %s, events %s…%s, last event at %v", s.TrackingNumber, s.Status, first.Status, last.Status, s.LastEventAt)
		}
	}
	for _, st := range []shipment.Status{"IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED", "EXCEPTION", "ATTEMPT_FAIL"} {
		if statuses[st] == 0 {
			t.Errorf("no %s parcel (have %v)", st, statuses)
		}
	}
	if late != 1 {
		t.Errorf("%d late parcels (besides the exceptions), want 1", late)
	}

	demo, err := c.Shipment.Query().Where(shipment.TrackingNumber(seed.DemoTrackingNumber)).WithEvents().WithOrder().Only(ctx)
	if err != nil {
		t.Fatalf("demo parcel: %v", err)
	}
	if err := s10.Validate(seed.DemoTrackingNumber); err != nil {
		t.Fatal(err)
	}
	if demo.Status != "IN_TRANSIT" || len(demo.Edges.Events) < 5 || demo.Edges.Order.ContactEmail != seed.DemoCustomerEmail ||
		demo.OriginCity != "上海" || demo.DestinationCity != "北京" {
		t.Errorf("demo parcel: %s, %d events, order of %s, %s→%s", demo.Status, len(demo.Edges.Events),
			demo.Edges.Order.ContactEmail, demo.OriginCity, demo.DestinationCity)
	}
}

func checkSupport(ctx context.Context, t *testing.T, c *ent.Client) {
	t.Helper()
	tickets := must(c.Ticket.Query().WithMessages().All(ctx))
	statuses := map[string]bool{}
	categories := map[string]bool{}
	internal := 0
	for _, tk := range tickets {
		statuses[string(tk.Status)] = true
		categories[string(tk.Category)] = true
		if !regexp.MustCompile(`^TK-\d{6}$`).MatchString(tk.Number) || tk.CustomerID == nil || tk.OrderID == nil ||
			tk.FirstResponseDueAt == nil || tk.ResolutionDueAt == nil || len(tk.Edges.Messages) == 0 {
			t.Errorf("ticket %+v", tk)
		}
		if (tk.Status == "RESOLVED" || tk.Status == "CLOSED") != (tk.ResolvedAt != nil) {
			t.Errorf("ticket %s %s resolved at %v", tk.Number, tk.Status, tk.ResolvedAt)
		}
		for _, m := range tk.Edges.Messages {
			if m.Internal {
				internal++
			}
			if m.CreatedAt.Before(tk.CreatedAt) || m.CreatedAt.After(fixedNow) {
				t.Errorf("ticket %s message at %s", tk.Number, m.CreatedAt)
			}
		}
	}
	if len(tickets) < 6 || len(statuses) < 4 || len(categories) < 5 || internal == 0 {
		t.Errorf("%d tickets, statuses %v, categories %v, %d internal notes", len(tickets), statuses, categories, internal)
	}
	codes := map[string]*ent.Coupon{}
	for _, cp := range must(c.Coupon.Query().All(ctx)) {
		codes[cp.Code] = cp
	}
	if w := codes["WELCOME10"]; w == nil || w.Kind != "PERCENT" || w.PercentOff != 10 {
		t.Errorf("WELCOME10: %+v", w)
	}
	if s := codes["SAVE20"]; s == nil || s.Kind != "FIXED" || s.AmountOff != 2000 || s.MinSpendAmount != 10000 {
		t.Errorf("SAVE20: %+v", s)
	}
	// Coupon use is counted.
	used := map[string]int{}
	for _, o := range must(c.Order.Query().Where(order.CouponCodeNotNil(), order.StatusNEQ("CANCELLED")).All(ctx)) {
		used[*o.CouponCode]++
	}
	for code, cp := range codes {
		if cp.TimesUsed != used[code] {
			t.Errorf("coupon %s used %d times, counted %d", code, used[code], cp.TimesUsed)
		}
	}
}
