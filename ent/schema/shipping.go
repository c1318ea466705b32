package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// TrackingStatuses is the normalized parcel status model (after AfterShip's).
var TrackingStatuses = []string{"PENDING", "INFO_RECEIVED", "IN_TRANSIT", "OUT_FOR_DELIVERY", "ATTEMPT_FAIL",
	"DELIVERED", "AVAILABLE_FOR_PICKUP", "EXCEPTION", "EXPIRED"}

// ServiceLevels are the carrier services a parcel can ship with.
var ServiceLevels = []string{"ECONOMY", "STANDARD", "EXPRESS", "NEXT_DAY"}

// Carrier moves parcels; it posts signed webhooks.
type Carrier struct{ ent.Schema }

func (Carrier) Mixin() []ent.Mixin { return []ent.Mixin{withID("car"), TimeMixin{}} }

func (Carrier) Fields() []ent.Field {
	return []ent.Field{
		field.String("code").NotEmpty().Unique().Annotations(entgql.OrderField("CODE")),
		field.String("name").NotEmpty(),
		field.String("name_zh").Default(""),
		field.String("webhook_secret").Sensitive().Default("").Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("tracking_prefix").Default("").Comment("two letters of S10 numbers it issues"),
		field.Bool("active").Default(true),
	}
}

func (Carrier) Edges() []ent.Edge {
	return []ent.Edge{edge.To("tokens", CarrierToken.Type).Annotations(entgql.Skip(entgql.SkipAll))}
}

func (Carrier) Annotations() []schema.Annotation { return relay() }

// CarrierToken lets a carrier's own systems call the API (recordScan,
// reportPosition) for that carrier's parcels only. Only a hash of the
// secret is stored; the secret is shown once, when the token is created.
type CarrierToken struct{ ent.Schema }

func (CarrierToken) Mixin() []ent.Mixin { return []ent.Mixin{withID("ctk"), TimeMixin{}} }

func (CarrierToken) Fields() []ent.Field {
	return []ent.Field{
		field.String("carrier_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.String("name").NotEmpty().Comment("what the token is for, e.g. the carrier's hub system"),
		field.String("token_hash").NotEmpty().Unique().Sensitive().Immutable(),
		field.String("token_prefix").NotEmpty().Immutable().Comment("the first characters, to recognise a token"),
		field.String("created_by").Default("").Immutable(),
		field.Time("expires_at").Optional().Nillable(),
		field.Time("last_used_at").Optional().Nillable(),
		field.Time("revoked_at").Optional().Nillable(),
		field.String("revoked_by").Default(""),
	}
}

func (CarrierToken) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("carrier", Carrier.Type).Ref("tokens").Field("carrier_id").Unique().Required().Immutable(),
	}
}

func (CarrierToken) Indexes() []ent.Index { return []ent.Index{index.Fields("carrier_id")} }

func (CarrierToken) Annotations() []schema.Annotation {
	return relay()
}

// Shipment is one parcel of an order.
type Shipment struct{ ent.Schema }

func (Shipment) Mixin() []ent.Mixin { return []ent.Mixin{withID("shp"), TimeMixin{}} }

