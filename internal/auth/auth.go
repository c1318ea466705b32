// Package auth signs people in and out and says what they may do: accounts
// with bcrypt-hashed passwords, opaque random session tokens stored only as
// SHA-256 hashes (with expiry and revocation), and the one table of which
// role may run which operation.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"
	"unicode"

	"golang.org/x/crypto/bcrypt"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/account"
	"github.com/waybill/waybill/ent/customer"
	"github.com/waybill/waybill/ent/predicate"
	"github.com/waybill/waybill/ent/session"
	"github.com/waybill/waybill/internal/contact"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/mail"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/ratelimit"
	"github.com/waybill/waybill/internal/viewer"
)

// TokenPrefix starts every session token, so leaked tokens are easy to find.
const TokenPrefix = "wbs_"

// Service is the sign-in service.
type Service struct {
	client     *ent.Client
	byEmail    *ratelimit.Limiter // sign-in attempts per account
	byIP       *ratelimit.Limiter // sign-in and sign-up attempts per address
	sessionTTL time.Duration
	now        func() time.Time
	bcryptCost int
	mailer     mail.Sender
	publicURL  string // where links in emails point
}

// Option configures a Service.
type Option func(*Service)

// WithSessionTTL sets how long a session lasts.
func WithSessionTTL(d time.Duration) Option { return func(s *Service) { s.sessionTTL = d } }

// WithClock sets the clock (tests).
func WithClock(now func() time.Time) Option { return func(s *Service) { s.now = now } }

// WithMailer sets how emails are sent (default: to the log).
func WithMailer(m mail.Sender) Option { return func(s *Service) { s.mailer = m } }

// WithPublicURL sets the base URL of links in emails.
func WithPublicURL(u string) Option {
	return func(s *Service) { s.publicURL = strings.TrimRight(u, "/") }
}

// WithBcryptCost sets the hashing cost (tests use bcrypt.MinCost).
func WithBcryptCost(cost int) Option { return func(s *Service) { s.bcryptCost = cost } }

// NewService returns a sign-in service over client.
func NewService(client *ent.Client, opts ...Option) *Service {
	s := &Service{client: client, sessionTTL: 30 * 24 * time.Hour, now: time.Now, bcryptCost: bcrypt.DefaultCost,
		mailer: mail.Log{}, publicURL: "http://127.0.0.1:8080"}
	for _, o := range opts {
		o(s)
	}
	// Ten tries a minute per account and sixty per address stop guessing
	// without getting in the way of a person who mistyped.
	s.byEmail = ratelimit.New(10, time.Minute, 10).WithClock(s.now)
	s.byIP = ratelimit.New(60, time.Minute, 60).WithClock(s.now)
	return s
}

// Errors callers act on.
var (
	ErrInvalidCredentials = errs.E("auth.Login", errs.Invalid, "INVALID_CREDENTIALS", "The email or password is wrong.")
	ErrAccountDisabled    = errs.E("auth.Login", errs.Invalid, "ACCOUNT_DISABLED", "This account is disabled.")
	ErrUnauthenticated    = errs.E("auth.Authenticate", errs.Unauthenticated, "UNAUTHENTICATED", "Sign in first; the session is missing, expired or revoked.")
)

// NewAccount is what CreateAccount needs.
type NewAccount struct {
	Email       string
	Password    string
	Role        viewer.Role
	DisplayName string
	Phone       string // customers
}

// SessionTTL is how long a new session lasts.
func (s *Service) SessionTTL() time.Duration { return s.sessionTTL }

