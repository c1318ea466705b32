package allocation_test

import (
	"github.com/waybill/waybill/internal/allocation"
	"github.com/waybill/waybill/internal/pulid"
)

func allocationInput(orderID, lineID, warehouseID pulid.ID, note string) allocation.OverrideInput {
	return allocation.OverrideInput{OrderID: orderID, OrderLineID: lineID, WarehouseID: warehouseID, Note: note}
}
