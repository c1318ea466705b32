package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/waybill/waybill/internal/allocation/decision"
)

// Fulfilment: allocation decisions, pick lists and packed cartons. The
// rules are in internal/allocation and internal/fulfilment.

// Allocation is one routing decision for an order: which warehouses ship
// which lines, and why. The newest decision of an order is the current one.
type Allocation struct{ ent.Schema }

func (Allocation) Mixin() []ent.Mixin { return []ent.Mixin{withID("alc")} }

func (Allocation) Fields() []ent.Field {
	hidden := entgql.Skip(entgql.SkipAll)
	return []ent.Field{
		field.String("order_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.Enum("status").Values("ALLOCATED", "OVERRIDDEN", "HELD", "RELEASED", "UNFILLABLE").Immutable(),
		field.Int("shipments").NonNegative().Default(0).Immutable().Comment("parcels the decision makes"),
		field.Float("distance_km").Default(0).Immutable().Comment("sum over the chosen warehouses"),
		field.Int("priority").Default(0).Immutable().Comment("0 NEXT_DAY, 1 EXPRESS, 2 SCHEDULED, 3 STANDARD"),
		field.Strings("reasons").Immutable(),
		field.JSON("candidates", []decision.Candidate{}).Immutable().Annotations(hidden),
		field.JSON("assignments", []decision.Assignment{}).Immutable().Annotations(hidden),
		field.String("decided_by").Default("system").Immutable(),
		field.Text("note").Default("").Immutable(),
		field.Time("created_at").Default(now).Immutable().Annotations(entgql.OrderField("CREATED_AT")),
	}
}

func (Allocation) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("order", Order.Type).Field("order_id").Unique().Required().Immutable(),
	}
}

func (Allocation) Indexes() []ent.Index {
	return []ent.Index{index.Fields("order_id", "created_at")}
}

func (Allocation) Annotations() []schema.Annotation { return relay() }

// PickList is the picking work of one warehouse: one order or a batch,
// its lines in walking order.
type PickList struct{ ent.Schema }

func (PickList) Mixin() []ent.Mixin { return []ent.Mixin{withID("pkl"), TimeMixin{}} }

func (PickList) Fields() []ent.Field {
	return []ent.Field{
		field.String("number").NotEmpty().Unique().Immutable().Annotations(entgql.OrderField("NUMBER")),
		field.String("warehouse_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.Enum("status").Values("OPEN", "IN_PROGRESS", "PICKED", "CLOSED", "CANCELLED").Default("OPEN").
			Annotations(entgql.OrderField("STATUS")),
		field.Bool("batch").Default(false).Immutable(),
		field.Int("order_count").NonNegative().Default(0).Immutable(),
		field.Int("line_count").NonNegative().Default(0).Immutable(),
		field.String("created_by").Default("").Immutable(),
		field.String("assigned_to").Default(""),
		field.Time("started_at").Optional().Nillable(),
		field.Time("completed_at").Optional().Nillable(),
	}
}

func (PickList) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("warehouse", Warehouse.Type).Field("warehouse_id").Unique().Required().Immutable(),
		edge.To("lines", PickListLine.Type),
		edge.To("cartons", Carton.Type),
	}
}

func (PickList) Indexes() []ent.Index {
	return []ent.Index{index.Fields("warehouse_id", "status")}
}

func (PickList) Annotations() []schema.Annotation { return relay() }

// PickListLine is a quantity of one order line to take from one bin (and,
// for lot-tracked products, from one suggested lot).
type PickListLine struct{ ent.Schema }

func (PickListLine) Mixin() []ent.Mixin { return []ent.Mixin{withID("pkn")} }

func (PickListLine) Fields() []ent.Field {
	return []ent.Field{
		field.String("pick_list_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.String("order_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.String("order_line_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable().Immutable(),
		field.String("product_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.String("warehouse_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.String("sku").NotEmpty().Immutable(),
		field.String("barcode").NotEmpty().Immutable(),
		field.String("name").Default("").Immutable(),
		field.String("bin_location").Default("").Immutable(),
		field.Int("sequence").Default(0).Immutable().Comment("walking order: zone, aisle (serpentine), shelf, level"),
		field.Int("quantity").Positive().Immutable(),
		field.Int("picked_quantity").NonNegative().Default(0),
		field.Bool("lot_tracked").Default(false).Immutable(),
		field.String("suggested_lot").Optional().Nillable().Immutable().Comment("FEFO, else FIFO"),
		field.Time("suggested_lot_expires_at").Optional().Nillable().Immutable(),
		field.String("picked_lot").Optional().Nillable(),
		field.Enum("status").Values("PENDING", "PICKED", "PACKED", "SHIPPED", "CANCELLED").Default("PENDING"),
		field.String("carton_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable(),
	}
}

func (PickListLine) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("pick_list", PickList.Type).Ref("lines").Field("pick_list_id").Unique().Required().Immutable(),
		edge.To("order", Order.Type).Field("order_id").Unique().Required().Immutable(),
		edge.To("product", Product.Type).Field("product_id").Unique().Required().Immutable(),
	}
}

func (PickListLine) Indexes() []ent.Index {
	return []ent.Index{index.Fields("pick_list_id", "sequence"), index.Fields("order_id", "status")}
}

// Carton is what one order's picked lines were packed into at one
// warehouse; shipping it makes the Shipment.
type Carton struct{ ent.Schema }

func (Carton) Mixin() []ent.Mixin { return []ent.Mixin{withID("ctn"), TimeMixin{}} }

func (Carton) Fields() []ent.Field {
	return []ent.Field{
		field.String("order_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.String("warehouse_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.String("pick_list_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.Enum("status").Values("PACKED", "SHIPPED", "CANCELLED").Default("PACKED").Annotations(entgql.OrderField("STATUS")),
		field.Int("weight_grams").Positive().Immutable(),
		field.Int("length_mm").Positive().Immutable(),
		field.Int("width_mm").Positive().Immutable(),
		field.Int("height_mm").Positive().Immutable(),
		field.Int("items").NonNegative().Default(0).Immutable(),
		field.String("packed_by").Default("").Immutable(),
		field.String("shipment_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable(),
		field.Time("shipped_at").Optional().Nillable(),
	}
}

func (Carton) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("order", Order.Type).Field("order_id").Unique().Required().Immutable(),
		edge.To("warehouse", Warehouse.Type).Field("warehouse_id").Unique().Required().Immutable(),
		edge.From("pick_list", PickList.Type).Ref("cartons").Field("pick_list_id").Unique().Required().Immutable(),
		edge.To("shipment", Shipment.Type).Field("shipment_id").Unique(),
	}
}

func (Carton) Indexes() []ent.Index {
	return []ent.Index{index.Fields("order_id"), index.Fields("warehouse_id", "status")}
}

func (Carton) Annotations() []schema.Annotation { return relay() }
