package viewer

import (
	"context"
	"testing"
)

func TestViewerRoles(t *testing.T) {
	ctx := context.Background()
	if v := FromContext(ctx); !v.Anonymous() || v.Staff() || v.System() {
		t.Fatalf("empty context: want anonymous, got %+v", v)
	}
	agent := NewContext(ctx, &Viewer{AccountID: "acc_x", Role: RoleAgent})
	if v := FromContext(agent); v.Anonymous() || !v.Staff() || !v.Is(RoleAgent) || v.Is(RoleAdmin) {
		t.Fatalf("agent: got %+v", v)
	}
	sys := SystemContext(agent)
	if v := FromContext(sys); !v.System() || v.Actor() != "acc_x" {
		t.Fatalf("system on behalf of agent: got %+v actor %q", v, v.Actor())
	}
	if FromContext(agent).System() {
		t.Fatal("SystemContext must not change the parent context's viewer")
	}
	if got := FromContext(SystemContext(ctx)).Actor(); got != "system" {
		t.Fatalf("bare system actor = %q", got)
	}
}

// TestCarrierViewer: a carrier token is signed in but no member of staff,
// and acting as the system on its behalf still names the token.
func TestCarrierViewer(t *testing.T) {
	ctx := NewContext(context.Background(), &Viewer{Role: RoleCarrier, CarrierID: "car_x", TokenID: "ctk_y"})
	v := FromContext(ctx)
	if v.Anonymous() || v.Staff() || v.System() || !v.Carrier() || !v.Is(RoleCarrier) {
		t.Fatalf("carrier: got %+v", v)
	}
	if got := v.Actor(); got != "carrier-token:ctk_y" {
		t.Fatalf("carrier actor = %q", got)
	}
	if got := FromContext(SystemContext(ctx)).Actor(); got != "carrier-token:ctk_y" {
		t.Fatalf("system on behalf of a carrier: actor %q", got)
	}
	if (&Viewer{Role: RoleCarrier}).Carrier() {
		t.Fatal("a carrier role without a carrier is no carrier")
	}
}
