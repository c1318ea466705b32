// Package seed fills a database with a believable, deterministic set of demo
// data: carriers, warehouses, a bilingual catalog with stock and its ledger,
// one account per role, customers, orders in every status with payments,
// the warehouse floor's work for the orders on it (allocation decisions,
// pick lists, cartons), parcels with tracking histories (late ones with
// their ops alerts), tickets, coupons, returns and surveys.
//
// The same Seed and Now give the same data (IDs and password hashes aside).
// Running it again on a seeded database does nothing.
package seed

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/account"
	"github.com/waybill/waybill/ent/shipment"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/support"
	"github.com/waybill/waybill/internal/viewer"
)

// DemoTrackingNumber is a parcel of the demo customer, in transit from the
// Shanghai warehouse to Beijing with several events; docs and browser tests
// use it. It is the same for every Seed.
const DemoTrackingNumber = "WB123456785CN"

// DemoAccount is a seeded sign-in.
type DemoAccount struct {
	Email       string
	Password    string
	Role        viewer.Role
	DisplayName string
}

// DemoAccounts are the seeded sign-ins, one per role (the README lists them).
var DemoAccounts = []DemoAccount{
	{"admin@waybill.test", "waybill-admin-demo", viewer.RoleAdmin, "陈静"},
	{"agent@waybill.test", "waybill-agent-demo", viewer.RoleAgent, "刘洋"},
	{"warehouse@waybill.test", "waybill-warehouse-demo", viewer.RoleWarehouse, "赵磊"},
	{"customer@waybill.test", "waybill-customer-demo", viewer.RoleCustomer, "王芳"},
}

// DemoCustomerEmail is the email of the demo customer (王芳), who has orders,
// the DemoTrackingNumber parcel and a ticket.
const DemoCustomerEmail = "customer@waybill.test"

// Options configure Run.
type Options struct {
	// Seed selects the data set; the same Seed (and Now) gives the same data.
	Seed int64
	// Progress receives one line per phase; nil discards them.
	Progress io.Writer
	// Now is the moment the data is laid out around (orders over the 30 days
	// before it); the zero value means time.Now().UTC().
	Now time.Time
}

// Summary says what Run created.
type Summary struct {
	// Skipped is set when the database already held the demo data.
	Skipped bool

	Accounts         int // created
	AccountsExisting int // demo accounts that already existed and were kept
	Carriers         int
	// WebhookSecrets counts carriers given a webhook secret (derived from the
	// seed; the values are never printed).
	WebhookSecrets int
	Warehouses     int
	Products       int
	StockLevels    int
	StockMovements int
	Customers      int
	Orders         int
	OrdersByStatus map[string]int
	OrderLines     int
	OrderEvents    int
	Payments       int
	Shipments      int
	ShipmentItems  int
	TrackingEvents int
	Returns        int
	Tickets        int
	TicketMessages int
	Coupons        int
	Surveys        int
	// The warehouse floor: decisions, pick lists and cartons of the open orders.
	Allocations   int
	PickLists     int
	PickListLines int
	Cartons       int
	LateParcels   int
	OpsAlerts     int

	DemoTrackingNumber string
	Elapsed            time.Duration
}

// String is a one-line account of the run (no secrets).
func (s Summary) String() string {
	if s.Skipped {
		return "demo data already present; nothing created"
	}
	statuses := make([]string, 0, len(s.OrdersByStatus))
	for st := range s.OrdersByStatus {
		statuses = append(statuses, st)
	}
	sort.Strings(statuses)
	var by strings.Builder
	for i, st := range statuses {
		if i > 0 {
			by.WriteString(" ")
		}
		fmt.Fprintf(&by, "%s=%d", st, s.OrdersByStatus[st])
	}
	return fmt.Sprintf("%d accounts (%d existed), %d carriers (%d webhook secrets set), %d warehouses, %d products, "+
		"%d stock levels, %d stock movements, %d customers, %d orders [%s], %d order lines, %d order events, "+
		"%d payments, %d shipments, %d shipment items, %d tracking events, %d returns, %d tickets, %d ticket messages, "+
		"%d coupons, %d surveys, %d allocation decisions, %d pick lists (%d lines), %d cartons, %d late parcels, %d ops alerts; "+
		"demo parcel %s; %s",
		s.Accounts, s.AccountsExisting, s.Carriers, s.WebhookSecrets, s.Warehouses, s.Products,
		s.StockLevels, s.StockMovements, s.Customers, s.Orders, by.String(), s.OrderLines, s.OrderEvents,
		s.Payments, s.Shipments, s.ShipmentItems, s.TrackingEvents, s.Returns, s.Tickets, s.TicketMessages,
		s.Coupons, s.Surveys, s.Allocations, s.PickLists, s.PickListLines, s.Cartons, s.LateParcels, s.OpsAlerts, s.DemoTrackingNumber, s.Elapsed.Round(time.Millisecond))
}

