package payment

import (
	"context"
	"testing"
)

func TestTestProviderCards(t *testing.T) {
	p := NewTest()
	ctx := context.Background()
	for card, want := range map[string]Outcome{
		CardApprove: Approved, CardDecline: Declined, CardInsufficientFunds: InsufficientFunds,
		CardFlagged: FlaggedForReview, "4242 4242 4242 4241": Declined, "5555555555554444": Approved,
	} {
		a, err := p.Authorize(ctx, 1000, "CNY", Card{Number: card})
		if err != nil || a.Outcome != want {
			t.Errorf("%s: %v %v, want %v", card, a.Outcome, err, want)
		}
		if (want == Approved || want == FlaggedForReview) != (a.Reference != "") {
			t.Errorf("%s: reference %q", card, a.Reference)
		}
	}
	a, _ := p.Authorize(ctx, 1000, "CNY", Card{Number: CardApprove})
	if err := p.Capture(ctx, a.Reference, 1200); err == nil {
		t.Fatal("capture above the authorization")
	}
	if err := p.Capture(ctx, a.Reference, 1000); err != nil {
		t.Fatal(err)
	}
	if err := p.Refund(ctx, a.Reference, 600); err != nil {
		t.Fatal(err)
	}
	if err := p.Refund(ctx, a.Reference, 500); err == nil {
		t.Fatal("refunds must never exceed what was captured")
	}
	if (Card{Number: "4242 4242 4242 4242"}).Last4() != "4242" {
		t.Fatal("Last4")
	}
}
