package seed

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/allocation"
	"github.com/waybill/waybill/internal/geo"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// cst is China Standard Time, for order-number dates and delivery days.
var cst = time.FixedZone("CST", 8*3600)

const day = 24 * time.Hour

// gen plans the whole data set in memory (deterministically, from one PCG
// stream), then write stores it. Rows get their IDs when planned so that
// they can refer to each other before anything is written.
type gen struct {
	rng *rand.Rand
	// frng draws what the warehouse floor adds (pick list numbers, scans,
	// cartons): a stream of its own, so that it does not shift the rest.
	frng *rand.Rand
	seed int64
	now  time.Time
	out  io.Writer
	sum  *Summary

	accountIDs     map[viewer.Role]pulid.ID
	demoCustomerID pulid.ID
	demoPhone      string

	carriers   []*carrierRow
	warehouses []*warehouseRow
	products   []*productRow
	bySKU      map[string]*productRow
	levels     [][]*levelRow // [product.idx][warehouse.idx]; nil: not stocked there
	customers  []*customerRow
	demo       *customerRow
	coupons    []*couponRow
	orders     []*orderRow
	moves      []*moveRow
	tickets    []*ticketRow
	returns    []*returnRow
	surveys    []*surveyRow
	tracking   map[string]bool // tracking numbers in use

	// Fulfilment of the open orders (fulfil.go).
	planner   *allocation.Planner
	allocs    []*allocRow
	pickLists []*pickListRow
	claimed   map[*levelRow]map[string]int // lots suggested on pending pick list lines, not yet picked
	plNumbers map[string]bool
	scanning  bool // some pick list is partly scanned
}

func newGen(seed int64, now time.Time, out io.Writer) *gen {
	g := &gen{
		rng:        rand.New(rand.NewPCG(uint64(seed), uint64(seed)^0x9e3779b97f4a7c15)),
		frng:       rand.New(rand.NewPCG(uint64(seed)^0x243f6a8885a308d3, uint64(seed)+0x13198a2e03707344)),
		seed:       seed,
		now:        now,
		out:        out,
		sum:        &Summary{OrdersByStatus: map[string]int{}},
		accountIDs: map[viewer.Role]pulid.ID{},
		bySKU:      map[string]*productRow{},
		tracking:   map[string]bool{DemoTrackingNumber: true},
		claimed:    map[*levelRow]map[string]int{},
		plNumbers:  map[string]bool{},
	}
	g.demoPhone = g.mobile()
	return g
}

// plan lays out everything; write stores it.
func (g *gen) plan() {
	g.planCarriers()
	g.planWarehouses()
	g.planProducts()
	g.planStock()
	g.planCustomers()
	g.planCoupons()
	g.planOrders()
	g.planSupport()
}

// Random helpers. Every draw comes from g.rng, in program order.

func (g *gen) intn(n int) int { return g.rng.IntN(n) }

// between returns an int in [lo, hi].
func (g *gen) between(lo, hi int) int { return lo + g.rng.IntN(hi-lo+1) }

func (g *gen) chance(p float64) bool { return g.rng.Float64() < p }

// minutes returns a duration of lo to hi minutes.
func (g *gen) minutes(lo, hi int) time.Duration {
	return time.Duration(g.between(lo, hi)) * time.Minute
}

// weighted returns an index drawn with the given relative weights.
func (g *gen) weighted(weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	r := g.intn(total)
	for i, w := range weights {
		if r < w {
			return i
		}
		r -= w
	}
	return len(weights) - 1
}

func (g *gen) hexString(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = "0123456789abcdef"[g.intn(16)]
	}
	return string(b)
}

// mobile returns a mainland mobile number in E.164, "+861xxxxxxxxxx" (as contact.Phone normalizes it).
func (g *gen) mobile() string {
	p := mobilePrefixes[g.intn(len(mobilePrefixes))]
	return fmt.Sprintf("+86%s%08d", p, g.intn(100_000_000))
}

// Rows.

type carrierRow struct {
	id     pulid.ID
	def    carrierDef
	secret string
	exists bool // reused from the database
}

type warehouseRow struct {
	id   pulid.ID
	idx  int
	def  warehouseDef
	city geo.City
}

// shortName is the Chinese part of the warehouse name, used as a scan location.
func (w *warehouseRow) shortName() string {
	for i, r := range w.def.name {
		if r == ' ' {
			return w.def.name[:i]
		}
	}
	return w.def.name
}

