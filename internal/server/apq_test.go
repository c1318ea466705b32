package server_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/waybill/waybill/internal/server"
	"github.com/waybill/waybill/internal/testdb"
)

func post(t *testing.T, url string, body map[string]any) map[string]any {
	t.Helper()
	b, _ := json.Marshal(body)
	res, err := http.Post(url, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	raw, _ := io.ReadAll(res.Body)
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	return out
}

// TestPersistedQueriesAndIntrospectionSwitch: mobile apps send a query's
// hash once it is known (Automatic Persisted Queries); production can turn
// introspection off.
func TestPersistedQueriesAndIntrospectionSwitch(t *testing.T) {
	db := testdb.New(t, testdb.SQLite) // no storage behaviour here
	for _, introspection := range []bool{true, false} {
		cfg := server.DefaultConfig()
		cfg.Introspection = introspection
		srv, err := server.New(cfg, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv.Handler())
		url := ts.URL + "/graphql"
		query := `{ productCategories }`
		sum := sha256.Sum256([]byte(query))
		ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}
		first := post(t, url, map[string]any{"extensions": ext})
		if errs, _ := first["errors"].([]any); len(errs) == 0 || errs[0].(map[string]any)["message"] != "PersistedQueryNotFound" {
			t.Fatalf("unknown hash: %v", first)
		}
		if got := post(t, url, map[string]any{"query": query, "extensions": ext}); got["errors"] != nil {
			t.Fatalf("registering: %v", got)
		}
		if got := post(t, url, map[string]any{"extensions": ext}); got["errors"] != nil || got["data"] == nil {
			t.Fatalf("by hash: %v", got)
		}
		intro := post(t, url, map[string]any{"query": `{ __schema { queryType { name } } }`})
		if introspection != (intro["errors"] == nil) {
			t.Fatalf("introspection=%v: %v", introspection, intro)
		}
		ts.Close()
	}
}
