// Package loader batches per-key lookups made concurrently within one
// request into one query (the dataloader pattern), so a list of N objects
// with a computed field costs one query, not N.
package loader

import (
	"context"
	"sync"
	"time"
)

// Fetch loads the values of keys; missing keys get the zero value.
type Fetch[K comparable, V any] func(ctx context.Context, keys []K) (map[K]V, error)

// Loader collects keys for a short window, then fetches them together.
// Create one per request: it caches what it loaded.
type Loader[K comparable, V any] struct {
	fetch    Fetch[K, V]
	wait     time.Duration
	maxBatch int

	mu    sync.Mutex
	cache map[K]*result[V]
	batch *batch[K, V]
}

type result[V any] struct {
	done  chan struct{}
	value V
	err   error
}

type batch[K comparable, V any] struct {
	keys    []K
	results []*result[V]
	closed  bool
}

// New returns a loader that waits up to wait for more keys (and no longer
// than maxBatch keys).
func New[K comparable, V any](fetch Fetch[K, V], wait time.Duration, maxBatch int) *Loader[K, V] {
	return &Loader[K, V]{fetch: fetch, wait: wait, maxBatch: maxBatch, cache: map[K]*result[V]{}}
}

// Load returns the value of key, batched with concurrent calls.
func (l *Loader[K, V]) Load(ctx context.Context, key K) (V, error) {
	l.mu.Lock()
	if r, ok := l.cache[key]; ok {
		l.mu.Unlock()
		<-r.done
		return r.value, r.err
	}
	r := &result[V]{done: make(chan struct{})}
	l.cache[key] = r
	if l.batch == nil {
		b := &batch[K, V]{}
		l.batch = b
		time.AfterFunc(l.wait, func() { l.dispatch(ctx, b) })
	}
	b := l.batch
	b.keys = append(b.keys, key)
	b.results = append(b.results, r)
	full := len(b.keys) >= l.maxBatch
	if full {
		l.batch = nil
	}
	l.mu.Unlock()
	if full {
		go l.dispatch(ctx, b)
	}
	<-r.done
	return r.value, r.err
}

func (l *Loader[K, V]) dispatch(ctx context.Context, b *batch[K, V]) {
	l.mu.Lock()
	if b.closed {
		l.mu.Unlock()
		return
	}
	b.closed = true
	if l.batch == b {
		l.batch = nil
	}
	l.mu.Unlock()
	values, err := l.fetch(ctx, b.keys)
	for i, k := range b.keys {
		r := b.results[i]
		r.value, r.err = values[k], err
		close(r.done)
	}
	if err != nil { // do not cache failures
		l.mu.Lock()
		for _, k := range b.keys {
			delete(l.cache, k)
		}
		l.mu.Unlock()
	}
}
