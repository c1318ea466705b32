// Package testdb gives every test a fresh, migrated database on each
// backend: SQLite always, PostgreSQL whenever WAYBILL_TEST_POSTGRES_URL is
// set. With CI=true PostgreSQL is required and an unreachable server fails
// the test run; it is never skipped.
package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	_ "github.com/lib/pq"

	"github.com/waybill/waybill/internal/database"
)

// Backend names a storage backend.
type Backend string

// The backends.
const (
	SQLite   Backend = "sqlite"
	Postgres Backend = "postgres"
)

// Backends returns the backends this run covers.
func Backends(t testing.TB) []Backend {
	t.Helper()
	if os.Getenv("WAYBILL_TEST_POSTGRES_URL") != "" {
		return []Backend{SQLite, Postgres}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("testdb: CI=true but WAYBILL_TEST_POSTGRES_URL is not set; the PostgreSQL run is required")
	}
	return []Backend{SQLite}
}

// Each runs fn as a subtest once per backend, each with a fresh database.
func Each(t *testing.T, fn func(t *testing.T, db *database.DB)) {
	t.Helper()
	for _, b := range Backends(t) {
		t.Run(string(b), func(t *testing.T) {
			fn(t, New(t, b))
		})
	}
}

// New returns a fresh migrated database of backend b, removed after the test.
func New(t testing.TB, b Backend) *database.DB {
	t.Helper()
	u := URL(t, b)
	db, err := database.Open(context.Background(), u)
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("testdb: %v", err)
	}
	return db
}

var adminMu sync.Mutex

// URL creates an empty database of backend b and returns its URL.
func URL(t testing.TB, b Backend) string {
	t.Helper()
	switch b {
	case SQLite:
		return "sqlite://" + filepath.Join(t.TempDir(), "test.db")
	case Postgres:
		base := os.Getenv("WAYBILL_TEST_POSTGRES_URL")
		if base == "" {
			t.Fatal("testdb: WAYBILL_TEST_POSTGRES_URL is not set")
		}
		name := "waybill_t_" + randomHex(6)
		adminMu.Lock()
		defer adminMu.Unlock()
		admin, err := sql.Open("postgres", base)
		if err != nil {
			t.Fatalf("testdb: %v", err)
		}
		defer admin.Close()
		if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
			t.Fatalf("testdb: PostgreSQL at %s: %v", database.Redact(base), err)
		}
		t.Cleanup(func() {
			admin, err := sql.Open("postgres", base)
			if err != nil {
				return
			}
			defer admin.Close()
			_, _ = admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		})
		return withDatabase(t, base, name)
	}
	t.Fatalf("testdb: unknown backend %q", b)
	return ""
}

func withDatabase(t testing.TB, base, name string) string {
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("testdb: bad WAYBILL_TEST_POSTGRES_URL: %v", err)
	}
	u.Path = "/" + name
	if !strings.Contains(u.RawQuery, "sslmode") {
		q := u.Query()
		q.Set("sslmode", "disable")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("testdb: %v", err))
	}
	return hex.EncodeToString(b)
}
