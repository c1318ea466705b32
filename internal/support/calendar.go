package support

import (
	"time"
)

// BusinessHours is when the service desk works. SLA clocks of policies
// marked business-hours-only run only inside these hours.
type BusinessHours struct {
	// Location is the desk's time zone (default Asia/Shanghai).
	Location *time.Location
	// Open and Close are the working day's start and end, as offsets from
	// local midnight (default 09:00 and 18:00).
	Open, Close time.Duration
	// Weekdays the desk works (default Monday to Friday).
	Weekdays []time.Weekday
	// Holidays are local dates ("2026-10-01") the desk is closed.
	Holidays []string
	// Workdays are local dates worked although they fall on a weekend
	// (China's make-up working days, 调休).
	Workdays []string
}

// Shanghai returns Asia/Shanghai, or a fixed UTC+8 zone when the system
// has no time zone database (China has no daylight saving time).
func Shanghai() *time.Location {
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return loc
	}
	return time.FixedZone("Asia/Shanghai", 8*3600)
}

// DefaultHours are Monday to Friday, 09:00–18:00, Asia/Shanghai.
func DefaultHours() BusinessHours { return BusinessHours{}.withDefaults() }

func (h BusinessHours) withDefaults() BusinessHours {
	if h.Location == nil {
		h.Location = Shanghai()
	}
	if h.Open == 0 && h.Close == 0 {
		h.Open, h.Close = 9*time.Hour, 18*time.Hour
	}
	if h.Close <= h.Open || h.Close > 24*time.Hour || h.Open < 0 {
		h.Open, h.Close = 0, 24*time.Hour
	}
	if len(h.Weekdays) == 0 {
		h.Weekdays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	}
	return h
}

// working reports whether the local day starting at day is a working day.
func (h BusinessHours) working(day time.Time) bool {
	d := day.Format("2006-01-02")
	for _, w := range h.Workdays {
		if w == d {
			return true
		}
	}
	for _, x := range h.Holidays {
		if x == d {
			return false
		}
	}
	for _, w := range h.Weekdays {
		if day.Weekday() == w {
			return true
		}
	}
	return false
}

// maxDays bounds the walk over days (a misconfigured calendar with no
// working day must not loop forever).
const maxDays = 3 * 366

// Add returns the moment d of business time after t.
func (h BusinessHours) Add(t time.Time, d time.Duration) time.Time {
	if d <= 0 {
		return t
	}
	cur := t.In(h.Location)
	for i := 0; i < maxDays; i++ {
		day := time.Date(cur.Year(), cur.Month(), cur.Day(), 0, 0, 0, 0, h.Location)
		if h.working(day) {
			open, closing := day.Add(h.Open), day.Add(h.Close)
			if cur.Before(open) {
				cur = open
			}
			if cur.Before(closing) {
				left := closing.Sub(cur)
				if d <= left {
					return cur.Add(d).UTC()
				}
				d -= left
			}
		}
		cur = day.AddDate(0, 0, 1)
	}
	return cur.Add(d).UTC()
}

// Between returns the business time from a to b (0 when b is not after a).
func (h BusinessHours) Between(a, b time.Time) time.Duration {
	if !b.After(a) {
		return 0
	}
	var total time.Duration
	cur := a.In(h.Location)
	end := b.In(h.Location)
	for i := 0; i < maxDays && cur.Before(end); i++ {
		day := time.Date(cur.Year(), cur.Month(), cur.Day(), 0, 0, 0, 0, h.Location)
		if h.working(day) {
			from, to := maxTime(cur, day.Add(h.Open)), minTime(end, day.Add(h.Close))
			if to.After(from) {
				total += to.Sub(from)
			}
		}
		cur = day.AddDate(0, 0, 1)
	}
	return total
}

// InHours reports whether t falls inside business hours.
func (h BusinessHours) InHours(t time.Time) bool {
	l := t.In(h.Location)
	day := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, h.Location)
	return h.working(day) && !l.Before(day.Add(h.Open)) && l.Before(day.Add(h.Close))
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// clock is one SLA clock: business hours only, or around the clock.
type clock struct {
	hours    BusinessHours
	business bool
}

func (c clock) add(t time.Time, d time.Duration) time.Time {
	if c.business {
		return c.hours.Add(t, d)
	}
	return t.Add(d).UTC()
}

func (c clock) between(a, b time.Time) time.Duration {
	if c.business {
		return c.hours.Between(a, b)
	}
	if b.After(a) {
		return b.Sub(a)
	}
	return 0
}
