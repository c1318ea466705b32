package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/hook"
	"github.com/waybill/waybill/ent/trackingevent"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/s10"
	"github.com/waybill/waybill/internal/seed"
	"github.com/waybill/waybill/internal/testdb"
	"github.com/waybill/waybill/internal/tracking"
)

func countEvents(t *testing.T, db *database.DB, keyPrefix string) int {
	t.Helper()
	n, err := db.Client.TrackingEvent.Query().Where(trackingevent.DedupeKeyHasPrefix(keyPrefix)).Count(sysCtx)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestWebhookSignatures: valid, tampered, wrong key, missing, stale,
// replayed and duplicate deliveries.
func TestWebhookSignatures(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := newTrackingHarness(t, db)
		number := seed.DemoTrackingNumber
		c := carrierOf(t, db, number)
		prefix := "carrier:" + c.Code + ":sig-"
		body, _ := json.Marshal(batch(h.ev("sig-1", number, "30", -time.Minute, "北京"), h.ev("sig-2", number, "36", 0, "北京")))
		now := h.clock.Now()

		// Refused, and nothing stored.
		tampered := bytes.Replace(body, []byte(`"36"`), []byte(`"80"`), 1)
		for name, try := range map[string]struct {
			raw []byte
			sig string
		}{
			"tampered":  {tampered, tracking.Sign(c.WebhookSecret, now, body)},
			"wrong key": {body, tracking.Sign("whsec_not-the-secret", now, body)},
			"missing":   {body, ""},
			"stale":     {body, tracking.Sign(c.WebhookSecret, now.Add(-6*time.Minute), body)},
			"future":    {body, tracking.Sign(c.WebhookSecret, now.Add(6*time.Minute), body)},
		} {
			if code, _ := h.postSigned(t, c.Code, try.raw, try.sig); code != http.StatusUnauthorized {
				t.Errorf("%s: status %d, want 401", name, code)
			}
		}
		if code, _ := h.postSigned(t, "NOPE", body, tracking.Sign(c.WebhookSecret, now, body)); code != http.StatusUnauthorized {
			t.Errorf("unknown carrier: %d", code)
		}
		otherCode := "SF"
		if c.Code == "SF" {
			otherCode = "ZTO"
		}
		other := carrierByCode(t, db, otherCode)
		if code, _ := h.postSigned(t, other.Code, body, tracking.Sign(c.WebhookSecret, now, body)); code != http.StatusUnauthorized {
			t.Errorf("another carrier's URL with this carrier's signature: %d", code)
		}
		if n := countEvents(t, db, prefix); n != 0 {
			t.Fatalf("refused webhooks stored %d events", n)
		}

		// Valid: stored, acknowledged. Within the tolerance is fine.
		sig := tracking.Sign(c.WebhookSecret, now.Add(-4*time.Minute), body)
		code, res := h.postSigned(t, c.Code, body, sig)
		if code != http.StatusOK || res.Accepted != 2 || res.Duplicates != 0 || len(res.Rejected) != 0 {
			t.Fatalf("valid: %d %+v", code, res)
		}
		if n := countEvents(t, db, prefix); n != 2 {
			t.Fatalf("stored %d events, want 2", n)
		}
		// Replayed as is (a retry, or an attacker inside the window): the
		// events are acknowledged as duplicates and nothing changes.
		code, res = h.postSigned(t, c.Code, body, sig)
		if code != http.StatusOK || res.Accepted != 0 || res.Duplicates != 2 {
			t.Fatalf("replay: %d %+v", code, res)
		}
		// Duplicates inside one batch and across batches.
		code, res = h.webhook(t, c, batch(h.ev("sig-2", number, "36", 0, "北京"), h.ev("sig-3", number, "44", time.Minute, "北京"),
			h.ev("sig-3", number, "44", time.Minute, "北京")))
		if code != http.StatusOK || res.Accepted != 1 || res.Duplicates != 2 {
			t.Fatalf("duplicates: %d %+v", code, res)
		}
		if n := countEvents(t, db, prefix); n != 3 {
			t.Fatalf("stored %d events, want 3", n)
		}
		if st := parcel(t, db, number).Status; st != "OUT_FOR_DELIVERY" {
			t.Fatalf("status %s", st)
		}
	})
}

