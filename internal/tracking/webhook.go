package tracking

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/carrier"
	"github.com/waybill/waybill/ent/trackingevent"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/viewer"
)

// SignatureHeader carries a webhook's signature: "t=<unix seconds>,v1=<hex>",
// where v1 is HMAC-SHA256 over "<t>.<body>" with the carrier's secret.
// Several v1 values may be given while a secret is being rotated.
const SignatureHeader = "Waybill-Signature"

// Sign returns the SignatureHeader value for body sent at t.
func Sign(secret string, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return "t=" + ts + ",v1=" + hex.EncodeToString(mac(secret, ts, body))
}

func mac(secret, ts string, body []byte) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts))
	m.Write([]byte("."))
	m.Write(body)
	return m.Sum(nil)
}

// Signature errors; VerifySignature wraps one of them.
var (
	ErrBadSignature   = errors.New("tracking: webhook signature missing or wrong")
	ErrStaleSignature = errors.New("tracking: webhook timestamp outside the tolerance")
)

// VerifySignature checks header against body and secret, and that its
// timestamp is within tolerance of now (which bounds how long a captured
// request can be replayed; a replay inside the window only repeats event
// ids, which are acknowledged and ignored).
func VerifySignature(secret, header string, body []byte, now time.Time, tolerance time.Duration) error {
	if secret == "" {
		return ErrBadSignature
	}
	var ts string
	var sigs [][]byte
	for _, part := range strings.Split(header, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			continue
		}
		switch k {
		case "t":
			ts = v
		case "v1":
			if b, err := hex.DecodeString(v); err == nil && len(b) == sha256.Size {
				sigs = append(sigs, b)
			}
		}
	}
	t, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || len(sigs) == 0 {
		return ErrBadSignature
	}
	want := mac(secret, ts, body)
	ok := false
	for _, s := range sigs {
		if hmac.Equal(s, want) {
			ok = true
		}
	}
	if !ok {
		return ErrBadSignature
	}
	if d := now.Sub(time.Unix(t, 0)); d > tolerance || d < -tolerance {
		return fmt.Errorf("%w: signed %s ago", ErrStaleSignature, d.Round(time.Second))
	}
	return nil
}

// WebhookBody is the JSON a carrier posts (docs/webhooks.md).
type WebhookBody struct {
	Events    []WebhookEvent    `json:"events"`
	Positions []WebhookPosition `json:"positions,omitempty"`
}

// WebhookEvent is one event in a webhook.
type WebhookEvent struct {
	ID             string    `json:"id"`
	TrackingNumber string    `json:"trackingNumber"`
	Code           string    `json:"code"`
	SubStatus      string    `json:"subStatus,omitempty"`
	Description    string    `json:"description,omitempty"`
	Location       string    `json:"location,omitempty"`
	City           string    `json:"city,omitempty"`
	Latitude       *float64  `json:"latitude,omitempty"`
	Longitude      *float64  `json:"longitude,omitempty"`
	OccurredAt     time.Time `json:"occurredAt"`
}

// WebhookPosition is one GPS position in a webhook.
type WebhookPosition struct {
	ID             string    `json:"id,omitempty"`
	TrackingNumber string    `json:"trackingNumber"`
	Latitude       float64   `json:"latitude"`
	Longitude      float64   `json:"longitude"`
	At             time.Time `json:"at"`
}

// WebhookResponse is the answer to an accepted webhook.
type WebhookResponse struct {
	Accepted   int               `json:"accepted"`
	Duplicates int               `json:"duplicates"`
	Positions  int               `json:"positions"`
	Throttled  int               `json:"throttled"`
	Rejected   []WebhookRejected `json:"rejected"`
}

