package tracking

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/carrier"
	"github.com/waybill/waybill/ent/carriertoken"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// Carrier API tokens let a carrier's own systems record scans and positions
// for that carrier's parcels (recordScan, reportPosition) without a staff
// account. Admins issue and revoke them; only a SHA-256 hash is stored.

// CarrierTokenPrefix starts every carrier API token, so the HTTP layer can
// tell one from a session token.
const CarrierTokenPrefix = "wbc_"

// Limits of carrier tokens.
const (
	maxTokenName        = 100            // characters of a token's name
	maxTokenDays        = 730            // the longest expiresInDays
	tokenPrefixLen      = 12             // characters kept to recognise a token
	tokenLastUsedEvery  = time.Minute    // last_used_at is written at most this often
	maxCarrierTokenSize = 128            // longer bearer strings are refused unread
	carrierTokenDay     = 24 * time.Hour // what expiresInDays counts
)

// ErrBadCarrierToken is a missing, unknown, revoked or expired carrier
// token, or one of a carrier that was switched off. The HTTP layer answers
// it exactly like a bad session token.
var ErrBadCarrierToken = errs.E("tracking.AuthenticateCarrierToken", errs.Unauthenticated, "UNAUTHENTICATED",
	"The token is invalid, expired or revoked.")

// CarrierTokenInput is a new carrier API token.
type CarrierTokenInput struct {
	CarrierID     pulid.ID
	Name          string
	ExpiresInDays *int // nil: the token does not expire
}

// CreateCarrierToken issues an API token for a carrier (admins,
// ManageCarriers). The secret is returned this once; only its hash is kept.
func (s *Service) CreateCarrierToken(ctx context.Context, in CarrierTokenInput) (*ent.CarrierToken, string, error) {
	const op = "tracking.CreateCarrierToken"
	if err := auth.Require(ctx, auth.ManageCarriers); err != nil {
		return nil, "", err
	}
	name := strings.TrimSpace(in.Name)
	var list errs.List
	switch {
	case name == "":
		list = append(list, errs.E(op, errs.Invalid, "REQUIRED", "Name the token (what it is for).").At("input", "name"))
	case utf8.RuneCountInString(name) > maxTokenName:
		list = append(list, errs.E(op, errs.Invalid, "TOO_LONG", "The name is at most 100 characters.").At("input", "name"))
	}
	if in.ExpiresInDays != nil && (*in.ExpiresInDays < 1 || *in.ExpiresInDays > maxTokenDays) {
		list = append(list, errs.E(op, errs.Invalid, "INVALID_EXPIRY", "A token expires after 1 to 730 days, or never.").At("input", "expiresInDays"))
	}
	sys := viewer.SystemContext(ctx)
	c := s.clientFor(ctx)
	exists, err := c.Carrier.Query().Where(carrier.ID(in.CarrierID)).Exist(sys)
	if err != nil {
		return nil, "", errs.Wrap(op, err)
	}
	if !exists {
		list = append(list, errs.E(op, errs.Invalid, "UNKNOWN_CARRIER", "No such carrier.").At("input", "carrierId"))
	}
	if err := list.Err(); err != nil {
		return nil, "", err
	}
	token, hash := auth.NewSecret(CarrierTokenPrefix)
	create := c.CarrierToken.Create().
		SetCarrierID(in.CarrierID).SetName(name).SetTokenHash(hash).SetTokenPrefix(token[:tokenPrefixLen]).
		SetCreatedBy(viewer.FromContext(ctx).Actor())
	if in.ExpiresInDays != nil {
		create.SetExpiresAt(s.now().Add(time.Duration(*in.ExpiresInDays) * carrierTokenDay))
	}
	// Written as the system after the permission check; the audit hook
	// records the admin (the hash redacted).
	v, err := create.Save(sys)
	if err != nil {
		return nil, "", errs.Wrap(op, err)
	}
	return v, token, nil
}

// RevokeCarrierToken stops a token at once (admins). Revoking a revoked
// token changes nothing and returns it as it is.
func (s *Service) RevokeCarrierToken(ctx context.Context, id pulid.ID) (*ent.CarrierToken, error) {
	const op = "tracking.RevokeCarrierToken"
	if err := auth.Require(ctx, auth.ManageCarriers); err != nil {
		return nil, err
	}
	sys := viewer.SystemContext(ctx)
	c := s.clientFor(ctx)
	tok, err := c.CarrierToken.Get(sys, id)
	if ent.IsNotFound(err) {
		return nil, errs.E(op, errs.Invalid, "NOT_FOUND", "No such token.").At("id")
	}
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	if tok.RevokedAt != nil {
		return tok, nil
	}
	// Conditional, so two admins revoking at once record one revocation
	// (the second finds nothing to update).
	upd := c.CarrierToken.UpdateOneID(id).Where(carriertoken.RevokedAtIsNil()).
		SetRevokedAt(s.now()).SetRevokedBy(viewer.FromContext(ctx).Actor())
	if _, err := upd.Save(sys); err != nil && !ent.IsNotFound(err) {
		return nil, errs.Wrap(op, err)
	}
	tok, err = c.CarrierToken.Get(sys, id)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	return tok, nil
}

