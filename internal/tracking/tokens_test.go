package tracking_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/auditentry"
	"github.com/waybill/waybill/ent/carriertoken"
	"github.com/waybill/waybill/ent/trackingevent"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/s10"
	"github.com/waybill/waybill/internal/testdb"
	"github.com/waybill/waybill/internal/tracking"
	"github.com/waybill/waybill/internal/viewer"
)

// clock is a test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

var sys = viewer.SystemContext(context.Background())

// tokenWorld is two carriers with one parcel each, and the viewers that act.
type tokenWorld struct {
	db         *database.DB
	svc        *tracking.Service
	clock      *clock
	sf, yto    *ent.Carrier
	sfParcel   *ent.Shipment
	ytoParcel  *ent.Shipment
	admin      context.Context
	warehouse  context.Context
	adminID    pulid.ID
	anonymous  context.Context
	unusedNumb string // a valid number of no parcel
}

func newTokenWorld(t *testing.T, db *database.DB) *tokenWorld {
	t.Helper()
	c := &clock{t: time.Date(2026, 11, 21, 8, 0, 0, 0, time.UTC)}
	w := &tokenWorld{db: db, clock: c, anonymous: context.Background()}
	w.svc = tracking.NewService(db.Client, tracking.NewHub(), tracking.Options{Dialect: db.Dialect, Now: c.Now})
	w.sf = db.Client.Carrier.Create().SetCode("SF").SetName("SF Express").SaveX(sys)
	w.yto = db.Client.Carrier.Create().SetCode("YTO").SetName("YTO Express").SaveX(sys)
	number := func(n int) string {
		s, err := s10.Format("WB", n, "CN")
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	w.sfParcel = db.Client.Shipment.Create().SetTrackingNumber(number(10000001)).SetCarrierID(w.sf.ID).SaveX(sys)
	w.ytoParcel = db.Client.Shipment.Create().SetTrackingNumber(number(10000002)).SetCarrierID(w.yto.ID).SaveX(sys)
	w.unusedNumb = number(10000003)
	adm := db.Client.Account.Create().SetEmail("admin@example.cn").SetPasswordHash("x").SetRole("ADMIN").SaveX(sys)
	w.adminID = adm.ID
	w.admin = viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: adm.ID, Email: adm.Email, Role: viewer.RoleAdmin})
	w.warehouse = viewer.NewContext(context.Background(), &viewer.Viewer{AccountID: "acc_01JD0000000000000000000001", Role: viewer.RoleWarehouse})
	return w
}

func days(n int) *int { return &n }

func codeOf(t *testing.T, err error) string {
	t.Helper()
	var e *errs.Error
	if list, ok := errs.UserErrors(err); ok && len(list) > 0 {
		return list[0].Code
	}
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// same reports whether two user errors read the same to the caller.
func same(a, b *errs.Error) bool {
	return a.Code == b.Code && a.Message == b.Message && a.Kind == b.Kind && strings.Join(a.Field, ".") == strings.Join(b.Field, ".")
}

// TestCarrierTokenCreateValidates: admins only, stable codes on the fields.
func TestCarrierTokenCreateValidates(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		w := newTokenWorld(t, db)
		if _, _, err := w.svc.CreateCarrierToken(w.warehouse, tracking.CarrierTokenInput{CarrierID: w.sf.ID, Name: "hub"}); errs.KindOf(err) != errs.Forbidden {
			t.Fatalf("warehouse creates a token: %v", err)
		}
		if _, _, err := w.svc.CreateCarrierToken(w.anonymous, tracking.CarrierTokenInput{CarrierID: w.sf.ID, Name: "hub"}); errs.KindOf(err) != errs.Unauthenticated {
			t.Fatalf("anonymous creates a token: %v", err)
		}
		cases := []struct {
			name  string
			in    tracking.CarrierTokenInput
			code  string
			field string
		}{
			{"empty name", tracking.CarrierTokenInput{CarrierID: w.sf.ID, Name: "  "}, "REQUIRED", "name"},
			{"long name", tracking.CarrierTokenInput{CarrierID: w.sf.ID, Name: strings.Repeat("顺", 101)}, "TOO_LONG", "name"},
			{"no carrier", tracking.CarrierTokenInput{CarrierID: "car_01JD0000000000000000000000", Name: "hub"}, "UNKNOWN_CARRIER", "carrierId"},
			{"zero days", tracking.CarrierTokenInput{CarrierID: w.sf.ID, Name: "hub", ExpiresInDays: days(0)}, "INVALID_EXPIRY", "expiresInDays"},
			{"too many days", tracking.CarrierTokenInput{CarrierID: w.sf.ID, Name: "hub", ExpiresInDays: days(731)}, "INVALID_EXPIRY", "expiresInDays"},
		}
		for _, c := range cases {
			_, _, err := w.svc.CreateCarrierToken(w.admin, c.in)
			list, ok := errs.UserErrors(err)
			if !ok || len(list) != 1 || list[0].Code != c.code || strings.Join(list[0].Field, ".") != "input."+c.field {
				t.Errorf("%s: got %v", c.name, err)
			}
		}
		if n := db.Client.CarrierToken.Query().CountX(sys); n != 0 {
			t.Fatalf("%d tokens stored after refusals", n)
		}

		tok, secret, err := w.svc.CreateCarrierToken(w.admin, tracking.CarrierTokenInput{CarrierID: w.sf.ID, Name: " SF hub scanners ", ExpiresInDays: days(730)})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(secret, "wbc_") || len(secret) < 40 || tok.TokenPrefix != secret[:12] || tok.Name != "SF hub scanners" {
			t.Fatalf("token %q prefix %q name %q", secret, tok.TokenPrefix, tok.Name)
		}
		if strings.Contains(tok.TokenHash, secret) || tok.TokenHash == secret || len(tok.TokenHash) != 64 {
			t.Fatalf("the secret must be stored hashed, got %q", tok.TokenHash)
		}
		if tok.ExpiresAt == nil || !tok.ExpiresAt.Equal(w.clock.Now().Add(730*24*time.Hour)) || tok.CreatedBy != string(w.adminID) {
			t.Fatalf("expires %v created by %q", tok.ExpiresAt, tok.CreatedBy)
		}
		// The audit log has the creation by the admin, without the hash.
		entry, err := db.Client.AuditEntry.Query().Where(auditentry.ObjectID(string(tok.ID))).Only(sys)
		if err != nil {
			t.Fatalf("audit entry of the creation: %v", err)
		}
		if entry.ActorID != string(w.adminID) || entry.Action != "CarrierToken.create" || entry.After["token_hash"] != "[redacted]" {
			t.Fatalf("audit entry %+v", entry)
		}
	})
}

