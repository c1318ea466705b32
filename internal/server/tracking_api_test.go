package server_test

import (
	"bytes"
	"image/png"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/waybill/waybill/ent/trackingevent"
	"github.com/waybill/waybill/internal/database"
	"github.com/waybill/waybill/internal/s10"
	"github.com/waybill/waybill/internal/seed"
	"github.com/waybill/waybill/internal/testdb"
)

// TestTrackOrder: the public view of an order's parcels for whoever has the
// order number and its email; anything else is null.
func TestTrackOrder(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := newTrackingHarness(t, db)
		shp := parcel(t, db, seed.DemoTrackingNumber)
		o := db.Client.Order.GetX(sysCtx, *shp.OrderID)
		const q = `query($o:String!,$e:String!){ trackOrder(orderNumber:$o, email:$e){ orderNumber status parcels { trackingNumber status cursor route { city } destination { city latitude } } } }`
		var out struct {
			TrackOrder *struct {
				OrderNumber, Status string
				Parcels             []struct {
					TrackingNumber, Status string
					Cursor                 *string
					Route                  []struct{ City string }
					Destination            *struct {
						City     string
						Latitude float64
					}
				}
			}
		}
		h.gql.MustData(t, q, map[string]any{"o": strings.ToLower(o.Number), "e": strings.ToUpper(o.ContactEmail)}, &out)
		if out.TrackOrder == nil || out.TrackOrder.OrderNumber != o.Number || len(out.TrackOrder.Parcels) == 0 {
			t.Fatalf("trackOrder: %+v", out.TrackOrder)
		}
		found := false
		for _, p := range out.TrackOrder.Parcels {
			if p.TrackingNumber == seed.DemoTrackingNumber {
				found = p.Cursor != nil && len(p.Route) >= 2 && p.Destination != nil && p.Destination.Latitude != 0
			}
		}
		if !found {
			t.Fatalf("the demo parcel is missing or incomplete: %+v", out.TrackOrder.Parcels)
		}
		for _, vars := range []map[string]any{
			{"o": o.Number, "e": "someone.else@example.cn"},
			{"o": "WB-19990101-000001", "e": o.ContactEmail},
		} {
			h.gql.MustData(t, q, vars, &out)
			if out.TrackOrder != nil {
				t.Fatalf("%v gave %+v", vars, out.TrackOrder)
			}
		}
	})
}