type productRow struct {
	id      pulid.ID
	idx     int
	sku     string
	barcode string
	cat     category
	def     productDef
	price   int64 // fen
	oos     bool  // out of stock everywhere
	created time.Time
}

type levelRow struct {
	id                        pulid.ID
	prod                      *productRow
	wh                        *warehouseRow
	onHand, reserved, picked  int
	reorderPoint, safetyStock int
	bin                       string
	lot                       string
	lotExpires                time.Time
	created, updated          time.Time
	receipt                   *moveRow
}

func (l *levelRow) available() int { return l.onHand - l.reserved }

type address struct {
	city     geo.City
	district district
	line1    string
}

type customerRow struct {
	id          pulid.ID
	accountID   pulid.ID // demo customer only
	name        string
	email       string
	phone       string
	guest       bool
	home        address
	created     time.Time
	usedWelcome bool
}

type couponRow struct {
	id                      pulid.ID
	code, kind              string
	percent                 int
	amountOff, minSpend     int64
	startsAt, endsAt        *time.Time
	usageLimit, perCustomer int
	firstOrderOnly          bool
	timesUsed               int
	customer                *customerRow
	ticket                  *ticketRow
	created                 time.Time
}

// moveRow is one stock ledger entry. Its time is absolute (at) or, for an
// order's movements, an offset from the order's creation.
type moveRow struct {
	id               pulid.ID
	kind             string
	level            *levelRow
	onHand, reserved int
	picked           int
	reason, actor    string
	order            *orderRow
	ship             *shipRow
	pick             *pickListRow // PICK: the list it was picked for
	lot              string       // PICK: the lot picked (no expiry, as internal/inventory books it)
	at               time.Time
	off              time.Duration
	withLot          bool
}

func (m *moveRow) time() time.Time {
	if m.order != nil {
		return m.order.abs(m.off)
	}
	return m.at
}

// planCarriers: the carriers, with webhook secrets derived from the seed.
func (g *gen) planCarriers() {
	for _, d := range carrierDefs {
		sum := sha256.Sum256([]byte(fmt.Sprintf("waybill-demo-webhook-secret|%d|%s", g.seed, d.code)))
		g.carriers = append(g.carriers, &carrierRow{id: pulid.New("car"), def: d, secret: "whsec_" + hex.EncodeToString(sum[:20])})
	}
}

func (g *gen) planWarehouses() {
	for i, d := range warehouseDefs {
		c, ok := geo.Lookup(d.city)
		if !ok {
			panic("seed: warehouse city not in internal/geo: " + d.city)
		}
		g.warehouses = append(g.warehouses, &warehouseRow{id: pulid.New("whs"), idx: i, def: d, city: c})
	}
}

// ean13 appends the EAN-13 check digit to twelve digits.
func ean13(digits12 string) string {
	sum := 0
	for i := 0; i < 12; i++ {
		d := int(digits12[i] - '0')
		if i%2 == 1 {
			d *= 3
		}
		sum += d
	}
	return fmt.Sprintf("%s%d", digits12, (10-sum%10)%10)
}

func (g *gen) planProducts() {
	oos := map[string]bool{}
	for _, s := range outOfStockSKUs {
		oos[s] = true
	}
	for ci, cat := range categories {
		for i, d := range products[ci] {
			sku := fmt.Sprintf("%s-%04d", cat.prefix, i+1)
			p := &productRow{
				id:  pulid.New("prd"),
				idx: len(g.products),
				sku: sku,
				// 69x is the GS1 prefix of China; then a category code and the item.
				barcode: ean13(fmt.Sprintf("6920%s%05d", cat.code, i+1)),
				cat:     cat,
				def:     d,
				price:   d.yuan * 100,
				oos:     oos[sku],
				created: g.now.Add(-time.Duration(g.between(50, 90)) * day).Truncate(time.Hour),
			}
			g.products = append(g.products, p)
			g.bySKU[sku] = p
		}
	}
}

// returnable: food cannot be returned once delivered.
func (p *productRow) returnable() bool { return p.cat.slug != "food" }

func (g *gen) activeProducts() []*productRow {
	var out []*productRow
	for _, p := range g.products {
		if !p.def.inactive && !p.oos {
			out = append(out, p)
		}
	}
	return out
}

