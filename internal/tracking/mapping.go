package tracking

import (
	"context"
	"sync"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/carrierstatusmapping"
	"github.com/waybill/waybill/ent/trackingevent"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// Sub-statuses with a meaning to the status rules or the ETA.
const (
	SubArrivedAtHub   = "ARRIVED_AT_HUB"
	SubDelayed        = "DELAYED"
	SubReturnToSender = "RETURN_TO_SENDER" // an explicit return: reopens a DELIVERED parcel
	SubUnmapped       = "UNMAPPED"         // the carrier code is in no mapping table
	SubNoUpdates      = "NO_UPDATES"       // EXPIRED by the sweeper
	SubLocationUpdate = "LOCATION_UPDATE"  // a GPS position entered a new city
)

// Mapping is the normalized meaning of one raw carrier code.
type Mapping struct {
	Status      trackingevent.Status
	SubStatus   string
	Description string // a bilingual default for events that come without one
}

// DefaultMappings is the built-in mapping table: the codes of the common
// Chinese carrier APIs as Waybill's simulator and demo data use them. A
// carrier's own rows (CarrierStatusMapping) take precedence.
var DefaultMappings = map[string]Mapping{
	"10": {trackingevent.StatusINFO_RECEIVED, "LABEL_CREATED", "运单已生成 Label created"},
	"50": {trackingevent.StatusIN_TRANSIT, "PICKED_UP", "快件已揽收 Picked up"},
	"30": {trackingevent.StatusIN_TRANSIT, SubArrivedAtHub, "快件已到达转运中心 Arrived at a sorting hub"},
	"31": {trackingevent.StatusIN_TRANSIT, SubDelayed, "中转积压，快件延误 Delayed at a sorting hub"},
	"33": {trackingevent.StatusIN_TRANSIT, "CUSTOMS", "快件清关中 In customs clearance"},
	"36": {trackingevent.StatusIN_TRANSIT, "DEPARTED_HUB", "快件已从转运中心发出 Departed a sorting hub"},
	"44": {trackingevent.StatusOUT_FOR_DELIVERY, "", "快递员正在派送 Out for delivery"},
	"70": {trackingevent.StatusATTEMPT_FAIL, "RECIPIENT_UNAVAILABLE", "派送未成功：联系不上收件人 Delivery attempt failed: recipient unavailable"},
	"71": {trackingevent.StatusATTEMPT_FAIL, "INCORRECT_ADDRESS", "派送未成功：地址有误 Delivery attempt failed: incorrect address"},
	"80": {trackingevent.StatusDELIVERED, "SIGNED", "快件已签收 Delivered"},
	"81": {trackingevent.StatusDELIVERED, "LOCKER", "快件已放入智能快递柜 Delivered to a parcel locker"},
	"82": {trackingevent.StatusAVAILABLE_FOR_PICKUP, "PICKUP_POINT", "快件已到达自提点 Ready for pickup"},
	"90": {trackingevent.StatusIN_TRANSIT, SubReturnToSender, "快件退回寄件人 Returning to sender"},
	"91": {trackingevent.StatusEXCEPTION, "DELAYED_WEATHER", "快件因恶劣天气滞留 Held due to severe weather"},
	"92": {trackingevent.StatusEXCEPTION, "DAMAGED", "快件外包装破损 Packaging damaged"},
	"93": {trackingevent.StatusEXCEPTION, "LOST", "快件丢失 Lost"},
	"94": {trackingevent.StatusEXCEPTION, "INCORRECT_ADDRESS", "地址有误，快件滞留 Held: incorrect address"},
	"95": {trackingevent.StatusEXCEPTION, "CUSTOMS_HOLD", "快件海关扣留 Held by customs"},
	"99": {trackingevent.StatusEXCEPTION, "EXCEPTION", "快件异常 Exception"},
}

// mappingCache holds each carrier's table for a short while: mappings
// change rarely and are read for every event.
type mappingCache struct {
	mu        sync.Mutex
	ttl       time.Duration
	byCarrier map[pulid.ID]cachedTable
}

type cachedTable struct {
	rows    map[string]Mapping
	fetched time.Time
}

// mapCode maps a carrier's raw code. ok is false when neither the carrier's
// table nor the built-in one knows it.
func (s *Service) mapCode(ctx context.Context, c *ent.Client, carrierID *pulid.ID, code string) (Mapping, bool, error) {
	if carrierID != nil {
		table, err := s.carrierTable(ctx, c, *carrierID)
		if err != nil {
			return Mapping{}, false, err
		}
		if m, ok := table[code]; ok {
			return m, true, nil
		}
	}
	m, ok := DefaultMappings[code]
	return m, ok, nil
}

func (s *Service) carrierTable(ctx context.Context, c *ent.Client, carrierID pulid.ID) (map[string]Mapping, error) {
	s.mappings.mu.Lock()
	t, ok := s.mappings.byCarrier[carrierID]
	s.mappings.mu.Unlock()
	if ok && time.Since(t.fetched) < s.mappings.ttl {
		return t.rows, nil
	}
	rows, err := c.CarrierStatusMapping.Query().Where(carrierstatusmapping.CarrierID(carrierID)).All(viewer.SystemContext(ctx))
	if err != nil {
		return nil, errs.Wrap("tracking.carrierTable", err)
	}
	table := make(map[string]Mapping, len(rows))
	for _, r := range rows {
		table[r.Code] = Mapping{Status: trackingevent.Status(r.Status), SubStatus: r.SubStatus, Description: r.Description}
	}
	s.mappings.mu.Lock()
	if s.mappings.byCarrier == nil {
		s.mappings.byCarrier = map[pulid.ID]cachedTable{}
	}
	s.mappings.byCarrier[carrierID] = cachedTable{rows: table, fetched: time.Now()}
	s.mappings.mu.Unlock()
	return table, nil
}

// forgetMappings drops the cached table of a carrier after an edit.
func (s *Service) forgetMappings(carrierID pulid.ID) {
	s.mappings.mu.Lock()
	delete(s.mappings.byCarrier, carrierID)
	s.mappings.mu.Unlock()
}

// EnsureMappings copies the built-in table into every carrier's mapping
// table where the carrier has no row for a code yet, so that staff see and
// can edit each carrier's whole table. It is safe to run on several
// instances at once.
func (s *Service) EnsureMappings(ctx context.Context) error {
	const op = "tracking.EnsureMappings"
	sys := viewer.SystemContext(ctx)
	carriers, err := s.client.Carrier.Query().IDs(sys)
	if err != nil {
		return errs.Wrap(op, err)
	}
	for _, id := range carriers {
		have, err := s.client.CarrierStatusMapping.Query().Where(carrierstatusmapping.CarrierID(id)).
			Select(carrierstatusmapping.FieldCode).Strings(sys)
		if err != nil {
			return errs.Wrap(op, err)
		}
		seen := map[string]bool{}
		for _, c := range have {
			seen[c] = true
		}
		var creates []*ent.CarrierStatusMappingCreate
		for code, m := range DefaultMappings {
			if seen[code] {
				continue
			}
			creates = append(creates, s.client.CarrierStatusMapping.Create().SetCarrierID(id).SetCode(code).
				SetStatus(carrierstatusmapping.Status(m.Status)).SetSubStatus(m.SubStatus).SetDescription(m.Description))
		}
		if len(creates) == 0 {
			continue
		}
		err = s.client.CarrierStatusMapping.CreateBulk(creates...).
			OnConflictColumns(carrierstatusmapping.FieldCarrierID, carrierstatusmapping.FieldCode).DoNothing().Exec(sys)
		if err != nil {
			return errs.Wrap(op, err)
		}
		s.forgetMappings(id)
	}
	return nil
}

// MappingInput sets what one carrier code means.
type MappingInput struct {
	CarrierID   pulid.ID
	Code        string
	Status      trackingevent.Status
	SubStatus   string
	Description string
}

// SetMapping creates or replaces one row of a carrier's mapping table
// (admins: ManageCatalog, checked by the caller).
func (s *Service) SetMapping(ctx context.Context, in MappingInput) (*ent.CarrierStatusMapping, error) {
	const op = "tracking.SetMapping"
	var list errs.List
	if in.Code == "" || len(in.Code) > 64 {
		list = append(list, errs.E(op, errs.Invalid, "INVALID_CODE", "The carrier code must be 1 to 64 characters.").At("input", "code"))
	}
	if trackingevent.StatusValidator(in.Status) != nil {
		list = append(list, errs.E(op, errs.Invalid, "INVALID_STATUS", "Unknown status.").At("input", "status"))
	}
	if len(in.SubStatus) > 64 || len(in.Description) > 500 {
		list = append(list, errs.E(op, errs.Invalid, "TOO_LONG", "The sub-status or description is too long.").At("input"))
	}
	if err := list.Err(); err != nil {
		return nil, err
	}
	c := s.clientFor(ctx)
	sys := viewer.SystemContext(ctx)
	if _, err := c.Carrier.Get(sys, in.CarrierID); err != nil {
		if ent.IsNotFound(err) {
			return nil, errs.E(op, errs.Invalid, "UNKNOWN_CARRIER", "No such carrier.").At("input", "carrierId")
		}
		return nil, errs.Wrap(op, err)
	}
	existing, err := c.CarrierStatusMapping.Query().Where(carrierstatusmapping.CarrierID(in.CarrierID), carrierstatusmapping.Code(in.Code)).Only(sys)
	var row *ent.CarrierStatusMapping
	switch {
	case ent.IsNotFound(err):
		row, err = c.CarrierStatusMapping.Create().SetCarrierID(in.CarrierID).SetCode(in.Code).
			SetStatus(carrierstatusmapping.Status(in.Status)).SetSubStatus(in.SubStatus).SetDescription(in.Description).Save(sys)
	case err == nil:
		row, err = existing.Update().SetStatus(carrierstatusmapping.Status(in.Status)).SetSubStatus(in.SubStatus).
			SetDescription(in.Description).Save(sys)
	}
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	s.forgetMappings(in.CarrierID)
	return row, nil
}
