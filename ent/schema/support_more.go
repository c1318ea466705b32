package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// SlaPolicy is the service level of one ticket priority: how soon the first
// answer and the resolution are due. Without a row the built-in targets of
// internal/support apply.
type SlaPolicy struct{ ent.Schema }

func (SlaPolicy) Mixin() []ent.Mixin { return []ent.Mixin{withID("sla"), TimeMixin{}} }

func (SlaPolicy) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("priority").Values(TicketPriorities...),
		field.Int("first_response_minutes").Positive(),
		field.Int("resolution_minutes").Positive(),
		field.Bool("business_hours").Default(true).Comment("count only business hours (else around the clock)"),
	}
}

func (SlaPolicy) Indexes() []ent.Index { return []ent.Index{index.Fields("priority").Unique()} }

// TicketEvent is one step of a ticket's history: created, status, priority,
// assignment, SLA breach, merge, remedy, follow-up.
type TicketEvent struct{ ent.Schema }

func (TicketEvent) Mixin() []ent.Mixin { return []ent.Mixin{withID("tke")} }

func (TicketEvent) Fields() []ent.Field {
	return []ent.Field{
		field.String("ticket_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.Enum("kind").Values("CREATED", "STATUS_CHANGED", "PRIORITY_CHANGED", "ASSIGNED", "SLA_BREACHED",
			"MERGED", "REMEDY", "FOLLOW_UP", "ATTACHMENT", "PROACTIVE_ALERT").Immutable(),
		field.String("from_value").Default("").Immutable(),
		field.String("to_value").Default("").Immutable(),
		field.Text("note").Default("").Immutable(),
		field.String("actor").Default("").Immutable().Comment("account id or 'system'"),
		field.Time("created_at").Default(now).Immutable().Annotations(entgql.OrderField("CREATED_AT")),
	}
}

func (TicketEvent) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("ticket", Ticket.Type).Ref("events").Field("ticket_id").Unique().Required().Immutable(),
	}
}

func (TicketEvent) Indexes() []ent.Index {
	return []ent.Index{index.Fields("ticket_id", "created_at"), index.Fields("kind", "created_at")}
}

// TicketRemedy records a remedy given from a ticket: a coupon, a reship, a
// refund or a return.
type TicketRemedy struct{ ent.Schema }

func (TicketRemedy) Mixin() []ent.Mixin { return []ent.Mixin{withID("tkr")} }