// planStock gives most product × warehouse pairs a level backed by a RECEIPT
// before the order window; a few SKUs were counted empty everywhere, a few
// levels are low.
func (g *gen) planStock() {
	g.levels = make([][]*levelRow, len(g.products))
	bins := make([]map[string]bool, len(g.warehouses))
	for i := range bins {
		bins[i] = map[string]bool{}
	}
	whSH := g.warehouses[0]
	demoSKU := map[string]bool{}
	for _, s := range demoLineSKUs {
		demoSKU[s] = true
	}
	var normal []*levelRow
	for _, p := range g.products {
		g.levels[p.idx] = make([]*levelRow, len(g.warehouses))
		for _, w := range g.warehouses {
			forced := demoSKU[p.sku] && w == whSH
			switch {
			case forced:
			case p.def.inactive:
				if !g.chance(0.5) {
					continue
				}
			case !g.chance(0.85):
				continue
			}
			var qty int
			switch {
			case p.def.inactive:
				qty = g.between(1, 6)
			case p.price >= 50000:
				qty = g.between(8, 40)
			case p.price >= 20000:
				qty = g.between(20, 90)
			default:
				qty = g.between(40, 260)
			}
			if forced && qty < 60 {
				qty = 60 + g.intn(40)
			}
			reorder := g.between(30, 60)
			if p.price >= 20000 {
				reorder = g.between(5, 15)
			}
			var bin string
			for {
				bin = fmt.Sprintf("%s-%02d-%02d-%d", p.cat.zone, g.between(1, 12), g.between(1, 8), g.between(1, 4))
				if !bins[w.idx][bin] {
					bins[w.idx][bin] = true
					break
				}
			}
			received := g.now.Add(-45 * day).Add(time.Duration(g.intn(13*24)) * time.Hour)
			l := &levelRow{
				id: pulid.New("stk"), prod: p, wh: w,
				reorderPoint: reorder, safetyStock: max(2, reorder/3), bin: bin,
				created: received, updated: received,
			}
			if p.def.lot {
				l.lot = fmt.Sprintf("L%s-%03d", received.In(cst).Format("060102"), g.between(1, 999))
				var shelfLife int
				switch p.cat.slug {
				case "beauty":
					shelfLife = 720 + g.intn(360)
				case "baby":
					shelfLife = 365 + g.intn(180)
				default:
					shelfLife = 180 + g.intn(180)
				}
				l.lotExpires = received.Add(time.Duration(shelfLife) * day).Truncate(day)
			}
			g.levels[p.idx][w.idx] = l
			l.receipt = g.receive(l, qty, received)
			if p.oos {
				// Records said qty; the cycle count found the bin empty.
				at := g.now.Add(-time.Duration(g.between(2, 12)) * day).Add(g.minutes(0, 600))
				g.move(&moveRow{kind: "COUNT", level: l, onHand: -qty, at: at, withLot: l.lot != "",
					actor:  string(g.accountIDs[viewer.RoleWarehouse]),
					reason: fmt.Sprintf("循环盘点：系统 %d 件，实盘 0 件 Cycle count: %d on record, bin %s found empty", qty, qty, l.bin)})
			} else if !p.def.inactive && !forced {
				normal = append(normal, l)
			}
		}
	}
	// A few low levels: reduce their receipt below the reorder point.
	for i := 0; i < 7 && len(normal) > 0; i++ {
		k := g.intn(len(normal))
		l := normal[k]
		normal = append(normal[:k], normal[k+1:]...)
		low := g.between(1, max(1, l.reorderPoint/2))
		l.receipt.onHand = low
		l.receipt.reason = strings.Replace(l.receipt.reason, "Purchase order received", "Purchase order received (short delivery)", 1)
		l.onHand = low
	}
}

// receive books a purchase-order receipt.
func (g *gen) receive(l *levelRow, qty int, at time.Time) *moveRow {
	po := fmt.Sprintf("PO-%06d", g.between(100000, 999999))
	m := &moveRow{kind: "RECEIPT", level: l, onHand: qty, at: at, withLot: l.lot != "",
		actor:  string(g.accountIDs[viewer.RoleWarehouse]),
		reason: fmt.Sprintf("采购入库 %s Purchase order received", po)}
	g.move(m)
	return m
}

// move appends a ledger entry and applies it to its level.
func (g *gen) move(m *moveRow) {
	m.id = pulid.New("mov")
	m.level.onHand += m.onHand
	m.level.reserved += m.reserved
	m.level.picked += m.picked
	if m.level.onHand < 0 || m.level.reserved < 0 || m.level.reserved > m.level.onHand ||
		m.level.picked < 0 || m.level.picked > m.level.reserved {
		panic(fmt.Sprintf("seed: ledger broken for %s at %s: on hand %d, reserved %d, picked %d",
			m.level.prod.sku, m.level.wh.def.code, m.level.onHand, m.level.reserved, m.level.picked))
	}
	g.moves = append(g.moves, m)
}

