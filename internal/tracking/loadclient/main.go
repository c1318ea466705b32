// Command loadclient holds many parcelUpdated subscriptions for the
// subscription benchmarks (internal/server/tracking_bench_test.go). It runs
// as a separate process so that the client ends of ten thousand WebSockets
// do not count against the server's file limit or memory.
//
// It reads tracking numbers (one per line) from --numbers, opens one
// WebSocket per number (graphql-transport-ws), waits for every first
// message and prints "READY". Each event description it is sent carries
// "t=<unix nanoseconds>" of its sending; on a line "STOP" (or EOF) on
// standard input it prints
//
//	RESULT <deliveries> <p50 ns> <p99 ns> <events> <last-p50 ns> <last-p99 ns> <last-max ns>
//
// where the first figures are over every delivery and the "last" ones over
// each event's slowest delivery (for broadcasts). It is a benchmark tool,
// not part of the server.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"
)

const query = `subscription($n: String!){ parcelUpdated(trackingNumber: $n) { newEvents { description } } }`

var stamp = regexp.MustCompile(`t=(\d+)`)

type stats struct {
	mu    sync.Mutex
	all   []time.Duration
	last  map[int64]time.Duration
	count map[int64]int
}

func (s *stats) add(sent int64, d time.Duration) {
	s.mu.Lock()
	s.all = append(s.all, d)
	if d > s.last[sent] {
		s.last[sent] = d
	}
	s.count[sent]++
	s.mu.Unlock()
}

func main() {
	url := flag.String("url", "", "ws://host/graphql")
	numbers := flag.String("numbers", "", "file with one tracking number per line")
	parallel := flag.Int("parallel", 100, "connections opened at once")
	flag.Parse()
	raw, err := os.ReadFile(*numbers)
	if err != nil {
		fail(err)
	}
	list := strings.Fields(string(raw))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st := &stats{last: map[int64]time.Duration{}, count: map[int64]int{}}
	var ready sync.WaitGroup
	ready.Add(len(list))
	sem := make(chan struct{}, *parallel)
	errs := make(chan error, len(list))
	for _, n := range list {
		sem <- struct{}{}
		go func() {
			err := subscribe(ctx, *url, n, st, func() { <-sem; ready.Done() })
			if err != nil && ctx.Err() == nil {
				errs <- fmt.Errorf("%s: %w", n, err)
			}
		}()
	}
	done := make(chan struct{})
	go func() { ready.Wait(); close(done) }()
	select {
	case <-done:
	case err := <-errs:
		fail(err)
	}
	fmt.Println("READY")
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() && in.Text() != "STOP" {
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	var lasts []time.Duration
	for _, d := range st.last {
		lasts = append(lasts, d)
	}
	p50, p99, _ := pct(st.all)
	l50, l99, lmax := pct(lasts)
	fmt.Printf("RESULT %d %d %d %d %d %d %d\n", len(st.all), p50, p99, len(lasts), l50, l99, lmax)
}

func pct(d []time.Duration) (p50, p99, mx int64) {
	if len(d) == 0 {
		return 0, 0, 0
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	return int64(d[len(d)/2]), int64(d[len(d)*99/100]), int64(d[len(d)-1])
}

func subscribe(ctx context.Context, url, number string, st *stats, onReady func()) error {
	var once sync.Once
	ready := func() { once.Do(onReady) }
	defer ready()
	conn, _, err := websocket.Dial(ctx, url, &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	if err != nil {
		return err
	}
	defer conn.CloseNow()
	conn.SetReadLimit(1 << 20)
	if err := wsjson.Write(ctx, conn, map[string]any{"type": "connection_init", "payload": map[string]any{}}); err != nil {
		return err
	}
	if err := wsjson.Write(ctx, conn, map[string]any{"id": "1", "type": "subscribe",
		"payload": map[string]any{"query": query, "variables": map[string]any{"n": number}}}); err != nil {
		return err
	}
	first := true
	for {
		var msg struct {
			Type    string `json:"type"`
			Payload struct {
				Data struct {
					ParcelUpdated struct {
						NewEvents []struct{ Description string }
					}
				}
			} `json:"payload"`
		}
		if err := wsjson.Read(ctx, conn, &msg); err != nil {
			return err
		}
		now := time.Now()
		switch msg.Type {
		case "ping":
			_ = wsjson.Write(ctx, conn, map[string]any{"type": "pong"})
		case "next":
			if first {
				first = false
				ready()
				continue
			}
			for _, e := range msg.Payload.Data.ParcelUpdated.NewEvents {
				if m := stamp.FindStringSubmatch(e.Description); m != nil {
					sent, _ := strconv.ParseInt(m[1], 10, 64)
					st.add(sent, now.Sub(time.Unix(0, sent)))
				}
			}
		case "error", "complete":
			b, _ := json.Marshal(msg)
			return fmt.Errorf("subscription ended: %s", b)
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "loadclient:", err)
	os.Exit(1)
}
