package tracking

import (
	"context"
	"encoding/json"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/pgnotify"
	"github.com/waybill/waybill/internal/pulid"
)

// notifyChannel is the PostgreSQL channel every instance listens on.
const notifyChannel = "waybill_tracking"

// maxNotifyPayload keeps a NOTIFY payload under PostgreSQL's 8000-byte limit.
const maxNotifyPayload = 7000

// notification is a NOTIFY payload: which instance sent it and which topics
// changed. It carries ids only; listeners read the data from the database.
type notification struct {
	Origin string   `json:"o"`
	Topics []string `json:"t"`
}

// publishAfterCommit arranges for topics to be announced once tx commits:
// to this instance's hub by a commit hook, and to the other instances by a
// NOTIFY sent inside the transaction, which PostgreSQL delivers only on
// commit (and never after a rollback).
func (s *Service) publishAfterCommit(ctx context.Context, tx *ent.Tx, topics []string) error {
	if len(topics) == 0 {
		return nil
	}
	topics = dedupe(topics)
	if s.postgres() {
		if err := s.pgNotify(ctx, tx.Client(), topics); err != nil {
			return err
		}
	}
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
			if err := next.Commit(ctx, tx); err != nil {
				return err
			}
			s.hub.Notify(topics...)
			return nil
		})
	})
	return nil
}

// NotifyOrderChanged announces that an order changed, for orderUpdated
// subscribers. Inside a transaction (a GraphQL mutation, or ctx from
// database.WithTx through ent.NewTxContext) the announcement waits for the
// commit; otherwise the caller must call it after committing.
func (s *Service) NotifyOrderChanged(ctx context.Context, orderID pulid.ID) error {
	return s.notify(ctx, OrderTopic(string(orderID)))
}

// NotifyParcelChanged announces that a parcel changed outside Ingest (for
// example a shipment created or edited by fulfilment).
func (s *Service) NotifyParcelChanged(ctx context.Context, trackingNumber string) error {
	return s.notify(ctx, ParcelTopic(NormalizeTrackingNumber(trackingNumber)))
}

func (s *Service) notify(ctx context.Context, topics ...string) error {
	if tx := ent.TxFromContext(ctx); tx != nil {
		return s.publishAfterCommit(ctx, tx, topics)
	}
	if s.postgres() {
		if err := s.pgNotify(ctx, s.client, topics); err != nil {
			return err
		}
	}
	s.hub.Notify(topics...)
	return nil
}

func (s *Service) pgNotify(ctx context.Context, c *ent.Client, topics []string) error {
	for len(topics) > 0 {
		n := notification{Origin: s.origin}
		size := 32
		for len(topics) > 0 && (len(n.Topics) == 0 || size+len(topics[0])+3 < maxNotifyPayload) {
			size += len(topics[0]) + 3
			n.Topics = append(n.Topics, topics[0])
			topics = topics[1:]
		}
		payload, err := json.Marshal(n)
		if err != nil {
			return errs.Wrap("tracking.notify", err)
		}
		if _, err := c.ExecContext(ctx, `SELECT pg_notify($1, $2)`, notifyChannel, string(payload)); err != nil {
			return errs.Wrap("tracking.notify", err)
		}
	}
	return nil
}

func dedupe(in []string) []string {
	seen := make(map[string]bool, len(in))
	out := in[:0]
	for _, t := range in {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// Listen relays the NOTIFYs of other instances into this instance's hub
// until ctx ends (pgnotify: a reconnection makes every subscriber re-read
// from its cursor). It returns at once when the database is not
// PostgreSQL or no URL was configured.
func (s *Service) Listen(ctx context.Context) {
	if !s.postgres() {
		return
	}
	pgnotify.Listen(ctx, s.opts.DatabaseURL, s.log, pgnotify.Relay{
		Channel: notifyChannel,
		Name:    "tracking",
		Resync:  s.hub.NotifyAll,
		Deliver: func(payload string) {
			var msg notification
			if err := json.Unmarshal([]byte(payload), &msg); err != nil {
				s.log.Warn("tracking: bad notification", "error", err)
				return
			}
			if msg.Origin != s.origin { // own ones were published at commit
				s.hub.Notify(msg.Topics...)
			}
		},
	})
}
