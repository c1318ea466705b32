// Package schema declares Waybill's data model for ent. Files here only
// declare fields, edges, indexes and GraphQL annotations; privacy rules live in
// internal/policy and business rules in the other internal/ packages.
package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"

	"github.com/waybill/waybill/internal/pulid"
)

// IDMixin gives a type a prefixed ULID primary key.
type IDMixin struct {
	mixin.Schema
	prefix string
}

// withID returns the ID mixin for a type prefix; each prefix is declared once.
func withID(prefix string) IDMixin { return IDMixin{prefix: prefix} }

// Fields implements ent.Mixin.
func (m IDMixin) Fields() []ent.Field {
	return []ent.Field{
		field.String("id").
			GoType(pulid.ID("")).
			DefaultFunc(func() pulid.ID { return pulid.New(m.prefix) }).
			Immutable(),
	}
}

// Annotations records the prefix for the generated IDToType.
func (m IDMixin) Annotations() []schema.Annotation {
	return []schema.Annotation{PrefixAnnotation{Prefix: m.prefix}}
}

// PrefixAnnotation carries a type's ID prefix into code generation.
type PrefixAnnotation struct{ Prefix string }

// Name implements schema.Annotation.
func (PrefixAnnotation) Name() string { return "PULID" }

// now is the default for time fields: Waybill stores UTC only.
func now() time.Time { return time.Now().UTC() }

// TimeMixin adds creation and update times.
type TimeMixin struct{ mixin.Schema }

// Fields implements ent.Mixin.
func (TimeMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").Default(now).Immutable().
			Annotations(entgql.OrderField("CREATED_AT")),
		field.Time("updated_at").Default(now).UpdateDefault(now).
			Annotations(entgql.OrderField("UPDATED_AT")),
	}
}

// relay is the annotation set for a type with a top-level Relay connection.
func relay(extra ...schema.Annotation) []schema.Annotation {
	return append([]schema.Annotation{entgql.QueryField(), entgql.RelayConnection(), entgql.MultiOrder()}, extra...)
}

// currency declares an ISO 4217 code.
func currency() ent.Field {
	return field.String("currency").MaxLen(3).MinLen(3).Default("CNY")
}
