// Package server assembles the waybill HTTP server: GraphQL (HTTP and
// WebSocket), GraphiQL, the embedded SPA, health, readiness and metrics,
// behind request ids, structured logs, CORS from an explicit allow-list and
// session authentication.
package server

import (
	"context"
	"entgo.io/ent/dialect"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql/playground"
	"github.com/rs/cors"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/frontend"
	"github.com/waybill/waybill/graph"
	"github.com/waybill/waybill/internal/allocation"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/catalog"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/httpauth"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/obs"
	"github.com/waybill/waybill/internal/orders"
	"github.com/waybill/waybill/internal/ratelimit"
	"github.com/waybill/waybill/internal/support"
	"github.com/waybill/waybill/internal/tracking"
	"github.com/waybill/waybill/internal/viewer"
)

// Config is everything `waybill serve` can be told.
type Config struct {
	Addr            string
	CORSOrigins     []string
	Introspection   bool
	RequestTimeout  time.Duration
	MaxBodyBytes    int64
	ShutdownTimeout time.Duration
	SessionTTL      time.Duration
	RatePerMinute   int // GraphQL requests per minute per IP address (per token: twice this)
	// SocketPingInterval: a WebSocket client silent this long is pinged,
	// and dropped when silent 2.5 times as long (default 20s).
	SocketPingInterval time.Duration

	// DatabaseURL lets instances on one PostgreSQL database hear each
	// other's tracking events (LISTEN/NOTIFY); empty keeps them local.
	DatabaseURL string
	// Tracking configures webhooks, expiry, throttling and the QR codes' public URL.
	Tracking tracking.Options
	// Support configures the service desk: business hours, the return
	// window, attachment limits and its clock.
	Support support.Options
}

// DefaultConfig is what works on a laptop.
func DefaultConfig() Config {
	return Config{
		Addr:            "127.0.0.1:8080",
		Introspection:   true,
		RequestTimeout:  30 * time.Second,
		MaxBodyBytes:    1 << 20,
		ShutdownTimeout: 15 * time.Second,
		SessionTTL:      30 * 24 * time.Hour,
		RatePerMinute:   600,
	}
}

// Server is a configured Waybill server over one database.
type Server struct {
	cfg      Config
	byIP     *ratelimit.Limiter
	byToken  *ratelimit.Limiter
	db       *database.DB
	log      *slog.Logger
	metrics  *obs.Metrics
	handler  http.Handler
	stockHub *inventory.Hub

	Auth     *auth.Service
	Tracking *tracking.Service
	Orders   *orders.Service
	Support  *support.Service

	Inventory  *inventory.Service
	Allocation *allocation.Service
	Fulfilment *fulfilment.Service
}

