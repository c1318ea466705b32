package httpauth

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/waybill/waybill/internal/viewer"
)

// fakeAuth accepts exactly one token.
type fakeAuth struct {
	token string
	v     *viewer.Viewer
	calls int
}

func (f *fakeAuth) Authenticate(_ context.Context, token string) (*viewer.Viewer, error) {
	f.calls++
	if token != f.token {
		return nil, errors.New("bad token")
	}
	return f.v, nil
}

func newAuths() (sessions, carriers *fakeAuth, a Authenticator) {
	sessions = &fakeAuth{token: "wbs_good", v: &viewer.Viewer{AccountID: "acc_1", Role: viewer.RoleWarehouse}}
	carriers = &fakeAuth{token: "wbc_good", v: &viewer.Viewer{Role: viewer.RoleCarrier, CarrierID: "car_1", TokenID: "ctk_1"}}
	return sessions, carriers, ByPrefix(sessions, Route{Prefix: "wbc_", Auth: carriers})
}

// TestByPrefix: carrier tokens go to the carrier authenticator, everything
// else to the sessions, and a bad carrier token gets the same 401 as a bad
// session token.
func TestByPrefix(t *testing.T) {
	sessions, carriers, a := newAuths()
	var seen *viewer.Viewer
	h := Middleware(a, nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = viewer.FromContext(r.Context())
	}))
	do := func(header string) *httptest.ResponseRecorder {
		seen = nil
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", header)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	if rec := do("Bearer wbc_good"); rec.Code != http.StatusOK || seen == nil || !seen.Carrier() || seen.CarrierID != "car_1" {
		t.Fatalf("carrier token: %d %+v", rec.Code, seen)
	}
	if sessions.calls != 0 || carriers.calls != 1 {
		t.Fatalf("routing: sessions %d carriers %d", sessions.calls, carriers.calls)
	}
	if rec := do("Bearer wbs_good"); rec.Code != http.StatusOK || seen == nil || seen.AccountID != "acc_1" {
		t.Fatalf("session token: %d %+v", rec.Code, seen)
	}
	badCarrier, badSession := do("Bearer wbc_bad"), do("Bearer wbs_bad")
	if badCarrier.Code != http.StatusUnauthorized || badCarrier.Body.String() != badSession.Body.String() ||
		badCarrier.Header().Get("WWW-Authenticate") != badSession.Header().Get("WWW-Authenticate") {
		t.Fatalf("bad carrier token %d %q, bad session token %d %q", badCarrier.Code, badCarrier.Body, badSession.Code, badSession.Body)
	}
}

// TestWithViewerUsesTheMiddlewaresAuthenticator: a WebSocket init payload
// with a carrier token authenticates through the authenticator the upgrade
// request's middleware had.
func TestWithViewerUsesTheMiddlewaresAuthenticator(t *testing.T) {
	sessions, _, a := newAuths()
	var ctx context.Context
	h := Middleware(a, nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { ctx = r.Context() }))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/graphql", nil))
	got, err := WithViewer(ctx, sessions, map[string]any{"authToken": "wbc_good"})
	if err != nil || !viewer.FromContext(got).Carrier() {
		t.Fatalf("carrier token over the init payload: %v %+v", err, viewer.FromContext(got))
	}
	if _, err := WithViewer(ctx, sessions, map[string]any{"Authorization": "Bearer wbc_bad"}); err == nil {
		t.Fatal("a bad carrier token must be refused")
	}
	// Without the middleware, the given authenticator decides.
	if _, err := WithViewer(context.Background(), sessions, map[string]any{"authToken": "wbc_good"}); err == nil {
		t.Fatal("sessions alone know no carrier tokens")
	}
	got, err = WithViewer(context.Background(), sessions, map[string]any{"authToken": "wbs_good"})
	if err != nil || viewer.FromContext(got).AccountID != "acc_1" {
		t.Fatalf("session over the init payload: %v", err)
	}
}
