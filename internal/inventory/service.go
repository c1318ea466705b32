package inventory

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/channelreserve"
	"github.com/waybill/waybill/ent/product"
	"github.com/waybill/waybill/ent/stockalert"
	"github.com/waybill/waybill/ent/stocklevel"
	"github.com/waybill/waybill/ent/stockmovement"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// Service is the staff-facing inventory service: receiving, adjustments,
// transfers, returns, level settings, alerts, availability and cycle
// counts. Every write checks MANAGE_STOCK and goes through the ledger.
type Service struct {
	client  *ent.Client
	now     func() time.Time
	requeue Requeue
	hub     *Hub
}

// Option configures a Service.
type Option func(*Service)

// WithClock sets the clock (tests).
func WithClock(now func() time.Time) Option { return func(s *Service) { s.now = now } }

// WithRequeue sets how an allocated order that lost its stock to a count
// goes back to allocation (internal/orders provides it).
func WithRequeue(r Requeue) Option { return func(s *Service) { s.requeue = r } }

// WithHub sets the hub the service's subscribers read (a server's own;
// default Events()). Writers find their hub in the context: ContextWithHub.
func WithHub(h *Hub) Option { return func(s *Service) { s.hub = h } }

// NewService returns an inventory service over client.
func NewService(client *ent.Client, opts ...Option) *Service {
	s := &Service{client: client, now: time.Now, hub: events}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Events returns the hub the service's subscribers read.
func (s *Service) Events() *Hub { return s.hub }

// Client returns the client of ctx's transaction, or the service's.
func (s *Service) db(ctx context.Context) *ent.Client { return database.Client(ctx, s.client) }

func invalid(op, code, msg string, field ...string) *errs.Error {
	return &errs.Error{Op: op, Kind: errs.Invalid, Code: code, Message: msg, Field: field}
}

// write authorizes p and runs fn in a transaction as the system, on behalf
// of the caller (recorded as actor).
func (s *Service) write(ctx context.Context, p auth.Permission, fn func(ctx context.Context, db *ent.Client, actor string) error) error {
	if err := auth.Require(ctx, p); err != nil {
		return err
	}
	actor := viewer.FromContext(ctx).Actor()
	err := InTx(ctx, s.client, func(ctx context.Context, db *ent.Client) error {
		return fn(viewer.SystemContext(ctx), db, actor)
	})
	if err == nil {
		return nil
	}
	if _, ok := errs.UserErrors(err); ok || errs.KindOf(err) != errs.Other {
		return err
	}
	return errs.Wrap("inventory", err)
}

// resolveProduct finds a product by id or SKU.
func resolveProduct(ctx context.Context, db *ent.Client, op string, id pulid.ID, sku string, field ...string) (*ent.Product, error) {
	q := db.Product.Query()
	switch {
	case id != "":
		q = q.Where(product.ID(id))
	case strings.TrimSpace(sku) != "":
		q = q.Where(product.Sku(strings.ToUpper(strings.TrimSpace(sku))))
	default:
		return nil, invalid(op, "UNKNOWN_PRODUCT", "Name a product by id or SKU.", field...)
	}
	p, err := q.Only(ctx)
	if ent.IsNotFound(err) {
		return nil, invalid(op, "UNKNOWN_PRODUCT", "No such product.", field...)
	}
	return p, err
}

func resolveWarehouse(ctx context.Context, db *ent.Client, op string, id pulid.ID, field ...string) (*ent.Warehouse, error) {
	w, err := db.Warehouse.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, invalid(op, "UNKNOWN_WAREHOUSE", "No such warehouse.", field...)
	}
	if err == nil && !w.Active {
		return nil, invalid(op, "WAREHOUSE_INACTIVE", w.Code+" is not active.", field...)
	}
	return w, err
}

// MaxQuantity bounds one stock operation's quantity.
const MaxQuantity = 100_000

func checkLot(op string, p *ent.Product, lot string, required bool) (string, error) {
	lot = strings.TrimSpace(lot)
	switch {
	case len(lot) > 64:
		return "", invalid(op, "INVALID_LOT", "A lot number has at most 64 characters.", "input", "lotNumber")
	case lot == "" && p.LotTracked && required:
		return "", invalid(op, "LOT_REQUIRED", p.Sku+" is lot-tracked: enter the lot number.", "input", "lotNumber")
	case lot != "" && !p.LotTracked:
		return "", invalid(op, "LOT_NOT_TRACKED", p.Sku+" is not lot-tracked; leave the lot empty.", "input", "lotNumber")
	}
	return lot, nil
}

