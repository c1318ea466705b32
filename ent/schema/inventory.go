package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Inventory beyond levels and the ledger (catalog.go): cycle counts, stock
// alerts and per-channel safety reserves. The rules are in internal/inventory.

// SalesChannels are the channels an order can come through (Order.channel).
var SalesChannels = []string{"WEB", "MOBILE_APP", "MARKETPLACE", "POS", "API"}

// CycleCount is a counting task for part of one warehouse: a zone, an ABC
// class, some SKUs or all of it.
type CycleCount struct{ ent.Schema }

func (CycleCount) Mixin() []ent.Mixin { return []ent.Mixin{withID("cyc"), TimeMixin{}} }

func (CycleCount) Fields() []ent.Field {
	return []ent.Field{
		field.String("number").NotEmpty().Unique().Immutable().Annotations(entgql.OrderField("NUMBER")),
		field.String("warehouse_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.Enum("scope").Values("WAREHOUSE", "ZONE", "ABC_CLASS", "PRODUCTS").Immutable(),
		field.String("zone").Default("").Immutable(),
		field.String("abc_class").Default("").Immutable(),
		field.Enum("status").Values("OPEN", "SUBMITTED", "APPROVED", "CANCELLED").Default("OPEN").
			Annotations(entgql.OrderField("STATUS")),
		field.Bool("blind").Default(true).Immutable().Comment("counters do not see the expected quantity"),
		field.Float("tolerance_percent").Default(0).Min(0).Max(100).Immutable(),
		field.String("created_by").Default("").Immutable(),
		field.String("submitted_by").Default(""),
		field.Time("submitted_at").Optional().Nillable(),
		field.String("approved_by").Default(""),
		field.Time("approved_at").Optional().Nillable().Annotations(entgql.OrderField("APPROVED_AT")),
		field.Text("note").Default(""),
		field.Int("lines_total").NonNegative().Default(0),
		field.Int("lines_counted").NonNegative().Default(0),
		field.Int("lines_accurate").NonNegative().Default(0),
		field.Float("accuracy").Optional().Nillable().Comment("share of counted lines within tolerance, set on approval"),
	}
}

func (CycleCount) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("warehouse", Warehouse.Type).Field("warehouse_id").Unique().Required().Immutable(),
		edge.To("lines", CycleCountLine.Type),
	}
}

func (CycleCount) Indexes() []ent.Index {
	return []ent.Index{index.Fields("warehouse_id", "status"), index.Fields("status", "approved_at")}
}

func (CycleCount) Annotations() []schema.Annotation { return relay() }

// CycleCountLine is one SKU-location of a count. The expected quantities
// are hidden from GraphQL (blind counting) and exposed by resolvers that
// know when they may be shown.
type CycleCountLine struct{ ent.Schema }

func (CycleCountLine) Mixin() []ent.Mixin { return []ent.Mixin{withID("ccl")} }

func (CycleCountLine) Fields() []ent.Field {
	hidden := entgql.Skip(entgql.SkipAll)
	return []ent.Field{
		field.String("cycle_count_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.String("stock_level_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.String("product_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.String("warehouse_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.String("sku").Default("").Immutable(),
		field.String("bin_location").Default("").Immutable(),
		field.Int("sequence").Default(0).Immutable().Comment("walking order"),
		field.Enum("status").Values("PENDING", "COUNTED", "APPROVED", "SKIPPED").Default("PENDING"),
		field.Int("snapshot_quantity").Default(0).Immutable().Annotations(hidden).
			Comment("in the bin (on hand minus picked) when the task was created"),
		field.Int("expected_quantity").Optional().Nillable().Annotations(hidden).
			Comment("in the bin by the ledger at the moment the count was recorded"),
		field.Int("counted_quantity").Optional().Nillable(),
		field.String("counted_by").Default(""),
		field.Time("counted_at").Optional().Nillable(),
		field.Int("variance").Optional().Nillable().Annotations(hidden),
		field.Bool("within_tolerance").Optional().Nillable().Annotations(hidden),
		field.String("movement_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable().
			Comment("the COUNT movement written on approval"),
	}
}

func (CycleCountLine) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("cycle_count", CycleCount.Type).Ref("lines").Field("cycle_count_id").Unique().Required().Immutable(),
		edge.To("product", Product.Type).Field("product_id").Unique().Required().Immutable(),
	}
}

func (CycleCountLine) Indexes() []ent.Index {
	return []ent.Index{index.Fields("cycle_count_id", "sequence"), index.Fields("stock_level_id", "status")}
}

// StockAlert is raised when a level's available stock falls to its reorder
// point, and resolved when it climbs back.
type StockAlert struct{ ent.Schema }

func (StockAlert) Mixin() []ent.Mixin { return []ent.Mixin{withID("sta"), TimeMixin{}} }

func (StockAlert) Fields() []ent.Field {
	return []ent.Field{
		field.String("product_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.String("warehouse_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.String("stock_level_id").GoType(idType).Annotations(entgql.Type("ID")).Immutable(),
		field.Enum("kind").Values("LOW_STOCK", "OUT_OF_STOCK"),
		field.Enum("status").Values("OPEN", "ACKNOWLEDGED", "REORDERED", "RESOLVED").Default("OPEN").
			Annotations(entgql.OrderField("STATUS")),
		// open_key is the level id while the alert is not resolved: one open
		// alert per level, enforced by the database.
		field.String("open_key").Optional().Nillable().Unique().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int("available").Default(0).Comment("available when raised"),
		field.Int("reorder_point").Default(0),
		field.Int("safety_stock").Default(0),
		field.Int("suggested_quantity").Default(0),
		field.Int("reorder_quantity").Optional().Nillable(),
		field.Time("restock_eta").Optional().Nillable(),
		field.String("acknowledged_by").Default(""),
		field.Time("resolved_at").Optional().Nillable(),
	}
}

func (StockAlert) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("product", Product.Type).Field("product_id").Unique().Required().Immutable(),
		edge.To("warehouse", Warehouse.Type).Field("warehouse_id").Unique().Required().Immutable(),
	}
}

func (StockAlert) Indexes() []ent.Index {
	return []ent.Index{index.Fields("status", "created_at"), index.Fields("warehouse_id", "status")}
}

func (StockAlert) Annotations() []schema.Annotation { return relay() }

// ChannelReserve keeps units back from one sales channel: what it may sell
// is the available stock minus the reserve. A row without a product is the
// channel's default; a product's own row overrides it.
type ChannelReserve struct{ ent.Schema }

func (ChannelReserve) Mixin() []ent.Mixin { return []ent.Mixin{withID("chr"), TimeMixin{}} }

func (ChannelReserve) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("channel").Values(SalesChannels...),
		field.String("product_id").GoType(idType).Annotations(entgql.Type("ID")).Optional().Nillable().Immutable(),
		field.Int("quantity").NonNegative().Default(0),
	}
}

func (ChannelReserve) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("product", Product.Type).Field("product_id").Unique().Immutable(),
	}
}

func (ChannelReserve) Indexes() []ent.Index {
	return []ent.Index{index.Fields("channel", "product_id")}
}

func (ChannelReserve) Annotations() []schema.Annotation { return relay() }