// CreateAccount creates an account (and, for customers, its customer record
// or claims the guest record with the same email). The caller authorizes.
func (s *Service) CreateAccount(ctx context.Context, in NewAccount) (*ent.Account, error) {
	const op = "auth.CreateAccount"
	email, ok := contact.Email(in.Email)
	var problems errs.List
	if !ok {
		problems = append(problems, errs.E(op, errs.Invalid, "INVALID_EMAIL", "Enter a valid email address.").At("email"))
	}
	if err := CheckPasswordPolicy(in.Password, email); err != nil {
		problems = append(problems, err.At("password"))
	}
	if in.Role == viewer.RoleCustomer && strings.TrimSpace(in.DisplayName) == "" {
		problems = append(problems, errs.E(op, errs.Invalid, "INVALID_NAME", "Enter your name.").At("name"))
	}
	if in.Phone != "" {
		phone, ok := contact.Phone(in.Phone)
		if !ok {
			problems = append(problems, errs.E(op, errs.Invalid, "INVALID_PHONE", "Enter a Chinese mobile number or an international number starting with +.").At("phone"))
		}
		in.Phone = phone
	}
	if !validRole(in.Role) {
		problems = append(problems, errs.E(op, errs.Invalid, "INVALID_ROLE", "Unknown role.").At("role"))
	}
	if problems != nil {
		return nil, problems
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(in.Password), s.bcryptCost)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	sys := viewer.SystemContext(ctx)
	var created *ent.Account
	err = database.WithTx(sys, s.client, func(tx *ent.Tx) error {
		exists, err := tx.Account.Query().Where(account.Email(email)).Exist(sys)
		if err != nil {
			return err
		}
		if exists {
			return errs.E(op, errs.Conflict, "EMAIL_TAKEN", "An account with this email exists.").At("email")
		}
		create := tx.Account.Create().SetEmail(email).SetPasswordHash(string(hash)).
			SetRole(account.Role(in.Role)).SetDisplayName(strings.TrimSpace(in.DisplayName))
		if in.Role == viewer.RoleCustomer {
			// A guest record with this email holds someone's orders: it is
			// claimed only once the email is verified (VerifyEmail). Until
			// then the account has no customer record of its own.
			exists, err := tx.Customer.Query().Where(customer.Email(email)).Exist(sys)
			if err != nil {
				return err
			}
			if !exists {
				name := strings.TrimSpace(in.DisplayName)
				if name == "" {
					name = email
				}
				cust, err := tx.Customer.Create().SetEmail(email).SetName(name).SetPhone(in.Phone).Save(sys)
				if err != nil {
					return err
				}
				create.SetCustomer(cust)
			}
		}
		created, err = create.Save(sys)
		return err
	})
	if err != nil {
		if _, ok := errs.UserErrors(err); ok {
			return nil, err
		}
		return nil, errs.Wrap(op, err)
	}
	return created.Unwrap(), nil // detach from the finished transaction
}

// Login checks email and password and opens a session. It returns the token,
// which is shown once and stored only as a hash.
// Attempts are limited per email and per client address (ErrRateLimited).
func (s *Service) Login(ctx context.Context, email, password, userAgent, clientIP string) (string, *ent.Account, error) {
	const op = "auth.Login"
	email, _ = contact.Email(email)
	if err := s.limit(op, "email:"+email, clientIP); err != nil {
		return "", nil, err
	}
	sys := viewer.SystemContext(ctx)
	acc, err := s.db(ctx).Account.Query().Where(account.Email(email)).Only(sys)
	if ent.IsNotFound(err) {
		// Spend the same time as a real check, so timing does not reveal accounts.
		_ = bcrypt.CompareHashAndPassword(dummyHash, []byte(password))
		return "", nil, ErrInvalidCredentials
	}
	if err != nil {
		return "", nil, errs.Wrap(op, err)
	}
	if bcrypt.CompareHashAndPassword([]byte(acc.PasswordHash), []byte(password)) != nil {
		return "", nil, ErrInvalidCredentials
	}
	if acc.Disabled {
		return "", nil, ErrAccountDisabled
	}
	token, hash := newToken()
	now := s.now().UTC()
	if len(userAgent) > 200 {
		userAgent = userAgent[:200]
	}
	if _, err := s.db(ctx).Session.Create().SetTokenHash(hash).SetAccountID(acc.ID).
		SetExpiresAt(now.Add(s.sessionTTL)).SetUserAgent(userAgent).Save(sys); err != nil {
		return "", nil, errs.Wrap(op, err)
	}
	if acc, err = acc.Update().SetLastLoginAt(now).Save(sys); err != nil {
		return "", nil, errs.Wrap(op, err)
	}
	s.byEmail.Reset("email:" + email)
	return token, acc, nil
}

// limit takes one attempt from the key's and the client address's budgets.
func (s *Service) limit(op, key, clientIP string) error {
	ok, wait := s.byEmail.Allow(key)
	if ok && clientIP != "" {
		ok, wait = s.byIP.Allow("ip:" + clientIP)
	}
	if ok {
		return nil
	}
	return &errs.Error{Op: op, Kind: errs.RateLimited, Code: "RATE_LIMITED",
		Message: "Too many attempts. Wait a little and try again.", RetryAfter: wait}
}

// Register creates a customer account and signs it in. Attempts are limited
// per client address.
func (s *Service) Register(ctx context.Context, in NewAccount, userAgent, clientIP string) (string, *ent.Account, error) {
	const op = "auth.Register"
	if ok, wait := s.byIP.Allow("register:" + clientIP); !ok {
		return "", nil, &errs.Error{Op: op, Kind: errs.RateLimited, Code: "RATE_LIMITED",
			Message: "Too many sign-ups from here. Wait a little and try again.", RetryAfter: wait}
	}
	in.Role = viewer.RoleCustomer
	if _, err := s.CreateAccount(ctx, in); err != nil {
		return "", nil, err
	}
	return s.Login(ctx, in.Email, in.Password, userAgent, "")
}