// TestCarrierTokenAuthenticate: a token is its carrier's viewer until it is
// revoked or expires; its last use is written at most once a minute.
func TestCarrierTokenAuthenticate(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		w := newTokenWorld(t, db)
		tok, secret, err := w.svc.CreateCarrierToken(w.admin, tracking.CarrierTokenInput{CarrierID: w.sf.ID, Name: "hub", ExpiresInDays: days(1)})
		if err != nil {
			t.Fatal(err)
		}
		v, err := w.svc.AuthenticateCarrierToken(context.Background(), secret)
		if err != nil {
			t.Fatal(err)
		}
		if !v.Carrier() || v.CarrierID != w.sf.ID || v.TokenID != tok.ID || v.Staff() || v.Anonymous() || v.AccountID != "" {
			t.Fatalf("viewer %+v", v)
		}
		used := db.Client.CarrierToken.GetX(sys, tok.ID).LastUsedAt
		if used == nil || !used.Equal(w.clock.Now()) {
			t.Fatalf("last used %v", used)
		}
		w.clock.Add(30 * time.Second)
		if _, err := w.svc.AuthenticateCarrierToken(context.Background(), secret); err != nil {
			t.Fatal(err)
		}
		if again := db.Client.CarrierToken.GetX(sys, tok.ID).LastUsedAt; !again.Equal(*used) {
			t.Fatalf("last used written again within a minute: %v", again)
		}
		w.clock.Add(31 * time.Second)
		if _, err := w.svc.AuthenticateCarrierToken(context.Background(), secret); err != nil {
			t.Fatal(err)
		}
		if again := db.Client.CarrierToken.GetX(sys, tok.ID).LastUsedAt; !again.Equal(w.clock.Now()) {
			t.Fatalf("last used not moved after a minute: %v", again)
		}

		for _, bad := range []string{"", "wbc_", "wbc_nope", secret + "x", strings.ToUpper(secret), "wbs_" + secret[4:]} {
			if _, err := w.svc.AuthenticateCarrierToken(context.Background(), bad); !errors.Is(err, tracking.ErrBadCarrierToken) {
				t.Errorf("token %q: %v", bad, err)
			}
		}
		// Expired.
		w.clock.Add(24 * time.Hour)
		if _, err := w.svc.AuthenticateCarrierToken(context.Background(), secret); !errors.Is(err, tracking.ErrBadCarrierToken) {
			t.Fatalf("expired token: %v", err)
		}
		// Revoked (a token without expiry).
		tok2, secret2, err := w.svc.CreateCarrierToken(w.admin, tracking.CarrierTokenInput{CarrierID: w.sf.ID, Name: "never expires"})
		if err != nil || tok2.ExpiresAt != nil {
			t.Fatal(err, tok2.ExpiresAt)
		}
		if _, err := w.svc.AuthenticateCarrierToken(context.Background(), secret2); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.RevokeCarrierToken(w.warehouse, tok2.ID); errs.KindOf(err) != errs.Forbidden {
			t.Fatalf("warehouse revokes: %v", err)
		}
		r1, err := w.svc.RevokeCarrierToken(w.admin, tok2.ID)
		if err != nil || r1.RevokedAt == nil || r1.RevokedBy != string(w.adminID) {
			t.Fatalf("revoke: %v %+v", err, r1)
		}
		w.clock.Add(time.Hour)
		r2, err := w.svc.RevokeCarrierToken(w.admin, tok2.ID)
		if err != nil || !r2.RevokedAt.Equal(*r1.RevokedAt) {
			t.Fatalf("revoking twice must change nothing: %v %v %v", err, r1.RevokedAt, r2.RevokedAt)
		}
		if _, err := w.svc.RevokeCarrierToken(w.admin, "ctk_01JD0000000000000000000000"); codeOf(t, err) != "NOT_FOUND" {
			t.Fatalf("revoke an unknown token: %v", err)
		}
		if _, err := w.svc.AuthenticateCarrierToken(context.Background(), secret2); !errors.Is(err, tracking.ErrBadCarrierToken) {
			t.Fatalf("revoked token: %v", err)
		}
		if n := db.Client.AuditEntry.Query().Where(auditentry.ObjectID(string(tok2.ID)), auditentry.Action("CarrierToken.update")).CountX(sys); n != 1 {
			t.Fatalf("%d audit entries of the revocation, want 1", n)
		}
		// A switched-off carrier's tokens stop working.
		_, secret3, err := w.svc.CreateCarrierToken(w.admin, tracking.CarrierTokenInput{CarrierID: w.yto.ID, Name: "yto"})
		if err != nil {
			t.Fatal(err)
		}
		db.Client.Carrier.UpdateOne(w.yto).SetActive(false).ExecX(sys)
		if _, err := w.svc.AuthenticateCarrierToken(context.Background(), secret3); !errors.Is(err, tracking.ErrBadCarrierToken) {
			t.Fatalf("token of an inactive carrier: %v", err)
		}
	})
}

