package database

import (
	"context"
	"errors"
	"fmt"

	"github.com/waybill/waybill/ent"
)

// WithTx runs fn in a transaction: committed when fn returns nil, rolled back
// otherwise. Side effects that must wait for the commit (publishing events)
// register with tx.OnCommit.
func WithTx(ctx context.Context, client *ent.Client, fn func(tx *ent.Tx) error) (err error) {
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
