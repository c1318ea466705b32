package seed

import (
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/internal/viewer"
)

// supportFields sets what the service desk (internal/support) keeps on a
// ticket beyond the planned facts: the next SLA deadline the inbox sorts
// by, which deadlines were missed, the paused clock of a ticket waiting for
// the customer, the last message, and the proactive ticket's parcel key.
func (g *gen) supportFields(t *ticketRow, c *ent.TicketCreate) {
	running := t.status == "NEW" || t.status == "OPEN" || t.status == "REOPENED"
	switch {
	case running && t.firstResponded == nil:
		c.SetSLADueAt(t.firstDue)
	case running:
		c.SetSLADueAt(t.resolutionDue)
	}
	firstMissed := t.firstResponded == nil && g.now.After(t.firstDue) || t.firstResponded != nil && t.firstResponded.After(t.firstDue)
	resMissed := t.resolved == nil && running && g.now.After(t.resolutionDue) || t.resolved != nil && t.resolved.After(t.resolutionDue)
	c.SetFirstResponseBreached(firstMissed).SetResolutionBreached(resMissed)
	if t.status == "PENDING_CUSTOMER" {
		c.SetSLAPausedAt(t.updated)
	}
	if t.status == "REOPENED" {
		c.SetReopenCount(1)
	}
	if len(t.messages) > 0 {
		c.SetLastMessageAt(t.messages[len(t.messages)-1].at)
	}
	if t.source == "PROACTIVE" && t.ship != nil {
		c.SetProactiveKey(string(t.ship.id))
	}
	if t.status == "CLOSED" && t.resolved != nil {
		closed := t.resolved.Add(24 * time.Hour)
		if closed.After(g.now) {
			closed = g.now
		}
		c.SetClosedAt(closed)
	}
}

// authorName is who a seeded message is shown as.
func authorName(kind, customer string) string {
	switch kind {
	case "CUSTOMER":
		return customer
	case "AGENT":
		for _, d := range DemoAccounts {
			if d.Role == viewer.RoleAgent {
				return d.DisplayName
			}
		}
	}
	return "Waybill"
}
