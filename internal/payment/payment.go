// Package payment talks to payment providers through one interface:
// authorize at checkout, capture at shipment, refund after. Test is the
// built-in provider with documented test card numbers.
package payment

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
)

// Outcome is what a provider answered to an authorization.
type Outcome string

// Authorization outcomes.
const (
	Approved          Outcome = "APPROVED"
	Declined          Outcome = "DECLINED"
	InsufficientFunds Outcome = "INSUFFICIENT_FUNDS"
	FlaggedForReview  Outcome = "FLAGGED_FOR_REVIEW" // approved, but the provider's risk check wants a person to look
)

// Card is what the shopper gave at checkout. Only the last four digits are
// ever stored.
type Card struct {
	Number string
}

// Last4 returns the last four digits of the card number.
func (c Card) Last4() string {
	d := digits(c.Number)
	if len(d) < 4 {
		return d
	}
	return d[len(d)-4:]
}

// Authorization is the result of Authorize.
type Authorization struct {
	Outcome   Outcome
	Reference string // the provider's id for capture and refund
}

// Provider is a payment provider.
type Provider interface {
	Name() string
	Authorize(ctx context.Context, amount int64, currency string, card Card) (Authorization, error)
	Capture(ctx context.Context, reference string, amount int64) error
	Refund(ctx context.Context, reference string, amount int64) error
	Void(ctx context.Context, reference string) error
}

// Test card numbers of the Test provider.
const (
	CardApprove           = "4242424242424242"
	CardDecline           = "4000000000000002"
	CardInsufficientFunds = "4000000000009995"
	CardFlagged           = "4000000000009235"
)

// Test is the built-in provider: it approves CardApprove (and any other
// Luhn-valid number), declines CardDecline and invalid numbers, answers
// insufficient funds for CardInsufficientFunds and approves CardFlagged but
// flags it for review. It keeps authorized amounts so capture and refund
// are checked like a real provider would.
type Test struct {
	mu   sync.Mutex
	auth map[string]*testAuth
}

type testAuth struct{ authorized, captured, refunded int64 }

var _ Provider = (*Test)(nil)

// NewTest returns the test provider.
func NewTest() *Test { return &Test{auth: map[string]*testAuth{}} }

// Name implements Provider.
func (*Test) Name() string { return "test" }

// Authorize implements Provider.
func (t *Test) Authorize(_ context.Context, amount int64, _ string, card Card) (Authorization, error) {
	if amount < 0 {
		return Authorization{}, fmt.Errorf("payment: negative amount")
	}
	n := digits(card.Number)
	var out Outcome
	switch {
	case n == CardDecline || !luhn(n):
		out = Declined
	case n == CardInsufficientFunds:
		out = InsufficientFunds
	case n == CardFlagged:
		out = FlaggedForReview
	default:
		out = Approved
	}
	if out == Declined || out == InsufficientFunds {
		return Authorization{Outcome: out}, nil
	}
	ref := "test_" + randomHex(8)
	t.mu.Lock()
	t.auth[ref] = &testAuth{authorized: amount}
	t.mu.Unlock()
	return Authorization{Outcome: out, Reference: ref}, nil
}

// Capture implements Provider.
func (t *Test) Capture(_ context.Context, ref string, amount int64) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	a, ok := t.auth[ref]
	if !ok {
		return t.unknown(ref)
	}
	if a.captured+amount > a.authorized {
		return fmt.Errorf("payment: capture of %d exceeds the authorized %d", a.captured+amount, a.authorized)
	}
	a.captured += amount
	return nil
}

// Refund implements Provider.
func (t *Test) Refund(_ context.Context, ref string, amount int64) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	a, ok := t.auth[ref]
	if !ok {
		return t.unknown(ref)
	}
	if a.refunded+amount > a.captured {
		return fmt.Errorf("payment: refund of %d exceeds the captured %d", a.refunded+amount, a.captured)
	}
	a.refunded += amount
	return nil
}

// Void implements Provider.
func (t *Test) Void(_ context.Context, ref string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.auth, ref)
	return nil
}

// unknown: an authorization made by another process (a restart, another
// instance) is accepted, since the test provider keeps no shared state.
func (t *Test) unknown(ref string) error {
	if strings.HasPrefix(ref, "test_") {
		return nil
	}
	return fmt.Errorf("payment: unknown reference %q", ref)
}

func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func luhn(n string) bool {
	if len(n) < 12 || len(n) > 19 {
		return false
	}
	sum, double := 0, false
	for i := len(n) - 1; i >= 0; i-- {
		d := int(n[i] - '0')
		if double {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