// TestCarrierTokensList: admins see a carrier's tokens, newest first;
// everyone else an empty list.
func TestCarrierTokensList(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		w := newTokenWorld(t, db)
		a, _, err := w.svc.CreateCarrierToken(w.admin, tracking.CarrierTokenInput{CarrierID: w.sf.ID, Name: "first"})
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(5 * time.Millisecond) // created_at is the wall clock's: keep the order certain
		b, secret, err := w.svc.CreateCarrierToken(w.admin, tracking.CarrierTokenInput{CarrierID: w.sf.ID, Name: "second"})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := w.svc.CreateCarrierToken(w.admin, tracking.CarrierTokenInput{CarrierID: w.yto.ID, Name: "other"}); err != nil {
			t.Fatal(err)
		}
		got, err := w.svc.CarrierTokens(w.admin, w.sf.ID)
		if err != nil || len(got) != 2 || got[0].ID != b.ID || got[1].ID != a.ID {
			t.Fatalf("admin list: %v %v", err, got)
		}
		v, err := w.svc.AuthenticateCarrierToken(context.Background(), secret)
		if err != nil {
			t.Fatal(err)
		}
		carrierCtx := viewer.NewContext(context.Background(), v)
		for name, ctx := range map[string]context.Context{"warehouse": w.warehouse, "anonymous": w.anonymous, "carrier": carrierCtx} {
			got, err := w.svc.CarrierTokens(ctx, w.sf.ID)
			if err != nil || got == nil || len(got) != 0 {
				t.Errorf("%s: %v %v", name, err, got)
			}
			// The privacy policy keeps the table closed to them as well.
			if n, err := db.Client.CarrierToken.Query().Where(carriertoken.CarrierID(w.sf.ID)).Count(ctx); err == nil && n > 0 {
				t.Errorf("%s reads %d tokens directly", name, n)
			}
		}
	})
}