func (s *Service) level(ctx context.Context, db *ent.Client, productID, warehouseID pulid.ID) (*ent.StockLevel, error) {
	return db.StockLevel.Query().Where(stocklevel.ProductID(productID), stocklevel.WarehouseID(warehouseID)).Only(ctx)
}

// ReceiveInput is goods arriving at a warehouse.
type ReceiveInput struct {
	WarehouseID pulid.ID
	ProductID   pulid.ID
	SKU         string
	Quantity    int
	Lot         string
	ExpiresAt   *time.Time
	Reference   string // purchase order
	Bin         string // for a product the warehouse did not stock yet
	Note        string
}

// Receive books a receipt (MANAGE_STOCK). Lot-tracked products need a lot;
// goods that have already expired are refused. It clears the level's
// restock ETA: the restock arrived.
func (s *Service) Receive(ctx context.Context, in ReceiveInput) (*ent.StockLevel, []*ent.StockMovement, error) {
	const op = "inventory.Receive"
	var lvl *ent.StockLevel
	var movs []*ent.StockMovement
	err := s.write(ctx, auth.ManageStock, func(ctx context.Context, db *ent.Client, actor string) error {
		p, err := resolveProduct(ctx, db, op, in.ProductID, in.SKU, "input", "productId")
		if err != nil {
			return err
		}
		w, err := resolveWarehouse(ctx, db, op, in.WarehouseID, "input", "warehouseId")
		if err != nil {
			return err
		}
		var problems errs.List
		if in.Quantity < 1 || in.Quantity > MaxQuantity {
			problems = append(problems, invalid(op, "INVALID_QUANTITY", fmt.Sprintf("Receive 1 to %d units.", MaxQuantity), "input", "quantity"))
		}
		lot, err := checkLot(op, p, in.Lot, true)
		if err != nil {
			problems = append(problems, err.(*errs.Error))
		}
		if in.ExpiresAt != nil && !in.ExpiresAt.After(s.now()) {
			problems = append(problems, invalid(op, "EXPIRED_ON_ARRIVAL", "These goods have already expired; do not receive them.", "input", "expiresAt"))
		}
		if in.Bin != "" {
			if _, ok := ParseBin(in.Bin); !ok {
				problems = append(problems, invalid(op, "INVALID_BIN", "A bin looks like A-03-02-1 (zone, aisle, shelf, level).", "input", "binLocation"))
			}
		}
		if len(problems) > 0 {
			return problems
		}
		reason := "receipt"
		if in.Reference != "" {
			reason += " " + strings.TrimSpace(in.Reference)
		}
		if in.Note != "" {
			reason += ": " + strings.TrimSpace(in.Note)
		}
		var exp *time.Time
		if in.ExpiresAt != nil {
			e := in.ExpiresAt.UTC()
			exp = &e
		}
		movs, err = Receive(ctx, db, stockmovement.KindRECEIPT, p.ID, w.ID, in.Quantity, lot, exp, strings.ToUpper(strings.TrimSpace(in.Bin)), "",
			Meta{Actor: actor, Reason: reason, Reference: strings.TrimSpace(in.Reference)})
		if err != nil {
			return err
		}
		if lvl, err = s.level(ctx, db, p.ID, w.ID); err != nil {
			return err
		}
		if lvl.RestockEta != nil {
			if lvl, err = lvl.Update().ClearRestockEta().Save(ctx); err != nil {
				return err
			}
		}
		return nil
	})
	return lvl, movs, err
}

// AdjustInput is a correction of on-hand stock.
type AdjustInput struct {
	WarehouseID pulid.ID
	ProductID   pulid.ID
	SKU         string
	Delta       int
	Kind        string // ADJUST (either sign) or WRITE_OFF (negative)
	Reason      string
	Lot         string
}

