package tracking

import (
	"context"
	"sync"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/opsalert"
	"github.com/waybill/waybill/ent/shipment"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// A feed serves every subscriber of one parcel in this process: one
// database read per change, however many subscribers. Each subscriber has
// a one-message mailbox; when the mailbox is still full at the next change,
// the pending message is taken back and replaced by one that covers both
// (its NewEvents start at the older cursor). So sends never block, memory
// per subscriber is bounded, and a subscriber that does not read holds up
// nobody: it finds one up-to-date message when it reads again.
type feed struct {
	svc    *Service
	number string
	stop   func() // ends the hub listener

	mu       sync.Mutex
	watchers map[*watcher]struct{}
	// view is the load being delivered; it is let go once every watcher
	// has its message, so an idle feed holds no parcel (a subscriber's
	// memory is mostly its socket's).
	view    *ParcelView
	print   uint64 // fingerprint of the latest load
	loaded  bool
	version uint64
	loading bool
	dirty   bool
}

type watcher struct {
	out     chan *ParcelView
	cursor  int64  // newest event cursor queued to the subscriber
	pending int64  // cursor before the message in out, if one is waiting
	version uint64 // view version last queued
	closed  bool
}

// Watch streams the public view of a parcel: the current view at once,
// then a fresh one after every change, until ctx ends. With after (a
// cursor from an earlier view), the first message's NewEvents are exactly
// the events after it, so a client that reconnects misses nothing and sees
// nothing twice. An unknown number streams nothing until it exists, so
// numbers cannot be probed by timing.
func (s *Service) Watch(ctx context.Context, trackingNumber string, after *string) (<-chan *ParcelView, error) {
	number := NormalizeTrackingNumber(trackingNumber)
	if number == "" || len(number) > 40 {
		return nil, errs.E("tracking.Watch", errs.Invalid, "INVALID_TRACKING_NUMBER", "Give a tracking number.").At("trackingNumber")
	}
	cursor := int64(-1) // nothing seen: NewEvents are all events
	if after != nil && *after != "" {
		n, err := DecodeCursor(*after)
		if err != nil {
			return nil, err
		}
		cursor = n
	}
	w := &watcher{out: make(chan *ParcelView, 1), cursor: cursor}
	f := s.joinFeed(number, w)
	s.subs.Add(1)
	context.AfterFunc(ctx, func() {
		s.subs.Add(-1)
		s.leaveFeed(f, w)
	})
	return w.out, nil
}

func (s *Service) joinFeed(number string, w *watcher) *feed {
	s.feedsMu.Lock()
	f := s.feeds[number]
	if f == nil {
		f = &feed{svc: s, number: number, watchers: map[*watcher]struct{}{}}
		s.feeds[number] = f
		f.stop = s.hub.Listen(ParcelTopic(number), f.kick)
	}
	f.mu.Lock()
	f.watchers[w] = struct{}{}
	if f.view != nil && !f.loading {
		f.deliver(w)
	}
	f.mu.Unlock()
	s.feedsMu.Unlock()
	// A new subscriber always triggers a read: its first message must be
	// current even if the feed's last read is older than a change that was
	// not announced (a write that bypassed the service).
	f.kick()
	return f
}

func (s *Service) leaveFeed(f *feed, w *watcher) {
	s.feedsMu.Lock()
	f.mu.Lock()
	delete(f.watchers, w)
	w.closed = true
	close(w.out)
	empty := len(f.watchers) == 0
	f.mu.Unlock()
	if empty && s.feeds[f.number] == f {
		delete(s.feeds, f.number)
	}
	s.feedsMu.Unlock()
	if empty {
		f.stop() // outside f.mu: the hub calls kick, which takes f.mu
	}
}

// kick asks the feed to re-read the parcel. It never blocks: a read in
// progress is simply repeated once it ends.
func (f *feed) kick() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.loading {
		f.dirty = true
		return
	}
	f.loading = true
	go f.load()
}

