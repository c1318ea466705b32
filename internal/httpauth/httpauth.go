// Package httpauth finds the viewer of an HTTP request — a Bearer token for
// mobile apps and integrations, or the HttpOnly session cookie of the SPA —
// and lets resolvers set and clear that cookie.
package httpauth

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/viewer"
)

// CookieName is the SPA's session cookie.
const CookieName = "waybill_session"

// Authenticator resolves a session token to a viewer.
type Authenticator interface {
	Authenticate(ctx context.Context, token string) (*viewer.Viewer, error)
}

// Route is an Authenticator for the tokens that start with Prefix.
type Route struct {
	Prefix string
	Auth   Authenticator
}

// ByPrefix returns an Authenticator that hands a token to the first route
// whose prefix it starts with, and every other token to fallback (the
// sessions). Carrier API tokens ("wbc_") are routed this way: a bad one is
// refused exactly like a bad session token.
func ByPrefix(fallback Authenticator, routes ...Route) Authenticator {
	return prefixed{fallback: fallback, routes: routes}
}

type prefixed struct {
	fallback Authenticator
	routes   []Route
}

func (p prefixed) Authenticate(ctx context.Context, token string) (*viewer.Viewer, error) {
	for _, r := range p.routes {
		if strings.HasPrefix(token, r.Prefix) {
			return r.Auth.Authenticate(ctx, token)
		}
	}
	return p.fallback.Authenticate(ctx, token)
}

type ctxKey struct{}

// state is what one request knows about its session.
type state struct {
	ip     string
	token  string
	w      http.ResponseWriter
	secure bool
	auth   Authenticator // the middleware's, for the WebSocket init payload
}

// Middleware authenticates each request. A bad Bearer token is refused
// with 401; a bad cookie is dropped (the caller is anonymous). Cookie
// authentication is ignored on requests that could be cross-site forgeries:
// a cross-origin Origin not in allowed, or a POST that is not JSON (which a
// plain HTML form cannot send without a CORS preflight).
func Middleware(a Authenticator, allowedOrigins []string, next http.Handler) http.Handler {
	allowed := map[string]bool{}
	for _, o := range allowedOrigins {
		allowed[strings.TrimRight(o, "/")] = true
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := &state{w: w, ip: remoteIP(r), secure: r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https", auth: a}
		ctx := context.WithValue(r.Context(), ctxKey{}, st)
		if h := r.Header.Get("Authorization"); h != "" {
			token, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				http.Error(w, `{"errors":[{"message":"Authorization must be a Bearer token","extensions":{"code":"UNAUTHENTICATED"}}]}`, http.StatusUnauthorized)
				return
			}
			v, err := a.Authenticate(ctx, strings.TrimSpace(token))
			if err != nil {
				w.Header().Set("Content-Type", "application/json")
				w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
				w.WriteHeader(http.StatusUnauthorized)
				_, _ = w.Write([]byte(`{"errors":[{"message":"The token is invalid, expired or revoked.","extensions":{"code":"UNAUTHENTICATED"}}]}`))
				return
			}
			st.token = strings.TrimSpace(token)
			ctx = viewer.NewContext(ctx, v)
		} else if c, err := r.Cookie(CookieName); err == nil && c.Value != "" && cookieUsable(r, allowed) {
			if v, err := a.Authenticate(ctx, c.Value); err == nil {
				st.token = c.Value
				ctx = viewer.NewContext(ctx, v)
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func cookieUsable(r *http.Request, allowed map[string]bool) bool {
	if origin := r.Header.Get("Origin"); origin != "" {
		u, err := url.Parse(origin)
		if err != nil || (u.Host != r.Host && !allowed[strings.TrimRight(origin, "/")]) {
			return false
		}
	}
	if r.Method == http.MethodPost {
		ct := r.Header.Get("Content-Type")
		if !strings.HasPrefix(ct, "application/json") && !strings.HasPrefix(ct, "application/graphql-response+json") {
			return false
		}
	}
	return true
}

// WithViewer authenticates a WebSocket connection from its connection_init
// payload ("authToken" or "Authorization"); without one, the viewer from the
// upgrade request (its cookie) stays. When the upgrade request came through
// Middleware, the middleware's Authenticator is used (so carrier tokens work
// here too); a is for connections that did not.
func WithViewer(ctx context.Context, a Authenticator, payload map[string]any) (context.Context, error) {
	if st, ok := ctx.Value(ctxKey{}).(*state); ok && st.auth != nil {
		a = st.auth
	}
	token, _ := payload["authToken"].(string)
	if token == "" {
		if h, _ := payload["Authorization"].(string); h != "" {
			token = strings.TrimPrefix(h, "Bearer ")
		}
	}
	if token == "" {
		return ctx, nil
	}
	v, err := a.Authenticate(ctx, token)
	if err != nil {
		return ctx, err
	}
	return viewer.NewContext(ctx, v), nil
}

// Token returns the session token the request authenticated with.
func Token(ctx context.Context) string {
	if st, ok := ctx.Value(ctxKey{}).(*state); ok {
		return st.token
	}
	return ""
}

// SetSessionCookie sets the SPA's session cookie on the response.
func SetSessionCookie(ctx context.Context, token string, expires time.Time) {
	st, ok := ctx.Value(ctxKey{}).(*state)
	if !ok || st.w == nil {
		return
	}
	http.SetCookie(st.w, &http.Cookie{
		Name: CookieName, Value: token, Path: "/", Expires: expires.UTC(),
		HttpOnly: true, Secure: st.secure, SameSite: http.SameSiteLaxMode,
	})
}

// ClearSessionCookie removes the session cookie.
func ClearSessionCookie(ctx context.Context) {
	st, ok := ctx.Value(ctxKey{}).(*state)
	if !ok || st.w == nil {
		return
	}
	http.SetCookie(st.w, &http.Cookie{
		Name: CookieName, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: st.secure, SameSite: http.SameSiteLaxMode,
	})
}

// Require returns an Unauthenticated error when nobody is signed in.
func Require(ctx context.Context) error {
	if viewer.FromContext(ctx).Anonymous() {
		return errs.E("httpauth.Require", errs.Unauthenticated, "UNAUTHENTICATED", "Sign in first.")
	}
	return nil
}

// ClientIP returns the address the request came from.
func ClientIP(ctx context.Context) string {
	if st, ok := ctx.Value(ctxKey{}).(*state); ok {
		return st.ip
	}
	return ""
}

// TooManyRequests answers the request with 429 and Retry-After; the GraphQL
// body still carries the error with code RATE_LIMITED.
func TooManyRequests(ctx context.Context, retryAfter time.Duration) {
	st, ok := ctx.Value(ctxKey{}).(*state)
	if !ok || st.w == nil {
		return
	}
	secs := int(retryAfter.Round(time.Second) / time.Second)
	st.w.Header().Set("Retry-After", strconv.Itoa(max(secs, 1)))
	st.w.WriteHeader(http.StatusTooManyRequests)
}

func remoteIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
