// Package pgnotify carries change announcements between the instances of
// Waybill that share one PostgreSQL database: a writer sends
// pg_notify(channel, payload) inside its transaction (delivered only on
// commit), and every instance runs Listen, which hands each payload to a
// handler with lib/pq's reconnecting pq.Listener. Payloads carry ids; the
// data is read from the database.
package pgnotify

import (
	"context"
	"log/slog"
	"time"

	"github.com/lib/pq"
)

// Relay says what Listen does with a channel's notifications.
type Relay struct {
	// Channel is the PostgreSQL channel to LISTEN on.
	Channel string
	// Name prefixes log lines ("tracking", "inventory", …).
	Name string
	// Deliver receives each notification's payload.
	Deliver func(payload string)
	// Resync runs once LISTEN is in place and after every reconnection:
	// notifications sent while nobody listened are lost, so subscribers
	// must read again.
	Resync func()
}

// Listen relays r's notifications until ctx ends. It returns at once
// without a database URL.
func Listen(ctx context.Context, databaseURL string, log *slog.Logger, r Relay) {
	if databaseURL == "" {
		return
	}
	if log == nil {
		log = slog.Default()
	}
	l := pq.NewListener(databaseURL, 100*time.Millisecond, 10*time.Second, func(ev pq.ListenerEventType, err error) {
		switch ev {
		case pq.ListenerEventDisconnected:
			log.Warn(r.Name+": lost the LISTEN connection; reconnecting", "error", err)
		case pq.ListenerEventReconnected:
			log.Info(r.Name + ": LISTEN connection back; subscribers read again")
		case pq.ListenerEventConnectionAttemptFailed:
			log.Warn(r.Name+": LISTEN connection attempt failed", "error", err)
		}
	})
	defer func() { _ = l.Close() }()
	if err := l.Listen(r.Channel); err != nil {
		log.Error(r.Name+": LISTEN failed; other instances' changes will not arrive", "error", err)
		return
	}
	r.Resync()
	ping := time.NewTicker(30 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case n := <-l.Notify:
			if n == nil { // reconnected
				r.Resync()
				continue
			}
			r.Deliver(n.Extra)
		case <-ping.C:
			go func() { _ = l.Ping() }() // a dead connection is noticed only when used
		}
	}
}
