package auth

import (
	"context"

	"golang.org/x/crypto/bcrypt"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/account"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// CreateStaff creates an AGENT, WAREHOUSE or ADMIN account (admins only).
func (s *Service) CreateStaff(ctx context.Context, in NewAccount) (*ent.Account, error) {
	if err := Require(ctx, ManageStaff); err != nil {
		return nil, err
	}
	if in.Role == viewer.RoleCustomer {
		return nil, errs.E("auth.CreateStaff", errs.Invalid, "INVALID_ROLE", "Staff accounts are AGENT, WAREHOUSE or ADMIN.").At("role")
	}
	return s.CreateAccount(ctx, in)
}

// AccountChange is what UpdateAccount may change; nil fields stay.
type AccountChange struct {
	Role        *viewer.Role
	Disabled    *bool
	DisplayName *string
}

// UpdateAccount changes a staff account (admins only). Disabling revokes
// every session at once.
func (s *Service) UpdateAccount(ctx context.Context, id pulid.ID, ch AccountChange) (*ent.Account, error) {
	const op = "auth.UpdateAccount"
	if err := Require(ctx, ManageStaff); err != nil {
		return nil, err
	}
	v := viewer.FromContext(ctx)
	if id == v.AccountID && ((ch.Disabled != nil && *ch.Disabled) || (ch.Role != nil && *ch.Role != viewer.RoleAdmin)) {
		return nil, errs.E(op, errs.Conflict, "CANNOT_CHANGE_SELF", "You cannot disable or demote your own account.").At("id")
	}
	sys := viewer.SystemContext(ctx)
	acc, err := s.db(ctx).Account.Get(sys, id)
	if ent.IsNotFound(err) {
		return nil, errs.E(op, errs.Invalid, "NOT_FOUND", "No such account.").At("id")
	}
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	upd := acc.Update()
	if ch.Role != nil {
		if !validRole(*ch.Role) || (*ch.Role == viewer.RoleCustomer) != (acc.Role == account.RoleCUSTOMER) {
			return nil, errs.E(op, errs.Invalid, "INVALID_ROLE", "Staff roles are AGENT, WAREHOUSE or ADMIN; customers stay customers.").At("role")
		}
		upd.SetRole(account.Role(*ch.Role))
	}
	if ch.Disabled != nil {
		upd.SetDisabled(*ch.Disabled)
	}
	if ch.DisplayName != nil {
		upd.SetDisplayName(*ch.DisplayName)
	}
	acc, err = upd.Save(sys)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	if acc.Disabled || ch.Role != nil {
		if err := s.RevokeAll(ctx, acc.ID); err != nil {
			return nil, err
		}
	}
	return acc, nil
}

// ChangePassword changes the signed-in account's password after checking
// the current one, and ends every other session.
func (s *Service) ChangePassword(ctx context.Context, current, next string) error {
	const op = "auth.ChangePassword"
	v := viewer.FromContext(ctx)
	if v.Anonymous() || v.AccountID == "" {
		return ErrUnauthenticated
	}
	sys := viewer.SystemContext(ctx)
	acc, err := s.db(ctx).Account.Get(sys, v.AccountID)
	if err != nil {
		return errs.Wrap(op, err)
	}
	if bcrypt.CompareHashAndPassword([]byte(acc.PasswordHash), []byte(current)) != nil {
		return errs.E(op, errs.Invalid, "INVALID_CREDENTIALS", "The current password is wrong.").At("currentPassword")
	}
	if e := CheckPasswordPolicy(next, acc.Email); e != nil {
		return e.At("newPassword")
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(next), s.bcryptCost)
	if err != nil {
		return errs.Wrap(op, err)
	}
	if err := acc.Update().SetPasswordHash(string(hash)).Exec(sys); err != nil {
		return errs.Wrap(op, err)
	}
	_, err = s.db(ctx).Session.Update().
		Where(sessionOfOthers(acc.ID, v.SessionID)...).
		SetRevokedAt(s.now().UTC()).Save(sys)
	return errs.Wrap(op, err)
}
