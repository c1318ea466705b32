package support

import (
	"context"
	"fmt"
	"strings"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/macro"
	"github.com/waybill/waybill/ent/opsalert"
	"github.com/waybill/waybill/ent/order"
	"github.com/waybill/waybill/ent/shipment"
	"github.com/waybill/waybill/ent/ticket"
	"github.com/waybill/waybill/ent/ticketevent"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// OpenProactive opens the proactive ticket of a parcel that is late, hit
// an exception or went silent — before the customer notices — with an
// apology drafted for the agent. There is exactly one per parcel (the
// database enforces it): calling it again returns that ticket with created
// false. When the customer already has an open delivery complaint about the
// order, that ticket becomes the parcel's ticket instead of a second one.
// Returns, parcels already delivered and cancelled orders get none (nil
// ticket).
func (s *Service) OpenProactive(ctx context.Context, shipmentID pulid.ID, reason string) (*ent.Ticket, bool, error) {
	const op = "support.OpenProactive"
	sys := viewer.SystemContext(ctx)
	var out *ent.Ticket
	created := false
	err := s.tx(sys, func(ctx context.Context, db *ent.Client) error {
		var err error
		out, created, err = s.openProactive(ctx, db, shipmentID, reason)
		return err
	})
	if err != nil && ent.IsConstraintError(err) {
		// Another instance was quicker: the unique key rolled this one back.
		t, qerr := s.client.Ticket.Query().Where(ticket.ProactiveKey(string(shipmentID))).Only(sys)
		if qerr == nil {
			return t, false, nil
		}
	}
	if err != nil {
		return nil, false, finish(op, err)
	}
	return out, created, nil
}

func (s *Service) openProactive(ctx context.Context, db *ent.Client, shipmentID pulid.ID, reason string) (*ent.Ticket, bool, error) {
	const op = "support.OpenProactive"
	shp, err := db.Shipment.Get(ctx, shipmentID)
	if ent.IsNotFound(err) {
		return nil, false, invalid(op, "SHIPMENT_NOT_FOUND", "No such parcel.", "shipmentId")
	}
	if err != nil {
		return nil, false, err
	}
	key := string(shp.ID)
	existing, err := db.Ticket.Query().Where(ticket.Or(ticket.ProactiveKey(key),
		ticket.And(ticket.ShipmentID(shp.ID), ticket.SourceEQ(ticket.SourcePROACTIVE)))).First(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return nil, false, err
	}
	if existing != nil {
		if existing.ProactiveKey == nil {
			err = existing.Update().SetProactiveKey(key).Exec(ctx)
		}
		return existing, false, err
	}
	if shp.IsReturn || shp.OrderID == nil || shp.Status == shipment.StatusDELIVERED {
		return nil, false, nil
	}
	o, err := db.Order.Get(ctx, *shp.OrderID)
	if err != nil {
		return nil, false, err
	}
	if o.Status == order.StatusCANCELLED {
		return nil, false, nil
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		reason = shp.LateReason
	}
	if reason == "" {
		reason = "包裹可能延误 The parcel may be late"
	}
	alert := fmt.Sprintf("系统预警：包裹 %s 需要关注。System alert: parcel %s needs attention.\n%s", shp.TrackingNumber, shp.TrackingNumber, reason)
	// The customer already complained about the delivery: that ticket is the parcel's.
	dup, err := db.Ticket.Query().Where(ticket.OrderID(o.ID), ticket.CategoryIn(ticket.CategoryLATE_DELIVERY, ticket.CategoryNOT_RECEIVED),
		ticket.StatusIn(activeStatuses...), ticket.ProactiveKeyIsNil(), ticket.DuplicateOfIDIsNil()).First(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return nil, false, err
	}
	if dup != nil {
		upd := dup.Update().SetProactiveKey(key)
		if dup.ShipmentID == nil {
			upd.SetShipmentID(shp.ID)
		}
		if dup, err = upd.Save(ctx); err != nil {
			return nil, false, err
		}
		if _, err := s.system(ctx, db, dup, alert, true); err != nil {
			return nil, false, err
		}
		if err := s.event(ctx, db, dup.ID, ticketevent.KindPROACTIVE_ALERT, "", shp.TrackingNumber, reason); err != nil {
			return nil, false, err
		}
		if err := s.ticketChanged(ctx, dup.ID); err != nil {
			return nil, false, err
		}
		return dup, false, s.publish(ctx, alertsTopic)
	}
	cat := ticket.CategoryLATE_DELIVERY
	if shp.Status == shipment.StatusEXPIRED {
		cat = ticket.CategoryNOT_RECEIVED
	}
	t, err := s.create(ctx, db, newTicket{
		Category: cat, Source: ticket.SourcePROACTIVE, Customer: o.CustomerID, Order: o, Shipment: shp,
		Subject: fmt.Sprintf("包裹 %s 可能延误 Parcel %s may be late", shp.TrackingNumber, shp.TrackingNumber),
		Message: alert, Internal: true, BySystem: true, ProactiveKey: &key,
	})
	if err != nil {
		return nil, false, err
	}
	// The apology, drafted for the agent with the parcel's facts.
	draft, err := s.draftApology(ctx, db, t)
	if err != nil {
		return nil, false, err
	}
	if t, err = t.Update().SetDraftReply(draft).Save(ctx); err != nil {
		return nil, false, err
	}
	if err := s.event(ctx, db, t.ID, ticketevent.KindPROACTIVE_ALERT, "", shp.TrackingNumber, reason); err != nil {
		return nil, false, err
	}
	return t, true, s.publish(ctx, alertsTopic)
}

// draftApology fills the late-apology macro (or the built-in text) for t.
func (s *Service) draftApology(ctx context.Context, db *ent.Client, t *ent.Ticket) (string, error) {
	zh, en := DefaultMacros[2].BodyZh, DefaultMacros[2].BodyEn
	if m, err := db.Macro.Query().Where(macro.Key("late-apology"), macro.Active(true)).Only(ctx); err == nil {
		zh, en = m.BodyZh, m.BodyEn
	}
	facts, err := s.macroFacts(ctx, db, t)
	if err != nil {
		return "", err
	}
	return fill(zh, facts, 0) + "\n\n" + fill(en, facts, 1), nil
}

// ProcessAlerts opens the proactive ticket of every recent ops alert
// (late, exception, expired) whose parcel has none yet. The worker runs it
// at start and on every sweep; it is a safety net behind FollowAlerts.
func (s *Service) ProcessAlerts(ctx context.Context) (int, error) {
	const op = "support.ProcessAlerts"
	sys := viewer.SystemContext(ctx)
	since := s.now().Add(-s.opts.ProactiveMaxAge)
	noTicket := func(sel *entsql.Selector) {
		t := entsql.Table(ticket.Table)
		sel.Where(entsql.NotExists(entsql.Select(t.C(ticket.FieldID)).From(t).
			Where(entsql.ColumnsEQ(t.C(ticket.FieldProactiveKey), sel.C(opsalert.FieldShipmentID)))))
	}
	alerts, err := s.client.OpsAlert.Query().Where(opsalert.CreatedAtGTE(since), noTicket,
		opsalert.HasShipmentWith(shipment.IsReturn(false), shipment.StatusNEQ(shipment.StatusDELIVERED))).
		Order(ent.Asc(opsalert.FieldSeq)).Limit(500).All(sys)
	if err != nil {
		return 0, errs.Wrap(op, err)
	}
	n := 0
	seen := map[pulid.ID]bool{}
	for _, a := range alerts {
		if seen[a.ShipmentID] {
			continue
		}
		seen[a.ShipmentID] = true
		_, created, err := s.OpenProactive(ctx, a.ShipmentID, a.Message)
		if err != nil {
			return n, err
		}
		if created {
			n++
		}
	}
	return n, nil
}

// FollowAlerts opens proactive tickets as ops alerts arrive, until ctx
// ends or the stream closes. watch subscribes to the alerts (the tracking
// service's WatchAlerts).
func (s *Service) FollowAlerts(ctx context.Context, watch func(ctx context.Context) (<-chan *ent.OpsAlert, error)) error {
	ch, err := watch(ctx)
	if err != nil {
		return err
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case a, ok := <-ch:
			if !ok {
				return nil
			}
			if _, _, err := s.OpenProactive(ctx, a.ShipmentID, a.Message); err != nil && ctx.Err() == nil {
				s.log.Warn("support: opening a proactive ticket failed", "shipment", a.ShipmentID, "error", err)
			}
		}
	}
}