// New builds the server. It does not listen.
func New(cfg Config, db *database.DB, log *slog.Logger) (*Server, error) {
	if err := validateOrigins(cfg.CORSOrigins); err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, db: db, log: log, metrics: obs.NewMetrics()}
	if cfg.RatePerMinute > 0 {
		s.byIP = ratelimit.New(cfg.RatePerMinute, time.Minute, max(cfg.RatePerMinute/5, 20))
		s.byToken = ratelimit.New(2*cfg.RatePerMinute, time.Minute, max(2*cfg.RatePerMinute/5, 40))
	}
	s.Auth = auth.NewService(db.Client, auth.WithSessionTTL(cfg.SessionTTL))
	topts := cfg.Tracking
	topts.Dialect, topts.DatabaseURL, topts.Logger = db.Dialect, cfg.DatabaseURL, log
	s.Tracking = tracking.NewService(db.Client, tracking.NewHub(), topts)
	// Committed order changes reach orderUpdated subscribers (and, on
	// PostgreSQL, the other instances) through the tracking fan-out.
	s.Orders = orders.NewService(db.Client, orders.WithDialect(db.Dialect), orders.OnChange(func(o *ent.Order) {
		if err := s.Tracking.NotifyOrderChanged(context.Background(), o.ID); err != nil {
			log.Warn("orders: announcing a change", "order", o.ID, "error", err)
		}
	}))
	sopts := cfg.Support
	sopts.Dialect, sopts.DatabaseURL, sopts.Logger = db.Dialect, cfg.DatabaseURL, log
	s.Support = support.NewService(db.Client, s.Orders, sopts)
	s.metrics.Gauge("waybill_subscriptions_active", func() float64 { return float64(s.Tracking.Subscribers()) })
	// Each server has its own stock hub; on PostgreSQL the instances tell
	// each other about every change (LISTEN/NOTIFY, StartWorkers).
	s.stockHub = inventory.NewHub()
	if db.Dialect == dialect.Postgres {
		s.stockHub.AnnounceToPeers()
	}
	s.Inventory = inventory.NewService(db.Client, inventory.WithRequeue(s.Orders.Requeue), inventory.WithHub(s.stockHub))
	s.Allocation = allocation.NewService(db.Client, s.Orders)
	s.Fulfilment = fulfilment.NewService(db.Client, s.Orders)
	s.metrics.Gauge("waybill_stock_subscriptions_active", func() float64 { return float64(s.stockHub.Subscribers()) })

	resolver := &graph.Resolver{
		Client:   db.Client,
		Auth:     s.Auth,
		Catalog:  catalog.NewService(db.Client),
		Ordering: s.Orders,
		Tracking: s.Tracking,
		Support:  s.Support,

		Inventory:  s.Inventory,
		Allocator:  s.Allocation,
		Fulfilment: s.Fulfilment,
	}
	gql := graph.NewServer(resolver, graph.Options{
		Introspection:  cfg.Introspection,
		AllowedOrigins: cfg.CORSOrigins,
		Logger:         log,
		Limits:         graph.DefaultLimits,

		SocketPingInterval: cfg.SocketPingInterval,
	})
	corsMW := cors.New(cors.Options{
		AllowedOrigins:   cfg.CORSOrigins,
		AllowedMethods:   []string{http.MethodGet, http.MethodPost, http.MethodOptions},
		AllowedHeaders:   []string{"Authorization", "Content-Type", "X-Request-Id", "Apollo-Require-Preflight"},
		ExposedHeaders:   []string{"X-Request-Id", "Retry-After"},
		AllowCredentials: true,
		MaxAge:           600,
	})

	dist, err := fs.Sub(frontend.Dist, "dist")
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	// GraphQL also takes carrier API tokens (wbc_…: recordScan and
	// reportPosition for that carrier's parcels); the other routes do not.
	graphqlAuth := httpauth.ByPrefix(s.Auth, httpauth.Route{Prefix: tracking.CarrierTokenPrefix, Auth: s.Tracking.CarrierAuthenticator()})
	mux.Handle("/graphql", corsMW.Handler(httpauth.Middleware(graphqlAuth, cfg.CORSOrigins,
		s.limits(gql))))
	mux.Handle("/graphiql", playground.Handler("Waybill GraphiQL", "/graphql"))
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := db.Ping(ctx); err != nil {
			log.WarnContext(ctx, "readiness check failed", "error", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("database unavailable\n"))
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	})
	mux.Handle("/metrics", s.metrics.Handler())
	// Carriers sign their requests (no session, no CORS, no GraphQL limits).
	mux.Handle("/webhooks/carriers/{carrier}", s.Tracking.WebhookHandler())
	mux.Handle("/qr/{file}", s.Tracking.QRHandler())
	// Ticket photos, for the ticket's customer and agents (session or token).
	mux.Handle("/attachments/{id}", httpauth.Middleware(s.Auth, cfg.CORSOrigins, s.Support.AttachmentHandler()))
	// Shipping labels, for staff who fulfil (session cookie or token).
	mux.Handle("/labels/{shipmentID}", httpauth.Middleware(s.Auth, cfg.CORSOrigins, s.Fulfilment.LabelHandler()))
	mux.Handle("/", spaHandler(dist))
	s.handler = obs.Middleware(log, s.metrics, routeOf, s.withStockHub(mux))
	return s, nil
}

// Handler is the whole HTTP handler (tests use it with httptest).
func (s *Server) Handler() http.Handler { return s.handler }

// withStockHub makes the stock changes of every request go to this
// server's hub.
func (s *Server) withStockHub(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(inventory.ContextWithHub(r.Context(), s.stockHub)))
	})
}

// limits bounds each GraphQL request: a rate per token (or per address
// without one), the body size and, for plain HTTP (not WebSocket upgrades,
// which live long), a deadline.
func (s *Server) limits(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.byIP != nil && r.Method != http.MethodOptions {
			limiter, key := s.byIP, "ip:"+httpauth.ClientIP(r.Context())
			if tok := httpauth.Token(r.Context()); tok != "" {
				limiter, key = s.byToken, "token:"+tok
			}
			if ok, wait := limiter.Allow(key); !ok {
				w.Header().Set("Retry-After", strconv.Itoa(int(wait.Round(time.Second)/time.Second)))
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusTooManyRequests)
				_, _ = w.Write([]byte(`{"errors":[{"message":"Too many requests. Slow down and retry after the Retry-After header's seconds.","extensions":{"code":"RATE_LIMITED"}}]}`))
				return
			}
		}
		if strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
			next.ServeHTTP(w, r)
			return
		}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
		}
		ctx, cancel := context.WithTimeout(r.Context(), s.cfg.RequestTimeout)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// Run listens on cfg.Addr until ctx ends, then shuts down gracefully.
