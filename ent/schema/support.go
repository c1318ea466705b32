package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// The customer-service model: tickets with their conversation, returns
// (RMA) and surveys here; SLA policies, ticket events, remedies, follow-ups,
// macros and attachments in support_more.go. The rules are in
// internal/support.

// TicketCategories are what a complaint is about; agents' skills name them.
var TicketCategories = []string{"WRONG_ITEM", "MISSING_ITEM", "DAMAGED", "LATE_DELIVERY", "NOT_RECEIVED",
	"BILLING", "QUALITY", "RETURN_REQUEST", "OTHER"}

// TicketPriorities, lowest first.
var TicketPriorities = []string{"LOW", "NORMAL", "HIGH", "URGENT"}

// RootCauses are why a problem happened; resolving a ticket requires one.
var RootCauses = []string{"INVENTORY_ERROR", "PICKING_ERROR", "PACKING_DAMAGE", "CARRIER_DELAY",
	"ADDRESS_ERROR", "PAYMENT_ISSUE", "PRODUCT_DEFECT", "CUSTOMER_CHANGED_MIND", "OTHER"}

// Ticket is a customer-service case.
type Ticket struct{ ent.Schema }

func (Ticket) Mixin() []ent.Mixin { return []ent.Mixin{withID("tkt"), TimeMixin{}} }

