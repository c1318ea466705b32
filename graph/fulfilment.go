package graph

import (
	"context"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/graph/model"
	"github.com/waybill/waybill/internal/allocation/decision"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/pulid"
)

func candidates(cs []decision.Candidate) []*model.AllocationCandidate {
	out := make([]*model.AllocationCandidate, len(cs))
	for i, c := range cs {
		out[i] = &model.AllocationCandidate{WarehouseID: pulid.ID(c.WarehouseID), Code: c.Code, City: c.City, CanFill: c.CanFill,
			DistanceKm: c.DistanceKm, OpenOrders: c.OpenOrders, DailyCapacity: c.DailyCapacity, Load: c.Load, Chosen: c.Chosen, Note: c.Note}
	}
	return out
}

func assignments(as []decision.Assignment) []*model.AllocationAssignment {
	out := make([]*model.AllocationAssignment, len(as))
	for i, a := range as {
		out[i] = &model.AllocationAssignment{ProductID: pulid.ID(a.ProductID), Sku: a.SKU, WarehouseID: pulid.ID(a.WarehouseID),
			WarehouseCode: a.WarehouseCode, Quantity: a.Quantity}
		if a.OrderLineID != "" {
			id := pulid.ID(a.OrderLineID)
			out[i].OrderLineID = &id
		}
	}
	return out
}

func quotes(qs []fulfilment.Quote) []*model.ShippingQuote {
	out := make([]*model.ShippingQuote, len(qs))
	for i, q := range qs {
		out[i] = &model.ShippingQuote{Carrier: q.Carrier, ServiceLevel: q.Service, Cost: &model.Money{Amount: int(q.Cost), Currency: q.Currency},
			TransitDays: q.TransitDays, EstimatedDelivery: q.EstimatedDelivery, MeetsPromise: q.MeetsPromise,
			Recommended: q.Recommended, BillableGrams: q.BillableGrams, DistanceKm: q.DistanceKm}
	}
	return out
}

func pickListPayload(pl *ent.PickList, err error) (*model.PickListPayload, error) {
	ue, err := userErrors(err)
	if err != nil {
		return nil, err
	}
	return &model.PickListPayload{PickList: pl, UserErrors: ue}, nil
}

// allocationPayload returns the decision and the order as it is now.
func (r *Resolver) allocationPayload(ctx context.Context, a *ent.Allocation, err error) (*model.AllocationPayload, error) {
	ue, err := userErrors(err)
	if err != nil {
		return nil, err
	}
	out := &model.AllocationPayload{Allocation: a, UserErrors: ue}
	if a != nil {
		if out.Order, err = a.QueryOrder().Only(ctx); err != nil {
			return nil, err
		}
	}
	return out, nil
}
