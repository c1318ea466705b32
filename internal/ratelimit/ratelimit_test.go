package ratelimit

import (
	"testing"
	"time"
)

func TestLimiter(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := New(10, time.Minute, 10).WithClock(func() time.Time { return now })
	for i := range 10 {
		if ok, _ := l.Allow("a"); !ok {
			t.Fatalf("event %d refused within the burst", i)
		}
	}
	ok, wait := l.Allow("a")
	if ok || wait < time.Second || wait > 7*time.Second {
		t.Fatalf("11th event: ok=%v wait=%v", ok, wait)
	}
	if ok, _ := l.Allow("b"); !ok {
		t.Fatal("keys must not share a bucket")
	}
	now = now.Add(6 * time.Second) // one token back at 10/min
	if ok, _ := l.Allow("a"); !ok {
		t.Fatal("a token must come back with time")
	}
	if ok, _ := l.Allow("a"); ok {
		t.Fatal("only one token came back")
	}
	l.Reset("a")
	if ok, _ := l.Allow("a"); !ok {
		t.Fatal("Reset must refill")
	}
	now = now.Add(time.Hour)
	l.Allow("c")
	if len(l.buckets) != 1 {
		t.Fatalf("idle full buckets must be swept, have %d", len(l.buckets))
	}
}
