package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// OrderStatuses is the order lifecycle; internal/orders owns the transitions.
var OrderStatuses = []string{"PENDING_PAYMENT", "ON_HOLD", "CONFIRMED", "ALLOCATED", "PICKING", "PACKED",
	"PARTIALLY_SHIPPED", "SHIPPED", "DELIVERED", "COMPLETED", "CANCELLED", "RETURNED"}

// Order is a customer's order.
type Order struct{ ent.Schema }

func (Order) Mixin() []ent.Mixin { return []ent.Mixin{withID("ord"), TimeMixin{}} }

func (Order) Fields() []ent.Field {
	return []ent.Field{
		field.String("number").NotEmpty().Unique().Immutable().Annotations(entgql.OrderField("NUMBER")),
		field.Enum("status").Values(OrderStatuses...).Default("PENDING_PAYMENT").Annotations(entgql.OrderField("STATUS")),
		field.Enum("channel").Values("WEB", "MOBILE_APP", "MARKETPLACE", "POS", "API").Default("WEB"),
		field.String("customer_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable(),
		field.String("contact_name").NotEmpty(),
		field.String("contact_email").NotEmpty(),
		field.String("contact_phone").Default(""),
		// Shipping address: the Chinese form (province/city/district) and the
		// international one (country/region/city/lines) share these columns.
		field.String("ship_country").MaxLen(2).Default("CN"),
		field.String("ship_province").Default(""),
		field.String("ship_city").NotEmpty(),
		field.String("ship_district").Default(""),
		field.String("ship_line1").NotEmpty(),
		field.String("ship_line2").Default(""),
		field.String("ship_postal_code").Default(""),
		field.Enum("delivery_option").Values("STANDARD", "EXPRESS", "NEXT_DAY", "SCHEDULED").Default("STANDARD"),
		field.Time("scheduled_from").Optional().Nillable(),
		field.Time("scheduled_to").Optional().Nillable(),
		currency(),
		field.Int64("subtotal_amount").Default(0),
		field.Int64("discount_amount").Default(0),
		field.Int64("shipping_amount").Default(0),
		field.Int64("points_discount_amount").Default(0),
		field.Int64("total_amount").Default(0).Annotations(entgql.OrderField("TOTAL")),
		field.Int("points_redeemed").NonNegative().Default(0),
		field.String("coupon_code").Optional().Nillable(),
		field.String("idempotency_key").Optional().Nillable().Immutable().Unique().Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("request_hash").Default("").Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Strings("hold_reasons").Optional(),
		field.Time("promised_delivery_date").Optional().Nillable(),
		field.Time("payment_expires_at").Optional().Nillable(),
		field.Text("notes").Default(""),
	}
}

func (Order) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("customer", Customer.Type).Ref("orders").Field("customer_id").Unique(),
		edge.To("lines", OrderLine.Type),
		edge.To("events", OrderEvent.Type),
		edge.To("payments", Payment.Type),
		edge.To("shipments", Shipment.Type),
		edge.To("tickets", Ticket.Type).Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

func (Order) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("status", "created_at"),
		index.Fields("customer_id", "created_at"),
		index.Fields("contact_email"),
		index.Fields("contact_phone"),
	}
}

func (Order) Annotations() []schema.Annotation { return relay() }

// OrderLine is one SKU on an order.
type OrderLine struct{ ent.Schema }

func (OrderLine) Mixin() []ent.Mixin { return []ent.Mixin{withID("orl")} }

func (OrderLine) Fields() []ent.Field {
	return []ent.Field{
		field.String("order_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.String("product_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.String("warehouse_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable().Comment("where it is reserved and ships from"),
		field.String("sku").NotEmpty().Immutable(),
		field.String("name").NotEmpty().Immutable(),
		field.Int("quantity").Positive().Immutable(),
		field.Int64("unit_price_amount").Default(0).Immutable(),
		field.Int64("discount_amount").Default(0),
		field.Int64("line_total_amount").Default(0),
		field.Int("shipped_quantity").NonNegative().Default(0),
		// backordered_quantity is what intake could not reserve for a product
		// that allows backorders; allocation reserves it once stock arrives
		// and sets it back to zero (internal/inventory, internal/allocation).
		field.Int("backordered_quantity").NonNegative().Default(0),
	}
}

func (OrderLine) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("order", Order.Type).Ref("lines").Field("order_id").Unique().Required().Immutable(),
		edge.To("product", Product.Type).Field("product_id").Unique().Required().Immutable(),
		edge.To("warehouse", Warehouse.Type).Field("warehouse_id").Unique(),
	}
}

