package tracking

import (
	"context"
)

// Watch streams the public view of a parcel: the current view at once, then
// a fresh one after every change, until ctx ends. An unknown number streams
// nothing until it exists, so numbers cannot be probed by timing.
func (s *Service) Watch(ctx context.Context, trackingNumber string) (<-chan *ParcelView, error) {
	number := NormalizeTrackingNumber(trackingNumber)
	changed, cancel := s.hub.Subscribe(number)
	out := make(chan *ParcelView, 1)
	go func() {
		defer cancel()
		defer close(out)
		send := func() bool {
			v, err := s.PublicView(ctx, number)
			if err != nil || v == nil {
				return err == nil
			}
			select {
			case out <- v:
				return true
			case <-ctx.Done():
				return false
			}
		}
		if !send() {
			return
		}
		for {
			select {
			case <-ctx.Done():
				return
			case <-changed:
				if !send() {
					return
				}
			}
		}
	}()
	return out, nil
}
