package server_test

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/carrier"
	"github.com/waybill/waybill/ent/shipment"
	"github.com/waybill/waybill/ent/trackingevent"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/s10"
	"github.com/waybill/waybill/internal/server"
	"github.com/waybill/waybill/internal/testdb"
	"github.com/waybill/waybill/internal/tracking"
)

// The tracking benchmarks of issue 6 (run by scripts/bench.sh on both
// backends; sizes can be lowered for a quick look):
//
//	WAYBILL_BENCH_EVENTS       events in the table for the query benchmark (1,000,000)
//	WAYBILL_BENCH_SUBSCRIBERS  WebSocket subscribers, one parcel each (10,000)
//	WAYBILL_BENCH_RATE         webhook events per second while they listen (1,000)
//	WAYBILL_BENCH_FANOUT       subscribers of one parcel for the broadcast (1,000)

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

func benchLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

const benchSecret = "whsec_bench"

var regexpQ = regexp.MustCompile(`\?`)

// fillParcels creates n parcels of carrier BENCH with perParcel events each,
// in bulk, and returns their tracking numbers.
func fillParcels(b *testing.B, db *database.DB, prefix string, n, perParcel int) []string {
	ctx := sysCtx
	c, err := db.Client.Carrier.Query().Where(carrier.Code("BENCH")).Only(ctx)
	if ent.IsNotFound(err) {
		c, err = db.Client.Carrier.Create().SetCode("BENCH").SetName("Bench Express").SetWebhookSecret(benchSecret).Save(ctx)
	}
	if err != nil {
		b.Fatal(err)
	}
	numbers := make([]string, n)
	start := time.Now().UTC().Add(-48 * time.Hour)
	cities := []string{"上海", "南京", "济南", "北京"}
	const chunk = 500
	for lo := 0; lo < n; lo += chunk {
		hi := min(n, lo+chunk)
		err := database.WithTx(ctx, db.Client, func(tx *ent.Tx) error {
			ships := make([]*ent.ShipmentCreate, 0, hi-lo)
			var events []*ent.TrackingEventCreate
			for i := lo; i < hi; i++ {
				num, err := s10.Format(prefix, i, "CN")
				if err != nil {
					return err
				}
				numbers[i] = num
				id := pulid.New("shp")
				ships = append(ships, tx.Shipment.Create().SetID(id).SetTrackingNumber(num).SetCarrierID(c.ID).
					SetStatus(shipment.StatusIN_TRANSIT).SetOriginCity("上海").SetDestinationCity("北京").
					SetShippedAt(start).SetLastEventAt(start.Add(time.Duration(perParcel)*time.Hour)).SetEventSeq(int64(perParcel)))
				for k := range perParcel {
					events = append(events, tx.TrackingEvent.Create().SetShipmentID(id).SetStatus(trackingevent.StatusIN_TRANSIT).
						SetSubStatus("ARRIVED_AT_HUB").SetCarrierCode("30").SetCity(cities[k%len(cities)]).
						SetLocationName(cities[k%len(cities)]+"转运中心").
						SetDescription(fmt.Sprintf("快件已到达【%s转运中心】 Arrived at the hub (%d)", cities[k%len(cities)], k)).
						SetOccurredAt(start.Add(time.Duration(k)*time.Hour)).SetSource(trackingevent.SourceCARRIER_WEBHOOK).
						SetDedupeKey(fmt.Sprintf("bench:%s:%d", num, k)).SetSeq(int64(k+1)))
				}
			}
			if err := tx.Shipment.CreateBulk(ships...).Exec(ctx); err != nil {
				return err
			}
			for e := 0; e < len(events); e += 1000 {
				if err := tx.TrackingEvent.CreateBulk(events[e:min(len(events), e+1000)]...).Exec(ctx); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return numbers
}

// plainTracking is the baseline: net/http and database/sql running the
// same three statements the tracking query runs, encoding the same fields.
func plainTracking(db *sql.DB, postgres bool) http.Handler {
	ph := func(q string) string {
		if !postgres {
			return q
		}
		n := 0
		return regexpQ.ReplaceAllStringFunc(q, func(string) string { n++; return "$" + strconv.Itoa(n) })
	}
	// The statements ent runs for the public view (tracking.publicQuery);
	// carriers are cached for a minute, as tracking.Service.carrier does.
	qShip := ph(`SELECT id, tracking_number, status, sub_status, service_level, is_return, origin_city, destination_city,
		shipped_at, delivered_at, promised_date, eta_from, eta_to, late, late_reason, last_event_at,
		current_latitude, current_longitude, position_at, carrier_id
		FROM shipments WHERE tracking_number = ? LIMIT 2`)
	qCarrier := ph(`SELECT id, name, name_zh, code FROM carriers`)
	type carrierRow struct{ name, nameZh, code string }
	var (
		carrierMu  sync.Mutex
		carriers   map[string]carrierRow
		carriersAt time.Time
	)
	carrierOf := func(ctx context.Context, id string) (carrierRow, error) {
		carrierMu.Lock()
		defer carrierMu.Unlock()
		if c, ok := carriers[id]; ok && time.Since(carriersAt) < time.Minute {
			return c, nil
		}
		rows, err := db.QueryContext(ctx, qCarrier)
		if err != nil {
			return carrierRow{}, err
		}
		defer rows.Close()
		carriers, carriersAt = map[string]carrierRow{}, time.Now()
		for rows.Next() {
			var cid string
			var c carrierRow
			if err := rows.Scan(&cid, &c.name, &c.nameZh, &c.code); err != nil {
				return carrierRow{}, err
			}
			carriers[cid] = c
		}
		return carriers[id], rows.Err()
	}
	qEvents := ph(`SELECT id, status, sub_status, description, location_name, city, occurred_at, seq, shipment_id
		FROM tracking_events WHERE shipment_id IN (?)`)
	type event struct {
		ID, Status, SubStatus, Description, LocationName, City string
		OccurredAt                                             time.Time
		Cursor                                                 string
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			Variables struct{ N string }
		}
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		ctx := r.Context()
		var (
			id, number, status, sub, svc, origin, dest, reason  string
			ret, late                                           bool
			shipped, delivered, promised, from, to, last, posAt sql.NullTime
			lat, lng                                            sql.NullFloat64
			carrierID                                           sql.NullString
		)
		err := db.QueryRowContext(ctx, qShip, in.Variables.N).Scan(&id, &number, &status, &sub, &svc, &ret, &origin, &dest,
			&shipped, &delivered, &promised, &from, &to, &late, &reason, &last, &lat, &lng, &posAt, &carrierID)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		var cname string
		if carrierID.Valid {
			c, err := carrierOf(ctx, carrierID.String)
			if err != nil {
				http.Error(w, err.Error(), 500)
				return
			}
			cname = c.name
		}
		rows, err := db.QueryContext(ctx, qEvents, id)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		var events []event
		for rows.Next() {
			var e event
			var seq int64
			var sid string
			if err := rows.Scan(&e.ID, &e.Status, &e.SubStatus, &e.Description, &e.LocationName, &e.City, &e.OccurredAt, &seq, &sid); err != nil {
				rows.Close()
				http.Error(w, err.Error(), 500)
				return
			}
			e.Cursor = "e" + strconv.FormatInt(seq, 10)
			events = append(events, e)
		}
		rows.Close()
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"data": map[string]any{"trackParcel": map[string]any{
			"trackingNumber": number, "status": status, "subStatus": sub, "carrierName": cname, "etaFrom": from, "etaTo": to,
			"late": late, "events": events}}})
	})
}