func (f *feed) load() {
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		v, err := f.svc.PublicView(ctx, f.number)
		cancel()
		f.mu.Lock()
		if err != nil {
			f.svc.log.Warn("tracking: reading a parcel for its subscribers failed", "tracking_number", f.number, "error", err)
		} else if v != nil {
			f.view = v
			if p := v.fingerprint(); p != f.print || !f.loaded {
				f.print, f.loaded = p, true
				f.version++
			}
			for w := range f.watchers {
				f.deliver(w)
			}
			f.view = nil
		}
		if !f.dirty {
			f.loading = false
			f.mu.Unlock()
			return
		}
		f.dirty = false
		f.mu.Unlock()
	}
}

// deliver queues the current view for w unless w has it. f.mu is held;
// w's mailbox has one slot and only deliver sends to it, so it never blocks.
func (f *feed) deliver(w *watcher) {
	if w.closed || f.view == nil || w.version == f.version {
		return
	}
	from := w.cursor
	select {
	case <-w.out: // still unread: replace it with one message covering both
		from = w.pending
	default:
	}
	msg := f.view.since(from, f.svc.opts.MaxCatchUp)
	select {
	case w.out <- msg:
		w.pending, w.cursor, w.version = from, max(f.view.maxSeq, from), f.version
	default: // cannot happen (one sender, an emptied slot); never block
	}
}

// WatchOrder streams an order to a viewer who may read it (its customer or
// staff) after every change announced for it, starting with its current
// state. Privacy rules decide: a viewer who may not read the order gets
// NOT_FOUND, like for an order that does not exist.
func (s *Service) WatchOrder(ctx context.Context, orderID pulid.ID) (<-chan *ent.Order, error) {
	load := func() (*ent.Order, error) { return s.client.Order.Get(ctx, orderID) }
	o, err := load()
	if ent.IsNotFound(err) {
		return nil, errs.E("tracking.WatchOrder", errs.NotFound, "NOT_FOUND", "Not found.")
	}
	if err != nil {
		return nil, err
	}
	return watchLoop(ctx, s, []string{OrderTopic(string(orderID))}, o, func() (*ent.Order, bool) {
		o, err := load()
		if err != nil {
			return nil, false
		}
		return o, true
	}), nil
}

