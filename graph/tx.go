package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/waybill/waybill/ent"
)

// Transactioner runs each mutation operation in one database transaction,
// like entgql.Transactioner, with one more rule: a mutation that answers
// with userErrors changes nothing. Domain services join the transaction
// through ent.FromContext (database.Client / database.WithTx) and register
// their side effects with database.AfterCommit, so subscribers hear only of
// committed changes.
//
// Mutations in selfManaged own their transactions and run without the
// outer one: a bulk import commits order by order, and placing an order
// retries its own transaction when a racing order drew the same number.
type Transactioner struct{ Client *ent.Client }

var selfManaged = map[string]bool{"importOrders": true, "placeOrder": true}

func ownsTransactions(op *ast.OperationDefinition) bool {
	for _, sel := range op.SelectionSet {
		if f, ok := sel.(*ast.Field); ok && selfManaged[f.Name] {
			return true
		}
	}
	return false
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
	graphql.ResponseInterceptor
} = Transactioner{}

// ExtensionName implements graphql.HandlerExtension.
func (Transactioner) ExtensionName() string { return "WaybillTransactioner" }

// Validate implements graphql.HandlerExtension.
func (Transactioner) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext serializes a mutation's field resolvers: they share
// one transaction, which is not safe for concurrent use.
func (Transactioner) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil || oc.Operation.Operation != ast.Mutation {
		return nil
	}
	previous := oc.ResolverMiddleware
	var mu sync.Mutex
	oc.ResolverMiddleware = func(ctx context.Context, next graphql.Resolver) (any, error) {
		mu.Lock()
		defer mu.Unlock()
		return previous(ctx, next)
	}
	return nil
}

// InterceptResponse implements graphql.ResponseInterceptor.
func (t Transactioner) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	oc := graphql.GetOperationContext(ctx)
	if oc.Operation == nil || oc.Operation.Operation != ast.Mutation || ownsTransactions(oc.Operation) {
		return next(ctx)
	}
	tx, err := t.Client.Tx(ctx)
	if err != nil {
		return graphql.ErrorResponse(ctx, "The database is busy; try again.")
	}
	ctx = ent.NewContext(ent.NewTxContext(ctx, tx), tx.Client())
	defer func() {
		if r := recover(); r != nil {
			_ = tx.Rollback()
			panic(r)
		}
	}()
	rsp := next(ctx)
	if rsp == nil || len(rsp.Errors) > 0 || hasUserErrors(rsp.Data) {
		_ = tx.Rollback()
		return rsp
	}
	if err := tx.Commit(); err != nil {
		return graphql.ErrorResponse(ctx, "The change could not be saved; try again.")
	}
	return rsp
}

// hasUserErrors reports whether any top-level mutation payload carries a
// non-empty userErrors list.
func hasUserErrors(data json.RawMessage) bool {
	if !bytes.Contains(data, []byte(`"userErrors":[{`)) {
		return false
	}
	var top map[string]json.RawMessage
	if json.Unmarshal(data, &top) != nil {
		return true // be safe: do not commit what we cannot read
	}
	for _, payload := range top {
		var p struct {
			UserErrors []json.RawMessage `json:"userErrors"`
		}
		if json.Unmarshal(payload, &p) == nil && len(p.UserErrors) > 0 {
			return true
		}
	}
	return false
}
