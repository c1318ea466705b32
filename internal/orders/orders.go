// Package orders holds the rules of an order's life: intake, the status
// machine and its timeline, and the lookups customers and guests make.
package orders

import "github.com/waybill/waybill/ent"

// Service is the orders service.
type Service struct {
	client *ent.Client
}

// NewService returns an orders service over client.
func NewService(client *ent.Client) *Service { return &Service{client: client} }
