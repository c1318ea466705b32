package tracking

import (
	"context"
	"sync"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/carrier"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// carrierTTL is how long the public views may show a carrier's old name
// after it was renamed.
const carrierTTL = time.Minute

// carrierCache keeps the carriers' public names: every public view shows
// one, they are few and they rarely change, so a view reads the parcel
// and its events but not its carrier.
type carrierCache struct {
	mu     sync.RWMutex
	loaded time.Time
	byID   map[pulid.ID]*ent.Carrier
}

// carrier returns the carrier's public fields (nil for an unknown id).
func (s *Service) carrier(ctx context.Context, id pulid.ID) (*ent.Carrier, error) {
	c := &s.carriers
	c.mu.RLock()
	hit, fresh := c.byID[id], time.Since(c.loaded) < carrierTTL
	c.mu.RUnlock()
	if hit != nil && fresh {
		return hit, nil
	}
	all, err := s.client.Carrier.Query().Select(carrier.FieldName, carrier.FieldNameZh, carrier.FieldCode).
		All(viewer.SystemContext(ctx))
	if err != nil {
		return nil, err
	}
	byID := make(map[pulid.ID]*ent.Carrier, len(all))
	for _, a := range all {
		byID[a.ID] = a
	}
	c.mu.Lock()
	c.byID, c.loaded = byID, time.Now()
	c.mu.Unlock()
	return byID[id], nil
}
