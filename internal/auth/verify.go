package auth

import (
	"context"
	"strings"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/customer"
	"github.com/waybill/waybill/ent/emailtoken"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/mail"
	"github.com/waybill/waybill/internal/viewer"
)

// emailTokenTTL is how long a verification link works.
const emailTokenTTL = 48 * time.Hour

// RequestEmailVerification mails the signed-in account a link that
// verifies its email. Verifying claims the guest orders placed with it.
func (s *Service) RequestEmailVerification(ctx context.Context) error {
	const op = "auth.RequestEmailVerification"
	v := viewer.FromContext(ctx)
	if v.Anonymous() || v.AccountID == "" {
		return ErrUnauthenticated
	}
	if ok, _ := s.byEmail.Allow("verify:" + string(v.AccountID)); !ok {
		return &errs.Error{Op: op, Kind: errs.RateLimited, Code: "RATE_LIMITED", Message: "A link was sent a moment ago; check your mailbox.", RetryAfter: time.Minute}
	}
	sys := viewer.SystemContext(ctx)
	acc, err := s.db(ctx).Account.Get(sys, v.AccountID)
	if err != nil {
		return errs.Wrap(op, err)
	}
	if acc.EmailVerifiedAt != nil {
		return errs.E(op, errs.Conflict, "ALREADY_VERIFIED", "This email is already verified.")
	}
	session, _ := newToken()
	token := "wbe_" + strings.TrimPrefix(session, TokenPrefix)
	hash := HashSecret(token)
	if err := s.db(ctx).EmailToken.Create().SetTokenHash(hash).SetAccountID(acc.ID).SetEmail(acc.Email).
		SetExpiresAt(s.now().UTC().Add(emailTokenTTL)).Exec(sys); err != nil {
		return errs.Wrap(op, err)
	}
	msg := mail.Message{To: acc.Email, Subject: "Verify your Waybill email / 验证您的邮箱",
		Body: "Open this link to verify your email and see the orders you placed with it:\n" +
			s.publicURL + "/verify-email?token=" + token + "\n\n打开以上链接验证邮箱，即可查看您用此邮箱下的订单。"}
	database.AfterCommit(ctx, func() { _ = s.mailer.Send(context.WithoutCancel(ctx), msg) })
	return nil
}

// VerifyEmail checks a verification token, marks the email verified and
// claims the guest customer record (and so the guest orders) with that
// email. Anyone holding the link may call it.
func (s *Service) VerifyEmail(ctx context.Context, token string) (*ent.Account, error) {
	const op = "auth.VerifyEmail"
	bad := errs.E(op, errs.Invalid, "INVALID_TOKEN", "This link is invalid or has expired; ask for a new one.").At("token")
	if !strings.HasPrefix(token, "wbe_") || len(token) > 128 {
		return nil, bad
	}
	var acc *ent.Account
	err := database.WithTx(ctx, s.client, func(tx *ent.Tx) error {
		sys := viewer.SystemContext(ctx)
		t, err := tx.EmailToken.Query().Where(emailtoken.TokenHash(HashSecret(token))).Only(sys)
		if ent.IsNotFound(err) {
			return bad
		}
		if err != nil {
			return err
		}
		now := s.now().UTC()
		if t.UsedAt != nil || !now.Before(t.ExpiresAt) {
			return bad
		}
		if err := t.Update().SetUsedAt(now).Exec(sys); err != nil {
			return err
		}
		acc, err = tx.Account.Get(sys, t.AccountID)
		if err != nil {
			return err
		}
		if acc.Email != t.Email { // the email changed since the link was sent
			return bad
		}
		upd := acc.Update().SetEmailVerifiedAt(now)
		if n, err := acc.QueryCustomer().Count(sys); err != nil {
			return err
		} else if n == 0 {
			guest, err := tx.Customer.Query().Where(customer.Email(acc.Email), customer.Guest(true)).Only(sys)
			switch {
			case ent.IsNotFound(err):
			case err != nil:
				return err
			default:
				if err := guest.Update().SetGuest(false).Exec(sys); err != nil {
					return err
				}
				upd.SetCustomer(guest)
			}
		}
		acc, err = upd.Save(sys)
		return err
	})
	if err != nil {
		if _, ok := errs.UserErrors(err); ok {
			return nil, err
		}
		return nil, errs.Wrap(op, err)
	}
	if ent.TxFromContext(ctx) == nil {
		acc = acc.Unwrap()
	}
	return acc, nil
}
