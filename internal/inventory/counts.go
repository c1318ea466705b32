package inventory

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/cyclecount"
	"github.com/waybill/waybill/ent/cyclecountline"
	"github.com/waybill/waybill/ent/product"
	"github.com/waybill/waybill/ent/stocklevel"
	"github.com/waybill/waybill/ent/stockmovement"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// CountEvery is how often each ABC class is due for counting.
var CountEvery = map[string]time.Duration{"A": 30 * 24 * time.Hour, "B": 90 * 24 * time.Hour, "C": 180 * 24 * time.Hour}

// MaxCountLines bounds one count task.
const MaxCountLines = 500

// CountInput selects what a cycle count covers in one warehouse: a zone
// (the bins' first part), an ABC class, some products, or everything; with
// OnlyDue, only the SKU-locations whose class makes them due.
type CountInput struct {
	WarehouseID      pulid.ID
	Zone             string
	ABCClass         string
	ProductIDs       []pulid.ID
	OnlyDue          bool
	Blind            *bool // default true
	TolerancePercent float64
	Note             string
	MaxLines         int
}

// CreateCount makes a count task (MANAGE_STOCK): one line per SKU-location
// in walking order, with the quantity in the bin as the ledger has it now
// (kept from counters while the count is open, when blind). Locations
// already in an open count are left out.
func (s *Service) CreateCount(ctx context.Context, in CountInput) (*ent.CycleCount, error) {
	const op = "inventory.CreateCount"
	var out *ent.CycleCount
	err := s.write(ctx, auth.ManageStock, func(ctx context.Context, db *ent.Client, actor string) error {
		w, err := resolveWarehouse(ctx, db, op, in.WarehouseID, "input", "warehouseId")
		if err != nil {
			return err
		}
		zone := strings.ToUpper(strings.TrimSpace(in.Zone))
		class := strings.ToUpper(strings.TrimSpace(in.ABCClass))
		var problems errs.List
		if class != "" && CountEvery[class] == 0 {
			problems = append(problems, invalid(op, "INVALID_ABC_CLASS", "Choose class A, B or C.", "input", "abcClass"))
		}
		if in.TolerancePercent < 0 || in.TolerancePercent > 100 || math.IsNaN(in.TolerancePercent) {
			problems = append(problems, invalid(op, "INVALID_TOLERANCE", "Tolerance is 0 to 100 percent.", "input", "tolerancePercent"))
		}
		if len(problems) > 0 {
			return problems
		}
		limit := in.MaxLines
		if limit <= 0 || limit > MaxCountLines {
			limit = MaxCountLines
		}
		q := db.StockLevel.Query().Where(stocklevel.WarehouseID(w.ID)).WithProduct()
		if len(in.ProductIDs) > 0 {
			q = q.Where(stocklevel.ProductIDIn(in.ProductIDs...))
		}
		if class != "" {
			q = q.Where(stocklevel.HasProductWith(product.AbcClassEQ(product.AbcClass(class))))
		}
		levels, err := q.All(ctx)
		if err != nil {
			return err
		}
		busy, err := s.levelsInOpenCounts(ctx, db, w.ID)
		if err != nil {
			return err
		}
		last, err := s.lastCounted(ctx, db, w.ID)
		if err != nil {
			return err
		}
		now := s.now().UTC()
		var pick []*ent.StockLevel
		for _, l := range levels {
			if busy[l.ID] {
				continue
			}
			if zone != "" {
				if b, ok := ParseBin(l.BinLocation); !ok || b.Zone != zone {
					continue
				}
			}
			if in.OnlyDue && !due(l, last[l.ID], now) {
				continue
			}
			pick = append(pick, l)
		}
		if len(pick) == 0 {
			return errs.E(op, errs.Conflict, "NOTHING_TO_COUNT", "No stock location matches (or all are already in an open count).")
		}
		bins := make([]string, len(pick))
		for i, l := range pick {
			bins[i] = l.BinLocation
		}
		orderIdx := WalkOrder(bins)
		if len(orderIdx) > limit {
			orderIdx = orderIdx[:limit]
		}
		scope := cyclecount.ScopeWAREHOUSE
		switch {
		case len(in.ProductIDs) > 0:
			scope = cyclecount.ScopePRODUCTS
		case zone != "":
			scope = cyclecount.ScopeZONE
		case class != "":
			scope = cyclecount.ScopeABC_CLASS
		}
		blind := in.Blind == nil || *in.Blind
		number := fmt.Sprintf("CC-%s-%s", now.Format("20060102"), serial())
		c, err := db.CycleCount.Create().SetNumber(number).SetWarehouseID(w.ID).SetScope(scope).SetZone(zone).
			SetAbcClass(class).SetBlind(blind).SetTolerancePercent(in.TolerancePercent).SetCreatedBy(actor).
			SetNote(strings.TrimSpace(in.Note)).SetLinesTotal(len(orderIdx)).SetCreatedAt(now).SetUpdatedAt(now).Save(ctx)
		if err != nil {
			return err
		}
		lines := make([]*ent.CycleCountLineCreate, 0, len(orderIdx))
		for seq, i := range orderIdx {
			l := pick[i]
			lines = append(lines, db.CycleCountLine.Create().SetCycleCountID(c.ID).SetStockLevelID(l.ID).SetProductID(l.ProductID).
				SetWarehouseID(l.WarehouseID).SetSku(l.Edges.Product.Sku).SetBinLocation(l.BinLocation).SetSequence(seq).
				SetSnapshotQuantity(l.OnHand-l.Picked))
		}
		if err := db.CycleCountLine.CreateBulk(lines...).Exec(ctx); err != nil {
			return err
		}
		out = c
		return nil
	})
	return out, err
}

