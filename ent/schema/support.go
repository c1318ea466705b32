package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Ticket is a customer-service case.
type Ticket struct{ ent.Schema }

func (Ticket) Mixin() []ent.Mixin { return []ent.Mixin{withID("tkt"), TimeMixin{}} }

func (Ticket) Fields() []ent.Field {
	return []ent.Field{
		field.String("number").NotEmpty().Unique().Immutable().Annotations(entgql.OrderField("NUMBER")),
		field.String("subject").NotEmpty(),
		field.Enum("category").Values("WRONG_ITEM", "MISSING_ITEM", "DAMAGED", "LATE_DELIVERY", "NOT_RECEIVED",
			"BILLING", "QUALITY", "RETURN_REQUEST", "OTHER"),
		field.Enum("priority").Values("LOW", "NORMAL", "HIGH", "URGENT").Default("NORMAL").Annotations(entgql.OrderField("PRIORITY")),
		field.Enum("status").Values("NEW", "OPEN", "PENDING_CUSTOMER", "RESOLVED", "CLOSED", "REOPENED").Default("NEW").Annotations(entgql.OrderField("STATUS")),
		field.Enum("source").Values("CUSTOMER", "AGENT", "PROACTIVE").Default("CUSTOMER"),
		field.String("customer_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable(),
		field.String("order_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable(),
		field.String("shipment_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable(),
		field.String("assignee_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable(),
		field.Time("first_response_due_at").Optional().Nillable(),
		field.Time("resolution_due_at").Optional().Nillable().Annotations(entgql.OrderField("RESOLUTION_DUE_AT")),
		field.Time("first_responded_at").Optional().Nillable(),
		field.Time("resolved_at").Optional().Nillable(),
		field.Bool("sla_breached").Default(false),
		field.Enum("root_cause").Values("INVENTORY_ERROR", "PICKING_ERROR", "PACKING_DAMAGE", "CARRIER_DELAY",
			"ADDRESS_ERROR", "PAYMENT_ISSUE", "PRODUCT_DEFECT", "CUSTOMER_CHANGED_MIND", "OTHER").Optional().Nillable(),
		field.Text("resolution_note").Default(""),
	}
}

func (Ticket) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("customer", Customer.Type).Ref("tickets").Field("customer_id").Unique(),
		edge.From("order", Order.Type).Ref("tickets").Field("order_id").Unique(),
		edge.To("shipment", Shipment.Type).Field("shipment_id").Unique(),
		edge.To("assignee", Account.Type).Field("assignee_id").Unique(),
		edge.To("messages", TicketMessage.Type),
	}
}

func (Ticket) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("status", "resolution_due_at"),
		index.Fields("assignee_id", "status"),
		index.Fields("order_id", "category"),
		index.Fields("customer_id"),
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
		field.Enum("status").Values("REQUESTED", "APPROVED", "REJECTED", "PICKUP_SCHEDULED", "RECEIVED",
			"INSPECTED", "REFUNDED", "EXCHANGED", "CLOSED").Default("REQUESTED"),
		field.Enum("resolution").Values("REFUND", "EXCHANGE").Default("REFUND"),
		field.String("reason").NotEmpty(),
		field.String("return_shipment_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable(),
		field.Int64("refund_amount").Default(0),
		currency(),
	}
}

func (ReturnRequest) Indexes() []ent.Index {
	return []ent.Index{index.Fields("order_id"), index.Fields("status")}
}

func (ReturnRequest) Annotations() []schema.Annotation { return relay() }

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
	return []ent.Index{index.Fields("kind", "subject_id").Unique()}
}

func (SurveyResponse) Annotations() []schema.Annotation { return relay() }
