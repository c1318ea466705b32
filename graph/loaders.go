package graph

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/graph/model"
	"github.com/waybill/waybill/internal/catalog"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/httpauth"
	"github.com/waybill/waybill/internal/loader"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// loaders are the per-request batch loaders of computed fields.
type loaders struct {
	available *loader.Loader[pulid.ID, int]
}

type loadersKey struct{}

// WithLoaders returns ctx with fresh per-request loaders.
func WithLoaders(ctx context.Context, cat *catalog.Service) context.Context {
	return context.WithValue(ctx, loadersKey{}, &loaders{
		available: loader.New(cat.Available, 2*time.Millisecond, 500),
	})
}

func loadersFrom(ctx context.Context) *loaders {
	return ctx.Value(loadersKey{}).(*loaders)
}

// userAgent is the caller's User-Agent, recorded on sessions.
func userAgent(ctx context.Context) string {
	if h := graphql.GetOperationContext(ctx).Headers; h != nil {
		return http.Header(h).Get("User-Agent")
	}
	return ""
}

// graphqlMaxNodes caps nodes(ids:).
const graphqlMaxNodes = 100

// nodeType maps an id to its table; a malformed or unknown id is NOT_FOUND,
// just like an id of an object the caller may not see.
func nodeType(ctx context.Context, id pulid.ID) (string, error) {
	t, err := ent.IDToType(ctx, id)
	if err != nil {
		return "", errs.E("graph.node", errs.NotFound, "NOT_FOUND", "Not found.")
	}
	return t, nil
}

// signedIn turns the result of a sign-in into a LoginPayload: userErrors for
// what the caller can fix, 429 with Retry-After when rate limited, and the
// session cookie for the SPA on success.
func (r *mutationResolver) signedIn(ctx context.Context, token string, acc *ent.Account, err error) (*model.LoginPayload, error) {
	var e *errs.Error
	if errors.As(err, &e) && e.Kind == errs.RateLimited {
		httpauth.TooManyRequests(ctx, e.RetryAfter)
		return nil, err
	}
	ue, err := userErrors(err)
	if err != nil {
		return nil, err
	}
	if len(ue) > 0 {
		return &model.LoginPayload{UserErrors: ue}, nil
	}
	httpauth.SetSessionCookie(ctx, token, time.Now().Add(r.Auth.SessionTTL()))
	return &model.LoginPayload{Token: &token, Account: acc, UserErrors: []*errs.Error{}}, nil
}

// userErrors splits a domain error: what the caller can fix becomes the
// payload's userErrors (never nil), anything else stays an error.
func userErrors(err error) ([]*errs.Error, error) {
	if err == nil {
		return []*errs.Error{}, nil
	}
	if list, ok := errs.UserErrors(err); ok {
		return list, nil
	}
	return nil, err
}

// hiddenOrMissing tells apart an object that does not exist (NOT_FOUND) from
// one the viewer may not see (FORBIDDEN / UNAUTHENTICATED): privacy filters
// make both look missing. Ids are random, so this reveals nothing guessable.
func hiddenOrMissing(ctx context.Context, client *ent.Client, id pulid.ID, err error) error {
	if !ent.IsNotFound(err) {
		return err
	}
	if _, serr := client.Noder(viewer.SystemContext(ctx), id, ent.WithNodeType(nodeType)); serr != nil {
		return err
	}
	if viewer.FromContext(ctx).Anonymous() {
		return errs.E("graph.node", errs.Unauthenticated, "UNAUTHENTICATED", "Sign in first.")
	}
	return errs.E("graph.node", errs.Forbidden, "FORBIDDEN", "You are not allowed to see this.")
}
