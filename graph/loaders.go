package graph

import (
	"context"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/internal/catalog"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/loader"
	"github.com/waybill/waybill/internal/pulid"
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

// nodeType maps an id to its table; a malformed or unknown id is NOT_FOUND,
// just like an id of an object the caller may not see.
func nodeType(ctx context.Context, id pulid.ID) (string, error) {
	t, err := ent.IDToType(ctx, id)
	if err != nil {
		return "", errs.E("graph.node", errs.NotFound, "NOT_FOUND", "Not found.")
	}
	return t, nil
}
