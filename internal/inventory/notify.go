package inventory

import (
	"context"
	"encoding/json"
	"log/slog"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/pgnotify"
	"github.com/waybill/waybill/internal/pulid"
)

// notifyChannel is the PostgreSQL channel stock changes travel on between
// instances.
const notifyChannel = "waybill_stock"

// maxNotifyPayload keeps a NOTIFY payload under PostgreSQL's 8000 bytes.
const maxNotifyPayload = 7000

// notification is a NOTIFY payload: the instance that sent it and the keys
// that changed. Listeners read the numbers from the database.
type notification struct {
	Origin string       `json:"o"`
	Stock  []wireEvent  `json:"s,omitempty"`
	Alerts []AlertEvent `json:"a,omitempty"`
}

type wireEvent struct {
	ProductID   pulid.ID `json:"p"`
	WarehouseID pulid.ID `json:"w,omitempty"`
	Kind        string   `json:"k,omitempty"`
	At          int64    `json:"t"` // Unix milliseconds
}

// AnnounceToPeers turns on the NOTIFY of every change to the other
// instances; call it when the database is PostgreSQL.
func (h *Hub) AnnounceToPeers() { h.peers.Store(true) }

// notifyPeers sends the events in as few NOTIFYs as fit.
func (h *Hub) notifyPeers(ctx context.Context, db *ent.Client, evs []Event, alerts []AlertEvent) error {
	n := notification{Origin: h.origin}
	size := 64
	flush := func() error {
		if len(n.Stock) == 0 && len(n.Alerts) == 0 {
			return nil
		}
		payload, err := json.Marshal(n)
		if err != nil {
			return errs.Wrap("inventory.notify", err)
		}
		if _, err := db.ExecContext(ctx, `SELECT pg_notify($1, $2)`, notifyChannel, string(payload)); err != nil {
			return errs.Wrap("inventory.notify", err)
		}
		n, size = notification{Origin: h.origin}, 64
		return nil
	}
	for _, e := range evs {
		if size > maxNotifyPayload-200 {
			if err := flush(); err != nil {
				return err
			}
		}
		n.Stock = append(n.Stock, wireEvent{ProductID: e.ProductID, WarehouseID: e.WarehouseID, Kind: e.Kind, At: e.At.UnixMilli()})
		size += len(e.ProductID) + len(e.WarehouseID) + len(e.Kind) + 40
	}
	for _, a := range alerts {
		if size > maxNotifyPayload-200 {
			if err := flush(); err != nil {
				return err
			}
		}
		n.Alerts = append(n.Alerts, a)
		size += len(a.AlertID) + len(a.WarehouseID) + 20
	}
	return flush()
}

// Listen relays the other instances' stock changes into h until ctx ends
// (pgnotify: after a reconnection every stock subscriber re-reads what it
// watches). It returns at once without a database URL.
func (h *Hub) Listen(ctx context.Context, databaseURL string, log *slog.Logger) {
	if log == nil {
		log = slog.Default()
	}
	pgnotify.Listen(ctx, databaseURL, log, pgnotify.Relay{
		Channel: notifyChannel,
		Name:    "inventory",
		Resync:  h.resync,
		Deliver: func(payload string) {
			var msg notification
			if err := json.Unmarshal([]byte(payload), &msg); err != nil {
				log.Warn("inventory: bad notification", "error", err)
				return
			}
			if msg.Origin == h.origin {
				return // published here at commit already
			}
			evs := make([]Event, len(msg.Stock))
			for i, e := range msg.Stock {
				evs[i] = Event{ProductID: e.ProductID, WarehouseID: e.WarehouseID, Kind: e.Kind, At: time.UnixMilli(e.At).UTC()}
			}
			h.Publish(evs...)
			h.PublishAlerts(msg.Alerts...)
		},
	})
}
