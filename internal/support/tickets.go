package support

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/orderline"
	"github.com/waybill/waybill/ent/shipment"
	"github.com/waybill/waybill/ent/ticket"
	"github.com/waybill/waybill/ent/ticketevent"
	"github.com/waybill/waybill/ent/ticketmessage"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/s10"
	"github.com/waybill/waybill/internal/viewer"
)

// Limits on free text.
const (
	MaxSubject = 200
	MaxBody    = 5000
	MaxNote    = 2000
	maxLines   = 50
)

// CategoryLabels name the categories in Chinese and English.
var CategoryLabels = map[ticket.Category][2]string{
	ticket.CategoryWRONG_ITEM:     {"发错商品", "Wrong item"},
	ticket.CategoryMISSING_ITEM:   {"少件漏发", "Missing item"},
	ticket.CategoryDAMAGED:        {"商品破损", "Damaged item"},
	ticket.CategoryLATE_DELIVERY:  {"物流延误", "Late delivery"},
	ticket.CategoryNOT_RECEIVED:   {"未收到包裹", "Parcel not received"},
	ticket.CategoryBILLING:        {"付款与账单", "Billing"},
	ticket.CategoryQUALITY:        {"质量问题", "Quality problem"},
	ticket.CategoryRETURN_REQUEST: {"退换货", "Return or exchange"},
	ticket.CategoryOTHER:          {"其他问题", "Other"},
}

// transitions are the legal status changes. RESOLVED is reached only by
// Resolve (a root cause and a note); REOPENED by a reply or a reopen.
var transitions = map[ticket.Status][]ticket.Status{
	ticket.StatusNEW:              {ticket.StatusOPEN, ticket.StatusPENDING_CUSTOMER, ticket.StatusRESOLVED, ticket.StatusCLOSED},
	ticket.StatusOPEN:             {ticket.StatusPENDING_CUSTOMER, ticket.StatusRESOLVED, ticket.StatusCLOSED},
	ticket.StatusPENDING_CUSTOMER: {ticket.StatusOPEN, ticket.StatusRESOLVED, ticket.StatusCLOSED},
	ticket.StatusREOPENED:         {ticket.StatusOPEN, ticket.StatusPENDING_CUSTOMER, ticket.StatusRESOLVED, ticket.StatusCLOSED},
	ticket.StatusRESOLVED:         {ticket.StatusCLOSED, ticket.StatusREOPENED},
	ticket.StatusCLOSED:           {},
}