// Adjust books an ADJUST or WRITE_OFF (MANAGE_STOCK). It never takes stock
// that orders have reserved.
func (s *Service) Adjust(ctx context.Context, in AdjustInput) (*ent.StockLevel, []*ent.StockMovement, error) {
	const op = "inventory.Adjust"
	var lvl *ent.StockLevel
	var movs []*ent.StockMovement
	err := s.write(ctx, auth.ManageStock, func(ctx context.Context, db *ent.Client, actor string) error {
		p, err := resolveProduct(ctx, db, op, in.ProductID, in.SKU, "input", "productId")
		if err != nil {
			return err
		}
		w, err := resolveWarehouse(ctx, db, op, in.WarehouseID, "input", "warehouseId")
		if err != nil {
			return err
		}
		kind := stockmovement.KindADJUST
		if in.Kind == "WRITE_OFF" {
			kind = stockmovement.KindWRITE_OFF
		}
		var problems errs.List
		switch {
		case in.Delta == 0 || in.Delta > MaxQuantity || in.Delta < -MaxQuantity:
			problems = append(problems, invalid(op, "INVALID_QUANTITY", "Adjust by a non-zero number of units.", "input", "quantity"))
		case kind == stockmovement.KindWRITE_OFF && in.Delta > 0:
			problems = append(problems, invalid(op, "INVALID_QUANTITY", "A write-off removes units: give a negative quantity.", "input", "quantity"))
		}
		if strings.TrimSpace(in.Reason) == "" {
			problems = append(problems, invalid(op, "REASON_REQUIRED", "Say why the stock changes.", "input", "reason"))
		}
		lot, err := checkLot(op, p, in.Lot, false)
		if err != nil {
			problems = append(problems, err.(*errs.Error))
		}
		if len(problems) > 0 {
			return problems
		}
		movs, err = Change(ctx, db, kind, p.ID, w.ID, in.Delta, lot, Meta{Actor: actor, Reason: strings.TrimSpace(in.Reason)})
		if err != nil {
			return atField(err, "input", "quantity")
		}
		lvl, err = s.level(ctx, db, p.ID, w.ID)
		return err
	})
	return lvl, movs, err
}

// atField points a user error at an input field.
func atField(err error, field ...string) error {
	if e, ok := err.(*errs.Error); ok && e.Kind != errs.Other && len(e.Field) == 0 {
		return e.At(field...)
	}
	return err
}

// TransferInput moves stock between warehouses.
type TransferInput struct {
	FromWarehouseID, ToWarehouseID pulid.ID
	ProductID                      pulid.ID
	SKU                            string
	Quantity                       int
	Lot                            string
	Note                           string
}

// Transfer moves free stock from one warehouse to another (MANAGE_STOCK):
// TRANSFER_OUT there and TRANSFER_IN here, in one transaction, with one
// reference.
func (s *Service) Transfer(ctx context.Context, in TransferInput) (from, to *ent.StockLevel, movs []*ent.StockMovement, err error) {
	const op = "inventory.Transfer"
	err = s.write(ctx, auth.ManageStock, func(ctx context.Context, db *ent.Client, actor string) error {
		p, err := resolveProduct(ctx, db, op, in.ProductID, in.SKU, "input", "productId")
		if err != nil {
			return err
		}
		wf, err := resolveWarehouse(ctx, db, op, in.FromWarehouseID, "input", "fromWarehouseId")
		if err != nil {
			return err
		}
		wt, err := resolveWarehouse(ctx, db, op, in.ToWarehouseID, "input", "toWarehouseId")
		if err != nil {
			return err
		}
		if in.Quantity < 1 || in.Quantity > MaxQuantity {
			return invalid(op, "INVALID_QUANTITY", fmt.Sprintf("Transfer 1 to %d units.", MaxQuantity), "input", "quantity")
		}
		lot, err := checkLot(op, p, in.Lot, false)
		if err != nil {
			return err
		}
		ref := "TRF-" + s.now().UTC().Format("20060102") + "-" + serial()
		reason := fmt.Sprintf("transfer %s → %s", wf.Code, wt.Code)
		if in.Note != "" {
			reason += ": " + strings.TrimSpace(in.Note)
		}
		movs, err = Transfer(ctx, db, p.ID, wf.ID, wt.ID, in.Quantity, lot, Meta{Actor: actor, Reason: reason, Reference: ref})
		if err != nil {
			return atField(err, "input", "quantity")
		}
		if from, err = s.level(ctx, db, p.ID, wf.ID); err != nil {
			return err
		}
		to, err = s.level(ctx, db, p.ID, wt.ID)
		return err
	})
	return from, to, movs, err
}