func (Ticket) Fields() []ent.Field {
	staffOnly := entgql.Skip(entgql.SkipAll) // exposed by resolvers that check the viewer
	return []ent.Field{
		field.String("number").NotEmpty().Unique().Immutable().Annotations(entgql.OrderField("NUMBER")),
		field.String("subject").NotEmpty(),
		field.Enum("category").Values(TicketCategories...).Annotations(entgql.OrderField("CATEGORY")),
		field.Enum("priority").Values(TicketPriorities...).Default("NORMAL").Annotations(entgql.OrderField("PRIORITY")),
		field.Enum("status").Values("NEW", "OPEN", "PENDING_CUSTOMER", "RESOLVED", "CLOSED", "REOPENED").Default("NEW").Annotations(entgql.OrderField("STATUS")),
		field.Enum("source").Values("CUSTOMER", "AGENT", "PROACTIVE").Default("CUSTOMER"),
		field.String("customer_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable(),
		field.String("order_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable(),
		field.String("shipment_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable(),
		field.Strings("order_line_ids").Optional().Comment("the lines the complaint is about, when it names some"),
		field.String("assignee_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable(),
		field.String("opened_by_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable().Immutable().
			Comment("the agent who opened it for the customer (a phone call)"),
		field.Time("first_response_due_at").Optional().Nillable(),
		field.Time("resolution_due_at").Optional().Nillable().Annotations(entgql.OrderField("RESOLUTION_DUE_AT")),
		field.Time("sla_due_at").Optional().Nillable().Annotations(entgql.OrderField("SLA_DUE_AT")).
			Comment("the next SLA deadline: first response until answered, then resolution; null when resolved, closed or waiting for the customer"),
		field.Time("sla_paused_at").Optional().Nillable().Comment("set while waiting for the customer; the resolution clock stops"),
		field.Time("first_responded_at").Optional().Nillable(),
		field.Time("resolved_at").Optional().Nillable(),
		field.Time("closed_at").Optional().Nillable(),
		field.Time("last_message_at").Optional().Nillable().Annotations(entgql.OrderField("LAST_MESSAGE_AT")),
		field.Bool("sla_breached").Default(false),
		field.Bool("first_response_breached").Default(false),
		field.Bool("resolution_breached").Default(false),
		field.Int("escalation_level").NonNegative().Default(0).Comment("how many times a breach escalated it"),
		field.Int("reopen_count").NonNegative().Default(0),
		field.Enum("root_cause").Values(RootCauses...).Optional().Nillable(),
		field.Text("resolution_note").Default(""),
		field.String("duplicate_of_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable().
			Comment("merged into that ticket"),
		field.Strings("priority_reasons").Optional().Annotations(staffOnly),
		field.Text("draft_reply").Default("").Annotations(staffOnly).Comment("a reply prepared for the agent (proactive tickets)"),
		field.String("proactive_key").Optional().Nillable().Unique().Annotations(staffOnly).
			Comment("the parcel a proactive ticket is about: one per parcel, enforced by the database"),
	}
}

func (Ticket) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("customer", Customer.Type).Ref("tickets").Field("customer_id").Unique(),
		edge.From("order", Order.Type).Ref("tickets").Field("order_id").Unique(),
		edge.To("shipment", Shipment.Type).Field("shipment_id").Unique(),
		edge.To("assignee", Account.Type).Field("assignee_id").Unique(),
		edge.To("messages", TicketMessage.Type),
		edge.To("duplicates", Ticket.Type).From("duplicate_of").Field("duplicate_of_id").Unique(),
		edge.To("events", TicketEvent.Type),
		edge.To("remedies", TicketRemedy.Type),
		edge.To("follow_ups", FollowUp.Type),
		edge.To("attachments", TicketAttachment.Type),
		edge.To("returns", ReturnRequest.Type),
	}
}

func (Ticket) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("status", "resolution_due_at"),
		index.Fields("status", "sla_due_at"),
		index.Fields("assignee_id", "status"),
		index.Fields("order_id", "category"),
		index.Fields("customer_id"),
		index.Fields("created_at"),
	}
}

func (Ticket) Annotations() []schema.Annotation { return relay() }

// TicketMessage is one message of a ticket's conversation or an internal note.
type TicketMessage struct{ ent.Schema }

func (TicketMessage) Mixin() []ent.Mixin { return []ent.Mixin{withID("tkm")} }

func (TicketMessage) Fields() []ent.Field {
	return []ent.Field{
		field.String("ticket_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.String("author_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable().Immutable(),
		field.Enum("author_kind").Values("CUSTOMER", "AGENT", "SYSTEM").Immutable(),
		field.String("author_name").Default("").Immutable().Comment("shown beside the message"),
		field.Text("body").NotEmpty().Immutable(),
		field.Bool("internal").Default(false).Immutable().Comment("an agent note, never shown to the customer"),
		field.Time("created_at").Default(now).Immutable(),
	}
}

func (TicketMessage) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("ticket", Ticket.Type).Ref("messages").Field("ticket_id").Unique().Required().Immutable(),
	}
}

func (TicketMessage) Indexes() []ent.Index {
	return []ent.Index{index.Fields("ticket_id", "created_at")}
}

// ReturnRequest is a return or exchange (RMA).
type ReturnRequest struct{ ent.Schema }

func (ReturnRequest) Mixin() []ent.Mixin { return []ent.Mixin{withID("rma"), TimeMixin{}} }

func (ReturnRequest) Fields() []ent.Field {
	return []ent.Field{
		field.String("number").NotEmpty().Unique().Immutable(),
		field.String("order_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.String("customer_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable(),
		field.String("ticket_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable(),
		field.Enum("status").Values("REQUESTED", "APPROVED", "REJECTED", "PICKUP_SCHEDULED", "RECEIVED",
			"INSPECTED", "REFUNDED", "EXCHANGED", "CLOSED", "CANCELLED").Default("REQUESTED"),
		field.Enum("resolution").Values("REFUND", "EXCHANGE").Default("REFUND"),
		field.String("reason").NotEmpty(),
		field.Text("decision_note").Default("").Comment("why it was approved or rejected"),
		field.String("warehouse_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable().
			Comment("where the goods go back to"),
		field.String("return_shipment_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable(),
		field.String("exchange_order_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable(),
		field.Int64("refund_amount").Default(0).Comment("what the returned lines are worth; refunded on completion"),
		field.Int64("refunded_amount").Default(0),
		currency(),
		field.Time("approved_at").Optional().Nillable(),
		field.Time("rejected_at").Optional().Nillable(),
		field.Time("pickup_scheduled_at").Optional().Nillable(),
		field.Time("received_at").Optional().Nillable(),
		field.Time("inspected_at").Optional().Nillable(),
		field.Time("completed_at").Optional().Nillable(),
	}
}

func (ReturnRequest) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("order", Order.Type).Field("order_id").Unique().Required().Immutable(),
		edge.From("ticket", Ticket.Type).Ref("returns").Field("ticket_id").Unique(),
		edge.To("lines", ReturnLine.Type),
		edge.To("return_shipment", Shipment.Type).Field("return_shipment_id").Unique(),
		edge.To("exchange_order", Order.Type).Field("exchange_order_id").Unique(),
	}
}

func (ReturnRequest) Indexes() []ent.Index {
	return []ent.Index{index.Fields("order_id"), index.Fields("status"), index.Fields("customer_id")}
}

func (ReturnRequest) Annotations() []schema.Annotation { return relay() }

// ReturnLine is a quantity of one order line in a return, and what
// inspection made of it.
type ReturnLine struct{ ent.Schema }

func (ReturnLine) Mixin() []ent.Mixin { return []ent.Mixin{withID("rml")} }

func (ReturnLine) Fields() []ent.Field {
	return []ent.Field{
		field.String("return_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.String("order_line_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.String("product_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.String("customer_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable().Immutable(),
		field.String("sku").NotEmpty().Immutable(),
		field.String("name").Default("").Immutable(),
		field.Int("quantity").Positive().Immutable(),
		field.Int64("refund_amount").Default(0).Immutable().Comment("the paid price of these units"),
		field.Int("restocked_quantity").NonNegative().Default(0),
		field.Int("written_off_quantity").NonNegative().Default(0),
		field.String("inspection_note").Default(""),
	}
}

func (ReturnLine) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("return_request", ReturnRequest.Type).Ref("lines").Field("return_id").Unique().Required().Immutable(),
		edge.To("order_line", OrderLine.Type).Field("order_line_id").Unique().Required().Immutable(),
	}
}

func (ReturnLine) Indexes() []ent.Index {
	return []ent.Index{index.Fields("return_id"), index.Fields("order_line_id")}
}

// SurveyResponse is a CSAT (and optional NPS) answer.
type SurveyResponse struct{ ent.Schema }

func (SurveyResponse) Mixin() []ent.Mixin { return []ent.Mixin{withID("srv")} }

func (SurveyResponse) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("kind").Values("TICKET", "DELIVERY").Immutable(),
		field.String("subject_id").NotEmpty().Immutable().Comment("the ticket or order answered about"),
		field.String("customer_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable().Immutable(),
		field.Int("score").Range(1, 5).Immutable(),
		field.Int("nps").Range(0, 10).Optional().Nillable().Immutable(),
		field.Text("comment").Default("").Immutable(),
		field.Time("created_at").Default(now).Immutable().Annotations(entgql.OrderField("CREATED_AT")),
	}
}

func (SurveyResponse) Indexes() []ent.Index {
	return []ent.Index{index.Fields("kind", "subject_id").Unique(), index.Fields("created_at")}
}

func (SurveyResponse) Annotations() []schema.Annotation { return relay() }