// serial is five random characters for human-facing numbers.
func serial() string {
	id := string(pulid.New("x"))
	return strings.ToUpper(id[len(id)-5:])
}

func due(l *ent.StockLevel, last time.Time, now time.Time) bool {
	if last.IsZero() {
		return true
	}
	class := "C"
	if l.Edges.Product != nil {
		class = string(l.Edges.Product.AbcClass)
	}
	return now.Sub(last) >= CountEvery[class]
}

// levelsInOpenCounts returns the levels of a warehouse on open or submitted counts.
func (s *Service) levelsInOpenCounts(ctx context.Context, db *ent.Client, warehouseID pulid.ID) (map[pulid.ID]bool, error) {
	ids, err := db.CycleCountLine.Query().
		Where(cyclecountline.WarehouseID(warehouseID), cyclecountline.StatusIn(cyclecountline.StatusPENDING, cyclecountline.StatusCOUNTED),
			cyclecountline.HasCycleCountWith(cyclecount.StatusIn(cyclecount.StatusOPEN, cyclecount.StatusSUBMITTED))).
		Select(cyclecountline.FieldStockLevelID).Strings(ctx)
	if err != nil {
		return nil, err
	}
	out := map[pulid.ID]bool{}
	for _, id := range ids {
		out[pulid.ID(id)] = true
	}
	return out, nil
}

// lastCounted returns when each level of a warehouse was last counted in an
// approved count.
func (s *Service) lastCounted(ctx context.Context, db *ent.Client, warehouseID pulid.ID) (map[pulid.ID]time.Time, error) {
	lines, err := db.CycleCountLine.Query().
		Where(cyclecountline.WarehouseID(warehouseID), cyclecountline.StatusEQ(cyclecountline.StatusAPPROVED), cyclecountline.CountedAtNotNil()).
		Select(cyclecountline.FieldStockLevelID, cyclecountline.FieldCountedAt).All(ctx)
	if err != nil {
		return nil, err
	}
	out := map[pulid.ID]time.Time{}
	for _, l := range lines {
		if l.CountedAt.After(out[l.StockLevelID]) {
			out[l.StockLevelID] = *l.CountedAt
		}
	}
	return out, nil
}

