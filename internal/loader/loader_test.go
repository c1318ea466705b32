package loader

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestLoaderBatchesConcurrentLoads(t *testing.T) {
	var calls atomic.Int32
	l := New(func(_ context.Context, keys []int) (map[int]int, error) {
		calls.Add(1)
		m := map[int]int{}
		for _, k := range keys {
			m[k] = k * 10
		}
		return m, nil
	}, 5*time.Millisecond, 1000)
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := l.Load(context.Background(), i%25)
			if err != nil || v != (i%25)*10 {
				t.Errorf("Load(%d) = %d, %v", i%25, v, err)
			}
		}()
	}
	wg.Wait()
	if calls.Load() != 1 {
		t.Fatalf("fetch ran %d times, want 1", calls.Load())
	}
	if v, _ := l.Load(context.Background(), 3); v != 30 || calls.Load() != 1 {
		t.Fatal("a loaded key must come from the cache")
	}
}

func TestLoaderMaxBatchAndErrors(t *testing.T) {
	var calls atomic.Int32
	boom := errors.New("boom")
	l := New(func(_ context.Context, keys []int) (map[int]int, error) {
		calls.Add(1)
		return nil, boom
	}, time.Hour, 2)
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := l.Load(context.Background(), i); !errors.Is(err, boom) {
				t.Errorf("err = %v", err)
			}
		}()
	}
	wg.Wait() // a full batch must not wait for the (hour-long) window
	if calls.Load() != 1 {
		t.Fatalf("calls = %d", calls.Load())
	}
}