// ReturnInput is a returned item put back on the shelf.
type ReturnInput struct {
	WarehouseID pulid.ID
	ProductID   pulid.ID
	SKU         string
	Quantity    int
	OrderID     pulid.ID
	Lot         string
	Reason      string
}

// RestockReturn books RETURN_RESTOCK (MANAGE_STOCK). For a lot-tracked
// product without a lot it takes the lot the order shipped.
func (s *Service) RestockReturn(ctx context.Context, in ReturnInput) (*ent.StockLevel, []*ent.StockMovement, error) {
	const op = "inventory.RestockReturn"
	var lvl *ent.StockLevel
	var movs []*ent.StockMovement
	err := s.write(ctx, auth.ManageStock, func(ctx context.Context, db *ent.Client, actor string) error {
		p, err := resolveProduct(ctx, db, op, in.ProductID, in.SKU, "input", "productId")
		if err != nil {
			return err
		}
		w, err := resolveWarehouse(ctx, db, op, in.WarehouseID, "input", "warehouseId")
		if err != nil {
			return err
		}
		if in.Quantity < 1 || in.Quantity > MaxQuantity {
			return invalid(op, "INVALID_QUANTITY", "Restock a positive quantity.", "input", "quantity")
		}
		lot, err := checkLot(op, p, in.Lot, false)
		if err != nil {
			return err
		}
		if lot == "" && p.LotTracked && in.OrderID != "" {
			shipped, err := db.StockMovement.Query().Where(stockmovement.OrderID(in.OrderID), stockmovement.ProductID(p.ID),
				stockmovement.KindEQ(stockmovement.KindSHIP), stockmovement.LotNumberNotNil()).
				Order(ent.Desc(stockmovement.FieldCreatedAt)).First(ctx)
			if err != nil && !ent.IsNotFound(err) {
				return err
			}
			if shipped != nil {
				lot = *shipped.LotNumber
			}
		}
		if lot == "" && p.LotTracked {
			return invalid(op, "LOT_REQUIRED", p.Sku+" is lot-tracked: enter the lot number on the returned item.", "input", "lotNumber")
		}
		reason := "return restocked"
		if r := strings.TrimSpace(in.Reason); r != "" {
			reason += ": " + r
		}
		movs, err = Receive(ctx, db, stockmovement.KindRETURN_RESTOCK, p.ID, w.ID, in.Quantity, lot, nil, "", in.OrderID,
			Meta{Actor: actor, Reason: reason})
		if err != nil {
			return err
		}
		lvl, err = s.level(ctx, db, p.ID, w.ID)
		return err
	})
	return lvl, movs, err
}

// LevelSettings changes a level's planning fields; nil leaves one as it is.
type LevelSettings struct {
	StockLevelID    pulid.ID
	ReorderPoint    *int
	SafetyStock     *int
	Bin             *string
	RestockETA      *time.Time
	ClearRestockETA bool
}

// UpdateLevel changes reorder point, safety stock, bin or restock ETA
// (MANAGE_STOCK) — never quantities, which only the ledger changes. A new
// reorder point raises or resolves the level's alert at once.
func (s *Service) UpdateLevel(ctx context.Context, in LevelSettings) (*ent.StockLevel, error) {
	const op = "inventory.UpdateLevel"
	var out *ent.StockLevel
	err := s.write(ctx, auth.ManageStock, func(ctx context.Context, db *ent.Client, actor string) error {
		l, err := db.StockLevel.Get(ctx, in.StockLevelID)
		if ent.IsNotFound(err) {
			return invalid(op, "NOT_FOUND", "No such stock level.", "input", "stockLevelId")
		}
		if err != nil {
			return err
		}
		var problems errs.List
		u := l.Update()
		if in.ReorderPoint != nil {
			if *in.ReorderPoint < 0 || *in.ReorderPoint > MaxQuantity {
				problems = append(problems, invalid(op, "INVALID_QUANTITY", "The reorder point is 0 or more.", "input", "reorderPoint"))
			}
			u.SetReorderPoint(*in.ReorderPoint)
		}
		if in.SafetyStock != nil {
			if *in.SafetyStock < 0 || *in.SafetyStock > MaxQuantity {
				problems = append(problems, invalid(op, "INVALID_QUANTITY", "Safety stock is 0 or more.", "input", "safetyStock"))
			}
			u.SetSafetyStock(*in.SafetyStock)
		}
		if in.Bin != nil {
			bin := strings.ToUpper(strings.TrimSpace(*in.Bin))
			if _, ok := ParseBin(bin); !ok && bin != "" {
				problems = append(problems, invalid(op, "INVALID_BIN", "A bin looks like A-03-02-1 (zone, aisle, shelf, level).", "input", "binLocation"))
			}
			u.SetBinLocation(bin)
		}
		switch {
		case in.ClearRestockETA:
			u.ClearRestockEta()
		case in.RestockETA != nil:
			if !in.RestockETA.After(s.now()) {
				problems = append(problems, invalid(op, "INVALID_ETA", "A restock ETA lies in the future.", "input", "restockEta"))
			}
			u.SetRestockEta(in.RestockETA.UTC())
		}
		if len(problems) > 0 {
			return problems
		}
		if out, err = u.Save(ctx); err != nil {
			return err
		}
		return s.syncAlert(ctx, db, out)
	})
	return out, err
}