func (g *gen) planCustomers() {
	g.demo = &customerRow{
		id: g.demoCustomerID, accountID: g.accountIDs[viewer.RoleCustomer],
		name: "王芳", email: DemoCustomerEmail, phone: g.demoPhone,
		home: g.addressIn("北京", "朝阳区"),
	}
	g.customers = append(g.customers, g.demo)
	names := map[string]bool{"王芳": true}
	emails := map[string]bool{DemoCustomerEmail: true}
	for len(g.customers) < 36 {
		s := surnames[g.intn(len(surnames))]
		n := givenNames[g.intn(len(givenNames))]
		name := s.zh + n.zh
		if names[name] {
			continue
		}
		names[name] = true
		var email string
		for {
			email = fmt.Sprintf("%s%s%02d@example.cn", s.pinyin, n.pinyin, g.between(1, 99))
			if !emails[email] {
				emails[email] = true
				break
			}
		}
		dest := destinations[g.weighted(destWeights())]
		g.customers = append(g.customers, &customerRow{
			id: pulid.New("cus"), name: name, email: email, phone: g.mobile(),
			// Shoppers known by email only: no account (yet).
			guest:   true,
			home:    g.addressIn(dest.city, dest.districts[g.intn(len(dest.districts))].name),
			created: g.now.Add(-time.Duration(g.between(35, 400)) * day).Add(g.minutes(0, 1440)),
		})
	}
}

func destWeights() []int {
	w := make([]int, len(destinations))
	for i, d := range destinations {
		w[i] = d.weight
	}
	return w
}

// addressIn returns a home address in a district of a destination city.
func (g *gen) addressIn(city, districtName string) address {
	c, ok := geo.Lookup(city)
	if !ok {
		panic("seed: city not in internal/geo: " + city)
	}
	var dist district
	for _, d := range destinations {
		if d.city == city {
			for _, x := range d.districts {
				if x.name == districtName {
					dist = x
				}
			}
		}
	}
	if dist.name == "" {
		panic("seed: unknown district " + city + districtName)
	}
	line1 := fmt.Sprintf("%s%d号%s%d栋%d单元%d%02d室", streets[g.intn(len(streets))], g.between(1, 999),
		estates[g.intn(len(estates))], g.between(1, 30), g.between(1, 4), g.between(1, 32), g.between(1, 4))
	return address{city: c, district: dist, line1: line1}
}

// officeAddress is a workplace in the same district.
func (g *gen) officeAddress(a address) address {
	a.line1 = fmt.Sprintf("%s%d号%s%d层", streets[g.intn(len(streets))], g.between(1, 999),
		offices[g.intn(len(offices))], g.between(2, 45))
	return a
}

func (g *gen) planCoupons() {
	start := g.now.Add(-60 * day).Truncate(day)
	summerStart := g.now.Add(-150 * day).Truncate(day)
	summerEnd := g.now.Add(-20 * day).Truncate(day)
	g.coupons = []*couponRow{
		{id: pulid.New("cpn"), code: "WELCOME10", kind: "PERCENT", percent: 10, perCustomer: 1, startsAt: &start, created: start},
		{id: pulid.New("cpn"), code: "SAVE20", kind: "FIXED", amountOff: 2000, minSpend: 10000, startsAt: &start, created: start},
		{id: pulid.New("cpn"), code: "SUMMER15", kind: "PERCENT", percent: 15, minSpend: 20000, usageLimit: 500,
			startsAt: &summerStart, endsAt: &summerEnd, created: summerStart},
	}
}

func (g *gen) coupon(code string) *couponRow {
	for _, c := range g.coupons {
		if c.code == code {
			return c
		}
	}
	return nil
}

// warehousesByDistance orders the warehouses nearest first to a city.
func (g *gen) warehousesByDistance(c geo.City) []*warehouseRow {
	ws := append([]*warehouseRow(nil), g.warehouses...)
	sort.SliceStable(ws, func(i, j int) bool {
		return ws[i].city.Point().DistanceTo(c.Point()) < ws[j].city.Point().DistanceTo(c.Point())
	})
	return ws
}
