// Package database opens Waybill's storage from a URL: embedded SQLite
// through the pure-Go modernc driver ("sqlite://file.db") or PostgreSQL
// through lib/pq ("postgres://…"), and migrates the schema.
package database

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	_ "github.com/lib/pq"  // PostgreSQL driver "postgres"
	_ "modernc.org/sqlite" // SQLite driver "sqlite"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/migrate"
	_ "github.com/waybill/waybill/ent/runtime" // registers hooks and privacy policies
)

// DB is an open database: the ent client and the pool under it.
type DB struct {
	Client  *ent.Client
	SQL     *sql.DB
	Dialect string // dialect.SQLite or dialect.Postgres
}

// Close closes the client and the pool.
func (d *DB) Close() error { return d.Client.Close() }

// Open opens the database at rawURL. It does not migrate.
func Open(ctx context.Context, rawURL string, opts ...ent.Option) (*DB, error) {
	drv, dia, dsn, err := parse(rawURL)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open(drv, dsn)
	if err != nil {
		return nil, fmt.Errorf("database: open: %w", err)
	}
	switch dia {
	case dialect.SQLite:
		// SQLite allows one writer; a small pool avoids piling up on the lock.
		// Every pooled connection stays open: a new one runs the pragmas and
		// parses the whole schema again, which under load cost more than the
		// queries themselves.
		db.SetMaxOpenConns(8)
		db.SetMaxIdleConns(8)
		if strings.Contains(dsn, ":memory:") || strings.Contains(dsn, "mode=memory") {
			db.SetMaxOpenConns(1) // every pooled connection would get its own database
		}
	case dialect.Postgres:
		// Idle connections are kept up to the limit (a new PostgreSQL
		// connection is a new server process) and closed after a quiet spell.
		db.SetMaxOpenConns(32)
		db.SetMaxIdleConns(32)
		db.SetConnMaxIdleTime(5 * time.Minute)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, fmt.Errorf("database: cannot reach %s: %w", Redact(rawURL), err)
	}
	drvr := entsql.OpenDB(dia, db)
	client := ent.NewClient(append([]ent.Option{ent.Driver(drvr)}, opts...)...)
	return &DB{Client: client, SQL: db, Dialect: dia}, nil
}

// Migrate brings the schema up to date. It is additive and safe to repeat.
func (d *DB) Migrate(ctx context.Context) error {
	if err := d.Client.Schema.Create(ctx, migrate.WithForeignKeys(true)); err != nil {
		return fmt.Errorf("database: migrate: %w", err)
	}
	return nil
}

// Ping checks the database answers (for /readyz).
func (d *DB) Ping(ctx context.Context) error { return d.SQL.PingContext(ctx) }

// parse maps a Waybill database URL to a driver, an ent dialect and a DSN.
func parse(rawURL string) (driver, dia, dsn string, err error) {
	switch {
	case strings.HasPrefix(rawURL, "postgres://"), strings.HasPrefix(rawURL, "postgresql://"):
		return "postgres", dialect.Postgres, rawURL, nil
	case strings.HasPrefix(rawURL, "sqlite:"):
		path := strings.TrimPrefix(strings.TrimPrefix(rawURL, "sqlite:"), "//")
		query := ""
		if i := strings.IndexByte(path, '?'); i >= 0 {
			path, query = path[:i], path[i+1:]
		}
		if path == "" {
			return "", "", "", fmt.Errorf("database: %q names no file (try sqlite://waybill.db)", rawURL)
		}
		memory := path == ":memory:" || strings.Contains(query, "mode=memory")
		params := url.Values{}
		params.Add("_pragma", "foreign_keys(1)")
		params.Add("_pragma", "busy_timeout(10000)")
		if !memory {
			params.Add("_pragma", "journal_mode(WAL)")
			params.Add("_pragma", "synchronous(NORMAL)")
		}
		// A deferred transaction that later writes fails at once with
		// SQLITE_BUSY; taking the write lock at BEGIN makes writers queue.
		params.Add("_txlock", "immediate")
		dsn := "file:" + path + "?" + params.Encode()
		if query != "" {
			dsn += "&" + query
		}
		return "sqlite", dialect.SQLite, dsn, nil
	default:
		return "", "", "", fmt.Errorf("database: unsupported URL %q (use sqlite://FILE or postgres://…)", Redact(rawURL))
	}
}

// Redact hides the password in a database URL for logs and errors.
func Redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.User == nil {
		return rawURL
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}