// say writes a progress line; a failing progress writer does not stop the seed.
func say(w io.Writer, format string, args ...any) { _, _ = fmt.Fprintf(w, format, args...) }

var errAlreadySeeded = errors.New("seed: already seeded")

// Run seeds the database behind client. All writes run as the system viewer.
// The accounts are created first (through internal/auth, so passwords are
// bcrypt-hashed); everything else is written in one transaction, so a failed
// run leaves no half data set and can simply be repeated. The demo data is
// recognised by the DemoTrackingNumber parcel, which that transaction writes.
func Run(ctx context.Context, client *ent.Client, opts Options) (sum *Summary, err error) {
	started := time.Now()
	defer func() {
		// The planner panics only on a bug in its tables; report it, do not crash the caller.
		if r := recover(); r != nil {
			sum, err = nil, fmt.Errorf("seed: %v", r)
		}
	}()
	ctx = viewer.SystemContext(ctx)
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	now = now.UTC()
	out := opts.Progress
	if out == nil {
		out = io.Discard
	}

	seeded, err := alreadySeeded(ctx, client)
	if err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	if seeded {
		say(out, "seed: demo data already present (parcel %s exists); nothing to do\n", DemoTrackingNumber)
		return &Summary{Skipped: true, DemoTrackingNumber: DemoTrackingNumber}, nil
	}

	g := newGen(opts.Seed, now, out)
	if err := g.accounts(ctx, client); err != nil {
		return nil, fmt.Errorf("seed: accounts: %w", err)
	}
	g.plan()
	err = database.WithTx(ctx, client, func(tx *ent.Tx) error {
		// Another instance may have seeded meanwhile.
		if ok, err := tx.Shipment.Query().Where(shipment.TrackingNumber(DemoTrackingNumber)).Exist(ctx); err != nil || ok {
			if ok {
				return errAlreadySeeded
			}
			return err
		}
		return g.write(ctx, tx)
	})
	if errors.Is(err, errAlreadySeeded) {
		say(out, "seed: demo data already present (parcel %s exists); nothing to do\n", DemoTrackingNumber)
		return &Summary{Skipped: true, DemoTrackingNumber: DemoTrackingNumber}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	if err := support.EnsureDefaultMacros(ctx, client); err != nil {
		return nil, fmt.Errorf("seed: macros: %w", err)
	}
	g.sum.DemoTrackingNumber = DemoTrackingNumber
	g.sum.Elapsed = time.Since(started)
	say(out, "seed: done in %s\n", g.sum.Elapsed.Round(time.Millisecond))
	return g.sum, nil
}

func alreadySeeded(ctx context.Context, client *ent.Client) (bool, error) {
	return client.Shipment.Query().Where(shipment.TrackingNumber(DemoTrackingNumber)).Exist(ctx)
}

// accounts creates the demo sign-ins that do not exist yet. The demo
// customer's record (王芳) comes with its account.
func (g *gen) accounts(ctx context.Context, client *ent.Client) error {
	svc := auth.NewService(client)
	for _, d := range DemoAccounts {
		acc, err := client.Account.Query().Where(account.Email(d.Email)).WithCustomer().Only(ctx)
		switch {
		case ent.IsNotFound(err):
			in := auth.NewAccount{Email: d.Email, Password: d.Password, Role: d.Role, DisplayName: d.DisplayName}
			if d.Role == viewer.RoleCustomer {
				in.Phone = g.demoPhone
			}
			if acc, err = svc.CreateAccount(ctx, in); err != nil {
				return fmt.Errorf("%s: %w", d.Email, err)
			}
			g.sum.Accounts++
		case err != nil:
			return err
		default:
			g.sum.AccountsExisting++
		}
		if d.Role == viewer.RoleAgent && len(acc.Skills) == 0 {
			if acc, err = acc.Update().SetSkills(ticketCategories).Save(ctx); err != nil {
				return err
			}
		}
		g.accountIDs[d.Role] = acc.ID
		if d.Role == viewer.RoleCustomer {
			cust, err := acc.QueryCustomer().Only(ctx)
			if err != nil {
				return fmt.Errorf("%s has no customer record: %w", d.Email, err)
			}
			g.demoCustomerID = cust.ID
		}
	}
	say(g.out, "seed: accounts %d/%d (%d created, %d existed)\n",
		len(DemoAccounts), len(DemoAccounts), g.sum.Accounts, g.sum.AccountsExisting)
	return nil
}

var ticketCategories = []string{"WRONG_ITEM", "MISSING_ITEM", "DAMAGED", "LATE_DELIVERY", "NOT_RECEIVED",
	"BILLING", "QUALITY", "RETURN_REQUEST", "OTHER"}