// BenchmarkTrackingQuery: the public tracking query over HTTP (a parcel of
// 20 events among WAYBILL_BENCH_EVENTS events) against a plain net/http +
// database/sql handler running the same SQL, in the same run.
func BenchmarkTrackingQuery(b *testing.B) {
	total := envInt("WAYBILL_BENCH_EVENTS", 1_000_000)
	db := testdb.New(b, benchBackend(b))
	t0 := time.Now()
	numbers := fillParcels(b, db, "TQ", max(1, total/20), 20)
	b.Logf("filled %d parcels, %d events in %s", len(numbers), len(numbers)*20, time.Since(t0).Round(time.Second))
	ts := benchHTTP(b, db)
	plain := httptest.NewServer(plainTracking(db.SQL, db.Dialect == "postgres"))
	b.Cleanup(plain.Close)
	body, _ := json.Marshal(map[string]any{"query": `query($n:String!){ trackParcel(trackingNumber:$n){ trackingNumber status subStatus carrierName etaFrom etaTo late events { id status subStatus description locationName city occurredAt cursor } } }`,
		"variables": map[string]any{"n": numbers[len(numbers)/2]}})
	b.Run("graphql", func(b *testing.B) { runHTTP(b, ts.URL+"/graphql", body) })
	b.Run("plain-sql", func(b *testing.B) { runHTTP(b, plain.URL, body) })
}

