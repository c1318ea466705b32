// Package obs is Waybill's observability: request ids carried in the
// context, one structured log line per request, and Prometheus metrics
// written in the text exposition format without a client library.
package obs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

type requestIDKey struct{}

// RequestID returns the id of the request ctx belongs to, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// WithRequestID returns ctx carrying id.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

func newRequestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// statusWriter records the status code and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer
// (WebSocket hijacking, flushing).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Middleware gives each request an id (X-Request-Id, kept from the caller
// when it is sane), logs one line per request and records metrics by route.
func Middleware(log *slog.Logger, m *Metrics, route func(*http.Request) string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-Id")
		if id == "" || len(id) > 64 || strings.ContainsAny(id, " \t\r\n\"") {
			id = newRequestID()
		}
		w.Header().Set("X-Request-Id", id)
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r.WithContext(WithRequestID(r.Context(), id)))
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		elapsed := time.Since(start)
		rt := route(r)
		m.ObserveRequest(rt, sw.status, elapsed)
		log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("request_id", id), slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.String("route", rt), slog.Int("status", sw.status), slog.Int("bytes", sw.bytes),
			slog.Duration("duration", elapsed), slog.String("remote", r.RemoteAddr))
	})
}

// Metrics holds Waybill's counters, gauges and histograms.
type Metrics struct {
	mu       sync.Mutex
	requests map[string]*routeStats // by route
	gauges   map[string]func() float64
	counters map[string]*atomic.Int64
}

type routeStats struct {
	byCode  map[int]int64
	buckets []int64 // cumulative later; counts per bucket here
	sum     float64
	count   int64
}

var durationBuckets = []float64{0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// NewMetrics returns an empty registry.
func NewMetrics() *Metrics {
	return &Metrics{requests: map[string]*routeStats{}, gauges: map[string]func() float64{}, counters: map[string]*atomic.Int64{}}
}

// ObserveRequest records one HTTP request.
func (m *Metrics) ObserveRequest(route string, status int, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := m.requests[route]
	if s == nil {
		s = &routeStats{byCode: map[int]int64{}, buckets: make([]int64, len(durationBuckets))}
		m.requests[route] = s
	}
	s.byCode[status]++
	sec := d.Seconds()
	for i, b := range durationBuckets {
		if sec <= b {
			s.buckets[i]++
			break
		}
	}
	s.sum += sec
	s.count++
}

// Gauge registers a gauge read at scrape time. name must be a metric name.
func (m *Metrics) Gauge(name string, read func() float64) {
	m.mu.Lock()
	m.gauges[name] = read
	m.mu.Unlock()
}

// Counter returns the counter called name, creating it.
func (m *Metrics) Counter(name string) *atomic.Int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	c := m.counters[name]
	if c == nil {
		c = &atomic.Int64{}
		m.counters[name] = c
	}
	return c
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		m.Write(w)
	})
}

// Write writes every metric to w.
func (m *Metrics) Write(w io.Writer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	routes := sortedKeys(m.requests)
	fmt.Fprintln(w, "# HELP waybill_http_requests_total HTTP requests by route and status code.")
	fmt.Fprintln(w, "# TYPE waybill_http_requests_total counter")
	for _, rt := range routes {
		s := m.requests[rt]
		codes := make([]int, 0, len(s.byCode))
		for c := range s.byCode {
			codes = append(codes, c)
		}
		sort.Ints(codes)
		for _, c := range codes {
			fmt.Fprintf(w, "waybill_http_requests_total{route=%q,code=\"%d\"} %d\n", rt, c, s.byCode[c])
		}
	}
	fmt.Fprintln(w, "# HELP waybill_http_request_duration_seconds HTTP request latency by route.")
	fmt.Fprintln(w, "# TYPE waybill_http_request_duration_seconds histogram")
	for _, rt := range routes {
		s := m.requests[rt]
		var cum int64
		for i, b := range durationBuckets {
			cum += s.buckets[i]
			fmt.Fprintf(w, "waybill_http_request_duration_seconds_bucket{route=%q,le=\"%g\"} %d\n", rt, b, cum)
		}
		fmt.Fprintf(w, "waybill_http_request_duration_seconds_bucket{route=%q,le=\"+Inf\"} %d\n", rt, s.count)
		fmt.Fprintf(w, "waybill_http_request_duration_seconds_sum{route=%q} %g\n", rt, s.sum)
		fmt.Fprintf(w, "waybill_http_request_duration_seconds_count{route=%q} %d\n", rt, s.count)
	}
	for _, name := range sortedKeys(m.counters) {
		fmt.Fprintf(w, "# TYPE %s counter\n%s %d\n", name, name, m.counters[name].Load())
	}
	for _, name := range sortedKeys(m.gauges) {
		fmt.Fprintf(w, "# TYPE %s gauge\n%s %g\n", name, name, m.gauges[name]())
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Fprintf(w, "# TYPE go_goroutines gauge\ngo_goroutines %d\n", runtime.NumGoroutine())
	fmt.Fprintf(w, "# TYPE go_memstats_heap_alloc_bytes gauge\ngo_memstats_heap_alloc_bytes %d\n", ms.HeapAlloc)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