// TestWebhookInputProblems: per-event problems are reported and the rest is
// stored; a body that is not a batch is refused whole.
func TestWebhookInputProblems(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := newTrackingHarness(t, db)
		number := seed.DemoTrackingNumber
		c := carrierOf(t, db, number)
		foreign := ""
		for _, shp := range db.Client.Shipment.Query().WithCarrier().AllX(sysCtx) {
			if shp.Edges.Carrier != nil && shp.Edges.Carrier.ID != c.ID {
				foreign = shp.TrackingNumber
				break
			}
		}
		unknown, _ := s10.Format("ZZ", 1, "CN")
		typo := number[:5] + string('0'+(number[5]-'0'+1)%10) + number[6:] // one digit off
		code, res := h.webhook(t, c, tracking.WebhookBody{Events: []tracking.WebhookEvent{
			h.ev("in-1", number, "30", 0, "北京"),
			h.ev("in-2", typo, "30", 0, "北京"),
			h.ev("in-3", unknown, "30", 0, ""),
			h.ev("in-4", foreign, "30", 0, ""), // another carrier's parcel
			h.ev("", number, "30", 0, ""),
			{ID: "in-6", TrackingNumber: number, Code: "30", OccurredAt: h.clock.Now().Add(time.Hour)},
			{ID: "in-7", TrackingNumber: number, OccurredAt: h.clock.Now()},
		}})
		if code != http.StatusOK || res.Accepted != 1 {
			t.Fatalf("%d %+v", code, res)
		}
		want := map[int]string{1: "INVALID_TRACKING_NUMBER", 2: "UNKNOWN_PARCEL", 3: "UNKNOWN_PARCEL", 4: "MISSING_ID", 5: "INVALID_TIME", 6: "MISSING_CODE"}
		if typo == number || len(res.Rejected) != len(want) {
			t.Fatalf("rejected: %+v", res.Rejected)
		}
		for _, r := range res.Rejected {
			if want[r.Index] != r.Code {
				t.Errorf("event %d: %s, want %s", r.Index, r.Code, want[r.Index])
			}
		}
		if n := countEvents(t, db, "carrier:"+c.Code+":in-"); n != 1 {
			t.Fatalf("stored %d", n)
		}
		// Whole-body problems.
		for name, c2 := range map[string]struct {
			method, body string
			want         int
		}{
			"not json":   {http.MethodPost, "{", http.StatusBadRequest},
			"too big":    {http.MethodPost, `{"events":[` + strings.Repeat(`{"id":"x"},`, 200_000) + `{}]}`, http.StatusRequestEntityTooLarge},
			"not posted": {http.MethodGet, "", http.StatusMethodNotAllowed},
		} {
			req, _ := http.NewRequest(c2.method, h.ts.URL+"/webhooks/carriers/"+c.Code, strings.NewReader(c2.body))
			req.Header.Set(tracking.SignatureHeader, tracking.Sign(c.WebhookSecret, h.clock.Now(), []byte(c2.body)))
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != c2.want {
				t.Errorf("%s: %d, want %d", name, res.StatusCode, c2.want)
			}
		}
		many := tracking.WebhookBody{}
		for i := range 501 {
			many.Events = append(many.Events, h.ev(fmt.Sprintf("many-%d", i), number, "30", 0, ""))
		}
		if code, _ := h.webhook(t, c, many); code != http.StatusBadRequest {
			t.Fatalf("a batch over the limit: %d", code)
		}
	})
}

// TestWebhookCrashLosesNothingAcknowledged: when the request dies before
// the commit, the carrier gets no 2xx and nothing is stored; when the 2xx
// is lost after the commit, the retry finds everything stored, once.
func TestWebhookCrashLosesNothingAcknowledged(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := newTrackingHarness(t, db)
		number := seed.DemoTrackingNumber
		c := carrierOf(t, db, number)
		// A hook that, when armed, stalls the second event of a batch until
		// the request is gone: the process "crashes" between receipt and
		// answer, with the first event already written in the transaction.
		var armed atomic.Bool
		reached := make(chan struct{}, 1)
		var seen atomic.Int32
		db.Client.TrackingEvent.Use(func(next ent.Mutator) ent.Mutator {
			return hook.TrackingEventFunc(func(ctx context.Context, m *ent.TrackingEventMutation) (ent.Value, error) {
				if armed.Load() && seen.Add(1) == 2 {
					reached <- struct{}{}
					<-ctx.Done()
					return nil, ctx.Err()
				}
				return next.Mutate(ctx, m)
			})
		})
		body, _ := json.Marshal(batch(h.ev("crash-1", number, "30", 0, "北京"), h.ev("crash-2", number, "44", time.Minute, "北京")))
		armed.Store(true)
		ctx, cancel := context.WithCancel(context.Background())
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, h.ts.URL+"/webhooks/carriers/"+c.Code, bytes.NewReader(body))
		req.Header.Set(tracking.SignatureHeader, tracking.Sign(c.WebhookSecret, h.clock.Now(), body))
		errc := make(chan error, 1)
		go func() {
			res, err := http.DefaultClient.Do(req)
			if err == nil {
				res.Body.Close()
				err = errors.New("the request got an answer: " + res.Status)
			}
			errc <- err
		}()
		<-reached
		cancel() // the connection drops before the commit
		if err := <-errc; !errors.Is(err, context.Canceled) {
			t.Fatalf("client: %v", err)
		}
		armed.Store(false)
		// The server rolls back; nothing of the batch is visible.
		deadline := time.Now().Add(20 * time.Second)
		for countEvents(t, db, "carrier:"+c.Code+":crash-") != 0 {
			if time.Now().After(deadline) {
				t.Fatal("a batch that was never acknowledged was stored")
			}
			time.Sleep(20 * time.Millisecond)
		}
		// The carrier retries: stored, 200.
		code, res := h.postSigned(t, c.Code, body, tracking.Sign(c.WebhookSecret, h.clock.Now(), body))
		if code != http.StatusOK || res.Accepted != 2 {
			t.Fatalf("retry: %d %+v", code, res)
		}
		// The 200 is lost on the way back; the carrier retries again: the
		// events are there, once.
		code, res = h.postSigned(t, c.Code, body, tracking.Sign(c.WebhookSecret, h.clock.Now(), body))
		if code != http.StatusOK || res.Accepted != 0 || res.Duplicates != 2 {
			t.Fatalf("second retry: %d %+v", code, res)
		}
		if n := countEvents(t, db, "carrier:"+c.Code+":crash-"); n != 2 {
			t.Fatalf("stored %d events, want 2", n)
		}
		// Cursors have no hole where the rolled-back batch was.
		evs := eventsOf(t, db, parcel(t, db, number))
		for i, e := range evs {
			if e.Seq != int64(i+1) {
				t.Fatalf("event %d has cursor %d", i, e.Seq)
			}
		}
	})
}