// TestRecordScanAndReportPosition: scans by warehouse staff with the check
// digit verified and an idempotency key; positions throttled, a new city an event.
func TestRecordScanAndReportPosition(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := newTrackingHarness(t, db)
		shp := inTransitParcel(t, db)
		wh := h.as(t, "warehouse@waybill.test", "waybill-warehouse-demo")
		cust := h.as(t, "customer@waybill.test", "waybill-customer-demo")
		const scan = `mutation($in: RecordScanInput!){ recordScan(input: $in) { duplicate event { id status subStatus city } shipment { status subStatus } userErrors { code field } } }`
		type payload struct {
			RecordScan struct {
				Duplicate  bool
				Event      *struct{ ID, Status, SubStatus, City string }
				Shipment   *struct{ Status, SubStatus string }
				UserErrors []struct {
					Code  string
					Field []string
				}
			}
		}
		n := shp.TrackingNumber
		typo := n[:4] + string('0'+(n[4]-'0'+3)%10) + n[5:]
		unknown, _ := s10.Format("QQ", 12345, "CN")
		for _, c := range []struct {
			in   map[string]any
			code string
		}{
			{map[string]any{"trackingNumber": typo, "status": "IN_TRANSIT"}, "INVALID_TRACKING_NUMBER"},
			{map[string]any{"trackingNumber": "hello", "status": "IN_TRANSIT"}, "INVALID_TRACKING_NUMBER"},
			{map[string]any{"trackingNumber": unknown, "status": "IN_TRANSIT"}, "UNKNOWN_PARCEL"},
			{map[string]any{"trackingNumber": n, "status": "IN_TRANSIT", "city": "Gotham"}, "UNKNOWN_CITY"},
			{map[string]any{"trackingNumber": n, "status": "EXPIRED"}, "INVALID_STATUS"},
			{map[string]any{"trackingNumber": n, "status": "IN_TRANSIT", "occurredAt": h.clock.Now().Add(time.Hour)}, "INVALID_TIME"},
		} {
			var out payload
			wh.MustData(t, scan, map[string]any{"in": c.in}, &out)
			if len(out.RecordScan.UserErrors) == 0 || out.RecordScan.UserErrors[0].Code != c.code || out.RecordScan.Event != nil {
				t.Errorf("%v: %+v, want %s", c.in, out.RecordScan, c.code)
			}
		}
		if res := cust.Do(t, scan, map[string]any{"in": map[string]any{"trackingNumber": n, "status": "IN_TRANSIT"}}); res.Code() != "FORBIDDEN" {
			t.Fatalf("a customer scanned: %s %+v", res.Data, res.Errors)
		}
		before := len(eventsOf(t, db, shp))
		in := map[string]any{"trackingNumber": strings.ToLower(n[:2]) + " " + n[2:], "status": "IN_TRANSIT", "subStatus": "arrived_at_hub",
			"city": "Wuhan", "locationName": "武汉转运中心", "idempotencyKey": "scan-0001"}
		var out payload
		wh.MustData(t, scan, map[string]any{"in": in}, &out)
		if out.RecordScan.Event == nil || out.RecordScan.Event.City != "武汉" || out.RecordScan.Event.SubStatus != "ARRIVED_AT_HUB" ||
			out.RecordScan.Shipment == nil || out.RecordScan.Shipment.SubStatus != "ARRIVED_AT_HUB" || out.RecordScan.Duplicate {
			t.Fatalf("scan: %+v", out.RecordScan)
		}
		first := out.RecordScan.Event.ID
		wh.MustData(t, scan, map[string]any{"in": in}, &out) // the scanner retries
		if !out.RecordScan.Duplicate || out.RecordScan.Event == nil || out.RecordScan.Event.ID != first {
			t.Fatalf("retried scan: %+v", out.RecordScan)
		}
		if got := len(eventsOf(t, db, shp)); got != before+1 {
			t.Fatalf("%d events after one scan and a retry, had %d", got, before)
		}
		e := db.Client.TrackingEvent.GetX(sysCtx, eventsOf(t, db, shp)[before].ID)
		if e.Source != trackingevent.SourceSCAN {
			t.Fatalf("source %s", e.Source)
		}

		const pos = `mutation($in: ReportPositionInput!){ reportPosition(input: $in) { accepted shipment { currentLatitude currentLongitude } userErrors { code } } }`
		var p struct {
			ReportPosition struct {
				Accepted   bool
				Shipment   *struct{ CurrentLatitude, CurrentLongitude float64 }
				UserErrors []struct{ Code string }
			}
		}
		// Near Zhengzhou, a city the parcel has not been seen in, a while after the scan.
		h.clock.Add(time.Minute)
		wh.MustData(t, pos, map[string]any{"in": map[string]any{"trackingNumber": n, "latitude": 34.75, "longitude": 113.63}}, &p)
		if !p.ReportPosition.Accepted || p.ReportPosition.Shipment == nil || p.ReportPosition.Shipment.CurrentLatitude != 34.75 {
			t.Fatalf("position: %+v", p.ReportPosition)
		}
		h.clock.Add(10 * time.Second)
		wh.MustData(t, pos, map[string]any{"in": map[string]any{"trackingNumber": n, "latitude": 34.76, "longitude": 113.64}}, &p)
		if p.ReportPosition.Accepted || p.ReportPosition.Shipment.CurrentLatitude != 34.75 {
			t.Fatalf("a position 10 s later must be throttled: %+v", p.ReportPosition)
		}
		wh.MustData(t, pos, map[string]any{"in": map[string]any{"trackingNumber": n, "latitude": 134.0, "longitude": 13.0}}, &p)
		if len(p.ReportPosition.UserErrors) != 1 || p.ReportPosition.UserErrors[0].Code != "INVALID_POSITION" {
			t.Fatalf("latitude 134: %+v", p.ReportPosition)
		}
		evs := eventsOf(t, db, shp)
		last := evs[len(evs)-1]
		if last.Source != trackingevent.SourceGPS || last.City != "郑州" || len(evs) != before+2 {
			t.Fatalf("GPS event: %+v (%d events)", last, len(evs))
		}
		if res := cust.Do(t, pos, map[string]any{"in": map[string]any{"trackingNumber": n, "latitude": 34.7, "longitude": 113.6}}); res.Code() != "FORBIDDEN" {
			t.Fatalf("a customer reported a position: %+v", res.Errors)
		}
		// The public view shows the position, rounded.
		var view struct {
			TrackParcel struct {
				Position *struct{ Latitude, Longitude float64 }
			}
		}
		h.gql.MustData(t, `query($n:String!){ trackParcel(trackingNumber:$n){ position { latitude longitude } } }`, map[string]any{"n": n}, &view)
		if view.TrackParcel.Position == nil || view.TrackParcel.Position.Latitude != 34.75 {
			t.Fatalf("public position: %+v", view.TrackParcel.Position)
		}
	})
}

// TestQRCode: every parcel has a QR code of its tracking page.
func TestQRCode(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		h := newTrackingHarness(t, db)
		get := func(method, path string) (*http.Response, []byte) {
			req, _ := http.NewRequest(method, h.ts.URL+path, nil)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			return res, b
		}
		res, body := get(http.MethodGet, "/qr/"+seed.DemoTrackingNumber+".svg")
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/svg+xml" || !bytes.Contains(body, []byte("<svg")) {
			t.Fatalf("svg: %d %s %.80s", res.StatusCode, res.Header.Get("Content-Type"), body)
		}
		res, body = get(http.MethodGet, "/qr/"+strings.ToLower(seed.DemoTrackingNumber)+".png?scale=4")
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/png" {
			t.Fatalf("png: %d", res.StatusCode)
		}
		if _, err := png.Decode(bytes.NewReader(body)); err != nil {
			t.Fatalf("png: %v", err)
		}
		if zbar, err := exec.LookPath("zbarimg"); err == nil {
			f := filepath.Join(t.TempDir(), "qr.png")
			if err := os.WriteFile(f, body, 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(zbar, "-q", "--raw", f).Output()
			if want := h.ts.URL + "/track/" + seed.DemoTrackingNumber; strings.TrimSpace(string(out)) != want {
				t.Fatalf("the QR code reads %q (%v), want %q", out, err, want)
			}
		}
		unknown, _ := s10.Format("QQ", 777, "CN")
		for _, p := range []string{"/qr/" + unknown + ".svg", "/qr/WB123456780CN.svg", "/qr/" + seed.DemoTrackingNumber + ".gif", "/qr/x.png"} {
			if res, _ := get(http.MethodGet, p); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s: %d", p, res.StatusCode)
			}
		}
		if res, _ := get(http.MethodPost, "/qr/"+seed.DemoTrackingNumber+".svg"); res.StatusCode != http.StatusMethodNotAllowed {
			t.Fatalf("POST: %d", res.StatusCode)
		}
	})
}