func (Shipment) Fields() []ent.Field {
	return []ent.Field{
		field.String("tracking_number").NotEmpty().Unique().Immutable().Annotations(entgql.OrderField("TRACKING_NUMBER")),
		field.String("order_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable(),
		field.String("warehouse_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable(),
		field.String("carrier_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable(),
		field.Enum("service_level").Values(ServiceLevels...).Default("STANDARD"),
		field.Enum("status").Values(TrackingStatuses...).Default("PENDING").Annotations(entgql.OrderField("STATUS")),
		field.String("sub_status").Default(""),
		field.Bool("is_return").Default(false),
		field.Bool("late").Default(false),
		field.String("late_reason").Default(""),
		field.String("origin_city").Default(""),
		field.String("destination_city").Default(""),
		field.Float("destination_latitude").Optional().Nillable(),
		field.Float("destination_longitude").Optional().Nillable(),
		field.Float("current_latitude").Optional().Nillable(),
		field.Float("current_longitude").Optional().Nillable(),
		field.Time("position_at").Optional().Nillable(),
		field.Int("weight_grams").NonNegative().Default(0),
		field.Int64("shipping_cost_amount").Default(0),
		currency(),
		field.Time("promised_date").Optional().Nillable().Annotations(entgql.OrderField("PROMISED_DATE")),
		field.Time("eta_from").Optional().Nillable(),
		field.Time("eta_to").Optional().Nillable().Annotations(entgql.OrderField("ETA")),
		field.Time("shipped_at").Optional().Nillable(),
		field.Time("delivered_at").Optional().Nillable(),
		field.Time("last_event_at").Optional().Nillable().Annotations(entgql.OrderField("LAST_EVENT_AT")),
		// event_seq is the cursor of the newest event: incremented under the
		// shipment's row lock in the transaction that adds the event, so the
		// order of cursors is the order of commits and a subscriber resuming
		// "after N" can miss nothing (internal/tracking).
		field.Int64("event_seq").Default(0).Annotations(entgql.Skip(entgql.SkipAll)),
		field.Time("expired_at").Optional().Nillable().Comment("set when the parcel went silent and was marked EXPIRED"),
	}
}

func (Shipment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("order", Order.Type).Ref("shipments").Field("order_id").Unique(),
		edge.To("warehouse", Warehouse.Type).Field("warehouse_id").Unique(),
		edge.To("carrier", Carrier.Type).Field("carrier_id").Unique(),
		edge.To("items", ShipmentItem.Type),
		edge.To("events", TrackingEvent.Type),
	}
}

func (Shipment) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("order_id"),
		index.Fields("status", "last_event_at"),
		index.Fields("late", "status"),
	}
}

func (Shipment) Annotations() []schema.Annotation { return relay() }

// ShipmentItem is a quantity of one order line in a parcel.
type ShipmentItem struct{ ent.Schema }

func (ShipmentItem) Mixin() []ent.Mixin { return []ent.Mixin{withID("shi")} }

func (ShipmentItem) Fields() []ent.Field {
	return []ent.Field{
		field.String("shipment_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.String("order_line_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable().Immutable(),
		field.String("product_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.Int("quantity").Positive(),
		field.String("lot_number").Optional().Nillable(),
	}
}

func (ShipmentItem) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("shipment", Shipment.Type).Ref("items").Field("shipment_id").Unique().Required().Immutable(),
		edge.To("order_line", OrderLine.Type).Field("order_line_id").Unique().Immutable(),
		edge.To("product", Product.Type).Field("product_id").Unique().Required().Immutable(),
	}
}

func (ShipmentItem) Indexes() []ent.Index { return []ent.Index{index.Fields("shipment_id")} }

// TrackingEvent is one normalized scan, webhook event or system event.
type TrackingEvent struct{ ent.Schema }

func (TrackingEvent) Mixin() []ent.Mixin { return []ent.Mixin{withID("tev")} }

func (TrackingEvent) Fields() []ent.Field {
	return []ent.Field{
		field.String("shipment_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.Enum("status").Values(TrackingStatuses...).Immutable(),
		field.String("sub_status").Default("").Immutable(),
		field.String("carrier_code").Default("").Immutable().Comment("the raw code the carrier sent"),
		field.String("description").Default("").Immutable(),
		field.String("location_name").Default("").Immutable(),
		field.String("city").Default("").Immutable(),
		field.Float("latitude").Optional().Nillable().Immutable(),
		field.Float("longitude").Optional().Nillable().Immutable(),
		field.Time("occurred_at").Immutable().Annotations(entgql.OrderField("OCCURRED_AT")),
		field.Time("received_at").Default(now).Immutable(),
		field.Enum("source").Values("CARRIER_WEBHOOK", "SCAN", "GPS", "SYSTEM").Immutable(),
		field.String("dedupe_key").NotEmpty().Unique().Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		// seq is the event's cursor within its shipment (see Shipment.event_seq);
		// 0 for events written before cursors existed. Set once, by
		// internal/tracking, never by the caller.
		field.Int64("seq").Default(0).Annotations(entgql.Skip(entgql.SkipAll)),
		field.Bool("unmapped").Default(false).Immutable().Comment("the carrier code had no mapping; the status is a fallback"),
	}
}

func (TrackingEvent) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("shipment", Shipment.Type).Ref("events").Field("shipment_id").Unique().Required().Immutable(),
	}
}

func (TrackingEvent) Indexes() []ent.Index {
	return []ent.Index{index.Fields("shipment_id", "occurred_at"), index.Fields("shipment_id", "seq")}
}

func (TrackingEvent) Annotations() []schema.Annotation { return relay() }
