// Package ratelimit is a keyed token-bucket limiter held in memory: one
// bucket per token, IP address or account. Each instance limits on its own,
// so N instances allow up to N times the rate; the limits are set so that
// is still far below what guessing would need.
package ratelimit

import (
	"math"
	"sync"
	"time"
)

// Limiter allows Rate events per second per key, with bursts of Burst.
type Limiter struct {
	rate  float64
	burst float64
	now   func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
	sweep   time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

// New returns a limiter of rate events per period per key, bursts of burst.
func New(events int, period time.Duration, burst int) *Limiter {
	return &Limiter{rate: float64(events) / period.Seconds(), burst: float64(burst), now: time.Now, buckets: map[string]*bucket{}}
}

// WithClock sets the clock (tests).
func (l *Limiter) WithClock(now func() time.Time) *Limiter { l.now = now; return l }

// Allow takes one token for key. When none is left it reports how long until
// one is.
func (l *Limiter) Allow(key string) (ok bool, retryAfter time.Duration) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.maybeSweep(now)
	b := l.buckets[key]
	if b == nil {
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	b.tokens = math.Min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
	return false, max(wait, time.Second)
}

// Reset forgets key (after a successful sign-in, say).
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	delete(l.buckets, key)
	l.mu.Unlock()
}

// maybeSweep drops full buckets now and then, so memory stays bounded.
func (l *Limiter) maybeSweep(now time.Time) {
	if now.Sub(l.sweep) < time.Minute {
		return
	}
	l.sweep = now
	for k, b := range l.buckets {
		if b.tokens+now.Sub(b.last).Seconds()*l.rate >= l.burst {
			delete(l.buckets, k)
		}
	}
}
