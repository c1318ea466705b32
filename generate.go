// Package waybill is the module root; it only holds the code generation
// directives, in the one order that works: ent (and entgql) first, then gqlgen.
package waybill

//go:generate go run -mod=mod ./ent/entc.go
//go:generate go tool gqlgen generate
//go:generate python3 scripts/fill-connections.py graph/ent.resolvers.go
//go:generate go run ./cmd/waybill schema --out graph/schema.graphql