// loadClient builds and starts internal/tracking/loadclient subscribed to
// numbers at url, and waits until every subscription has its first message.
type loadClient struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	out   *bufio.Scanner
}

func startLoadClient(b *testing.B, url string, numbers []string) *loadClient {
	dir := b.TempDir()
	bin := filepath.Join(dir, "loadclient")
	build := exec.Command("go", "build", "-o", bin, "github.com/waybill/waybill/internal/tracking/loadclient")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("build loadclient: %v\n%s", err, out)
	}
	list := filepath.Join(dir, "numbers")
	if err := os.WriteFile(list, []byte(strings.Join(numbers, "\n")), 0o644); err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(bin, "--url", "ws"+strings.TrimPrefix(url, "http")+"/graphql", "--numbers", list)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	lc := &loadClient{cmd: cmd, stdin: stdin, out: bufio.NewScanner(stdout)}
	b.Cleanup(func() { _ = stdin.Close(); _ = cmd.Process.Kill(); _ = cmd.Wait() })
	if !lc.out.Scan() || lc.out.Text() != "READY" {
		b.Fatalf("loadclient: %q", lc.out.Text())
	}
	return lc
}

type loadResult struct {
	deliveries, events                  int
	p50, p99, lastP50, lastP99, lastMax time.Duration
}

func (lc *loadClient) stop(b *testing.B) loadResult {
	fmt.Fprintln(lc.stdin, "STOP")
	if !lc.out.Scan() {
		b.Fatal("loadclient gave no result")
	}
	f := strings.Fields(lc.out.Text())
	if len(f) != 8 || f[0] != "RESULT" {
		b.Fatalf("loadclient: %q", lc.out.Text())
	}
	n := func(i int) int64 { v, _ := strconv.ParseInt(f[i], 10, 64); return v }
	return loadResult{deliveries: int(n(1)), p50: time.Duration(n(2)), p99: time.Duration(n(3)), events: int(n(4)),
		lastP50: time.Duration(n(5)), lastP99: time.Duration(n(6)), lastMax: time.Duration(n(7))}
}

func heapAndStacks() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse + m.StackInuse
}

// trackingServers starts one server, or on PostgreSQL with two set two
// servers on the same database with their LISTEN workers, and returns the
// one webhooks go to and the one subscribers use.
func trackingServers(b *testing.B, db *database.DB, url string, two bool) (in, out *httptest.Server) {
	start := func(db *database.DB) *httptest.Server {
		cfg := server.DefaultConfig()
		cfg.RatePerMinute = 0
		cfg.DatabaseURL = url
		cfg.Tracking.PositionEvery = time.Second
		srv, err := server.New(cfg, db, benchLog())
		if err != nil {
			b.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		stop := srv.StartWorkers(ctx)
		b.Cleanup(func() { cancel(); stop() })
		ts := httptest.NewServer(srv.Handler())
		b.Cleanup(ts.Close)
		return ts
	}
	in = start(db)
	if !two {
		return in, in
	}
	other, err := database.Open(context.Background(), url)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = other.Close() })
	return in, start(other)
}

// postEvents posts count events for random parcels of numbers at rate per
// second by signed webhook, in batches of a tenth of the rate, each event
// carrying its send time.
//
// It returns how long each webhook took to answer, sorted.
func postEvents(b *testing.B, url string, numbers []string, count, rate int) []time.Duration {
	var (
		durMu sync.Mutex
		durs  []time.Duration
	)
	perBatch := max(1, rate/100)
	gap := time.Second * time.Duration(perBatch) / time.Duration(rate)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
	rng := rand.New(rand.NewPCG(1, 2))
	next := time.Now()
	sem := make(chan struct{}, 16)
	errc := make(chan error, 16)
	for sent := 0; sent < count; sent += perBatch {
		if d := time.Until(next); d > 0 {
			time.Sleep(d)
		}
		next = next.Add(gap)
		var body tracking.WebhookBody
		now := time.Now()
		for k := range min(perBatch, count-sent) {
			n := numbers[rng.IntN(len(numbers))]
			body.Events = append(body.Events, tracking.WebhookEvent{ID: fmt.Sprintf("b-%d-%d", now.UnixNano(), k), TrackingNumber: n,
				Code: "36", City: "北京", Description: fmt.Sprintf("bench t=%d", now.UnixNano()), OccurredAt: now.UTC()})
		}
		raw, _ := json.Marshal(body)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem }()
			req, _ := http.NewRequest(http.MethodPost, url+"/webhooks/carriers/bench", bytes.NewReader(raw))
			req.Header.Set(tracking.SignatureHeader, tracking.Sign(benchSecret, time.Now(), raw))
			t0 := time.Now()
			res, err := client.Do(req)
			durMu.Lock()
			durs = append(durs, time.Since(t0))
			durMu.Unlock()
			if err != nil {
				errc <- err
				return
			}
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != 200 {
				errc <- fmt.Errorf("webhook: %s", res.Status)
			}
		}()
		select {
		case err := <-errc:
			b.Fatal(err)
		default:
		}
	}
	for range cap(sem) {
		sem <- struct{}{}
	}
	slices.Sort(durs)
	return durs
}

