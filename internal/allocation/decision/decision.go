// Package decision holds the plain records an allocation decision stores as
// JSON (ent/schema/fulfilment.go): the warehouses considered and the lines
// assigned. It depends on nothing, so the schema and the generated code can
// import it without a cycle.
package decision

// Candidate is one warehouse the allocator considered for an order.
type Candidate struct {
	WarehouseID   string  `json:"warehouseId"`
	Code          string  `json:"code"`
	City          string  `json:"city"`
	CanFill       bool    `json:"canFill"`    // holds every line of the order
	DistanceKm    float64 `json:"distanceKm"` // great-circle, to the destination city
	OpenOrders    int     `json:"openOrders"` // orders allocated there and not yet shipped
	DailyCapacity int     `json:"dailyCapacity"`
	Load          float64 `json:"load"` // OpenOrders / DailyCapacity
	Chosen        bool    `json:"chosen"`
	Note          string  `json:"note"` // why it was chosen or not, e.g. "short EL-0001 by 2"
}

// Assignment is a quantity of one order line sent to one warehouse.
type Assignment struct {
	OrderLineID   string `json:"orderLineId"`
	ProductID     string `json:"productId"`
	SKU           string `json:"sku"`
	WarehouseID   string `json:"warehouseId"`
	WarehouseCode string `json:"warehouseCode"`
	Quantity      int    `json:"quantity"`
}
