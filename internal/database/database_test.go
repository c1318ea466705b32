package database

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	cases := []struct {
		url, driver, dsnHas string
		wantErr             bool
	}{
		{"sqlite://waybill.db", "sqlite", "file:waybill.db?", false},
		{"sqlite:///var/lib/waybill.db", "sqlite", "file:/var/lib/waybill.db?", false},
		{"sqlite://:memory:", "sqlite", "file::memory:?", false},
		{"postgres://u:p@127.0.0.1:5432/w?sslmode=disable", "postgres", "postgres://u:p@", false},
		{"postgresql://127.0.0.1/w", "postgres", "postgresql://", false},
		{"mysql://x", "", "", true},
		{"sqlite://", "", "", true},
	}
	for _, c := range cases {
		drv, _, dsn, err := parse(c.url)
		if (err != nil) != c.wantErr {
			t.Fatalf("%s: err = %v", c.url, err)
		}
		if c.wantErr {
			continue
		}
		if drv != c.driver || !strings.HasPrefix(dsn, c.dsnHas) {
			t.Fatalf("%s: got %s %s", c.url, drv, dsn)
		}
		if drv == "sqlite" && (!strings.Contains(dsn, "foreign_keys") || !strings.Contains(dsn, "_txlock=immediate")) {
			t.Fatalf("%s: pragmas missing in %s", c.url, dsn)
		}
	}
	if strings.Contains(Redact("postgres://u:secret@h/db"), "secret") {
		t.Fatal("Redact leaked the password")
	}
}