// syncAlert raises or resolves a level's alert from its current numbers.
func (s *Service) syncAlert(ctx context.Context, db *ent.Client, l *ent.StockLevel) error {
	now := s.now().UTC()
	var a *ent.StockAlert
	var err error
	if Low(l.OnHand-l.Reserved, l.ReorderPoint) {
		a, err = raiseAlert(ctx, db, l, now)
	} else {
		a, err = resolveAlert(ctx, db, l, now)
	}
	if err == nil && a != nil {
		err = announce(ctx, db, nil, a)
	}
	return err
}

// SetBackorderPolicy sets whether a product may be ordered when out of
// stock (MANAGE_STOCK).
func (s *Service) SetBackorderPolicy(ctx context.Context, productID pulid.ID, policy string) (*ent.Product, error) {
	const op = "inventory.SetBackorderPolicy"
	var out *ent.Product
	err := s.write(ctx, auth.ManageStock, func(ctx context.Context, db *ent.Client, actor string) error {
		if product.BackorderPolicyValidator(product.BackorderPolicy(policy)) != nil {
			return invalid(op, "INVALID_POLICY", "Choose DENY or ALLOW.", "policy")
		}
		p, err := db.Product.Get(ctx, productID)
		if ent.IsNotFound(err) {
			return invalid(op, "UNKNOWN_PRODUCT", "No such product.", "productId")
		}
		if err != nil {
			return err
		}
		out, err = p.Update().SetBackorderPolicy(product.BackorderPolicy(policy)).Save(ctx)
		return err
	})
	return out, err
}

// SetChannelReserve keeps quantity units back from a sales channel, for one
// product or (productID empty) as the channel's default (MANAGE_STOCK).
func (s *Service) SetChannelReserve(ctx context.Context, channel string, productID pulid.ID, quantity int) (*ent.ChannelReserve, error) {
	const op = "inventory.SetChannelReserve"
	var out *ent.ChannelReserve
	err := s.write(ctx, auth.ManageStock, func(ctx context.Context, db *ent.Client, actor string) error {
		if channelreserve.ChannelValidator(channelreserve.Channel(channel)) != nil {
			return invalid(op, "INVALID_CHANNEL", "Unknown sales channel.", "channel")
		}
		if quantity < 0 || quantity > MaxQuantity {
			return invalid(op, "INVALID_QUANTITY", "A reserve is 0 or more units.", "quantity")
		}
		q := db.ChannelReserve.Query().Where(channelreserve.ChannelEQ(channelreserve.Channel(channel)))
		if productID != "" {
			if ok, err := db.Product.Query().Where(product.ID(productID)).Exist(ctx); err != nil || !ok {
				if err != nil {
					return err
				}
				return invalid(op, "UNKNOWN_PRODUCT", "No such product.", "productId")
			}
			q = q.Where(channelreserve.ProductID(productID))
		} else {
			q = q.Where(channelreserve.ProductIDIsNil())
		}
		cur, err := q.First(ctx)
		switch {
		case ent.IsNotFound(err):
			c := db.ChannelReserve.Create().SetChannel(channelreserve.Channel(channel)).SetQuantity(quantity)
			if productID != "" {
				c.SetProductID(productID)
			}
			out, err = c.Save(ctx)
		case err == nil:
			out, err = cur.Update().SetQuantity(quantity).Save(ctx)
		}
		if err == nil && out.ProductID != nil {
			err = announce(ctx, db, []Event{{ProductID: *out.ProductID, Kind: "CHANNEL_RESERVE", At: time.Now().UTC()}})
		}
		return err
	})
	return out, err
}

