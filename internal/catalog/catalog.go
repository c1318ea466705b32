// Package catalog answers storefront questions about products: which
// categories exist and how many units of a product can be sold now.
package catalog

import (
	"context"
	"sort"

	"entgo.io/ent/dialect/sql"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/product"
	"github.com/waybill/waybill/ent/stocklevel"
	"github.com/waybill/waybill/ent/warehouse"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// Service is the catalog service.
type Service struct{ client *ent.Client }

// NewService returns a catalog service over client.
func NewService(client *ent.Client) *Service { return &Service{client: client} }

// Categories returns the categories that have active products, sorted.
func (s *Service) Categories(ctx context.Context) ([]string, error) {
	cats, err := database.Client(ctx, s.client).Product.Query().Where(product.Active(true)).
		Unique(true).Select(product.FieldCategory).Strings(ctx)
	if err != nil {
		return nil, errs.Wrap("catalog.Categories", err)
	}
	sort.Strings(cats)
	return cats, nil
}

// Available returns, for each product, the units on hand minus reserved over
// active warehouses (never below zero), in one query. Stock levels are staff
// data; the sum is public, so it is read as the system.
func (s *Service) Available(ctx context.Context, ids []pulid.ID) (map[pulid.ID]int, error) {
	var rows []struct {
		ProductID pulid.ID `json:"product_id"`
		Available int      `json:"available"`
	}
	err := database.Client(ctx, s.client).StockLevel.Query().
		Where(stocklevel.ProductIDIn(ids...), stocklevel.HasWarehouseWith(warehouse.Active(true))).
		GroupBy(stocklevel.FieldProductID).
		Aggregate(func(sel *sql.Selector) string {
			return sql.As("SUM(CASE WHEN "+sel.C(stocklevel.FieldOnHand)+" > "+sel.C(stocklevel.FieldReserved)+
				" THEN "+sel.C(stocklevel.FieldOnHand)+" - "+sel.C(stocklevel.FieldReserved)+" ELSE 0 END)", "available")
		}).
		Scan(viewer.SystemContext(ctx), &rows)
	if err != nil {
		return nil, errs.Wrap("catalog.Available", err)
	}
	out := make(map[pulid.ID]int, len(rows))
	for _, r := range rows {
		out[r.ProductID] = r.Available
	}
	return out, nil
}