func (OrderLine) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("order_id"),
		// by product, and what backorders wait for (read on every order and
		// storefront page): only the lines with a backorder, not every line
		index.Fields("product_id", "backordered_quantity"),
	}
}

// OrderEvent is one step of an order's timeline: a status transition.
type OrderEvent struct{ ent.Schema }

func (OrderEvent) Mixin() []ent.Mixin { return []ent.Mixin{withID("oev")} }

func (OrderEvent) Fields() []ent.Field {
	return []ent.Field{
		field.String("order_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.String("from_status").Default("").Immutable(),
		field.String("to_status").NotEmpty().Immutable(),
		field.String("actor").Default("").Immutable(),
		field.String("note").Default("").Immutable(),
		field.Time("occurred_at").Default(now).Immutable(),
	}
}

func (OrderEvent) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("order", Order.Type).Ref("events").Field("order_id").Unique().Required().Immutable(),
	}
}

func (OrderEvent) Indexes() []ent.Index {
	return []ent.Index{index.Fields("order_id", "occurred_at")}
}

// Payment is an authorization (and later capture or refund) for an order.
type Payment struct{ ent.Schema }

func (Payment) Mixin() []ent.Mixin { return []ent.Mixin{withID("pay"), TimeMixin{}} }

func (Payment) Fields() []ent.Field {
	return []ent.Field{
		field.String("order_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.String("provider").NotEmpty().Immutable(),
		field.Enum("status").Values("PENDING", "AUTHORIZED", "DECLINED", "CAPTURED", "PARTIALLY_REFUNDED", "REFUNDED", "VOIDED").Default("PENDING"),
		field.Int64("amount").Default(0).Immutable(),
		currency(),
		field.Int64("captured_amount").Default(0),
		field.Int64("refunded_amount").Default(0),
		field.String("provider_reference").Default(""),
		field.String("card_last4").Default(""),
		field.String("failure_code").Default(""),
		field.Bool("risk_flagged").Default(false),
	}
}

func (Payment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("order", Order.Type).Ref("payments").Field("order_id").Unique().Required().Immutable(),
	}
}

func (Payment) Indexes() []ent.Index { return []ent.Index{index.Fields("order_id")} }

// Coupon is a discount code.
type Coupon struct{ ent.Schema }

func (Coupon) Mixin() []ent.Mixin { return []ent.Mixin{withID("cpn"), TimeMixin{}} }

func (Coupon) Fields() []ent.Field {
	return []ent.Field{
		field.String("code").NotEmpty().Unique().Annotations(entgql.OrderField("CODE")),
		field.Enum("kind").Values("PERCENT", "FIXED"),
		field.Int("percent_off").Range(0, 100).Default(0),
		field.Int64("amount_off").Default(0).NonNegative(),
		currency(),
		field.Int64("min_spend_amount").Default(0).NonNegative(),
		field.Time("starts_at").Optional().Nillable(),
		field.Time("ends_at").Optional().Nillable(),
		field.Int("usage_limit").NonNegative().Default(0).Comment("0: unlimited"),
		field.Int("per_customer_limit").NonNegative().Default(0).Comment("0: unlimited"),
		field.Bool("first_order_only").Default(false),
		field.Int("times_used").NonNegative().Default(0),
		field.String("customer_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable().Comment("set: only this customer may use it"),
		field.String("issued_by_ticket_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable(),
		field.Bool("active").Default(true),
	}
}

func (Coupon) Annotations() []schema.Annotation { return relay() }

// PointsEntry is one entry of a customer's loyalty points ledger.
type PointsEntry struct{ ent.Schema }

func (PointsEntry) Mixin() []ent.Mixin { return []ent.Mixin{withID("pts")} }

func (PointsEntry) Fields() []ent.Field {
	return []ent.Field{
		field.String("customer_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.Int("delta").Immutable(),
		field.Enum("kind").Values("EARN", "REDEEM", "REVERSE", "ADJUST").Immutable(),
		field.String("order_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable().Immutable(),
		field.String("reason").Default("").Immutable(),
		field.Time("created_at").Default(now).Immutable(),
	}
}

func (PointsEntry) Indexes() []ent.Index {
	return []ent.Index{index.Fields("customer_id", "created_at")}
}