// watchLoop runs one goroutine per subscription for the staff and owner
// streams: wake on a topic, read, send. Its wake-up channel has one slot,
// so the publisher never waits; a subscriber that does not read holds only
// its own goroutine.
func watchLoop[T any](ctx context.Context, s *Service, topics []string, first T, next func() (T, bool)) <-chan T {
	wake := make(chan struct{}, 1)
	poke := func() {
		select {
		case wake <- struct{}{}:
		default:
		}
	}
	var stops []func()
	for _, t := range topics {
		stops = append(stops, s.hub.Listen(t, poke))
	}
	out := make(chan T, 1)
	s.subs.Add(1)
	go func() {
		defer func() {
			for _, stop := range stops {
				stop()
			}
			s.subs.Add(-1)
			close(out)
		}()
		v := first
		for {
			select {
			case out <- v:
			case <-ctx.Done():
				return
			}
			select {
			case <-wake:
			case <-ctx.Done():
				return
			}
			var ok bool
			for {
				if v, ok = next(); ok {
					break
				}
				select { // a failed read is retried on the next change or after a pause
				case <-wake:
				case <-time.After(5 * time.Second):
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return out
}

// WatchAlerts streams ops alerts to staff, oldest first: those after the
// cursor after (all new ones when after is nil), then each new one. Alert
// cursors follow commit order, so resuming misses nothing.
func (s *Service) WatchAlerts(ctx context.Context, after *string) (<-chan *ent.OpsAlert, error) {
	const op = "tracking.WatchAlerts"
	v := viewer.FromContext(ctx)
	if !v.Staff() {
		if v.Anonymous() {
			return nil, errs.E(op, errs.Unauthenticated, "UNAUTHENTICATED", "Sign in first.")
		}
		return nil, errs.E(op, errs.Forbidden, "FORBIDDEN", "Only staff see ops alerts.")
	}
	var cursor int64
	if after != nil && *after != "" {
		n, err := DecodeCursor(*after)
		if err != nil {
			return nil, err
		}
		cursor = n
	} else {
		last, err := s.scanInt(ctx, s.client, `SELECT COALESCE(MAX(seq), 0) FROM ops_alerts`)
		if err != nil {
			return nil, errs.Wrap(op, err)
		}
		cursor = last
	}
	wake := make(chan struct{}, 1)
	stop := s.hub.Listen(alertsTopic, func() {
		select {
		case wake <- struct{}{}:
		default:
		}
	})
	out := make(chan *ent.OpsAlert, 1)
	s.subs.Add(1)
	go func() {
		defer func() { stop(); s.subs.Add(-1); close(out) }()
		for {
			// Read pages until caught up, then wait for the next alert.
			for {
				page, err := s.client.OpsAlert.Query().Where(opsalert.SeqGT(cursor)).
					Order(ent.Asc(opsalert.FieldSeq)).Limit(100).All(ctx)
				if err != nil {
					if ctx.Err() == nil {
						s.log.Warn("tracking: reading ops alerts failed", "error", err)
					}
					break
				}
				for _, a := range page {
					select {
					case out <- a:
						cursor = a.Seq
					case <-ctx.Done():
						return
					}
				}
				if len(page) < 100 {
					break
				}
			}
			select {
			case <-wake:
			case <-time.After(time.Minute): // a safety net for a lost notification
			case <-ctx.Done():
				return
			}
		}
	}()
	return out, nil
}

// maxBoardIDs bounds shipmentsUpdated: a board page, not the whole table.
const maxBoardIDs = 200

// WatchShipments streams the staff view of the given shipments: each one at
// once, then again whenever it changes (the live board). Staff only.
func (s *Service) WatchShipments(ctx context.Context, ids []pulid.ID) (<-chan *ent.Shipment, error) {
	const op = "tracking.WatchShipments"
	v := viewer.FromContext(ctx)
	if !v.Staff() {
		if v.Anonymous() {
			return nil, errs.E(op, errs.Unauthenticated, "UNAUTHENTICATED", "Sign in first.")
		}
		return nil, errs.E(op, errs.Forbidden, "FORBIDDEN", "Only staff watch the shipments board.")
	}
	if len(ids) == 0 || len(ids) > maxBoardIDs {
		return nil, errs.E(op, errs.Invalid, "TOO_MANY_IDS", "Watch 1 to 200 shipments at a time.").At("ids")
	}
	ships, err := s.client.Shipment.Query().Where(shipment.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	var mu sync.Mutex
	dirty := map[pulid.ID]bool{}
	for _, shp := range ships {
		dirty[shp.ID] = true // the current state first
	}
	wake := make(chan struct{}, 1)
	wake <- struct{}{}
	var stops []func()
	for _, shp := range ships {
		id := shp.ID
		stops = append(stops, s.hub.Listen(ParcelTopic(shp.TrackingNumber), func() {
			mu.Lock()
			dirty[id] = true
			mu.Unlock()
			select {
			case wake <- struct{}{}:
			default:
			}
		}))
	}
	out := make(chan *ent.Shipment, 1)
	s.subs.Add(1)
	go func() {
		defer func() {
			for _, stop := range stops {
				stop()
			}
			s.subs.Add(-1)
			close(out)
		}()
		for {
			select {
			case <-wake:
			case <-ctx.Done():
				return
			}
			mu.Lock()
			var changed []pulid.ID
			for id := range dirty {
				changed = append(changed, id)
			}
			dirty = map[pulid.ID]bool{}
			mu.Unlock()
			fresh, err := s.client.Shipment.Query().Where(shipment.IDIn(changed...)).All(ctx)
			if err != nil {
				continue
			}
			for _, shp := range fresh {
				select {
				case out <- shp:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return out, nil
}
