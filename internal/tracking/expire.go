package tracking

import (
	"context"
	"fmt"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/shipment"
	"github.com/waybill/waybill/ent/trackingevent"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// silentStatuses are the statuses a parcel can go silent in. A delivered
// parcel is done; an expired one is already flagged; a PENDING one has not
// been handed to a carrier yet.
var silentStatuses = []shipment.Status{
	shipment.StatusINFO_RECEIVED, shipment.StatusIN_TRANSIT, shipment.StatusOUT_FOR_DELIVERY,
	shipment.StatusATTEMPT_FAIL, shipment.StatusAVAILABLE_FOR_PICKUP, shipment.StatusEXCEPTION,
}

// ExpireSilent marks EXPIRED every parcel in transit whose newest event is
// older than Options.ExpireAfter, adds a system event saying so (which
// subscribers receive like any other) and raises an EXPIRED alert. Each
// parcel is settled in its own short transaction, re-checked under its
// lock, so several instances may sweep at once. It returns how many
// parcels it expired.
func (s *Service) ExpireSilent(ctx context.Context) (int, error) {
	const op = "tracking.ExpireSilent"
	sys := viewer.SystemContext(ctx)
	cutoff := s.now().Add(-s.opts.ExpireAfter)
	n := 0
	for {
		ids, err := s.client.Shipment.Query().
			Where(shipment.StatusIn(silentStatuses...), shipment.LastEventAtLT(cutoff)).
			Order(ent.Asc(shipment.FieldID)).Limit(200).IDs(sys)
		if err != nil {
			return n, errs.Wrap(op, err)
		}
		for _, id := range ids {
			if err := s.expireOne(sys, id, cutoff); err != nil {
				return n, err
			}
			n++
		}
		if len(ids) < 200 {
			return n, nil
		}
	}
}

func (s *Service) expireOne(ctx context.Context, id pulid.ID, cutoff time.Time) error {
	var topics []string
	err := s.withTx(ctx, func(tx *ent.Tx) error {
		c := tx.Client()
		q := c.Shipment.Query().Where(shipment.ID(id))
		if s.postgres() {
			q = q.ForUpdate()
		}
		shp, err := q.Only(ctx)
		if err != nil {
			return errs.Wrap("tracking.expire", err)
		}
		if shp.LastEventAt == nil || !shp.LastEventAt.Before(cutoff) || !silent(shp.Status) {
			return nil // an event arrived meanwhile, or another instance was quicker
		}
		now := s.now()
		seq, err := s.allocSeqs(ctx, c, shp.ID, 1)
		if err != nil {
			return err
		}
		days := int(now.Sub(*shp.LastEventAt).Hours() / 24)
		desc := fmt.Sprintf("承运商已 %d 天未更新物流信息，我们正在核实 No update from the carrier for %d days; we are checking with them", days, days)
		_, err = c.TrackingEvent.Create().SetShipmentID(shp.ID).SetStatus(trackingevent.StatusEXPIRED).
			SetSubStatus(SubNoUpdates).SetDescription(desc).SetOccurredAt(now).SetReceivedAt(now).
			SetSource(trackingevent.SourceSYSTEM).SetDedupeKey(fmt.Sprintf("expired:%s:%d", shp.ID, seq)).SetSeq(seq).
			Save(ctx)
		if err != nil {
			return errs.Wrap("tracking.expire", err)
		}
		st := stateOf(shp)
		st.apply(eventFacts{Status: trackingevent.StatusEXPIRED, Sub: SubNoUpdates, At: now, System: true})
		_, alerts, err := s.settle(ctx, c, shp, st, "", shp.Status, nil)
		if err != nil {
			return err
		}
		topics = append(topics, ParcelTopic(shp.TrackingNumber))
		if shp.OrderID != nil {
			topics = append(topics, OrderTopic(string(*shp.OrderID)))
		}
		if len(alerts) > 0 {
			topics = append(topics, alertsTopic)
		}
		return s.publishAfterCommit(ctx, tx, topics)
	})
	return err
}

func silent(st shipment.Status) bool {
	for _, s := range silentStatuses {
		if s == st {
			return true
		}
	}
	return false
}

// Sweep runs ExpireSilent every Options.SweepEvery until ctx ends.
func (s *Service) Sweep(ctx context.Context) {
	t := time.NewTicker(s.opts.SweepEvery)
	defer t.Stop()
	for {
		if n, err := s.ExpireSilent(ctx); err != nil {
			if ctx.Err() == nil {
				s.log.Warn("tracking: expiry sweep failed", "error", err)
			}
		} else if n > 0 {
			s.log.Info("tracking: parcels expired after going silent", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
