package graph

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Limits bound what one operation may ask for. They are checked after
// validation and before any resolver runs, so a refused query costs no
// database work.
type Limits struct {
	MaxDepth      int // deepest selection
	MaxAliases    int // aliased fields in one operation
	MaxComplexity int // fields, lists weighted by their page size
	MaxPageSize   int // largest first/last
	ListCost      int // weight of a list without first/last (an edge list)
}

// DefaultLimits suit the storefront, the console and mobile apps.
var DefaultLimits = Limits{MaxDepth: 15, MaxAliases: 100, MaxComplexity: 20000, MaxPageSize: 100, ListCost: 10}

// DefaultPageSize is what a connection returns without first or last.
const DefaultPageSize = 20

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = Limits{}

// ExtensionName implements graphql.HandlerExtension.
func (Limits) ExtensionName() string { return "WaybillLimits" }

// Validate implements graphql.HandlerExtension.
func (Limits) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext implements graphql.OperationContextMutator.
func (l Limits) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	w := walker{limits: l, oc: oc, fragments: map[string]bool{}}
	cost := w.selections(oc.Operation.SelectionSet, 1)
	switch {
	case w.err != nil:
		return w.err
	case w.aliases > l.MaxAliases:
		return limitError("ALIAS_LIMIT_EXCEEDED", "The operation uses %d aliases; the limit is %d.", w.aliases, l.MaxAliases)
	case cost > l.MaxComplexity:
		return limitError("COMPLEXITY_LIMIT_EXCEEDED", "The operation costs %d; the limit is %d. Ask for smaller pages or fewer fields.", cost, l.MaxComplexity)
	}
	return nil
}

type walker struct {
	limits    Limits
	oc        *graphql.OperationContext
	aliases   int
	fragments map[string]bool // on the current path, against cycles
	err       *gqlerror.Error
}

// selections returns the cost of a selection set at depth.
func (w *walker) selections(set ast.SelectionSet, depth int) int {
	if w.err != nil {
		return 0
	}
	if depth > w.limits.MaxDepth {
		w.err = limitError("DEPTH_LIMIT_EXCEEDED", "The operation is nested deeper than %d levels.", w.limits.MaxDepth)
		return 0
	}
	cost := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			cost += w.field(s, depth)
		case *ast.InlineFragment:
			cost += w.selections(s.SelectionSet, depth)
		case *ast.FragmentSpread:
			if w.fragments[s.Name] {
				continue
			}
			def := s.Definition
			if def == nil {
				def = w.oc.Doc.Fragments.ForName(s.Name)
			}
			if def == nil {
				continue
			}
			w.fragments[s.Name] = true
			cost += w.selections(def.SelectionSet, depth)
			delete(w.fragments, s.Name)
		}
		if w.err != nil {
			return 0
		}
	}
	return cost
}

func (w *walker) field(f *ast.Field, depth int) int {
	if f.Alias != "" && f.Alias != f.Name {
		w.aliases++
		if w.aliases > w.limits.MaxAliases {
			w.err = limitError("ALIAS_LIMIT_EXCEEDED", "The operation uses more than %d aliases.", w.limits.MaxAliases)
			return 0
		}
	}
	if len(f.SelectionSet) == 0 {
		return 1
	}
	mult := 1
	if f.Definition != nil {
		args := f.ArgumentMap(w.oc.Variables)
		first, hasFirst := intArg(args["first"])
		last, hasLast := intArg(args["last"])
		for _, n := range []int{first, last} {
			if n > w.limits.MaxPageSize || n < 0 {
				w.err = limitError("PAGE_SIZE_TOO_LARGE", "first and last must be between 0 and %d.", w.limits.MaxPageSize)
				return 0
			}
		}
		switch {
		case hasFirst || hasLast:
			mult = max(first, last, 1)
		case f.Definition.Arguments.ForName("first") != nil:
			mult = DefaultPageSize
		case f.Name == "edges":
			mult = 1 // a connection's page: already counted by its first/last
		case f.Definition.Type.Elem != nil:
			mult = w.limits.ListCost
		}
	}
	return 1 + mult*w.selections(f.SelectionSet, depth+1)
}

func intArg(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int64:
		return int(n), true
	case float64:
		return int(n), true
	}
	return 0, false
}

func limitError(code, format string, args ...any) *gqlerror.Error {
	return &gqlerror.Error{Message: fmt.Sprintf(format, args...), Extensions: map[string]any{"code": code}}
}

// pageSize gives a connection its default page size when the caller set
// neither first nor last (entgql would otherwise return every row).
func pageSize(first, last *int) *int {
	if first == nil && last == nil {
		n := DefaultPageSize
		return &n
	}
	return first
}