// AcknowledgeAlert marks an alert as seen (MANAGE_STOCK).
func (s *Service) AcknowledgeAlert(ctx context.Context, id pulid.ID) (*ent.StockAlert, error) {
	return s.updateAlert(ctx, id, func(ctx context.Context, db *ent.Client, a *ent.StockAlert, u *ent.StockAlertUpdateOne, actor string) error {
		if a.Status == stockalert.StatusOPEN {
			u.SetStatus(stockalert.StatusACKNOWLEDGED)
		}
		u.SetAcknowledgedBy(actor)
		return nil
	})
}

// MarkReordered records that replenishment was ordered: quantity and ETA.
// The ETA becomes the level's restock ETA, shown on the storefront.
func (s *Service) MarkReordered(ctx context.Context, id pulid.ID, quantity int, eta *time.Time) (*ent.StockAlert, error) {
	const op = "inventory.MarkReordered"
	return s.updateAlert(ctx, id, func(ctx context.Context, db *ent.Client, a *ent.StockAlert, u *ent.StockAlertUpdateOne, actor string) error {
		if quantity < 1 || quantity > MaxQuantity {
			return invalid(op, "INVALID_QUANTITY", "Order a positive quantity.", "quantity")
		}
		if eta != nil && !eta.After(s.now()) {
			return invalid(op, "INVALID_ETA", "A restock ETA lies in the future.", "restockEta")
		}
		if a.Status == stockalert.StatusRESOLVED {
			return errs.E(op, errs.Conflict, "ALERT_RESOLVED", "This alert is already resolved.")
		}
		u.SetStatus(stockalert.StatusREORDERED).SetReorderQuantity(quantity).SetAcknowledgedBy(actor)
		if eta != nil {
			u.SetRestockEta(eta.UTC())
			return db.StockLevel.UpdateOneID(a.StockLevelID).SetRestockEta(eta.UTC()).Exec(ctx)
		}
		return nil
	})
}

func (s *Service) updateAlert(ctx context.Context, id pulid.ID,
	fn func(ctx context.Context, db *ent.Client, a *ent.StockAlert, u *ent.StockAlertUpdateOne, actor string) error) (*ent.StockAlert, error) {
	var out *ent.StockAlert
	err := s.write(ctx, auth.ManageStock, func(ctx context.Context, db *ent.Client, actor string) error {
		a, err := db.StockAlert.Get(ctx, id)
		if ent.IsNotFound(err) {
			return invalid("inventory.alert", "NOT_FOUND", "No such alert.", "id")
		}
		if err != nil {
			return err
		}
		u := a.Update().SetUpdatedAt(s.now().UTC())
		if err := fn(ctx, db, a, u, actor); err != nil {
			return err
		}
		out, err = u.Save(ctx)
		if err == nil {
			err = announce(ctx, db, nil, out)
		}
		return err
	})
	return out, err
}

// SuggestedReorder is the quantity to reorder for a level now.
func (s *Service) SuggestedReorder(ctx context.Context, l *ent.StockLevel) (int, error) {
	demand, err := dailyDemand(viewer.SystemContext(ctx), s.db(ctx), []pulid.ID{l.ID}, s.now().UTC())
	if err != nil {
		return 0, err
	}
	return SuggestReorder(l.OnHand-l.Reserved, l.ReorderPoint, l.SafetyStock, demand[l.ID]), nil
}

// Drift checks every level against the ledger (MANAGE_STOCK).
func (s *Service) Drift(ctx context.Context) ([]Drift, error) {
	if err := auth.Require(ctx, auth.ManageStock); err != nil {
		return nil, err
	}
	return Verify(ctx, s.db(ctx))
}

// Run raises alerts for low levels that have none, every interval until ctx
// ends (levels that were low before alerts existed, or whose numbers changed
// outside a movement).
func (s *Service) Run(ctx context.Context, every time.Duration, log interface{ Warn(string, ...any) }) {
	sys := viewer.SystemContext(viewer.NewContext(ctx, &viewer.Viewer{}))
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := s.RaiseDue(sys); err != nil && ctx.Err() == nil {
			log.Warn("inventory: raising stock alerts", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
