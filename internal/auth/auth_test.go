package auth_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/mail"
	"github.com/waybill/waybill/internal/testdb"
	"github.com/waybill/waybill/internal/viewer"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func newService(db *database.DB) (*auth.Service, *clock) {
	c := &clock{t: time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)}
	return auth.NewService(db.Client, auth.WithClock(c.now), auth.WithBcryptCost(bcrypt.MinCost),
		auth.WithSessionTTL(time.Hour)), c
}

func code(err error) string {
	if list, ok := errs.UserErrors(err); ok && len(list) > 0 {
		return list[0].Code
	}
	var e *errs.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func TestAccountsAndPasswordPolicy(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s, _ := newService(db)
		ctx := context.Background()
		_, err := s.CreateAccount(ctx, auth.NewAccount{Email: "not-an-email", Password: "short", Role: "KING"})
		list, ok := errs.UserErrors(err)
		if !ok || len(list) != 3 {
			t.Fatalf("want three problems at once, got %v", err)
		}
		got := map[string]string{}
		for _, e := range list {
			got[e.Field[0]] = e.Code
		}
		if got["email"] != "INVALID_EMAIL" || got["password"] != "PASSWORD_TOO_SHORT" || got["role"] != "INVALID_ROLE" {
			t.Fatalf("codes: %v", got)
		}
		for pw, want := range map[string]string{
			"aaaaaaaaaaaa":           "PASSWORD_TOO_SIMPLE",
			"a@example.com":          "PASSWORD_IS_EMAIL",
			strings.Repeat("x1", 70): "PASSWORD_TOO_LONG",
		} {
			if e := auth.CheckPasswordPolicy(pw, "a@example.com"); e == nil || e.Code != want {
				t.Errorf("%q: got %v, want %s", pw, e, want)
			}
		}
		acc, err := s.CreateAccount(ctx, auth.NewAccount{Email: " Li.Lei@Example.CN ", Password: "correct-horse-1", Role: viewer.RoleCustomer, DisplayName: "李雷"})
		if err != nil {
			t.Fatal(err)
		}
		if acc.Email != "li.lei@example.cn" || acc.PasswordHash == "correct-horse-1" {
			t.Fatalf("account: %+v", acc)
		}
		cust, err := acc.QueryCustomer().Only(viewer.SystemContext(ctx))
		if err != nil || cust.Email != acc.Email {
			t.Fatalf("a customer account needs its customer record: %v %v", cust, err)
		}
		_, err = s.CreateAccount(ctx, auth.NewAccount{Email: "li.lei@example.cn", Password: "correct-horse-1", Role: viewer.RoleCustomer, DisplayName: "李雷"})
		if code(err) != "EMAIL_TAKEN" {
			t.Fatalf("duplicate email: %v", err)
		}
	})
}

func TestSessions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s, clk := newService(db)
		ctx := context.Background()
		acc, err := s.CreateAccount(ctx, auth.NewAccount{Email: "agent@example.cn", Password: "agent-password-1", Role: viewer.RoleAgent})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Login(ctx, "agent@example.cn", "wrong-password-1", "", "10.0.0.1"); code(err) != "INVALID_CREDENTIALS" {
			t.Fatalf("wrong password: %v", err)
		}
		if _, _, err := s.Login(ctx, "nobody@example.cn", "agent-password-1", "", "10.0.0.1"); code(err) != "INVALID_CREDENTIALS" {
			t.Fatalf("unknown account must look like a wrong password: %v", err)
		}
		token, _, err := s.Login(ctx, "AGENT@example.cn", "agent-password-1", "test", "10.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		v, err := s.Authenticate(ctx, token)
		if err != nil || v.AccountID != acc.ID || v.Role != viewer.RoleAgent {
			t.Fatalf("authenticate: %+v %v", v, err)
		}
		tampered := token[:len(token)-2] + "xx"
		for name, tok := range map[string]string{"tampered": tampered, "garbage": "hello", "empty": "", "no prefix": token[4:]} {
			if _, err := s.Authenticate(ctx, tok); !errors.Is(err, auth.ErrUnauthenticated) {
				t.Errorf("%s token accepted: %v", name, err)
			}
		}
		// Expiry.
		clk.add(2 * time.Hour)
		if _, err := s.Authenticate(ctx, token); !errors.Is(err, auth.ErrUnauthenticated) {
			t.Fatalf("expired token accepted: %v", err)
		}
		// Logout revokes.
		token, _, _ = s.Login(ctx, "agent@example.cn", "agent-password-1", "", "10.0.0.1")
		if err := s.Logout(ctx, token); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Authenticate(ctx, token); !errors.Is(err, auth.ErrUnauthenticated) {
			t.Fatal("logged-out token accepted")
		}
		// Revoke all (password change, admin disable) and disabled accounts.
		t1, _, _ := s.Login(ctx, "agent@example.cn", "agent-password-1", "", "10.0.0.1")
		if err := s.RevokeAll(ctx, acc.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Authenticate(ctx, t1); err == nil {
			t.Fatal("revoked session accepted")
		}
		t2, _, _ := s.Login(ctx, "agent@example.cn", "agent-password-1", "", "10.0.0.1")
		if err := db.Client.Account.UpdateOneID(acc.ID).SetDisabled(true).Exec(viewer.SystemContext(ctx)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Authenticate(ctx, t2); err == nil {
			t.Fatal("a disabled account's session was accepted")
		}
		if _, _, err := s.Login(ctx, "agent@example.cn", "agent-password-1", "", "10.0.0.1"); code(err) != "ACCOUNT_DISABLED" {
			t.Fatalf("disabled login: %v", err)
		}
	})
}

