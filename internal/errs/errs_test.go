package errs

import (
	"errors"
	"fmt"
	"testing"
)

func TestKindOfAndUserErrors(t *testing.T) {
	bad := E("orders.Place", Invalid, "INVALID_EMAIL", "not an email").At("input", "email")
	wrapped := fmt.Errorf("outer: %w", bad)
	if KindOf(wrapped) != Invalid {
		t.Fatalf("KindOf = %v", KindOf(wrapped))
	}
	list, ok := UserErrors(wrapped)
	if !ok || len(list) != 1 || list[0].Code != "INVALID_EMAIL" || list[0].Field[1] != "email" {
		t.Fatalf("UserErrors = %v %v", list, ok)
	}
	if _, ok := UserErrors(Wrap("db", errors.New("boom"))); ok {
		t.Fatal("an internal fault must not become a user error")
	}
	if KindOf(Wrap("x", E("y", Forbidden, "", ""))) != Forbidden {
		t.Fatal("KindOf must see through an Other wrapper")
	}
	var l List
	if l.Err() != nil {
		t.Fatal("empty list must be nil")
	}
	l = append(l, bad, E("o", Invalid, "UNKNOWN_SKU", "no such sku"))
	got, ok := UserErrors(l.Err())
	if !ok || len(got) != 2 {
		t.Fatalf("list: %v", got)
	}
	if Forbidden.String() != "FORBIDDEN" || Other.String() != "INTERNAL" {
		t.Fatal("kind codes changed")
	}
}
