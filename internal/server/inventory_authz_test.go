package server_test

// Rows of the authorization matrix (authz_matrix_test.go) for the
// inventory and fulfilment API. Writes use ids that do not exist, so a
// permitted viewer gets a user error (allowed) and changes nothing, while a
// forbidden one is refused before anything is looked up.

const nope = "_00000000000000000000000000"

func init() {
	staff := func() map[string]outcome { return only(agent, warehouse, admin) }
	stock := func() map[string]outcome { return only(warehouse, admin) }
	orderVar := func(f fixture) map[string]any { return map[string]any{"id": f.orderA} }
	rows := []op{
		// Public availability.
		op{name: "product stock fields", query: `{ products(first: 3) { edges { node { sku stockStatus restockEta availableToSell(channel: MARKETPLACE)
			channelAvailability { channel availableToSell } substitutes(first: 2) { sku } } } } }`, want: everyone(allow)},
		op{name: "validateTrackingNumber", query: `{ validateTrackingNumber(trackingNumber: "EE123456785CN") { valid code } }`, want: everyone(allow)},
		// Staff reads.
		op{name: "stockBySku", query: `{ stockBySku(sku: "EL-0001") { available levels { id onHand available lots { lotNumber } } } }`, want: staff()},
		op{name: "lowStock", query: `{ lowStock(first: 5) { available suggestedQuantity stockLevel { id } } }`, want: staff()},
		op{name: "dueCycleCounts", query: `{ dueCycleCounts(warehouseId: "whs` + nope + `") { abcClass } }`, want: staff()},
		op{name: "inventoryAccuracy", query: `{ inventoryAccuracy(days: 30) { accuracy } }`, want: staff()},
		op{name: "stockDrift", query: `{ stockDrift { problem } }`, want: stock()},
		op{name: "allocationQueue", query: `{ allocationQueue(first: 5) { id } }`, want: staff()},
		op{name: "cycleCounts", query: `{ cycleCounts(first: 5) { edges { node { id number } } } }`, want: staff()},
		op{name: "stockAlerts", query: `{ stockAlerts(first: 5) { edges { node { id kind } } } }`, want: staff()},
		op{name: "channelReserves", query: `{ channelReserves(first: 5) { edges { node { id channel } } } }`, want: staff()},
		op{name: "allocations", query: `{ allocations(first: 5) { edges { node { id reasons } } } }`, want: staff()},
		op{name: "pickLists", query: `{ pickLists(first: 5) { edges { node { id number } } } }`, want: staff()},
		op{name: "cartons", query: `{ cartons(first: 5) { edges { node { id } } } }`, want: staff()},
		// Stock writes (MANAGE_STOCK).
		op{name: "receiveStock", query: `mutation{ receiveStock(input: {warehouseId: "whs` + nope + `", sku: "EL-0001", quantity: 1}) { userErrors { code } } }`, want: stock()},
		op{name: "adjustStock", query: `mutation{ adjustStock(input: {warehouseId: "whs` + nope + `", sku: "EL-0001", quantity: -1, reason: "matrix"}) { userErrors { code } } }`, want: stock()},
		op{name: "transferStock", query: `mutation{ transferStock(input: {fromWarehouseId: "whs` + nope + `", toWarehouseId: "whs` + nope + `", sku: "EL-0001", quantity: 1}) { userErrors { code } } }`, want: stock()},
		op{name: "restockReturn", query: `mutation{ restockReturn(input: {warehouseId: "whs` + nope + `", sku: "EL-0001", quantity: 1}) { userErrors { code } } }`, want: stock()},
		op{name: "updateStockLevel", query: `mutation{ updateStockLevel(input: {stockLevelId: "stk` + nope + `", reorderPoint: 5}) { userErrors { code } } }`, want: stock()},
		op{name: "setBackorderPolicy", query: `mutation{ setBackorderPolicy(productId: "prd` + nope + `", policy: ALLOW) { userErrors { code } } }`, want: stock()},
		op{name: "setChannelReserve", query: `mutation{ setChannelReserve(channel: MARKETPLACE, productId: "prd` + nope + `", quantity: 2) { userErrors { code } } }`, want: stock()},
		op{name: "acknowledgeStockAlert", query: `mutation{ acknowledgeStockAlert(id: "sta` + nope + `") { userErrors { code } } }`, want: stock()},
		op{name: "markStockAlertReordered", query: `mutation{ markStockAlertReordered(id: "sta` + nope + `", quantity: 10) { userErrors { code } } }`, want: stock()},
		op{name: "refreshStockAlerts", query: `mutation{ refreshStockAlerts { raised userErrors { code } } }`, want: stock()},
		op{name: "classifyAbc", query: `mutation{ classifyAbc(days: 90) { a b c userErrors { code } } }`, want: stock()},
		op{name: "createCycleCount", query: `mutation{ createCycleCount(input: {warehouseId: "whs` + nope + `"}) { userErrors { code } } }`, want: stock()},
		op{name: "recordCount", query: `mutation{ recordCount(lineId: "ccl` + nope + `", quantity: 1) { userErrors { code } } }`, want: stock()},
		op{name: "submitCycleCount", query: `mutation{ submitCycleCount(id: "cyc` + nope + `") { userErrors { code } } }`, want: stock()},
		op{name: "approveCycleCount", query: `mutation{ approveCycleCount(id: "cyc` + nope + `") { userErrors { code } } }`, want: stock()},
		op{name: "reopenCycleCount", query: `mutation{ reopenCycleCount(id: "cyc` + nope + `") { userErrors { code } } }`, want: stock()},
		op{name: "cancelCycleCount", query: `mutation{ cancelCycleCount(id: "cyc` + nope + `") { userErrors { code } } }`, want: stock()},
		// Fulfilment (FULFIL).
		op{name: "allocateOrder", query: `mutation($id: ID!){ allocateOrder(orderId: $id) { userErrors { code } } }`, vars: orderVar, want: stock()},
		op{name: "allocateOrders", query: `mutation{ allocateOrders(limit: 1) { allocated userErrors { code } } }`, want: stock()},
		op{name: "overrideAllocation", query: `mutation($id: ID!){ overrideAllocation(input: {orderId: $id, warehouseId: "whs` + nope + `", note: "matrix"}) { userErrors { code } } }`,
			vars: orderVar, want: stock()},
		op{name: "holdFulfilment", query: `mutation{ holdFulfilment(orderId: "ord` + nope + `", note: "matrix") { userErrors { code } } }`, want: stock()},
		op{name: "releaseFulfilmentHold", query: `mutation{ releaseFulfilmentHold(orderId: "ord` + nope + `") { userErrors { code } } }`, want: stock()},
		op{name: "createPickList", query: `mutation{ createPickList(input: {warehouseId: "whs` + nope + `"}) { userErrors { code } } }`, want: stock()},
		op{name: "scanPickItem", query: `mutation{ scanPickItem(input: {pickListId: "pkl` + nope + `", barcode: "6900000000000"}) { userErrors { code } } }`, want: stock()},
		op{name: "cancelPickList", query: `mutation{ cancelPickList(id: "pkl` + nope + `") { userErrors { code } } }`, want: stock()},
		op{name: "packOrder", query: `mutation{ packOrder(input: {pickListId: "pkl` + nope + `", orderId: "ord` + nope + `", weightGrams: 1, lengthMm: 1, widthMm: 1, heightMm: 1}) { userErrors { code } } }`, want: stock()},
		op{name: "shipCarton", query: `mutation{ shipCarton(input: {cartonId: "ctn` + nope + `"}) { userErrors { code } } }`, want: stock()},
	}
	// Before logout, which ends every viewer's session.
	at := len(matrix)
	for i, o := range matrix {
		if o.name == "logout" {
			at = i
		}
	}
	matrix = append(matrix[:at], append(rows, matrix[at:]...)...)
}