// Logout revokes the session of token. Unknown tokens are ignored.
func (s *Service) Logout(ctx context.Context, token string) error {
	sys := viewer.SystemContext(ctx)
	_, err := s.db(ctx).Session.Update().
		Where(session.TokenHash(HashSecret(token)), session.RevokedAtIsNil()).
		SetRevokedAt(s.now().UTC()).Save(sys)
	return errs.Wrap("auth.Logout", err)
}

// RevokeAll revokes every session of an account (password change, disable).
func (s *Service) RevokeAll(ctx context.Context, accountID pulid.ID) error {
	sys := viewer.SystemContext(ctx)
	_, err := s.db(ctx).Session.Update().
		Where(session.AccountID(accountID), session.RevokedAtIsNil()).
		SetRevokedAt(s.now().UTC()).Save(sys)
	return errs.Wrap("auth.RevokeAll", err)
}

// Authenticate returns the viewer of a session token. A missing, unknown,
// expired or revoked token, or a disabled account, is ErrUnauthenticated.
func (s *Service) Authenticate(ctx context.Context, token string) (*viewer.Viewer, error) {
	if !strings.HasPrefix(token, TokenPrefix) || len(token) > 128 {
		return nil, ErrUnauthenticated
	}
	sys := viewer.SystemContext(ctx)
	ses, err := s.db(ctx).Session.Query().Where(session.TokenHash(HashSecret(token))).WithAccount().Only(sys)
	if ent.IsNotFound(err) {
		return nil, ErrUnauthenticated
	}
	if err != nil {
		return nil, errs.Wrap("auth.Authenticate", err)
	}
	acc := ses.Edges.Account
	if ses.RevokedAt != nil || !s.now().Before(ses.ExpiresAt) || acc == nil || acc.Disabled {
		return nil, ErrUnauthenticated
	}
	v := &viewer.Viewer{AccountID: acc.ID, Email: acc.Email, Role: viewer.Role(acc.Role), SessionID: ses.ID}
	if v.Role == viewer.RoleCustomer {
		id, err := acc.QueryCustomer().OnlyID(sys)
		if err != nil && !ent.IsNotFound(err) {
			return nil, errs.Wrap("auth.Authenticate", err)
		}
		v.CustomerID = id
	}
	return v, nil
}

// CheckPasswordPolicy explains what is wrong with a new password.
func CheckPasswordPolicy(password, email string) *errs.Error {
	const op = "auth.CheckPasswordPolicy"
	n := len([]rune(password))
	switch {
	case n < 10:
		return errs.E(op, errs.Invalid, "PASSWORD_TOO_SHORT", "Use at least 10 characters.")
	case n > 128:
		return errs.E(op, errs.Invalid, "PASSWORD_TOO_LONG", "Use at most 128 characters.")
	case email != "" && strings.EqualFold(password, email):
		return errs.E(op, errs.Invalid, "PASSWORD_IS_EMAIL", "The password must not be your email.")
	}
	var letters, digits, others bool
	for _, r := range password {
		switch {
		case unicode.IsLetter(r):
			letters = true
		case unicode.IsDigit(r):
			digits = true
		default:
			others = true
		}
	}
	if classes := btoi(letters) + btoi(digits) + btoi(others); classes < 2 {
		return errs.E(op, errs.Invalid, "PASSWORD_TOO_SIMPLE", "Mix letters with digits or symbols.")
	}
	return nil
}

func validRole(r viewer.Role) bool {
	return account.RoleValidator(account.Role(r)) == nil
}

func newToken() (token, hash string) { return NewSecret(TokenPrefix) }

// NewSecret returns a bearer secret (prefix and 32 random bytes) and the
// hash to store instead of it: sessions, email links and carrier API tokens
// are all made this way.
func NewSecret(prefix string) (secret, hash string) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("auth: no randomness: " + err.Error())
	}
	secret = prefix + base64.RawURLEncoding.EncodeToString(b)
	return secret, HashSecret(secret)
}

// HashSecret is how a bearer secret is stored and looked up.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("waybill-timing-equaliser"), bcrypt.DefaultCost)

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func sessionOfOthers(accountID, keep pulid.ID) []predicate.Session {
	return []predicate.Session{session.AccountID(accountID), session.RevokedAtIsNil(), session.IDNEQ(keep)}
}

// db is the client to use: the mutation's transaction when there is one.
func (s *Service) db(ctx context.Context) *ent.Client { return database.Client(ctx, s.client) }
