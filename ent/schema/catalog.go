package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Product is a sellable SKU.
type Product struct{ ent.Schema }

func (Product) Mixin() []ent.Mixin { return []ent.Mixin{withID("prd"), TimeMixin{}} }

func (Product) Fields() []ent.Field {
	return []ent.Field{
		field.String("sku").NotEmpty().Unique().Annotations(entgql.OrderField("SKU")),
		field.String("barcode").NotEmpty().Unique(),
		field.String("name_zh").NotEmpty().Annotations(entgql.OrderField("NAME_ZH")),
		field.String("name_en").NotEmpty().Annotations(entgql.OrderField("NAME_EN")),
		field.Text("description_zh").Default(""),
		field.Text("description_en").Default(""),
		field.String("category").NotEmpty().Annotations(entgql.OrderField("CATEGORY")),
		field.Int64("price_amount").Default(0).NonNegative().Annotations(entgql.OrderField("PRICE")),
		currency(),
		field.Int("weight_grams").NonNegative().Default(0),
		field.Bool("active").Default(true),
		field.Bool("lot_tracked").Default(false),
		field.Bool("returnable").Default(true),
		field.Enum("backorder_policy").Values("DENY", "ALLOW").Default("DENY"),
		field.Enum("abc_class").Values("A", "B", "C").Default("C").Annotations(entgql.OrderField("ABC_CLASS")).
			Comment("by shipped value (internal/inventory); A is counted most often"),
	}
}

func (Product) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("stock_levels", StockLevel.Type).Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

func (Product) Indexes() []ent.Index {
	return []ent.Index{index.Fields("category", "active")}
}

func (Product) Annotations() []schema.Annotation { return relay() }

// Warehouse is a place that holds stock and ships parcels.
type Warehouse struct{ ent.Schema }

func (Warehouse) Mixin() []ent.Mixin { return []ent.Mixin{withID("whs"), TimeMixin{}} }

func (Warehouse) Fields() []ent.Field {
	return []ent.Field{
		field.String("code").NotEmpty().Unique().Annotations(entgql.OrderField("CODE")),
		field.String("name").NotEmpty(),
		field.String("province").Default(""),
		field.String("city").NotEmpty().Annotations(entgql.OrderField("CITY")),
		field.String("address").Default(""),
		field.Float("latitude").Min(-90).Max(90),
		field.Float("longitude").Min(-180).Max(180),
		field.Int("daily_capacity").NonNegative().Default(1000),
		field.Bool("active").Default(true),
	}
}

func (Warehouse) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("stock_levels", StockLevel.Type).Annotations(entgql.RelayConnection()),
	}
}

func (Warehouse) Annotations() []schema.Annotation { return relay() }

// StockLevel is what one warehouse holds of one product.
type StockLevel struct{ ent.Schema }

func (StockLevel) Mixin() []ent.Mixin { return []ent.Mixin{withID("stk"), TimeMixin{}} }

func (StockLevel) Fields() []ent.Field {
	return []ent.Field{
		field.String("product_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.String("warehouse_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.Int("on_hand").NonNegative().Default(0).Annotations(entgql.OrderField("ON_HAND")),
		field.Int("reserved").NonNegative().Default(0),
		field.Int("picked").NonNegative().Default(0).Comment("reserved units already off the shelf, awaiting shipment"),
		field.Int("reorder_point").NonNegative().Default(0),
		field.Int("safety_stock").NonNegative().Default(0),
		field.String("bin_location").Default("").Annotations(entgql.OrderField("BIN_LOCATION")),
		field.Time("restock_eta").Optional().Nillable().Comment("when replenishment is expected"),
	}
}

func (StockLevel) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("product", Product.Type).Ref("stock_levels").Field("product_id").Unique().Required().Immutable(),
		edge.From("warehouse", Warehouse.Type).Ref("stock_levels").Field("warehouse_id").Unique().Required().Immutable(),
	}
}

func (StockLevel) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("product_id", "warehouse_id").Unique(),
		index.Fields("warehouse_id", "bin_location"),
	}
}

func (StockLevel) Annotations() []schema.Annotation { return relay() }

// StockMovement is one entry of the stock ledger: every change of on-hand or
// reserved quantity is one row, written in the same transaction as the level.
type StockMovement struct{ ent.Schema }

func (StockMovement) Mixin() []ent.Mixin { return []ent.Mixin{withID("mov")} }

func (StockMovement) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("kind").Values("RECEIPT", "RESERVE", "RELEASE", "PICK", "SHIP", "ADJUST", "COUNT",
			"RETURN_RESTOCK", "WRITE_OFF", "TRANSFER_OUT", "TRANSFER_IN").Immutable(),
		field.String("product_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.String("warehouse_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.Int("on_hand_delta").Default(0).Immutable(),
		field.Int("reserved_delta").Default(0).Immutable(),
		field.Int("picked_delta").Default(0).Immutable(),
		field.String("reference").Default("").Immutable().Comment("purchase order, transfer, count or pick list number"),
		field.String("reason").Default("").Immutable(),
		field.String("actor").Default("").Immutable().Comment("account id or 'system'"),
		field.String("order_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable().Immutable(),
		field.String("shipment_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable().Immutable(),
		field.String("lot_number").Optional().Nillable().Immutable(),
		field.Time("lot_expires_at").Optional().Nillable().Immutable(),
		field.Time("created_at").Default(now).Immutable().Annotations(entgql.OrderField("CREATED_AT")),
	}
}

func (StockMovement) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("product", Product.Type).Field("product_id").Unique().Required().Immutable(),
		edge.To("warehouse", Warehouse.Type).Field("warehouse_id").Unique().Required().Immutable(),
	}
}

func (StockMovement) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("product_id", "warehouse_id", "created_at"),
		index.Fields("order_id"),
	}
}

func (StockMovement) Annotations() []schema.Annotation { return relay() }
