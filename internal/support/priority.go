package support

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/shipment"
	"github.com/waybill/waybill/ent/ticket"
	"github.com/waybill/waybill/internal/pulid"
)

// Facts are what a ticket's priority is derived from.
type Facts struct {
	Category      ticket.Category
	OrderTotal    int64  // minor units; 0 without an order
	Currency      string // of OrderTotal
	RecentTickets int    // the customer's other tickets in the last 90 days
	LateDays      int    // how many days the parcel is past its promised date (0: not late)
	Exception     bool   // the parcel hit an exception or went silent
}

// Thresholds of DerivePriority.
const (
	HighValueOrder   = 100000 // ¥1,000.00
	RepeatContacts   = 2      // other tickets in 90 days
	LateDaysToEscape = 2      // days past the promise
)

// basePriority is where each category starts.
var basePriority = map[ticket.Category]ticket.Priority{
	ticket.CategoryNOT_RECEIVED:   ticket.PriorityHIGH,
	ticket.CategoryWRONG_ITEM:     ticket.PriorityNORMAL,
	ticket.CategoryMISSING_ITEM:   ticket.PriorityNORMAL,
	ticket.CategoryDAMAGED:        ticket.PriorityNORMAL,
	ticket.CategoryLATE_DELIVERY:  ticket.PriorityNORMAL,
	ticket.CategoryBILLING:        ticket.PriorityNORMAL,
	ticket.CategoryQUALITY:        ticket.PriorityNORMAL,
	ticket.CategoryRETURN_REQUEST: ticket.PriorityLOW,
	ticket.CategoryOTHER:          ticket.PriorityLOW,
}

// DerivePriority decides a new ticket's priority: the category's base,
// one level up for a high-value order, for a customer who keeps coming
// back, and for a parcel well past its promise (or in trouble). It returns
// the reasons, which agents see.
func DerivePriority(f Facts) (ticket.Priority, []string) {
	p, ok := basePriority[f.Category]
	if !ok {
		p = ticket.PriorityNORMAL
	}
	reasons := []string{fmt.Sprintf("CATEGORY %s: %s", f.Category, p)}
	if f.OrderTotal >= HighValueOrder {
		p = bump(p, 1)
		reasons = append(reasons, fmt.Sprintf("HIGH_VALUE_ORDER %s ≥ %s: +1", formatMoney(f.OrderTotal, f.Currency), formatMoney(HighValueOrder, f.Currency)))
	}
	if f.RecentTickets >= RepeatContacts {
		p = bump(p, 1)
		reasons = append(reasons, fmt.Sprintf("REPEAT_CUSTOMER %d other tickets in 90 days: +1", f.RecentTickets))
	}
	switch {
	case f.LateDays >= LateDaysToEscape:
		p = bump(p, 1)
		reasons = append(reasons, fmt.Sprintf("LATE_PARCEL %d days past the promised date: +1", f.LateDays))
	case f.Exception:
		p = bump(p, 1)
		reasons = append(reasons, "PARCEL_EXCEPTION the parcel hit a problem or went silent: +1")
	}
	return p, reasons
}

// factsFor gathers the facts of a ticket about order o and parcel shp
// (either may be nil) for customer cust.
func (s *Service) factsFor(ctx context.Context, db *ent.Client, cat ticket.Category, cust *pulid.ID, o *ent.Order, shp *ent.Shipment) (Facts, error) {
	f := Facts{Category: cat, Currency: s.opts.Currency}
	if o != nil {
		f.OrderTotal, f.Currency = o.TotalAmount, o.Currency
	}
	if cust != nil {
		n, err := db.Ticket.Query().Where(ticket.CustomerID(*cust), ticket.CreatedAtGTE(s.now().Add(-90*24*time.Hour))).Count(ctx)
		if err != nil {
			return f, err
		}
		f.RecentTickets = n
	}
	if shp == nil && o != nil {
		// The parcel most in trouble speaks for the order.
		ships, err := db.Shipment.Query().Where(shipment.OrderID(o.ID), shipment.IsReturn(false)).All(ctx)
		if err != nil {
			return f, err
		}
		for _, sh := range ships {
			if d, exc := lateness(sh, s.now()); d > f.LateDays || exc {
				f.LateDays, f.Exception = max(f.LateDays, d), f.Exception || exc
			}
		}
	} else if shp != nil {
		f.LateDays, f.Exception = lateness(shp, s.now())
	}
	return f, nil
}

// lateness is how many whole days parcel shp is past its promise (by its
// delivery, its ETA or now) and whether it is in trouble.
func lateness(shp *ent.Shipment, now time.Time) (int, bool) {
	exc := shp.Status == shipment.StatusEXCEPTION || shp.Status == shipment.StatusEXPIRED || shp.Status == shipment.StatusATTEMPT_FAIL
	if shp.PromisedDate == nil {
		return 0, exc
	}
	ref := now
	switch {
	case shp.DeliveredAt != nil:
		ref = *shp.DeliveredAt
	case shp.EtaTo != nil && shp.EtaTo.After(now):
		ref = *shp.EtaTo
	}
	// The promise is a date: the parcel is due by the end of that day.
	end := shp.PromisedDate.Add(24 * time.Hour)
	if !ref.After(end) {
		return 0, exc
	}
	return int(math.Ceil(ref.Sub(end).Hours() / 24)), exc
}
