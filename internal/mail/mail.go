// Package mail sends Waybill's emails through one interface. Log is the
// default: it writes each message to the structured log, which is what a
// development machine or a test wants; production plugs in an SMTP or API
// sender.
package mail

import (
	"context"
	"log/slog"
	"sync"
)

// Message is one email.
type Message struct {
	To      string
	Subject string
	Body    string
}

// Sender sends email.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// Log "sends" by logging.
type Log struct{ Logger *slog.Logger }

var _ Sender = Log{}

// Send implements Sender.
func (l Log) Send(ctx context.Context, m Message) error {
	log := l.Logger
	if log == nil {
		log = slog.Default()
	}
	log.InfoContext(ctx, "mail", "to", m.To, "subject", m.Subject, "body", m.Body)
	return nil
}

// Outbox keeps messages in memory (tests, and the dev console).
type Outbox struct {
	mu   sync.Mutex
	sent []Message
}

var _ Sender = (*Outbox)(nil)

// Send implements Sender.
func (o *Outbox) Send(_ context.Context, m Message) error {
	o.mu.Lock()
	o.sent = append(o.sent, m)
	o.mu.Unlock()
	return nil
}

// Sent returns the messages sent so far.
func (o *Outbox) Sent() []Message {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]Message(nil), o.sent...)
}
