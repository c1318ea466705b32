package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// OpsAlertKinds are the reasons a parcel needs a person's attention.
var OpsAlertKinds = []string{"LATE", "EXCEPTION", "EXPIRED"}

// CarrierStatusMapping maps one raw carrier event code to the normalized
// status model. Codes a carrier has no row for fall back to Waybill's
// built-in table (internal/tracking), then to a status that never rolls the
// parcel back.
type CarrierStatusMapping struct{ ent.Schema }

func (CarrierStatusMapping) Mixin() []ent.Mixin { return []ent.Mixin{withID("csm"), TimeMixin{}} }

func (CarrierStatusMapping) Fields() []ent.Field {
	return []ent.Field{
		field.String("carrier_id").GoType(idType).Annotations(entgql.Type("ID")),
		field.String("code").NotEmpty().MaxLen(64).Annotations(entgql.OrderField("CODE")),
		field.Enum("status").Values(TrackingStatuses...),
		field.String("sub_status").Default(""),
		field.String("description").Default(""),
	}
}

func (CarrierStatusMapping) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("carrier", Carrier.Type).Field("carrier_id").Unique().Required(),
	}
}

func (CarrierStatusMapping) Indexes() []ent.Index {
	return []ent.Index{index.Fields("carrier_id", "code").Unique()}
}

func (CarrierStatusMapping) Annotations() []schema.Annotation { return relay() }

// OpsAlert tells staff that a parcel is late, hit an exception or went
// silent. There is at most one alert per parcel and kind.
type OpsAlert struct{ ent.Schema }

func (OpsAlert) Mixin() []ent.Mixin { return []ent.Mixin{withID("alr")} }

func (OpsAlert) Fields() []ent.Field {
	return []ent.Field{
		field.String("shipment_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.String("tracking_number").Immutable(),
		field.Enum("kind").Values(OpsAlertKinds...).Immutable(),
		field.String("message").Default("").Immutable(),
		// seq orders alerts in commit order (taken under a transaction-scoped
		// lock) so opsAlerts(after:) resumes without a gap.
		field.Int64("seq").Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Time("created_at").Default(now).Immutable().Annotations(entgql.OrderField("CREATED_AT")),
	}
}

func (OpsAlert) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("shipment", Shipment.Type).Field("shipment_id").Unique().Required().Immutable(),
	}
}

func (OpsAlert) Indexes() []ent.Index {
	return []ent.Index{index.Fields("shipment_id", "kind").Unique(), index.Fields("seq")}
}

func (OpsAlert) Annotations() []schema.Annotation { return relay() }
