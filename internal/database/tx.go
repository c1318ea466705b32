package database

import (
	"context"
	"errors"
	"fmt"

	"github.com/waybill/waybill/ent"
)

// WithTx runs fn in a transaction: committed when fn returns nil, rolled back
// otherwise. Inside a GraphQL mutation, which already runs in one transaction
// (entgql.Transactioner), fn joins it and its owner commits. Side effects that
// must wait for the commit (publishing events) register with tx.OnCommit.
func WithTx(ctx context.Context, client *ent.Client, fn func(tx *ent.Tx) error) (err error) {
	if tx := ent.TxFromContext(ctx); tx != nil {
		return fn(tx)
	}
	tx, err := client.Tx(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
	}()
	if err := fn(tx); err != nil {
		if rerr := tx.Rollback(); rerr != nil {
			return errors.Join(err, rerr)
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Client returns the transactional client of a GraphQL mutation in ctx, or
// fallback outside one. Domain services read and write through it, so a
// mutation's work is one transaction (and SQLite's single writer is not
// asked twice).
func Client(ctx context.Context, fallback *ent.Client) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return fallback
}

// AfterCommit runs fn once the transaction in ctx commits (and never if it
// rolls back), or at once outside a transaction. Publish events with it.
func AfterCommit(ctx context.Context, fn func()) {
	tx := ent.TxFromContext(ctx)
	if tx == nil {
		fn()
		return
	}
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
			if err := next.Commit(ctx, tx); err != nil {
				return err
			}
			fn()
			return nil
		})
	})
}