// DueLevel is a SKU-location due for counting.
type DueLevel struct {
	Level         *ent.StockLevel
	Class         string
	LastCountedAt *time.Time
}

// DueForCount lists the SKU-locations of a warehouse whose ABC class makes
// them due (A monthly, B quarterly, C twice a year), never counted first.
func (s *Service) DueForCount(ctx context.Context, warehouseID pulid.ID, limit int) ([]DueLevel, error) {
	if limit <= 0 || limit > MaxCountLines {
		limit = 100
	}
	db := s.db(ctx)
	levels, err := db.StockLevel.Query().Where(stocklevel.WarehouseID(warehouseID)).WithProduct().All(ctx)
	if err != nil {
		return nil, err
	}
	last, err := s.lastCounted(viewer.SystemContext(ctx), db, warehouseID)
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	var out []DueLevel
	for _, l := range levels {
		if !due(l, last[l.ID], now) {
			continue
		}
		d := DueLevel{Level: l, Class: string(l.Edges.Product.AbcClass)}
		if t, ok := last[l.ID]; ok {
			d.LastCountedAt = &t
		}
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if (a.LastCountedAt == nil) != (b.LastCountedAt == nil) {
			return a.LastCountedAt == nil
		}
		if a.Class != b.Class {
			return a.Class < b.Class
		}
		return a.Level.BinLocation < b.Level.BinLocation
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (s *Service) countTx(ctx context.Context, id pulid.ID, fn func(ctx context.Context, db *ent.Client, c *ent.CycleCount, actor string) error) (*ent.CycleCount, error) {
	var out *ent.CycleCount
	err := s.write(ctx, auth.ManageStock, func(ctx context.Context, db *ent.Client, actor string) error {
		c, err := db.CycleCount.Get(ctx, id)
		if ent.IsNotFound(err) {
			return invalid("inventory.count", "NOT_FOUND", "No such cycle count.", "id")
		}
		if err != nil {
			return err
		}
		if err := fn(ctx, db, c, actor); err != nil {
			return err
		}
		out, err = db.CycleCount.Get(ctx, id)
		return err
	})
	return out, err
}

func closed(c *ent.CycleCount, want cyclecount.Status) error {
	return errs.E("inventory.count", errs.Conflict, "COUNT_NOT_"+string(want),
		fmt.Sprintf("Cycle count %s is %s.", c.Number, strings.ToLower(string(c.Status))))
}

// RecordCount records what a counter found at one line (MANAGE_STOCK). The
// quantity the ledger expects in the bin is taken at this moment, so stock
// that moved between the task's creation and the count is accounted for.
// Counting again overwrites.
func (s *Service) RecordCount(ctx context.Context, lineID pulid.ID, quantity int) (*ent.CycleCountLine, error) {
	const op = "inventory.RecordCount"
	var out *ent.CycleCountLine
	err := s.write(ctx, auth.ManageStock, func(ctx context.Context, db *ent.Client, actor string) error {
		line, err := db.CycleCountLine.Query().Where(cyclecountline.ID(lineID)).WithCycleCount().Only(ctx)
		if ent.IsNotFound(err) {
			return invalid(op, "NOT_FOUND", "No such count line.", "lineId")
		}
		if err != nil {
			return err
		}
		if c := line.Edges.CycleCount; c.Status != cyclecount.StatusOPEN {
			return closed(c, cyclecount.StatusOPEN)
		}
		if quantity < 0 || quantity > MaxQuantity {
			return invalid(op, "INVALID_QUANTITY", "Enter the number of units found, 0 or more.", "quantity")
		}
		if _, err := lockLevel(ctx, db, line.ProductID, line.WarehouseID); err != nil {
			return err
		}
		l, err := db.StockLevel.Get(ctx, line.StockLevelID)
		if err != nil {
			return err
		}
		out, err = line.Update().SetCountedQuantity(quantity).SetCountedBy(actor).SetCountedAt(s.now().UTC()).
			SetExpectedQuantity(l.OnHand - l.Picked).SetStatus(cyclecountline.StatusCOUNTED).Save(ctx)
		return err
	})
	return out, err
}

// SubmitCount closes counting (MANAGE_STOCK): lines not counted are skipped.
func (s *Service) SubmitCount(ctx context.Context, id pulid.ID) (*ent.CycleCount, error) {
	return s.countTx(ctx, id, func(ctx context.Context, db *ent.Client, c *ent.CycleCount, actor string) error {
		if c.Status != cyclecount.StatusOPEN {
			return closed(c, cyclecount.StatusOPEN)
		}
		n, err := db.CycleCountLine.Query().Where(cyclecountline.CycleCountID(c.ID), cyclecountline.StatusEQ(cyclecountline.StatusCOUNTED)).Count(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return errs.E("inventory.SubmitCount", errs.Conflict, "NOTHING_COUNTED", "Count at least one line first.")
		}
		if err := db.CycleCountLine.Update().Where(cyclecountline.CycleCountID(c.ID), cyclecountline.StatusEQ(cyclecountline.StatusPENDING)).
			SetStatus(cyclecountline.StatusSKIPPED).Exec(ctx); err != nil {
			return err
		}
		return c.Update().SetStatus(cyclecount.StatusSUBMITTED).SetSubmittedBy(actor).SetSubmittedAt(s.now().UTC()).
			SetLinesCounted(n).Exec(ctx)
	})
}

// ApproveCount turns the variances of a submitted count into COUNT
// movements (MANAGE_STOCK) by someone other than the counters (admins may
// approve their own). Each adjustment is counted minus what the ledger
// expected in the bin when it was counted, applied to the level as it is
// now: movements during the count are neither lost nor counted twice. The
// count's accuracy is the share of lines within its tolerance.
func (s *Service) ApproveCount(ctx context.Context, id pulid.ID, note string) (*ent.CycleCount, error) {
	const op = "inventory.ApproveCount"
	v := viewer.FromContext(ctx)
	return s.countTx(ctx, id, func(ctx context.Context, db *ent.Client, c *ent.CycleCount, actor string) error {
		if c.Status != cyclecount.StatusSUBMITTED {
			return closed(c, cyclecount.StatusSUBMITTED)
		}
		lines, err := db.CycleCountLine.Query().Where(cyclecountline.CycleCountID(c.ID), cyclecountline.StatusEQ(cyclecountline.StatusCOUNTED)).
			Order(ent.Asc(cyclecountline.FieldSequence)).All(ctx)
		if err != nil {
			return err
		}
		if !v.Is(viewer.RoleAdmin) {
			for _, l := range lines {
				if l.CountedBy == actor {
					return errs.E(op, errs.Conflict, "SELF_APPROVAL", "Someone who did not count approves the count.")
				}
			}
		}
		now := s.now().UTC()
		accurate := 0
		for _, l := range lines {
			variance := *l.CountedQuantity - *l.ExpectedQuantity
			within := float64(abs(variance)) <= float64(*l.ExpectedQuantity)*c.TolerancePercent/100
			if within {
				accurate++
			}
			u := l.Update().SetStatus(cyclecountline.StatusAPPROVED).SetVariance(variance).SetWithinTolerance(within)
			if variance != 0 {
				meta := Meta{Actor: actor, Reference: c.Number,
					Reason: fmt.Sprintf("cycle count %s, bin %s: counted %d by %s, expected %d; approved by %s",
						c.Number, l.BinLocation, *l.CountedQuantity, l.CountedBy, *l.ExpectedQuantity, actor)}
				movs, err := Count(ctx, db, l.ProductID, l.WarehouseID, *l.CountedQuantity, *l.ExpectedQuantity, meta, s.requeue)
				if err != nil {
					if e, ok := err.(*errs.Error); ok {
						e2 := *e
						e2.Message = l.Sku + " at " + l.BinLocation + ": " + e.Message
						return &e2
					}
					return err
				}
				for _, m := range movs {
					if m.Kind == stockmovement.KindCOUNT {
						u.SetMovementID(m.ID)
					}
				}
			}
			if err := u.Exec(ctx); err != nil {
				return err
			}
		}
		acc := 1.0
		if len(lines) > 0 {
			acc = float64(accurate) / float64(len(lines))
		}
		up := c.Update().SetStatus(cyclecount.StatusAPPROVED).SetApprovedBy(actor).SetApprovedAt(now).
			SetLinesCounted(len(lines)).SetLinesAccurate(accurate).SetAccuracy(acc)
		if n := strings.TrimSpace(note); n != "" {
			up.SetNote(strings.TrimSpace(c.Note + "\n" + n))
		}
		return up.Exec(ctx)
	})
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// CancelCount drops an open or submitted count without adjusting anything.
func (s *Service) CancelCount(ctx context.Context, id pulid.ID, reason string) (*ent.CycleCount, error) {
	return s.countTx(ctx, id, func(ctx context.Context, db *ent.Client, c *ent.CycleCount, actor string) error {
		if c.Status != cyclecount.StatusOPEN && c.Status != cyclecount.StatusSUBMITTED {
			return closed(c, cyclecount.StatusOPEN)
		}
		up := c.Update().SetStatus(cyclecount.StatusCANCELLED)
		if r := strings.TrimSpace(reason); r != "" {
			up.SetNote(strings.TrimSpace(c.Note + "\ncancelled: " + r))
		}
		return up.Exec(ctx)
	})
}

// ReopenCount sends a submitted count back for recounting: the given lines
// (all counted ones when none are given) are to be counted again.
func (s *Service) ReopenCount(ctx context.Context, id pulid.ID, lineIDs []pulid.ID) (*ent.CycleCount, error) {
	return s.countTx(ctx, id, func(ctx context.Context, db *ent.Client, c *ent.CycleCount, actor string) error {
		if c.Status != cyclecount.StatusSUBMITTED {
			return closed(c, cyclecount.StatusSUBMITTED)
		}
		u := db.CycleCountLine.Update().Where(cyclecountline.CycleCountID(c.ID))
		if len(lineIDs) > 0 {
			u = u.Where(cyclecountline.IDIn(lineIDs...))
		} else {
			u = u.Where(cyclecountline.StatusEQ(cyclecountline.StatusCOUNTED))
		}
		if err := u.SetStatus(cyclecountline.StatusPENDING).ClearCountedQuantity().ClearExpectedQuantity().
			ClearCountedAt().SetCountedBy("").Exec(ctx); err != nil {
			return err
		}
		if err := db.CycleCountLine.Update().Where(cyclecountline.CycleCountID(c.ID), cyclecountline.StatusEQ(cyclecountline.StatusSKIPPED)).
			SetStatus(cyclecountline.StatusPENDING).Exec(ctx); err != nil {
			return err
		}
		return c.Update().SetStatus(cyclecount.StatusOPEN).SetSubmittedBy("").ClearSubmittedAt().Exec(ctx)
	})
}

// ExpectedVisible reports whether a count's expected quantities may be
// shown: never while a blind count is open.
func ExpectedVisible(c *ent.CycleCount) bool {
	return !c.Blind || c.Status != cyclecount.StatusOPEN
}

// AccuracyPoint is inventory accuracy over one period: the share of
// SKU-locations counted (in approved counts) that were within tolerance.
type AccuracyPoint struct {
	PeriodStart   time.Time
	LinesCounted  int
	LinesAccurate int
	Accuracy      float64
}

// Accuracy returns inventory accuracy per day, week (from Monday) or month
// over the last days, for one warehouse or all.
func (s *Service) Accuracy(ctx context.Context, warehouseID pulid.ID, days int, bucket string) ([]AccuracyPoint, error) {
	if days <= 0 || days > 730 {
		days = 90
	}
	since := s.now().UTC().AddDate(0, 0, -days)
	q := s.db(ctx).CycleCount.Query().Where(cyclecount.StatusEQ(cyclecount.StatusAPPROVED), cyclecount.ApprovedAtGTE(since))
	if warehouseID != "" {
		q = q.Where(cyclecount.WarehouseID(warehouseID))
	}
	counts, err := q.All(ctx)
	if err != nil {
		return nil, err
	}
	by := map[time.Time]*AccuracyPoint{}
	for _, c := range counts {
		start := periodStart(*c.ApprovedAt, bucket)
		p := by[start]
		if p == nil {
			p = &AccuracyPoint{PeriodStart: start}
			by[start] = p
		}
		p.LinesCounted += c.LinesCounted
		p.LinesAccurate += c.LinesAccurate
	}
	out := make([]AccuracyPoint, 0, len(by))
	for _, p := range by {
		if p.LinesCounted > 0 {
			p.Accuracy = float64(p.LinesAccurate) / float64(p.LinesCounted)
		}
		out = append(out, *p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].PeriodStart.Before(out[j].PeriodStart) })
	return out, nil
}

func periodStart(t time.Time, bucket string) time.Time {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	switch bucket {
	case "DAY":
		return d
	case "MONTH":
		return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	default: // WEEK, from Monday
		return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
	}
}

// ClassifyABC sets every product's ABC class from the value it shipped over
// the last days (MANAGE_STOCK): the products making the first 80% of value
// are A, the next 15% B, the rest (and those that did not sell) C. It
// returns how many products are in each class.
func (s *Service) ClassifyABC(ctx context.Context, days int) (map[string]int, error) {
	if days <= 0 || days > 730 {
		days = 90
	}
	out := map[string]int{}
	err := s.write(ctx, auth.ManageStock, func(ctx context.Context, db *ent.Client, actor string) error {
		var rows []struct {
			ProductID pulid.ID `json:"product_id"`
			Units     int      `json:"units"`
		}
		if err := db.StockMovement.Query().Where(stockmovement.KindEQ(stockmovement.KindSHIP),
			stockmovement.CreatedAtGTE(s.now().UTC().AddDate(0, 0, -days))).
			GroupBy(stockmovement.FieldProductID).Aggregate(ent.As(ent.Sum(stockmovement.FieldOnHandDelta), "units")).
			Scan(ctx, &rows); err != nil {
			return err
		}
		products, err := db.Product.Query().Select(product.FieldID, product.FieldPriceAmount).All(ctx)
		if err != nil {
			return err
		}
		price := map[pulid.ID]int64{}
		for _, p := range products {
			price[p.ID] = p.PriceAmount
		}
		type pv struct {
			id    pulid.ID
			value int64
		}
		var vals []pv
		var total int64
		for _, r := range rows {
			if v := int64(-r.Units) * price[r.ProductID]; v > 0 {
				vals = append(vals, pv{r.ProductID, v})
				total += v
			}
		}
		sort.Slice(vals, func(i, j int) bool {
			if vals[i].value != vals[j].value {
				return vals[i].value > vals[j].value
			}
			return vals[i].id < vals[j].id
		})
		class := map[pulid.ID]string{}
		var cum int64
		for _, v := range vals {
			share := float64(cum) / float64(total) // before this product: the top seller is always A
			switch {
			case share < 0.80:
				class[v.id] = "A"
			case share < 0.95:
				class[v.id] = "B"
			default:
				class[v.id] = "C"
			}
			cum += v.value
		}
		groups := map[string][]pulid.ID{}
		for _, p := range products {
			c := class[p.ID]
			if c == "" {
				c = "C"
			}
			groups[c] = append(groups[c], p.ID)
			out[c]++
		}
		for c, ids := range groups {
			if err := db.Product.Update().Where(product.IDIn(ids...)).SetAbcClass(product.AbcClass(c)).Exec(ctx); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}