func (TicketRemedy) Fields() []ent.Field {
	return []ent.Field{
		field.String("ticket_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.Enum("kind").Values("COUPON", "RESHIP", "REFUND", "RETURN").Immutable(),
		field.Int64("amount").Default(0).Immutable().Comment("refund or coupon value in minor units"),
		currency(),
		field.String("coupon_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable().Immutable(),
		field.String("order_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable().Immutable().
			Comment("the reship order, or the refunded order"),
		field.String("return_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable().Immutable(),
		field.Text("note").Default("").Immutable(),
		field.String("actor").Default("").Immutable(),
		field.Time("created_at").Default(now).Immutable(),
	}
}

func (TicketRemedy) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("ticket", Ticket.Type).Ref("remedies").Field("ticket_id").Unique().Required().Immutable(),
		edge.To("coupon", Coupon.Type).Field("coupon_id").Unique().Immutable(),
		edge.To("order", Order.Type).Field("order_id").Unique().Immutable(),
		edge.To("return_request", ReturnRequest.Type).Field("return_id").Unique().Immutable(),
	}
}

func (TicketRemedy) Indexes() []ent.Index { return []ent.Index{index.Fields("ticket_id")} }

// FollowUp is a task on a ticket: call the customer back on a date.
type FollowUp struct{ ent.Schema }

func (FollowUp) Mixin() []ent.Mixin { return []ent.Mixin{withID("fup"), TimeMixin{}} }

func (FollowUp) Fields() []ent.Field {
	return []ent.Field{
		field.String("ticket_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.String("assignee_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable(),
		field.Time("due_at").Annotations(entgql.OrderField("DUE_AT")),
		field.Text("note").NotEmpty(),
		field.Enum("status").Values("OPEN", "DONE", "CANCELLED").Default("OPEN").Annotations(entgql.OrderField("STATUS")),
		field.Time("reminded_at").Optional().Nillable().Comment("when the reminder went out"),
		field.Time("done_at").Optional().Nillable(),
		field.Text("outcome").Default(""),
		field.String("created_by").Default("").Immutable(),
	}
}

func (FollowUp) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("ticket", Ticket.Type).Ref("follow_ups").Field("ticket_id").Unique().Required().Immutable(),
		edge.To("assignee", Account.Type).Field("assignee_id").Unique(),
	}
}

func (FollowUp) Indexes() []ent.Index {
	return []ent.Index{index.Fields("status", "due_at"), index.Fields("ticket_id")}
}

func (FollowUp) Annotations() []schema.Annotation { return relay() }

// Macro is a canned reply / knowledge-base article for a ticket category,
// in Chinese and English, with {{placeholders}} filled from the order.
type Macro struct{ ent.Schema }

func (Macro) Mixin() []ent.Mixin { return []ent.Mixin{withID("mac"), TimeMixin{}} }

func (Macro) Fields() []ent.Field {
	return []ent.Field{
		field.String("key").NotEmpty().Unique().Immutable().Comment("stable name, e.g. late-apology"),
		field.Enum("category").Values(append([]string{"ANY"}, TicketCategories...)...).Annotations(entgql.OrderField("CATEGORY")),
		field.Enum("kind").Values("REPLY", "ARTICLE").Default("REPLY"),
		field.String("title_zh").NotEmpty(),
		field.String("title_en").NotEmpty(),
		field.Text("body_zh").NotEmpty(),
		field.Text("body_en").NotEmpty(),
		field.Bool("active").Default(true),
		field.Int("position").Default(0).Annotations(entgql.OrderField("POSITION")),
	}
}

func (Macro) Indexes() []ent.Index { return []ent.Index{index.Fields("category", "active")} }

func (Macro) Annotations() []schema.Annotation { return relay() }

// TicketAttachment is a photo on a ticket. The bytes are in AttachmentBlob
// and served by /attachments/{id} to those who may see the ticket.
type TicketAttachment struct{ ent.Schema }

func (TicketAttachment) Mixin() []ent.Mixin { return []ent.Mixin{withID("att")} }

func (TicketAttachment) Fields() []ent.Field {
	return []ent.Field{
		field.String("ticket_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.String("customer_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable().Immutable(),
		field.String("message_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable(),
		field.String("filename").NotEmpty().MaxLen(200).Immutable(),
		field.String("content_type").NotEmpty().Immutable(),
		field.Int("size_bytes").Positive().Immutable(),
		field.Int("width").NonNegative().Default(0).Immutable(),
		field.Int("height").NonNegative().Default(0).Immutable(),
		field.String("sha256").NotEmpty().Immutable(),
		field.String("uploaded_by").Default("").Immutable(),
		field.Time("created_at").Default(now).Immutable(),
	}
}

func (TicketAttachment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("ticket", Ticket.Type).Ref("attachments").Field("ticket_id").Unique().Required().Immutable(),
		edge.To("blob", AttachmentBlob.Type).Unique().Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

func (TicketAttachment) Indexes() []ent.Index { return []ent.Index{index.Fields("ticket_id")} }

// AttachmentBlob holds an attachment's bytes, apart from its metadata so
// that listing attachments never reads them.
type AttachmentBlob struct{ ent.Schema }

func (AttachmentBlob) Mixin() []ent.Mixin { return []ent.Mixin{withID("atb")} }

func (AttachmentBlob) Fields() []ent.Field {
	return []ent.Field{
		field.Bytes("data").Immutable().Sensitive(),
	}
}

func (AttachmentBlob) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("attachment", TicketAttachment.Type).Ref("blob").Unique().Required().Immutable(),
	}
}

func (AttachmentBlob) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
