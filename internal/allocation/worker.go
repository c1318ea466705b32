package allocation

import (
	"context"
	"log/slog"
	"time"

	"github.com/waybill/waybill/internal/viewer"
)

// Run allocates CONFIRMED orders every interval (the first time one
// interval after it starts) until ctx ends: what is confirmed is routed
// automatically. Several instances may run it; an order is allocated once
// (its status changes under a row lock).
func (s *Service) Run(ctx context.Context, every time.Duration, log *slog.Logger) {
	sys := viewer.SystemContext(viewer.NewContext(ctx, &viewer.Viewer{}))
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		res, err := s.AllocatePending(sys, 2000)
		switch {
		case err != nil && ctx.Err() == nil:
			log.Warn("allocation: allocating confirmed orders", "error", err)
		case res != nil && res.Allocated > 0:
			log.Info("allocation: orders allocated", "allocated", res.Allocated, "unfillable", res.Unfillable)
		}
	}
}