// CanTransition reports whether a ticket may go from one status to another.
func CanTransition(from, to ticket.Status) bool {
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// AllowedTransitions lists the statuses the viewer may move t to.
func AllowedTransitions(ctx context.Context, t *ent.Ticket) []ticket.Status {
	v := viewer.FromContext(ctx)
	if t.DuplicateOfID != nil {
		return []ticket.Status{}
	}
	out := []ticket.Status{}
	if v.Is(viewer.RoleCustomer) {
		if t.Status == ticket.StatusRESOLVED {
			out = append(out, ticket.StatusCLOSED, ticket.StatusREOPENED)
		}
		return out
	}
	if !auth.Can(v, auth.ServiceTickets) {
		return out
	}
	return append(out, transitions[t.Status]...)
}

// Gate lets customers (for their own tickets, which the privacy policy
// narrows them to) and staff with SERVICE_TICKETS through: UNAUTHENTICATED
// for anonymous callers, FORBIDDEN for other staff.
func Gate(ctx context.Context) error { return gate(ctx) }

func gate(ctx context.Context) error {
	v := viewer.FromContext(ctx)
	if v.Anonymous() {
		return errs.E("support", errs.Unauthenticated, "UNAUTHENTICATED", "Sign in first.")
	}
	if v.Is(viewer.RoleCustomer) {
		return nil
	}
	return auth.Require(ctx, auth.ServiceTickets)
}

func isCustomer(ctx context.Context) bool { return viewer.FromContext(ctx).Is(viewer.RoleCustomer) }

// load reads a ticket as the viewer (customers see only their own), locked
// for the rest of the transaction on PostgreSQL.
func (s *Service) load(ctx context.Context, db *ent.Client, op string, id pulid.ID, field ...string) (*ent.Ticket, error) {
	q := db.Ticket.Query().Where(ticket.ID(id))
	if s.postgres() {
		q = q.ForUpdate()
	}
	t, err := q.Only(ctx)
	if ent.IsNotFound(err) {
		if len(field) == 0 {
			field = []string{"ticketId"}
		}
		return nil, invalid(op, "NOT_FOUND", "No such ticket.", field...)
	}
	return t, err
}

// author is who writes a message as the viewer.
func (s *Service) author(ctx context.Context, db *ent.Client) (ticketmessage.AuthorKind, *pulid.ID, string) {
	v := viewer.FromContext(ctx)
	sys := viewer.SystemContext(ctx)
	switch {
	case v.Is(viewer.RoleCustomer):
		name := ""
		if c, err := db.Customer.Get(sys, v.CustomerID); err == nil {
			name = c.Name
		}
		id := v.AccountID
		return ticketmessage.AuthorKindCUSTOMER, &id, name
	case v.Staff():
		name := v.Email
		if a, err := db.Account.Get(sys, v.AccountID); err == nil && a.DisplayName != "" {
			name = a.DisplayName
		}
		id := v.AccountID
		return ticketmessage.AuthorKindAGENT, &id, name
	default:
		return ticketmessage.AuthorKindSYSTEM, nil, "Waybill"
	}
}

// say adds a message as the viewer.
func (s *Service) say(ctx context.Context, db *ent.Client, t *ent.Ticket, body string, internal bool) (*ent.TicketMessage, error) {
	kind, id, name := s.author(ctx, db)
	return s.write(ctx, db, t, kind, id, name, body, internal)
}

// system adds a message from Waybill itself.
func (s *Service) system(ctx context.Context, db *ent.Client, t *ent.Ticket, body string, internal bool) (*ent.TicketMessage, error) {
	return s.write(ctx, db, t, ticketmessage.AuthorKindSYSTEM, nil, "Waybill", body, internal)
}

func (s *Service) write(ctx context.Context, db *ent.Client, t *ent.Ticket, kind ticketmessage.AuthorKind, author *pulid.ID,
	name, body string, internal bool) (*ent.TicketMessage, error) {
	sys := viewer.SystemContext(ctx)
	now := s.now()
	m, err := db.TicketMessage.Create().SetTicketID(t.ID).SetAuthorKind(kind).SetNillableAuthorID(author).SetAuthorName(name).
		SetBody(body).SetInternal(internal).SetCreatedAt(now).Save(sys)
	if err != nil {
		return nil, err
	}
	if err := db.Ticket.UpdateOneID(t.ID).SetLastMessageAt(now).Exec(sys); err != nil {
		return nil, err
	}
	return m, nil
}

// event records one step of a ticket's history.
func (s *Service) event(ctx context.Context, db *ent.Client, id pulid.ID, kind ticketevent.Kind, from, to, note string) error {
	return db.TicketEvent.Create().SetTicketID(id).SetKind(kind).SetFromValue(from).SetToValue(to).SetNote(note).
		SetActor(actorOf(ctx)).SetCreatedAt(s.now()).Exec(viewer.SystemContext(ctx))
}

// OpenInput opens a ticket.
type OpenInput struct {
	OrderID        *pulid.ID
	ShipmentID     *pulid.ID
	TrackingNumber string // the tracking page's "Contact support"
	OrderLineIDs   []pulid.ID
	Category       ticket.Category
	Subject        string
	Message        string
	// Staff only: the customer on the phone, and a priority of their choosing.
	CustomerID *pulid.ID
	Priority   *ticket.Priority
}

// OpenResult is an opened ticket. Merged: an open ticket of the customer
// for the same order and category already existed; the message was added
// to it instead.
type OpenResult struct {
	Ticket *ent.Ticket
	Merged bool
}

// Open opens a ticket: by a signed-in customer for their own order or
// parcel, or by an agent (SERVICE_TICKETS) for a customer on the phone. The
// priority is derived (DerivePriority), the SLA clock starts, and the
// ticket goes to the least-loaded available agent with the category's skill.
func (s *Service) Open(ctx context.Context, in OpenInput) (*OpenResult, error) {
	const op = "support.Open"
	if err := gate(ctx); err != nil {
		return nil, err
	}
	customer := isCustomer(ctx)
	in.Subject, in.Message, in.TrackingNumber = strings.TrimSpace(in.Subject), strings.TrimSpace(in.Message), s10.Normalize(in.TrackingNumber)
	var problems errs.List
	if ticket.CategoryValidator(in.Category) != nil {
		problems = append(problems, invalid(op, "INVALID_CATEGORY", "Choose a category.", "input", "category"))
	}
	if in.Message == "" {
		problems = append(problems, invalid(op, "REQUIRED", "Describe the problem.", "input", "message"))
	} else if utf8.RuneCountInString(in.Message) > MaxBody {
		problems = append(problems, invalid(op, "TOO_LONG", fmt.Sprintf("At most %d characters.", MaxBody), "input", "message"))
	}
	if utf8.RuneCountInString(in.Subject) > MaxSubject {
		problems = append(problems, invalid(op, "TOO_LONG", fmt.Sprintf("At most %d characters.", MaxSubject), "input", "subject"))
	}
	if len(in.OrderLineIDs) > maxLines {
		problems = append(problems, invalid(op, "TOO_MANY", "Name at most 50 lines.", "input", "orderLineIds"))
	}
	if customer && (in.CustomerID != nil || in.Priority != nil) {
		problems = append(problems, invalid(op, "NOT_ALLOWED", "Only agents choose the customer or the priority.", "input"))
	}
	if in.Priority != nil && ticket.PriorityValidator(*in.Priority) != nil {
		problems = append(problems, invalid(op, "INVALID_PRIORITY", "Choose LOW, NORMAL, HIGH or URGENT.", "input", "priority"))
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	var out *OpenResult
	err := s.tx(ctx, func(ctx context.Context, db *ent.Client) error {
		sys := viewer.SystemContext(ctx)
		v := viewer.FromContext(ctx)
		// The parcel and the order, as the viewer sees them.
		var shp *ent.Shipment
		var o *ent.Order
		var err error
		switch {
		case in.ShipmentID != nil:
			shp, err = db.Shipment.Get(ctx, *in.ShipmentID)
			if ent.IsNotFound(err) {
				return invalid(op, "SHIPMENT_NOT_FOUND", "No such parcel on your orders.", "input", "shipmentId")
			}
		case in.TrackingNumber != "":
			shp, err = db.Shipment.Query().Where(shipment.TrackingNumber(in.TrackingNumber)).Only(ctx)
			if ent.IsNotFound(err) {
				return invalid(op, "SHIPMENT_NOT_FOUND", "No such parcel on your orders.", "input", "trackingNumber")
			}
		}
		if err != nil {
			return err
		}
		if shp != nil && shp.OrderID != nil && in.OrderID != nil && *shp.OrderID != *in.OrderID {
			return invalid(op, "SHIPMENT_NOT_ON_ORDER", "That parcel belongs to another order.", "input", "shipmentId")
		}
		orderID := in.OrderID
		if orderID == nil && shp != nil {
			orderID = shp.OrderID
		}
		if orderID != nil {
			o, err = db.Order.Get(ctx, *orderID)
			if ent.IsNotFound(err) {
				return invalid(op, "ORDER_NOT_FOUND", "No such order of yours.", "input", "orderId")
			}
			if err != nil {
				return err
			}
		}
		if len(in.OrderLineIDs) > 0 {
			if o == nil {
				return invalid(op, "ORDER_REQUIRED", "Name the order the lines are on.", "input", "orderId")
			}
			n, err := db.OrderLine.Query().Where(orderline.OrderID(o.ID), orderline.IDIn(in.OrderLineIDs...)).Count(sys)
			if err != nil {
				return err
			}
			if n != len(dedupeIDs(in.OrderLineIDs)) {
				return invalid(op, "UNKNOWN_LINE", "A line is not on this order.", "input", "orderLineIds")
			}
		}
		// The customer.
		var cust *pulid.ID
		switch {
		case customer:
			id := v.CustomerID
			cust = &id
		case in.CustomerID != nil:
			if _, err := db.Customer.Get(sys, *in.CustomerID); ent.IsNotFound(err) {
				return invalid(op, "CUSTOMER_NOT_FOUND", "No such customer.", "input", "customerId")
			} else if err != nil {
				return err
			}
			if o != nil && o.CustomerID != nil && *o.CustomerID != *in.CustomerID {
				return invalid(op, "ORDER_OF_ANOTHER_CUSTOMER", "That order belongs to another customer.", "input", "orderId")
			}
			cust = in.CustomerID
		case o != nil:
			cust = o.CustomerID
		}
		if cust == nil && o == nil && !v.System() {
			return invalid(op, "CUSTOMER_REQUIRED", "Name the customer or the order.", "input", "customerId")
		}
		// A duplicate: the customer's open ticket about the same order and
		// category. Two requests at once (a double tap) are serialized per
		// order on PostgreSQL; SQLite's one writer already serializes them.
		if o != nil {
			if s.postgres() {
				if _, err := db.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext($1))`, "ticket:"+string(o.ID)); err != nil {
					return err
				}
			}
			q := db.Ticket.Query().Where(ticket.OrderID(o.ID), ticket.CategoryEQ(in.Category),
				ticket.StatusIn(activeStatuses...), ticket.DuplicateOfIDIsNil())
			if cust != nil {
				q = q.Where(ticket.CustomerID(*cust))
			}
			dup, err := q.Order(ent.Asc(ticket.FieldCreatedAt)).First(sys)
			if err != nil && !ent.IsNotFound(err) {
				return err
			}
			if dup != nil {
				body := in.Message
				if in.Subject != "" && in.Subject != dup.Subject {
					body = in.Subject + "\n\n" + body
				}
				if _, err := s.say(ctx, db, dup, body, !customer); err != nil {
					return err
				}
				if dup.Status == ticket.StatusPENDING_CUSTOMER && customer {
					if dup, err = s.transition(ctx, db, dup, ticket.StatusOPEN, "the customer wrote again"); err != nil {
						return err
					}
				}
				if err := s.event(ctx, db, dup.ID, ticketevent.KindMERGED, "", string(dup.ID),
					"同一订单同类问题的新请求已并入本工单 A new request about the same order and problem was added here"); err != nil {
					return err
				}
				if dup, err = db.Ticket.Get(sys, dup.ID); err != nil {
					return err
				}
				out = &OpenResult{Ticket: dup, Merged: true}
				return s.ticketChanged(ctx, dup.ID)
			}
		}
		nt := newTicket{Category: in.Category, Subject: in.Subject, Source: ticket.SourceCUSTOMER, Customer: cust,
			Order: o, Shipment: shp, Lines: dedupeIDs(in.OrderLineIDs), Priority: in.Priority, Message: in.Message}
		if !customer {
			// An agent on the phone: the call was the first answer.
			id := v.AccountID
			nt.Source, nt.Responded, nt.Status, nt.OpenedBy = ticket.SourceAGENT, true, ticket.StatusOPEN, &id
			nt.Message = "电话记录 Phone call: " + in.Message
			nt.Internal = true
		}
		t, err := s.create(ctx, db, nt)
		if err != nil {
			return err
		}
		out = &OpenResult{Ticket: t}
		return nil
	})
	if err != nil {
		return nil, finish(op, err)
	}
	return out, nil
}

// newTicket is what create needs.
type newTicket struct {
	Category     ticket.Category
	Subject      string
	Source       ticket.Source
	Status       ticket.Status // default NEW
	Customer     *pulid.ID
	Order        *ent.Order
	Shipment     *ent.Shipment
	Lines        []pulid.ID
	Priority     *ticket.Priority // instead of the derived one
	Message      string
	Internal     bool // the first message is an internal note
	BySystem     bool // the first message is Waybill's
	Responded    bool // the customer already had a first answer
	OpenedBy     *pulid.ID
	Draft        string
	ProactiveKey *string
}

// create writes a new ticket with its first message, SLA deadlines and
// owner, and announces it.
func (s *Service) create(ctx context.Context, db *ent.Client, nt newTicket) (*ent.Ticket, error) {
	sys := viewer.SystemContext(ctx)
	now := s.now()
	facts, err := s.factsFor(sys, db, nt.Category, nt.Customer, nt.Order, nt.Shipment)
	if err != nil {
		return nil, err
	}
	prio, reasons := DerivePriority(facts)
	if nt.Priority != nil {
		reasons = append(reasons, fmt.Sprintf("MANUAL %s (derived %s)", *nt.Priority, prio))
		prio = *nt.Priority
	}
	ps, err := s.policies(sys, db)
	if err != nil {
		return nil, err
	}
	first, resolution := s.dues(ps[prio], now, nt.Responded)
	if nt.Status == "" {
		nt.Status = ticket.StatusNEW
	}
	var responded *time.Time
	if nt.Responded {
		responded = &now
	}
	number, err := s.number(sys, db)
	if err != nil {
		return nil, err
	}
	subject := nt.Subject
	if subject == "" {
		l := CategoryLabels[nt.Category]
		subject = l[0] + " " + l[1]
		if nt.Order != nil {
			subject += " · " + nt.Order.Number
		}
	}
	c := db.Ticket.Create().SetNumber(number).SetSubject(subject).SetCategory(nt.Category).SetPriority(prio).
		SetStatus(nt.Status).SetSource(nt.Source).SetNillableCustomerID(nt.Customer).SetNillableOpenedByID(nt.OpenedBy).
		SetNillableFirstResponseDueAt(first).SetResolutionDueAt(resolution).SetNillableFirstRespondedAt(responded).
		SetNillableSLADueAt(nextDue(nt.Status, responded, first, &resolution)).SetPriorityReasons(reasons).
		SetDraftReply(nt.Draft).SetNillableProactiveKey(nt.ProactiveKey).SetCreatedAt(now).SetUpdatedAt(now)
	if nt.Order != nil {
		c.SetOrderID(nt.Order.ID)
	}
	if nt.Shipment != nil {
		c.SetShipmentID(nt.Shipment.ID)
	}
	if len(nt.Lines) > 0 {
		ls := make([]string, len(nt.Lines))
		for i, l := range nt.Lines {
			ls[i] = string(l)
		}
		c.SetOrderLineIds(ls)
	}
	t, err := c.Save(sys)
	if err != nil {
		return nil, err
	}
	if err := s.event(ctx, db, t.ID, ticketevent.KindCREATED, "", string(t.Status),
		fmt.Sprintf("%s · %s · %s", t.Source, t.Category, strings.Join(reasons, "; "))); err != nil {
		return nil, err
	}
	if nt.Message != "" {
		if nt.BySystem {
			_, err = s.system(ctx, db, t, nt.Message, nt.Internal)
		} else {
			_, err = s.say(ctx, db, t, nt.Message, nt.Internal)
		}
		if err != nil {
			return nil, err
		}
	}
	if _, err := s.autoAssign(ctx, db, t); err != nil {
		return nil, err
	}
	if t, err = db.Ticket.Get(sys, t.ID); err != nil {
		return nil, err
	}
	return t, s.ticketChanged(ctx, t.ID)
}

// number returns a fresh ticket number: TK-yymmdd-nnnnn (China time).
func (s *Service) number(ctx context.Context, db *ent.Client) (string, error) {
	day := s.now().In(cst).Format("060102")
	for i := 0; ; i++ {
		n := "TK-" + day + "-" + randomDigits(5+i/4)
		exists, err := db.Ticket.Query().Where(ticket.Number(n)).Exist(ctx)
		if err != nil || !exists {
			return n, err
		}
	}
}

func dedupeIDs(ids []pulid.ID) []pulid.ID {
	seen := map[pulid.ID]bool{}
	out := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