// WebhookRejected is one input that was not stored.
type WebhookRejected struct {
	Kind    string `json:"kind"`
	Index   int    `json:"index"`
	ID      string `json:"id,omitempty"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// WebhookHandler serves POST /webhooks/carriers/{carrier}. It answers 2xx
// only after the batch is committed, 401 (storing nothing) for a missing,
// wrong or stale signature or an unknown carrier, 400 for a body that is
// not a batch, 413 for one that is too big, and 503 when the database
// failed, so that the carrier retries.
func (s *Service) WebhookHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			webhookError(w, http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED", "Use POST.")
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.opts.MaxWebhookBytes))
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				webhookError(w, http.StatusRequestEntityTooLarge, "BODY_TOO_LARGE",
					fmt.Sprintf("The body is over %d bytes; send smaller batches.", s.opts.MaxWebhookBytes))
				return
			}
			webhookError(w, http.StatusBadRequest, "BAD_BODY", "The body could not be read.")
			return
		}
		code := strings.ToUpper(r.PathValue("carrier"))
		c, err := s.webhookCarrier(r.Context(), code)
		if err != nil {
			s.log.ErrorContext(r.Context(), "tracking: webhook carrier lookup failed", "error", err)
			webhookError(w, http.StatusServiceUnavailable, "UNAVAILABLE", "Try again later.")
			return
		}
		secret := ""
		if c != nil {
			secret = c.WebhookSecret
		}
		if err := VerifySignature(secret, r.Header.Get(SignatureHeader), body, s.now(), s.opts.WebhookTolerance); err != nil {
			// One answer for an unknown carrier, a bad and a stale signature:
			// nothing to learn by probing.
			s.log.WarnContext(r.Context(), "tracking: webhook refused", "carrier", code, "reason", err.Error())
			webhookError(w, http.StatusUnauthorized, "BAD_SIGNATURE", "The "+SignatureHeader+" header is missing, wrong or outside the 5-minute window.")
			return
		}
		var in WebhookBody
		dec := json.NewDecoder(bytes.NewReader(body))
		if err := dec.Decode(&in); err != nil {
			webhookError(w, http.StatusBadRequest, "BAD_JSON", "The body is not a JSON batch: "+err.Error())
			return
		}
		if len(in.Events)+len(in.Positions) > s.opts.MaxBatch {
			webhookError(w, http.StatusBadRequest, "BATCH_TOO_LARGE", fmt.Sprintf("At most %d events and positions per request.", s.opts.MaxBatch))
			return
		}
		b := Batch{Carrier: c}
		for _, e := range in.Events {
			key := ""
			if e.ID != "" {
				key = "carrier:" + c.Code + ":" + e.ID
			}
			b.Events = append(b.Events, EventInput{
				Ref: e.ID, TrackingNumber: e.TrackingNumber, DedupeKey: key, Code: e.Code, SubStatus: e.SubStatus,
				Description: e.Description, LocationName: e.Location, City: e.City,
				Latitude: e.Latitude, Longitude: e.Longitude, OccurredAt: e.OccurredAt,
				Source: trackingevent.SourceCARRIER_WEBHOOK,
			})
		}
		for _, p := range in.Positions {
			b.Positions = append(b.Positions, PositionInput{Ref: p.ID, TrackingNumber: p.TrackingNumber,
				Latitude: p.Latitude, Longitude: p.Longitude, At: p.At})
		}
		res, err := s.Ingest(r.Context(), b)
		if err != nil {
			// Nothing was committed: the carrier must retry, and will find
			// any event it sent again acknowledged as a duplicate.
			s.log.ErrorContext(r.Context(), "tracking: storing a webhook failed", "carrier", c.Code, "error", err)
			webhookError(w, http.StatusServiceUnavailable, "STORE_FAILED", "The batch was not stored; retry it.")
			return
		}
		out := WebhookResponse{Accepted: len(res.Stored), Duplicates: res.Duplicates, Positions: res.Positions,
			Throttled: res.Throttled, Rejected: []WebhookRejected{}}
		for _, rj := range res.Rejected {
			out.Rejected = append(out.Rejected, WebhookRejected{Kind: rj.Kind, Index: rj.Index, ID: rj.Ref, Code: rj.Code, Message: rj.Message})
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_ = json.NewEncoder(w).Encode(out)
	})
}

// webhookCarrier returns the active carrier with code, or nil.
func (s *Service) webhookCarrier(ctx context.Context, code string) (*ent.Carrier, error) {
	if code == "" || len(code) > 32 {
		return nil, nil
	}
	c, err := s.client.Carrier.Query().Where(carrier.Code(code), carrier.Active(true)).Only(viewer.SystemContext(ctx))
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, errs.Wrap("tracking.webhookCarrier", err)
	}
	return c, nil
}

func webhookError(w http.ResponseWriter, status int, code, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": code, "message": message}})
}
