package inventory

import (
	"sort"
	"strconv"
	"strings"
)

// Bin is a storage location "ZONE-AISLE-SHELF-LEVEL", e.g. A-03-02-1: zone
// A, aisle 3, shelf (bay) 2 along the aisle, level 1 from the floor.
type Bin struct {
	Zone                string
	Aisle, Shelf, Level int
}

// ParseBin reads a bin code; ok is false for anything else.
func ParseBin(s string) (Bin, bool) {
	parts := strings.Split(strings.TrimSpace(s), "-")
	if len(parts) != 4 || parts[0] == "" {
		return Bin{}, false
	}
	var n [3]int
	for i, p := range parts[1:] {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 {
			return Bin{}, false
		}
		n[i] = v
	}
	return Bin{Zone: strings.ToUpper(parts[0]), Aisle: n[0], Shelf: n[1], Level: n[2]}, true
}

// WalkOrder returns the indexes of bins in the order a picker walks them:
// zone by zone, aisle by aisle, serpentine — up the first aisle visited,
// down the next, and so on — and bottom level first at each shelf. Bins
// that do not parse come last, in text order.
func WalkOrder(bins []string) []int {
	type item struct {
		i   int
		b   Bin
		ok  bool
		raw string
	}
	items := make([]item, len(bins))
	for i, s := range bins {
		b, ok := ParseBin(s)
		items[i] = item{i, b, ok, s}
	}
	// The serpentine direction depends on how many aisles were walked
	// before this one: number the aisles that have bins, in walking order.
	type aisle struct {
		zone string
		n    int
	}
	seen := map[aisle]bool{}
	var aisles []aisle
	for _, it := range items {
		if it.ok && !seen[aisle{it.b.Zone, it.b.Aisle}] {
			seen[aisle{it.b.Zone, it.b.Aisle}] = true
			aisles = append(aisles, aisle{it.b.Zone, it.b.Aisle})
		}
	}
	sort.Slice(aisles, func(i, j int) bool {
		if aisles[i].zone != aisles[j].zone {
			return aisles[i].zone < aisles[j].zone
		}
		return aisles[i].n < aisles[j].n
	})
	rank := map[aisle]int{}
	for i, a := range aisles {
		rank[a] = i
	}
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if a.ok != b.ok {
			return a.ok
		}
		if !a.ok {
			return a.raw < b.raw
		}
		ra, rb := rank[aisle{a.b.Zone, a.b.Aisle}], rank[aisle{b.b.Zone, b.b.Aisle}]
		if ra != rb {
			return ra < rb
		}
		if a.b.Shelf != b.b.Shelf {
			if ra%2 == 1 { // every second aisle is walked back down
				return a.b.Shelf > b.b.Shelf
			}
			return a.b.Shelf < b.b.Shelf
		}
		return a.b.Level < b.b.Level
	})
	out := make([]int, len(items))
	for i, it := range items {
		out[i] = it.i
	}
	return out
}
