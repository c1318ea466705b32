package schema

import "github.com/waybill/waybill/internal/pulid"

// idType is the Go type of every foreign-key field.
var idType = pulid.ID("")
