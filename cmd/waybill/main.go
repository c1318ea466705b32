// Command waybill is the whole of Waybill in one binary: the server, schema
// migrations, demo data, the published GraphQL schema and account admin.
//
// Every flag can also be set by an environment variable: --database-url is
// WAYBILL_DATABASE_URL, --cors-origins is WAYBILL_CORS_ORIGINS, and so on.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"time"

	"entgo.io/ent/dialect"
	"github.com/vektah/gqlparser/v2/formatter"

	"github.com/waybill/waybill/graph"
	"github.com/waybill/waybill/graph/generated"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/orders"
	"github.com/waybill/waybill/internal/seed"
	"github.com/waybill/waybill/internal/server"
	"github.com/waybill/waybill/internal/simulate"
	"github.com/waybill/waybill/internal/viewer"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

const usage = `waybill — orders, inventory, fulfilment, live parcel tracking and customer service.

Usage:
  waybill serve     [flags]   start the server (migrates first)
  waybill migrate   [flags]   create or update the database schema
  waybill seed      [flags]   fill an empty database with demo data
  waybill simulate  [flags]   play carriers: move parcels on their way to delivery
                              through signed webhooks to a running server
  waybill schema    [--out F] print the GraphQL schema (SDL)
  waybill import orders FILE [--format csv|json]
                              bulk intake: place every valid order, report the rest by line
  waybill verify    [flags]   check every stock level against the ledger; exit 1 on drift
  waybill user create --email E --role R [--password P]
                              create an account (ADMIN, AGENT, WAREHOUSE, CUSTOMER)
  waybill version             print the version

Run "waybill COMMAND -h" for a command's flags. Every flag has an environment
variable: --database-url is WAYBILL_DATABASE_URL.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "waybill:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command")
	}
	cmd, args := args[0], args[1:]
	switch cmd {
	case "serve":
		return cmdServe(ctx, args, stdout, stderr)
	case "migrate":
		return cmdMigrate(ctx, args, stdout)
	case "seed":
		return cmdSeed(ctx, args, stdout)
	case "schema":
		return cmdSchema(args, stdout)
	case "simulate":
		return cmdSimulate(ctx, args, stdout)
	case "user":
		return cmdUser(ctx, args, stdout)
	case "verify":
		return cmdVerify(ctx, args, stdout)
	case "import":
		return cmdImport(ctx, args, stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintf(stdout, "waybill %s (%s %s/%s)\n", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q", cmd)
	}
}

// flags is a flag set whose defaults come from WAYBILL_* variables.
type flags struct{ *flag.FlagSet }

func newFlags(name string) flags {
	return flags{flag.NewFlagSet("waybill "+name, flag.ContinueOnError)}
}

func envName(flagName string) string {
	return "WAYBILL_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

func (f flags) String(name, def, help string) *string {
	if v, ok := os.LookupEnv(envName(name)); ok {
		def = v
	}
	return f.FlagSet.String(name, def, help+" ($"+envName(name)+")")
}

func (f flags) Bool(name string, def bool, help string) *bool {
	if v, ok := os.LookupEnv(envName(name)); ok {
		def = v == "1" || strings.EqualFold(v, "true") || strings.EqualFold(v, "yes")
	}
	return f.FlagSet.Bool(name, def, help+" ($"+envName(name)+")")
}

func (f flags) Int64(name string, def int64, help string) *int64 {
	if v, ok := os.LookupEnv(envName(name)); ok {
		_, _ = fmt.Sscan(v, &def)
	}
	return f.FlagSet.Int64(name, def, help+" ($"+envName(name)+")")
}

func (f flags) Duration(name string, def time.Duration, help string) *time.Duration {
	if v, ok := os.LookupEnv(envName(name)); ok {
		if d, err := time.ParseDuration(v); err == nil {
			def = d
		}
	}
	return f.FlagSet.Duration(name, def, help+" ($"+envName(name)+")")
}

const defaultDatabaseURL = "sqlite://waybill.db"

func (f flags) databaseURL() *string {
	return f.String("database-url", defaultDatabaseURL, "database: sqlite://FILE (embedded) or postgres://USER:PASS@HOST/DB")
}

func openMigrated(ctx context.Context, url string) (*database.DB, error) {
	db, err := database.Open(ctx, url)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if db.Dialect == dialect.Postgres {
		// Stock changes made here (import, seed, simulate) reach the
		// subscribers of running servers.
		inventory.Events().AnnounceToPeers()
	}
	return db, nil
}

func newLogger(w io.Writer, format, level string) *slog.Logger {
	var lv slog.Level
	_ = lv.UnmarshalText([]byte(level))
	opts := &slog.HandlerOptions{Level: lv}
	if format == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	def := server.DefaultConfig()
	f := newFlags("serve")
	addr := f.String("addr", def.Addr, "address to listen on")
	dbURL := f.databaseURL()
	origins := f.String("cors-origins", "", "comma-separated origins allowed cross-site with credentials, e.g. https://shop.example.com")
	introspection := f.Bool("introspection", def.Introspection, "allow GraphQL introspection (turn off in production if you like)")
	reqTimeout := f.Duration("request-timeout", def.RequestTimeout, "deadline of one HTTP GraphQL request")
	maxBody := f.Int64("max-body-bytes", def.MaxBodyBytes, "largest GraphQL request body")
	sessionTTL := f.Duration("session-ttl", def.SessionTTL, "how long a sign-in lasts")
	rate := f.Int64("rate-per-minute", int64(def.RatePerMinute), "GraphQL requests per minute per IP address (twice that per signed-in token); 0 turns limiting off")
	logFormat := f.String("log-format", "json", "log format: json or text")
	logLevel := f.String("log-level", "info", "log level: debug, info, warn, error")
	expireAfter := f.Duration("parcel-expire-after", 5*24*time.Hour, "a parcel in transit with no carrier event for this long becomes EXPIRED and is flagged")
	webhookTolerance := f.Duration("webhook-tolerance", 5*time.Minute, "how far a carrier webhook's signed timestamp may be from now")
	positionEvery := f.Duration("position-interval", 30*time.Second, "GPS positions of one parcel closer together than this are dropped")
	publicURL := f.String("public-url", "", "public base URL of the app, e.g. https://shop.example.com: QR codes on labels open <URL>/track/<number> (default: the scheme and host each request came in on)")
	if err := f.Parse(args); err != nil {
		return err
	}
	log := newLogger(stderr, *logFormat, *logLevel)
	cfg := def
	base, err := checkPublicURL(*publicURL)
	if err != nil {
		return err
	}
	cfg.Tracking.PublicURL = base // QR codes; empty: the request's own scheme and host
	if *expireAfter < time.Hour || *webhookTolerance < 10*time.Second || *positionEvery <= 0 {
		return errors.New("serve: --parcel-expire-after must be at least 1h, --webhook-tolerance at least 10s, --position-interval above 0")
	}
	cfg.Tracking.ExpireAfter, cfg.Tracking.WebhookTolerance, cfg.Tracking.PositionEvery = *expireAfter, *webhookTolerance, *positionEvery
	cfg.Addr, cfg.Introspection, cfg.RequestTimeout, cfg.MaxBodyBytes, cfg.SessionTTL = *addr, *introspection, *reqTimeout, *maxBody, *sessionTTL
	cfg.CORSOrigins = splitList(*origins)
	cfg.RatePerMinute = int(*rate)
	cfg.DatabaseURL = *dbURL // instances on one PostgreSQL hear each other's tracking events

	db, err := openMigrated(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	srv, err := server.New(cfg, db, log)
	if err != nil {
		return err
	}
	return srv.Run(ctx, func(listening string) {
		log.Info("waybill listening", "addr", listening, "database", database.Redact(*dbURL), "version", version)
		fmt.Fprintf(stdout, "Waybill is running at http://%s  (GraphiQL: http://%s/graphiql)\n", listening, listening)
	})
}

// checkPublicURL validates --public-url: empty, or an absolute http(s) URL
// without query or fragment. The trailing slash is dropped.
func checkPublicURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(raw, "?") || strings.HasSuffix(raw, "#") {
		return "", fmt.Errorf("--public-url %q: give an absolute http:// or https:// URL without query or fragment, e.g. https://shop.example.com", raw)
	}
	return strings.TrimRight(raw, "/"), nil
}

func cmdMigrate(ctx context.Context, args []string, stdout io.Writer) error {
	f := newFlags("migrate")
	dbURL := f.databaseURL()
	if err := f.Parse(args); err != nil {
		return err
	}
	db, err := openMigrated(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintf(stdout, "migrated %s\n", database.Redact(*dbURL))
	return nil
}

func cmdSeed(ctx context.Context, args []string, stdout io.Writer) error {
	f := newFlags("seed")
	dbURL := f.databaseURL()
	seedN := f.Int64("seed", 1, "random seed: the same number gives the same data")
	if err := f.Parse(args); err != nil {
		return err
	}
	db, err := openMigrated(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	sum, err := seed.Run(ctx, db.Client, seed.Options{Seed: *seedN, Progress: stdout})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "seed: done: %+v\n", *sum)
	return nil
}

func cmdSimulate(ctx context.Context, args []string, stdout io.Writer) error {
	f := newFlags("simulate")
	url := f.String("url", "http://127.0.0.1:8080", "the running server to post webhooks to")
	dbURL := f.databaseURL()
	speed := f.Float64("speed", 600, "simulated time per real time (600: an hour in six seconds)")
	parcels := f.Int64("parcels", 40, "at most this many parcels on their way (the demo parcel first)")
	maxDur := f.Duration("max-duration", 15*time.Minute, "stop after this long whatever is left")
	posGap := f.Duration("position-every", 30*time.Second, "real time between two GPS positions of a parcel")
	seedN := f.Int64("seed", 1, "random seed for the journeys")
	if err := f.Parse(args); err != nil {
		return err
	}
	sum, err := simulate.Run(ctx, simulate.Options{
		URL: *url, DatabaseURL: *dbURL, Speed: *speed, Parcels: int(*parcels), MaxDuration: *maxDur,
		PositionGap: *posGap, Seed: uint64(*seedN), Progress: stdout,
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "simulate: done: %s\n", sum)
	return nil
}

func cmdSchema(args []string, stdout io.Writer) error {
	f := newFlags("schema")
	out := f.FlagSet.String("out", "", "write to this file instead of standard output")
	if err := f.Parse(args); err != nil {
		return err
	}
	schema := generated.NewExecutableSchema(generated.Config{Resolvers: &graph.Resolver{}}).Schema()
	var b strings.Builder
	b.WriteString("# Waybill GraphQL schema. Generated by `make generate` (waybill schema); do not edit.\n\n")
	formatter.NewFormatter(&b, formatter.WithIndent("  ")).FormatSchema(schema)
	if *out == "" {
		_, err := io.WriteString(stdout, b.String())
		return err
	}
	return os.WriteFile(*out, []byte(b.String()), 0o644)
}

func cmdUser(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New(`usage: waybill user create --email E --role ADMIN|AGENT|WAREHOUSE|CUSTOMER [--password P]`)
	}
	f := newFlags("user create")
	dbURL := f.databaseURL()
	email := f.FlagSet.String("email", "", "email address (sign-in name)")
	role := f.FlagSet.String("role", "ADMIN", "ADMIN, AGENT, WAREHOUSE or CUSTOMER")
	name := f.FlagSet.String("name", "", "display name")
	password := f.FlagSet.String("password", "", "password (or $WAYBILL_USER_PASSWORD, or one line on standard input)")
	if err := f.Parse(args[1:]); err != nil {
		return err
	}
	pw := *password
	if pw == "" {
		pw = os.Getenv("WAYBILL_USER_PASSWORD")
	}
	if pw == "" {
		line, _ := bufio.NewReader(os.Stdin).ReadString('\n')
		pw = strings.TrimRight(line, "\r\n")
	}
	db, err := openMigrated(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	acc, err := auth.NewService(db.Client).CreateAccount(viewer.SystemContext(ctx), auth.NewAccount{
		Email: *email, Password: pw, Role: viewer.Role(strings.ToUpper(*role)), DisplayName: *name,
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created %s account %s (%s)\n", acc.Role, acc.Email, acc.ID)
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func cmdImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "orders" {
		return errors.New("usage: waybill import orders FILE [--format csv|json] [--database-url URL]")
	}
	f := newFlags("import orders")
	dbURL := f.databaseURL()
	format := f.FlagSet.String("format", "", "csv or json (default: from the file name)")
	if err := f.Parse(args[1:]); err != nil {
		return err
	}
	if f.NArg() != 1 {
		return errors.New("usage: waybill import orders FILE")
	}
	path := f.Arg(0)
	if *format == "" {
		*format = "csv"
		if strings.HasSuffix(strings.ToLower(path), ".json") {
			*format = "json"
		}
	}
	file, err := os.Open(path)
	if err != nil {
		return err
	}
	defer func() { _ = file.Close() }()
	db, err := openMigrated(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := orders.NewService(db.Client, orders.WithDialect(db.Dialect))
	// The command line is trusted like an admin: it has the database.
	actor := viewer.NewContext(ctx, &viewer.Viewer{AccountID: "cli", Role: viewer.RoleAdmin, Email: "cli@localhost"})
	start := time.Now()
	rep, err := svc.Import(actor, file, *format, func(done, total int) {
		if done == total || done%50 == 0 {
			pct := 100 * done / max(total, 1)
			bar := strings.Repeat("█", pct/5) + strings.Repeat("░", 20-pct/5)
			fmt.Fprintf(stderr, "\rimport: %s %d/%d orders (%d%%)", bar, done, total, pct)
		}
	})
	fmt.Fprintln(stderr)
	if err != nil {
		return err
	}
	for _, row := range rep.FailedRows() {
		for _, e := range row.Errors {
			line := row.Lines[0]
			if l, ok := e.Details["line"].(int); ok {
				line = l
			}
			fmt.Fprintf(stdout, "line %d\t%s\t%s\t%s\n", line, row.Key, e.Code, e.Message)
		}
	}
	fmt.Fprintf(stdout, "import: %s in %s\n", rep.Summary(), time.Since(start).Round(time.Millisecond))
	return nil
}

// cmdVerify checks every stock level against the sum of its ledger and
// prints each drift; any drift is an error (exit status 1).
func cmdVerify(ctx context.Context, args []string, stdout io.Writer) error {
	f := newFlags("verify")
	dbURL := f.databaseURL()
	if err := f.Parse(args); err != nil {
		return err
	}
	db, err := openMigrated(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer func() { _ = db.Close() }()
	levels, err := db.Client.StockLevel.Query().Count(viewer.SystemContext(ctx))
	if err != nil {
		return err
	}
	drift, err := inventory.Verify(ctx, db.Client)
	if err != nil {
		return err
	}
	for _, d := range drift {
		fmt.Fprintln(stdout, "DRIFT", d)
	}
	if len(drift) > 0 {
		return fmt.Errorf("%d of %d stock levels disagree with the ledger", len(drift), levels)
	}
	fmt.Fprintf(stdout, "ok: %d stock levels match the ledger\n", levels)
	return nil
}