// CarrierTokens lists a carrier's tokens, newest first. Only admins see
// them; for everyone else the list is empty (carriers are public, their
// tokens are not).
func (s *Service) CarrierTokens(ctx context.Context, carrierID pulid.ID) ([]*ent.CarrierToken, error) {
	if !auth.Can(viewer.FromContext(ctx), auth.ManageCarriers) {
		return []*ent.CarrierToken{}, nil
	}
	toks, err := s.clientFor(ctx).CarrierToken.Query().Where(carriertoken.CarrierID(carrierID)).
		Order(ent.Desc(carriertoken.FieldCreatedAt), ent.Desc(carriertoken.FieldID)).All(viewer.SystemContext(ctx))
	if err != nil {
		return nil, errs.Wrap("tracking.CarrierTokens", err)
	}
	return toks, nil
}

// AuthenticateCarrierToken returns the viewer of a carrier API token: a
// RoleCarrier viewer of the token's carrier. A token that is unknown,
// revoked or expired, or whose carrier is inactive, is ErrBadCarrierToken.
// Its last use is recorded at most once a minute.
func (s *Service) AuthenticateCarrierToken(ctx context.Context, token string) (*viewer.Viewer, error) {
	const op = "tracking.AuthenticateCarrierToken"
	if !strings.HasPrefix(token, CarrierTokenPrefix) || len(token) > maxCarrierTokenSize {
		return nil, ErrBadCarrierToken
	}
	sys := viewer.SystemContext(ctx)
	tok, err := s.client.CarrierToken.Query().Where(carriertoken.TokenHash(auth.HashSecret(token))).WithCarrier().Only(sys)
	if ent.IsNotFound(err) {
		return nil, ErrBadCarrierToken
	}
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	now := s.now()
	if tok.RevokedAt != nil || tok.ExpiresAt != nil && !now.Before(*tok.ExpiresAt) ||
		tok.Edges.Carrier == nil || !tok.Edges.Carrier.Active {
		return nil, ErrBadCarrierToken
	}
	if tok.LastUsedAt == nil || now.Sub(*tok.LastUsedAt) >= tokenLastUsedEvery {
		// Best effort, and conditional so busy instances write it once.
		err := s.client.CarrierToken.Update().
			Where(carriertoken.ID(tok.ID), carriertoken.Or(carriertoken.LastUsedAtIsNil(), carriertoken.LastUsedAtLTE(now.Add(-tokenLastUsedEvery)))).
			SetLastUsedAt(now).Exec(sys)
		if err != nil && !errors.Is(err, context.Canceled) {
			s.log.WarnContext(ctx, "tracking: recording a carrier token's use", "token", tok.ID, "error", err)
		}
	}
	return &viewer.Viewer{Role: viewer.RoleCarrier, CarrierID: tok.CarrierID, TokenID: tok.ID}, nil
}

// CarrierAuthenticator resolves carrier API tokens (httpauth.Authenticator).
type CarrierAuthenticator struct{ s *Service }

// CarrierAuthenticator returns the authenticator of carrier API tokens, for
// httpauth.
func (s *Service) CarrierAuthenticator() CarrierAuthenticator { return CarrierAuthenticator{s} }

// Authenticate implements httpauth.Authenticator.
func (a CarrierAuthenticator) Authenticate(ctx context.Context, token string) (*viewer.Viewer, error) {
	return a.s.AuthenticateCarrierToken(ctx, token)
}

// scanCarrier returns the carrier a scan or position must belong to: nil for
// staff (any parcel), the token's carrier for a carrier viewer.
func (s *Service) scanCarrier(ctx context.Context) (*ent.Carrier, error) {
	v := viewer.FromContext(ctx)
	if !v.Is(viewer.RoleCarrier) {
		return nil, nil
	}
	if v.CarrierID == "" {
		return nil, errs.E("tracking.scan", errs.Forbidden, "FORBIDDEN", "Your role may not do this.")
	}
	c, err := s.clientFor(ctx).Carrier.Get(viewer.SystemContext(ctx), v.CarrierID)
	if err != nil {
		return nil, errs.Wrap("tracking.scan", err)
	}
	return c, nil
}
