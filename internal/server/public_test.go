package server_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/waybill/waybill/ent/shipment"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/seed"
	"github.com/waybill/waybill/internal/testdb"
	"github.com/waybill/waybill/internal/viewer"
)

// TestPublicTrackingHasNoPersonalData walks the whole public tracking
// response — every field the schema offers — and checks that no value is
// a piece of the recipient's personal data and no key names one.
func TestPublicTrackingHasNoPersonalData(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := newHarness(t, db)
		ctx := viewer.SystemContext(context.Background())
		shp, err := db.Client.Shipment.Query().Where(shipment.TrackingNumber(seed.DemoTrackingNumber)).WithOrder().Only(ctx)
		if err != nil || shp.Edges.Order == nil {
			t.Fatalf("demo shipment and its order: %v", err)
		}
		o := shp.Edges.Order
		personal := []string{o.ContactName, o.ContactEmail, o.ContactPhone, o.ShipLine1, o.ShipLine2, o.ShipPostalCode, string(o.ID), o.Number}
		res := h.gql.Do(t, `query($n:String!){ trackParcel(trackingNumber:$n){
			trackingNumber status subStatus carrierName carrierNameZh carrierCode serviceLevel originCity destinationCity
			shippedAt deliveredAt promisedDate etaFrom etaTo late lastEventAt
			events { id status subStatus description locationName city occurredAt } } }`, map[string]any{"n": seed.DemoTrackingNumber})
		if len(res.Errors) > 0 {
			t.Fatal(res.Errors)
		}
		var doc any
		if err := json.Unmarshal(res.Data, &doc); err != nil {
			t.Fatal(err)
		}
		forbiddenKeys := []string{"name", "email", "phone", "address", "line1", "line2", "postal", "customer", "contact"}
		var walk func(path string, v any)
		walk = func(path string, v any) {
			switch x := v.(type) {
			case map[string]any:
				for k, child := range x {
					lk := strings.ToLower(k)
					for _, f := range forbiddenKeys {
						if strings.Contains(lk, f) && lk != "carriername" && lk != "carriernamezh" && lk != "locationname" {
							t.Errorf("public field %s.%s looks personal", path, k)
						}
					}
					walk(path+"."+k, child)
				}
			case []any:
				for _, child := range x {
					walk(path+"[]", child)
				}
			case string:
				for _, p := range personal {
					if p != "" && len(p) > 3 && strings.Contains(x, p) {
						t.Errorf("public value at %s contains personal data %q", path, p)
					}
				}
			}
		}
		walk("data", doc)
		if !strings.Contains(string(res.Data), seed.DemoTrackingNumber) {
			t.Fatalf("response: %s", res.Data)
		}
		var names struct {
			TrackParcel struct{ CarrierName, CarrierNameZh string }
		}
		res.Decode(t, &names)
		if names.TrackParcel.CarrierName == "" || names.TrackParcel.CarrierNameZh == "" || names.TrackParcel.CarrierNameZh == names.TrackParcel.CarrierName {
			t.Fatalf("carrier names: %+v", names.TrackParcel)
		}
	})
}
