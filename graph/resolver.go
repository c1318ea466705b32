// Package graph is Waybill's GraphQL layer. Resolvers are thin: decode,
// call a domain package in internal/, map domain errors to userErrors.
// Authorization is not here: ent privacy policies (internal/policy) decide
// every read and internal/auth every operation.
package graph

import (
	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/internal/allocation"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/catalog"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/orders"
	"github.com/waybill/waybill/internal/support"
	"github.com/waybill/waybill/internal/tracking"
)

// Resolver holds the services the resolvers call.
type Resolver struct {
	Client   *ent.Client
	Auth     *auth.Service
	Catalog  *catalog.Service
	Ordering *orders.Service
	Tracking *tracking.Service
	Support  *support.Service

	Inventory  *inventory.Service
	Allocator  *allocation.Service
	Fulfilment *fulfilment.Service
}
