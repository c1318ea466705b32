// Package audit records every change made by staff: who, what, which
// object, when, and the before/after of the fields that changed. It is an ent
// hook, so no write path can forget it, and the entry is written in the same
// transaction as the change.
package audit

import (
	"context"
	"fmt"
	"reflect"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/internal/obs"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// redacted fields are recorded as changed but never with their values.
var redacted = map[string]bool{"password_hash": true, "webhook_secret": true, "token_hash": true}

type clientMutation interface {
	ent.Mutation
	Client() *ent.Client
	IDs(ctx context.Context) ([]pulid.ID, error)
}

// Hook writes an AuditEntry for each mutation made by a member of staff.
func Hook() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			v := viewer.FromContext(ctx)
			cm, ok := m.(clientMutation)
			if !v.Staff() || !ok {
				return next.Mutate(ctx, m)
			}
			var ids []pulid.ID
			before := map[string]any{}
			if !m.Op().Is(ent.OpCreate) {
				var err error
				if ids, err = cm.IDs(ctx); err != nil {
					return nil, err
				}
				if m.Op().Is(ent.OpUpdateOne | ent.OpDeleteOne) {
					fields := m.Fields()
					if m.Op().Is(ent.OpDeleteOne) {
						fields = nil // the whole row is gone; its id says which
					}
					for _, f := range fields {
						old, err := m.OldField(ctx, f)
						if err != nil {
							return nil, err
						}
						before[f] = value(f, old)
					}
				}
			}
			after := map[string]any{}
			for _, f := range m.Fields() {
				nv, _ := m.Field(f)
				after[f] = value(f, nv)
			}
			for _, f := range m.ClearedFields() {
				after[f] = nil
			}
			res, err := next.Mutate(ctx, m)
			if err != nil {
				return nil, err
			}
			if m.Op().Is(ent.OpCreate) {
				if id, ok := idOf(res); ok {
					ids = []pulid.ID{id}
				}
			}
			objectIDs := ""
			for i, id := range ids {
				if i > 0 {
					objectIDs += ","
				}
				objectIDs += string(id)
			}
			entry := cm.Client().AuditEntry.Create().
				SetActorID(string(v.AccountID)).SetActorEmail(v.Email).
				SetAction(fmt.Sprintf("%s.%s", m.Type(), opName(m.Op()))).
				SetObjectType(m.Type()).SetObjectID(objectIDs).
				SetRequestID(obs.RequestID(ctx))
			if len(before) > 0 {
				entry.SetBefore(before)
			}
			if len(after) > 0 {
				entry.SetAfter(after)
			}
			if err := entry.Exec(viewer.SystemContext(ctx)); err != nil {
				return nil, fmt.Errorf("audit: %w", err)
			}
			return res, nil
		})
	}
}

func value(field string, v any) any {
	if redacted[field] {
		return "[redacted]"
	}
	return v
}

func opName(op ent.Op) string {
	switch {
	case op.Is(ent.OpCreate):
		return "create"
	case op.Is(ent.OpUpdateOne), op.Is(ent.OpUpdate):
		return "update"
	default:
		return "delete"
	}
}

// idOf reads the ID field of a created entity (every ent entity has one).
func idOf(v ent.Value) (pulid.ID, bool) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return "", false
	}
	id, ok := rv.Elem().FieldByName("ID").Interface().(pulid.ID)
	return id, ok
}