// ready, when not nil, receives the listening address.
func (s *Server) Run(ctx context.Context, ready func(addr string)) error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", s.cfg.Addr, err)
	}
	baseCtx, cancelBase := context.WithCancel(context.Background())
	defer cancelBase()
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       120 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return baseCtx },
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	stopWorkers := s.StartWorkers(baseCtx)
	defer stopWorkers()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if ready != nil {
		ready(ln.Addr().String())
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down", "timeout", s.cfg.ShutdownTimeout)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	cancelBase() // ends subscriptions on hijacked WebSocket connections
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// StartWorkers starts the background work of one instance: the tracking
// expiry sweeper and, on PostgreSQL, the listener for other instances'
// events. Run calls it; tests that serve Handler themselves call it too. The
// returned function stops the workers and waits for them.
func (s *Server) StartWorkers(ctx context.Context) (stop func()) {
	ctx, cancel := context.WithCancel(inventory.ContextWithHub(ctx, s.stockHub))
	var wg sync.WaitGroup
	if s.db.Dialect == dialect.Postgres {
		wg.Add(1)
		go func() { defer wg.Done(); s.stockHub.Listen(ctx, s.cfg.DatabaseURL, s.log) }()
	}
	wg.Add(3)
	go func() { defer wg.Done(); s.Tracking.Listen(ctx) }()
	wg.Add(3)
	go func() { defer wg.Done(); s.Support.Listen(ctx) }()
	go func() { defer wg.Done(); s.Support.Run(ctx) }() // SLA escalation, follow-up reminders, queue
	go func() { defer wg.Done(); s.followAlerts(ctx) }()
	go func() { defer wg.Done(); s.expirePayments(ctx) }()
	wg.Add(2)
	go func() { defer wg.Done(); s.Allocation.Run(ctx, 5*time.Second, s.log) }() // confirmed orders are routed automatically
	go func() { defer wg.Done(); s.Inventory.Run(ctx, 10*time.Minute, s.log) }()
	go func() {
		defer wg.Done()
		if err := s.Tracking.EnsureMappings(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("tracking: could not fill the carrier mapping tables", "error", err)
		}
		s.Tracking.Sweep(ctx)
	}()
	return func() { cancel(); wg.Wait() }
}

// followAlerts opens a proactive ticket for each ops alert (a late,
// exception or silent parcel) as tracking raises it; the desk's sweep
// catches any missed while no instance listened.
func (s *Server) followAlerts(ctx context.Context) {
	// The alert stream is for staff; the desk reads it as the system.
	staff := viewer.SystemContext(viewer.NewContext(ctx, &viewer.Viewer{Role: viewer.RoleAdmin, Email: "support-desk@waybill"}))
	watch := func(context.Context) (<-chan *ent.OpsAlert, error) { return s.Tracking.WatchAlerts(staff, nil) }
	if err := s.Support.FollowAlerts(ctx, watch); err != nil && ctx.Err() == nil {
		s.log.Warn("support: cannot follow ops alerts; the sweep opens proactive tickets instead", "error", err)
	}
}

// expirePayments releases the stock of orders whose payment window closed,
// once a minute. Several instances may run it: each order changes once.
func (s *Server) expirePayments(ctx context.Context) {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		if n, err := s.Orders.ExpirePayments(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("orders: expiring unpaid orders", "error", err)
		} else if n > 0 {
			s.log.Info("orders: released unpaid orders", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// validateOrigins refuses wildcards: credentials are allowed cross-origin,
// so every origin must be named.
func validateOrigins(origins []string) error {
	for _, o := range origins {
		if strings.Contains(o, "*") {
			return fmt.Errorf("cors: origin %q: wildcards are not allowed with credentials; list each origin", o)
		}
		if !strings.HasPrefix(o, "http://") && !strings.HasPrefix(o, "https://") {
			return fmt.Errorf("cors: origin %q must start with http:// or https://", o)
		}
	}
	return nil
}

// routeOf groups paths for metrics, so ids in paths do not explode labels.
func routeOf(r *http.Request) string {
	p := r.URL.Path
	switch {
	case p == "/graphql", p == "/graphiql", p == "/healthz", p == "/readyz", p == "/metrics":
		return p
	case strings.HasPrefix(p, "/assets/"):
		return "/assets"
	case strings.HasPrefix(p, "/webhooks/"):
		return "/webhooks"
	case strings.HasPrefix(p, "/qr/"):
		return "/qr"
	case strings.HasPrefix(p, "/labels/"):
		return "/labels"
	case strings.HasPrefix(p, "/attachments/"):
		return "/attachments"
	default:
		return "/app"
	}
}
