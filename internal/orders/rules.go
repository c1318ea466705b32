package orders

import "time"

// Rules are the configurable parts of intake: limits, review holds,
// shipping fees, points and the payment window. DefaultRules suit a
// Chinese web shop selling in CNY.
type Rules struct {
	Currency string

	MinQuantity, MaxQuantity int // per line
	MaxLines                 int

	// Review holds: an order matching any rule waits ON_HOLD for a person.
	HoldTotalAbove       int64         // total above this (minor units)
	HoldFirstOrderAbove  int64         // a customer's first order above this
	HoldQuantityAbove    int           // one line's quantity above this norm…
	HoldQuantityNormMult int           // …or above this many times the SKU's usual line quantity
	VelocityWindow       time.Duration // too many orders from one email/phone/address…
	VelocityMax          int           // …more than this many in the window

	// Shipping fee by delivery option; standard is free from FreeShippingFrom.
	ShippingFee      map[string]int64
	FreeShippingFrom int64

	// Points: one point is worth PointValue minor units; at most
	// MaxPointsShare percent of the goods may be paid with points.
	PointValue     int64
	MaxPointsShare int64
	// EarnPerUnit: points earned per whole currency unit of the total, on delivery.
	EarnPerUnit int64

	// NextDayRadiusKm: NEXT_DAY only where a warehouse is this close.
	NextDayRadiusKm float64
	// ScheduledWindows are the delivery windows a SCHEDULED order may ask for.
	ScheduledWindows []string
	// ScheduledMaxDays: how far ahead a SCHEDULED delivery may be booked.
	ScheduledMaxDays int
	// PaymentWindow: how long a declined order keeps its stock for a retry.
	PaymentWindow time.Duration
}

// MaxNotesLength is the longest order note, in characters.
const MaxNotesLength = 1000

// DefaultRules are Waybill's defaults.
var DefaultRules = Rules{
	Currency:             "CNY",
	MinQuantity:          1,
	MaxQuantity:          999,
	MaxLines:             50,
	HoldTotalAbove:       500000, // ¥5,000
	HoldFirstOrderAbove:  200000, // ¥2,000
	HoldQuantityAbove:    20,
	HoldQuantityNormMult: 5,
	VelocityWindow:       24 * time.Hour,
	VelocityMax:          3,
	ShippingFee:          map[string]int64{"STANDARD": 1000, "EXPRESS": 2000, "NEXT_DAY": 3000, "SCHEDULED": 1500},
	FreeShippingFrom:     9900,
	PointValue:           1, // 100 points = ¥1
	MaxPointsShare:       50,
	EarnPerUnit:          1,
	NextDayRadiusKm:      600,
	ScheduledWindows:     []string{"09:00-12:00", "12:00-15:00", "15:00-18:00", "18:00-21:00"},
	ScheduledMaxDays:     14,
	PaymentWindow:        30 * time.Minute,
}