// TestLoginRateLimit: a hundred wrong passwords in a minute are refused with
// RATE_LIMITED; the right password works again once the window has passed.
func TestLoginRateLimit(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s, clk := newService(db)
		ctx := context.Background()
		if _, err := s.CreateAccount(ctx, auth.NewAccount{Email: "victim@example.cn", Password: "victim-password-1", Role: viewer.RoleCustomer, DisplayName: "受害者"}); err != nil {
			t.Fatal(err)
		}
		limited := 0
		for i := range 100 {
			_, _, err := s.Login(ctx, "victim@example.cn", "guess-number-"+string(rune('a'+i%26)), "", "10.0.0.2")
			if errs.KindOf(err) == errs.RateLimited {
				limited++
				var e *errs.Error
				if errors.As(err, &e); e.RetryAfter <= 0 {
					t.Fatal("a rate-limit error must say when to retry")
				}
			}
			clk.add(500 * time.Millisecond)
		}
		if limited < 80 {
			t.Fatalf("only %d of 100 guesses were rate limited", limited)
		}
		if _, _, err := s.Login(ctx, "victim@example.cn", "victim-password-1", "", "10.0.0.3"); errs.KindOf(err) != errs.RateLimited {
			t.Fatalf("the account is still cooling down: %v", err)
		}
		clk.add(2 * time.Minute)
		if _, _, err := s.Login(ctx, "victim@example.cn", "victim-password-1", "", "10.0.0.3"); err != nil {
			t.Fatalf("the right password must work later: %v", err)
		}
	})
}

// TestEmailVerificationClaimsGuestOrders: registering with the email of a
// guest does not reveal the guest's data; verifying the email does.
func TestEmailVerificationClaimsGuestOrders(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		outbox := &mail.Outbox{}
		c := &clock{t: time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)}
		s := auth.NewService(db.Client, auth.WithClock(c.now), auth.WithBcryptCost(bcrypt.MinCost), auth.WithMailer(outbox))
		ctx := context.Background()
		sys := viewer.SystemContext(ctx)
		guest := db.Client.Customer.Create().SetEmail("guest@example.cn").SetName("客人").SetGuest(true).SaveX(sys)
		acc, err := s.CreateAccount(ctx, auth.NewAccount{Email: "guest@example.cn", Password: "guest-pass-123", Role: viewer.RoleCustomer, DisplayName: "客人"})
		if err != nil {
			t.Fatal(err)
		}
		token, _, err := s.Login(ctx, "guest@example.cn", "guest-pass-123", "", "")
		if err != nil {
			t.Fatal(err)
		}
		v, _ := s.Authenticate(ctx, token)
		if v.CustomerID != "" {
			t.Fatal("an unverified account must not own the guest record")
		}
		vctx := viewer.NewContext(ctx, v)
		if err := s.RequestEmailVerification(vctx); err != nil {
			t.Fatal(err)
		}
		sent := outbox.Sent()
		if len(sent) != 1 || sent[0].To != "guest@example.cn" || !strings.Contains(sent[0].Body, "/verify-email?token=wbe_") {
			t.Fatalf("mail: %+v", sent)
		}
		link := sent[0].Body[strings.Index(sent[0].Body, "token=")+len("token="):]
		link = strings.Fields(link)[0]
		if _, err := s.VerifyEmail(ctx, link+"x"); code(err) != "INVALID_TOKEN" {
			t.Fatalf("tampered token: %v", err)
		}
		verified, err := s.VerifyEmail(ctx, link)
		if err != nil || verified.EmailVerifiedAt == nil {
			t.Fatalf("verify: %v", err)
		}
		if _, err := s.VerifyEmail(ctx, link); code(err) != "INVALID_TOKEN" {
			t.Fatal("a used link must not work twice")
		}
		v, _ = s.Authenticate(ctx, token)
		if v.CustomerID != guest.ID {
			t.Fatalf("after verification the account owns the guest record: %q", v.CustomerID)
		}
		_ = acc
		if _, err := s.CreateAccount(ctx, auth.NewAccount{Email: "x@example.cn", Password: "guest-pass-123", Role: viewer.RoleCustomer, DisplayName: "x", Phone: "123"}); code(err) != "INVALID_PHONE" {
			t.Fatalf("bad phone: %v", err)
		}
	})
}