// waitDeliveries gives the subscribers time to receive what was posted.
func waitDeliveries(d time.Duration) { time.Sleep(d) }

// BenchmarkSubscribers: WAYBILL_BENCH_SUBSCRIBERS WebSocket subscribers,
// each on its own parcel, while events arrive by signed webhook at
// WAYBILL_BENCH_RATE per second: latency from sending the webhook to
// delivery (p50, p99) and server memory per subscriber. On PostgreSQL also
// across two instances (webhooks to A, subscribers on B).
func BenchmarkSubscribers(b *testing.B) {
	subs := envInt("WAYBILL_BENCH_SUBSCRIBERS", 10_000)
	rate := envInt("WAYBILL_BENCH_RATE", 1000)
	backend := benchBackend(b)
	url := testdb.URL(b, backend)
	db, err := database.Open(context.Background(), url)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		b.Fatal(err)
	}
	numbers := fillParcels(b, db, "SB", subs, 3)
	variants := []bool{false}
	if backend == testdb.Postgres {
		variants = append(variants, true)
	}
	for _, two := range variants {
		name := "one-instance"
		if two {
			name = "two-instances"
		}
		b.Run(name, func(b *testing.B) {
			if b.N == 1 {
				return // the sizing run: the real one follows (-benchtime Nx); setting up 10k sockets twice helps nobody
			}
			in, out := trackingServers(b, db, url, two)
			before := heapAndStacks()
			lc := startLoadClient(b, out.URL, numbers)
			perSub := float64(heapAndStacks()-before) / float64(subs) / 1024
			b.ResetTimer()
			took := postEvents(b, in.URL, numbers, min(b.N, 20*rate), rate)
			waitDeliveries(2 * time.Second)
			b.StopTimer()
			r := lc.stop(b)
			b.ReportMetric(float64(subs), "subscribers")
			b.ReportMetric(perSub, "KiB/sub")
			b.ReportMetric(float64(r.p50.Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(r.p99.Microseconds())/1000, "p99-ms")
			b.ReportMetric(float64(r.deliveries), "delivered")
			if len(took) > 0 {
				b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "webhook-p99-ms")
			}
		})
	}
}

// BenchmarkBroadcast: one event to WAYBILL_BENCH_FANOUT subscribers of one
// parcel: the time until the last of them has it (p50, p99 and max over the
// events posted).
func BenchmarkBroadcast(b *testing.B) {
	fan := envInt("WAYBILL_BENCH_FANOUT", 1000)
	backend := benchBackend(b)
	url := testdb.URL(b, backend)
	db, err := database.Open(context.Background(), url)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		b.Fatal(err)
	}
	numbers := fillParcels(b, db, "BC", 1, 3)
	in, _ := trackingServers(b, db, url, false)
	same := make([]string, fan)
	for i := range same {
		same[i] = numbers[0]
	}
	b.Run("events", func(b *testing.B) {
		if b.N == 1 {
			return // the sizing run
		}
		lc := startLoadClient(b, in.URL, same)
		events := min(b.N, 200) // each one waits for the last subscriber
		b.ResetTimer()
		for range events {
			postEvents(b, in.URL, numbers, 1, 1000)
			time.Sleep(100 * time.Millisecond) // one event at a time: measure a broadcast, not a queue
		}
		waitDeliveries(time.Second)
		b.StopTimer()
		r := lc.stop(b)
		b.ReportMetric(float64(fan), "subscribers")
		b.ReportMetric(float64(r.lastP50.Microseconds())/1000, "last-p50-ms")
		b.ReportMetric(float64(r.lastP99.Microseconds())/1000, "last-p99-ms")
		b.ReportMetric(float64(r.lastMax.Microseconds())/1000, "last-max-ms")
		b.ReportMetric(float64(r.deliveries)/float64(max(1, r.events)), "delivered/event")
	})
}