// TestCarrierTokenScans: a carrier token scans and reports positions for
// its own carrier's parcels; another carrier's parcel is answered exactly
// like an unknown number.
func TestCarrierTokenScans(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		w := newTokenWorld(t, db)
		_, secret, err := w.svc.CreateCarrierToken(w.admin, tracking.CarrierTokenInput{CarrierID: w.sf.ID, Name: "hub"})
		if err != nil {
			t.Fatal(err)
		}
		v, err := w.svc.AuthenticateCarrierToken(context.Background(), secret)
		if err != nil {
			t.Fatal(err)
		}
		ctx := viewer.NewContext(context.Background(), v)

		res, err := w.svc.RecordScan(ctx, tracking.ScanInput{TrackingNumber: w.sfParcel.TrackingNumber, Status: trackingevent.StatusIN_TRANSIT,
			City: "深圳", IdempotencyKey: "k1"})
		if err != nil {
			t.Fatal(err)
		}
		if res.Event == nil || res.Shipment == nil || res.Shipment.ID != w.sfParcel.ID || res.Event.Source != trackingevent.SourceSCAN {
			t.Fatalf("scan result %+v", res)
		}
		again, err := w.svc.RecordScan(ctx, tracking.ScanInput{TrackingNumber: w.sfParcel.TrackingNumber, Status: trackingevent.StatusIN_TRANSIT,
			City: "深圳", IdempotencyKey: "k1"})
		if err != nil || !again.Duplicate || again.Event.ID != res.Event.ID {
			t.Fatalf("retried scan: %v %+v", err, again)
		}

		_, errOther := w.svc.RecordScan(ctx, tracking.ScanInput{TrackingNumber: w.ytoParcel.TrackingNumber, Status: trackingevent.StatusIN_TRANSIT})
		_, errUnknown := w.svc.RecordScan(ctx, tracking.ScanInput{TrackingNumber: w.unusedNumb, Status: trackingevent.StatusIN_TRANSIT})
		if errOther == nil || errUnknown == nil {
			t.Fatalf("another carrier's parcel: %v; unknown: %v", errOther, errUnknown)
		}
		lo, _ := errs.UserErrors(errOther)
		lu, _ := errs.UserErrors(errUnknown)
		if len(lo) != 1 || len(lu) != 1 || lo[0].Code != "UNKNOWN_PARCEL" || !same(lo[0], lu[0]) {
			t.Fatalf("another carrier's parcel %+v must look like an unknown one %+v", lo, lu)
		}
		if n := db.Client.TrackingEvent.Query().Where(trackingevent.ShipmentID(w.ytoParcel.ID)).CountX(sys); n != 0 {
			t.Fatalf("%d events on the other carrier's parcel", n)
		}
		// The other carrier's idempotency keys are theirs: the same key there is no duplicate.
		_, yto, err := w.svc.CreateCarrierToken(w.admin, tracking.CarrierTokenInput{CarrierID: w.yto.ID, Name: "yto hub"})
		if err != nil {
			t.Fatal(err)
		}
		vy, err := w.svc.AuthenticateCarrierToken(context.Background(), yto)
		if err != nil {
			t.Fatal(err)
		}
		ry, err := w.svc.RecordScan(viewer.NewContext(context.Background(), vy), tracking.ScanInput{TrackingNumber: w.ytoParcel.TrackingNumber,
			Status: trackingevent.StatusIN_TRANSIT, IdempotencyKey: "k1"})
		if err != nil || ry.Duplicate || ry.Shipment.ID != w.ytoParcel.ID {
			t.Fatalf("yto scan with the same key: %v %+v", err, ry)
		}

		w.clock.Add(time.Minute) // positions are throttled per parcel
		pos, err := w.svc.ReportPosition(ctx, w.sfParcel.TrackingNumber, 22.60, 114.10, nil)
		if err != nil || !pos.Accepted || pos.Shipment.ID != w.sfParcel.ID {
			t.Fatalf("position: %v %+v", err, pos)
		}
		_, errOther = w.svc.ReportPosition(ctx, w.ytoParcel.TrackingNumber, 22.54, 114.06, nil)
		_, errUnknown = w.svc.ReportPosition(ctx, w.unusedNumb, 22.54, 114.06, nil)
		lo, _ = errs.UserErrors(errOther)
		lu, _ = errs.UserErrors(errUnknown)
		if len(lo) != 1 || len(lu) != 1 || lo[0].Code != "UNKNOWN_PARCEL" || !same(lo[0], lu[0]) {
			t.Fatalf("position on another carrier's parcel %v must look like an unknown one %v", errOther, errUnknown)
		}

		// Staff still scan any parcel.
		if _, err := w.svc.RecordScan(w.warehouse, tracking.ScanInput{TrackingNumber: w.ytoParcel.TrackingNumber, Status: trackingevent.StatusIN_TRANSIT}); err != nil {
			t.Fatalf("warehouse scan: %v", err)
		}
		// The carrier's viewer reads no parcel through the privacy policies.
		if n, err := db.Client.Shipment.Query().Count(ctx); err == nil && n > 0 {
			t.Fatalf("a carrier token reads %d shipments", n)
		}
	})
}
