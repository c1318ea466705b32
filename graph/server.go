package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/coder/websocket"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/privacy"
	"github.com/waybill/waybill/graph/generated"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/httpauth"
	"github.com/waybill/waybill/internal/obs"
	"github.com/waybill/waybill/internal/viewer"
)

// Options configure the GraphQL server.
type Options struct {
	Introspection  bool
	AllowedOrigins []string // full origins allowed to open WebSockets cross-site
	Logger         *slog.Logger
	Limits         Limits
	// SocketPingInterval is how long a graphql-transport-ws client may stay
	// silent before it is pinged; silent for 2.5 times that, it is dropped
	// (default 20s).
	SocketPingInterval time.Duration
}

// NewServer returns the GraphQL handler: POST, GET and WebSocket transports
// (graphql-transport-ws and the legacy graphql-ws), mutations in one
// transaction each, errors masked unless the caller can act on them.
func NewServer(r *Resolver, opts Options) *handler.Server {
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	srv := handler.New(generated.NewExecutableSchema(generated.Config{Resolvers: r}))
	ping := opts.SocketPingInterval
	if ping <= 0 {
		ping = 20 * time.Second
	}
	srv.AddTransport(transport.Websocket{
		Implementation: newLiveSockets(transport.CoderWebsocketImplementation{AcceptOptions: websocket.AcceptOptions{
			OriginPatterns: opts.AllowedOrigins,
		}}, ping),
		InitFunc: func(ctx context.Context, p transport.InitPayload) (context.Context, *transport.InitPayload, error) {
			ctx, err := httpauth.WithViewer(ctx, r.Auth, p)
			if err != nil {
				return ctx, nil, errors.New("UNAUTHENTICATED: the token is invalid, expired or revoked")
			}
			return WithLoaders(ctx, r.Catalog), nil, nil
		},
		InitTimeout:           10 * time.Second,
		KeepAlivePingInterval: 15 * time.Second, // legacy graphql-ws
		// graphql-transport-ws: liveSockets pings silent clients and drops
		// vanished ones, with one goroutine for all sockets.
	})
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.AddTransport(transport.MultipartForm{MaxUploadSize: 32 << 20, MaxMemory: 8 << 20})

	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	if opts.Introspection {
		srv.Use(extension.Introspection{})
	}
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)})
	srv.Use(opts.Limits)
	srv.Use(Transactioner{Client: r.Client})

	srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		return next(WithLoaders(ctx, r.Catalog))
	})
	srv.SetErrorPresenter(presentError(log))
	srv.SetRecoverFunc(func(ctx context.Context, p any) error {
		log.ErrorContext(ctx, "panic in resolver", "request_id", obs.RequestID(ctx), "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		return errs.Wrap("graph", fmt.Errorf("panic: %v", p))
	})
	return srv
}

// presentError maps errors to GraphQL errors with a stable extensions.code.
// Faults are logged in full and shown only as "internal error" with the
// request id: no SQL, no stack.
func presentError(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		inner := gqlErr.Err
		if inner == nil {
			return gqlErr // parse, validation and coercion errors: already safe
		}
		if gqlErr.Extensions == nil {
			gqlErr.Extensions = map[string]any{}
		}
		var e *errs.Error
		switch {
		case errors.Is(inner, privacy.Deny):
			if viewer.FromContext(ctx).Anonymous() {
				gqlErr.Message, gqlErr.Extensions["code"] = "Sign in first.", "UNAUTHENTICATED"
			} else {
				gqlErr.Message, gqlErr.Extensions["code"] = "You are not allowed to do this.", "FORBIDDEN"
			}
		case ent.IsNotFound(inner):
			gqlErr.Message, gqlErr.Extensions["code"] = "Not found.", "NOT_FOUND"
		case ent.IsValidationError(inner):
			var ve *ent.ValidationError
			errors.As(inner, &ve)
			gqlErr.Message, gqlErr.Extensions["code"] = "Invalid value for "+ve.Name+".", "BAD_USER_INPUT"
		case errs.KindOf(inner) != errs.Other && errors.As(inner, &e):
			gqlErr.Extensions["code"] = errs.KindOf(inner).String()
			gqlErr.Message = e.Message
			if e.Code != "" {
				gqlErr.Extensions["reason"] = e.Code
			}
			if e.RetryAfter > 0 {
				gqlErr.Extensions["retryAfter"] = int(e.RetryAfter.Round(time.Second) / time.Second)
			}
		default:
			id := obs.RequestID(ctx)
			log.ErrorContext(ctx, "graphql error", "request_id", id, "path", gqlErr.Path.String(), "error", inner.Error())
			gqlErr.Message = "Internal error. Quote request id " + id + " when reporting it."
			gqlErr.Extensions["code"] = "INTERNAL"
			gqlErr.Extensions["requestId"] = id
		}
		return gqlErr
	}
}
