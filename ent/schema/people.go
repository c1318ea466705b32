package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Customer is a shopper, registered or a guest known by email.
type Customer struct{ ent.Schema }

func (Customer) Mixin() []ent.Mixin { return []ent.Mixin{withID("cus"), TimeMixin{}} }

func (Customer) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().Annotations(entgql.OrderField("NAME")),
		field.String("email").NotEmpty().Unique().Annotations(entgql.OrderField("EMAIL")),
		field.String("phone").Default(""),
		field.Bool("guest").Default(false),
		field.Int("points_balance").NonNegative().Default(0),
	}
}

func (Customer) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("orders", Order.Type).Annotations(entgql.RelayConnection()),
		edge.To("tickets", Ticket.Type).Annotations(entgql.RelayConnection()),
		edge.From("account", Account.Type).Ref("customer").Unique(),
	}
}

func (Customer) Annotations() []schema.Annotation { return relay() }

// Account is a sign-in identity: a customer or a member of staff.
type Account struct{ ent.Schema }

func (Account) Mixin() []ent.Mixin { return []ent.Mixin{withID("acc"), TimeMixin{}} }

func (Account) Fields() []ent.Field {
	return []ent.Field{
		field.String("email").NotEmpty().Unique().Annotations(entgql.OrderField("EMAIL")),
		field.String("password_hash").Sensitive().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Enum("role").Values("CUSTOMER", "AGENT", "WAREHOUSE", "ADMIN"),
		field.String("display_name").Default(""),
		field.Bool("disabled").Default(false),
		field.Bool("available").Default(true).Comment("agents: taking new tickets"),
		field.Strings("skills").Optional().Comment("agents: ticket categories they handle"),
		field.Time("last_login_at").Optional().Nillable(),
		field.Time("email_verified_at").Optional().Nillable(),
	}
}

func (Account) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("customer", Customer.Type).Unique(),
		edge.To("sessions", Session.Type).Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

func (Account) Annotations() []schema.Annotation { return relay() }

// Session is a signed-in session; only a hash of its token is stored.
type Session struct{ ent.Schema }

func (Session) Mixin() []ent.Mixin { return []ent.Mixin{withID("ses")} }

func (Session) Fields() []ent.Field {
	return []ent.Field{
		field.String("token_hash").NotEmpty().Unique().Sensitive().Immutable(),
		field.String("account_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.Time("created_at").Default(now).Immutable(),
		field.Time("expires_at"),
		field.Time("revoked_at").Optional().Nillable(),
		field.String("user_agent").Default(""),
	}
}

func (Session) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("account", Account.Type).Ref("sessions").Field("account_id").Unique().Required().Immutable(),
	}
}

func (Session) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// EmailToken proves that someone reads an account's mailbox: it verifies
// the email (and so claims earlier guest orders). Only a hash is stored.
type EmailToken struct{ ent.Schema }

func (EmailToken) Mixin() []ent.Mixin { return []ent.Mixin{withID("emt")} }

func (EmailToken) Fields() []ent.Field {
	return []ent.Field{
		field.String("token_hash").NotEmpty().Unique().Sensitive().Immutable(),
		field.String("account_id").GoType(idType).Immutable(),
		field.String("email").NotEmpty().Immutable(),
		field.Time("created_at").Default(now).Immutable(),
		field.Time("expires_at").Immutable(),
		field.Time("used_at").Optional().Nillable(),
	}
}

func (EmailToken) Indexes() []ent.Index {
	return []ent.Index{index.Fields("account_id")}
}

func (EmailToken) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// AuditEntry records one staff change: who, what, which object, before/after.
type AuditEntry struct{ ent.Schema }

func (AuditEntry) Mixin() []ent.Mixin { return []ent.Mixin{withID("aud")} }

func (AuditEntry) Fields() []ent.Field {
	return []ent.Field{
		field.String("actor_id").Default("").Immutable(),
		field.String("actor_email").Default("").Immutable(),
		field.String("action").NotEmpty().Immutable(),
		field.String("object_type").Default("").Immutable(),
		field.String("object_id").Default("").Immutable(),
		field.JSON("before", map[string]any{}).Optional().Immutable().Annotations(entgql.Type("Map")),
		field.JSON("after", map[string]any{}).Optional().Immutable().Annotations(entgql.Type("Map")),
		field.String("request_id").Default("").Immutable(),
		field.Time("occurred_at").Default(now).Immutable().Annotations(entgql.OrderField("OCCURRED_AT")),
	}
}

func (AuditEntry) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("actor_id", "occurred_at"),
		index.Fields("object_type", "object_id"),
		index.Fields("occurred_at"),
	}
}

func (AuditEntry) Annotations() []schema.Annotation { return relay() }
