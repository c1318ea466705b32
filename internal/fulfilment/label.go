package fulfilment

import (
	"context"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/shipmentitem"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// Label is what a shipping label shows.
type Label struct {
	Shipment  *ent.Shipment
	Order     *ent.Order
	Carrier   *ent.Carrier
	Warehouse *ent.Warehouse
	Items     []LabelItem
	Barcode   template.HTML // Code 128 of the tracking number, inline SVG
	QRURL     string        // the QR code (internal/tracking serves it)
	TrackURL  string
}

// LabelItem is one line of the packing slip under the label.
type LabelItem struct {
	SKU      string
	Name     string
	Quantity int
	Lot      string
}

// Label gathers a shipment's label (FULFIL: it shows the recipient).
func (s *Service) Label(ctx context.Context, shipmentID pulid.ID) (*Label, error) {
	if err := auth.Require(ctx, auth.Fulfil); err != nil {
		return nil, err
	}
	sys := viewer.SystemContext(ctx)
	shp, err := s.client.Shipment.Get(sys, shipmentID)
	if ent.IsNotFound(err) {
		return nil, errs.E("fulfilment.Label", errs.NotFound, "NOT_FOUND", "No such shipment.")
	}
	if err != nil {
		return nil, err
	}
	l := &Label{Shipment: shp}
	if shp.OrderID != nil {
		if l.Order, err = s.client.Order.Get(sys, *shp.OrderID); err != nil {
			return nil, err
		}
	}
	if shp.CarrierID != nil {
		if l.Carrier, err = s.client.Carrier.Get(sys, *shp.CarrierID); err != nil {
			return nil, err
		}
	}
	if shp.WarehouseID != nil {
		if l.Warehouse, err = s.client.Warehouse.Get(sys, *shp.WarehouseID); err != nil {
			return nil, err
		}
	}
	items, err := s.client.ShipmentItem.Query().Where(shipmentitem.ShipmentID(shp.ID)).WithProduct().All(sys)
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		li := LabelItem{Quantity: it.Quantity}
		if p := it.Edges.Product; p != nil {
			li.SKU, li.Name = p.Sku, p.NameZh
		}
		if it.LotNumber != nil {
			li.Lot = *it.LotNumber
		}
		l.Items = append(l.Items, li)
	}
	svg, err := Code128SVG(shp.TrackingNumber, 2, 70)
	if err != nil {
		return nil, err
	}
	l.Barcode = template.HTML(svg) // generated from a validated tracking number: no markup from input
	l.QRURL = "/qr/" + shp.TrackingNumber + ".svg"
	l.TrackURL = "/track/" + shp.TrackingNumber
	return l, nil
}

// LabelHandler serves GET /labels/{shipmentID}: the printable label (A6,
// 100 × 150 mm) with the Code 128 barcode and the QR code of the tracking
// page, for signed-in staff who fulfil. Mount it behind the session
// middleware.
func (s *Service) LabelHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "use GET", http.StatusMethodNotAllowed)
			return
		}
		l, err := s.Label(r.Context(), pulid.ID(r.PathValue("shipmentID")))
		switch errs.KindOf(err) {
		case errs.Unauthenticated:
			http.Error(w, "Sign in to print labels.", http.StatusUnauthorized)
			return
		case errs.Forbidden:
			http.Error(w, "Your role may not print labels.", http.StatusForbidden)
			return
		case errs.NotFound:
			http.NotFound(w, r)
			return
		}
		if err != nil {
			http.Error(w, "The label could not be made; try again.", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "private, no-store")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		_ = labelPage.Execute(w, l)
	})
}

var labelPage = template.Must(template.New("label").Funcs(template.FuncMap{
	"upper": strings.ToUpper,
	"kg":    func(g int) string { return strconv.FormatFloat(float64(g)/1000, 'f', -1, 64) },
}).Parse(`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{{.Shipment.TrackingNumber}} · 运单 Label</title>
<style>
  @page { size: 100mm 150mm; margin: 0; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 12px/1.35 system-ui, "PingFang SC", "Noto Sans CJK SC", sans-serif; color: #000; }
  .label { width: 100mm; min-height: 150mm; padding: 4mm; border: 1px dashed #999; margin: 8px auto; }
  .row { display: flex; justify-content: space-between; align-items: flex-start; gap: 3mm; }
  .carrier { font-size: 18px; font-weight: 700; }
  .service { font-size: 16px; font-weight: 700; border: 2px solid #000; padding: 1mm 2mm; }
  .box { border-top: 2px solid #000; padding: 2mm 0; }
  .to { font-size: 14px; }
  .to strong { font-size: 16px; }
  .barcode svg { width: 100%; height: auto; }
  .qr img { width: 28mm; height: 28mm; image-rendering: pixelated; }
  table { width: 100%; border-collapse: collapse; font-size: 11px; }
  td, th { text-align: left; padding: 0.5mm 1mm; border-bottom: 1px solid #ccc; }
  .muted { color: #444; font-size: 10px; }
  .print { display: block; margin: 12px auto; font-size: 16px; padding: 8px 24px; }
  @media print { .print { display: none; } .label { border: 0; margin: 0; } }
</style>
</head>
<body>
<button class="print" onclick="window.print()">打印 Print</button>
<main class="label" aria-label="shipping label">
  <div class="row">
    <div class="carrier">{{if .Carrier}}{{.Carrier.NameZh}} {{.Carrier.Name}}{{end}}</div>
    <div class="service">{{.Shipment.ServiceLevel}}</div>
  </div>
  <div class="barcode" data-tracking-number="{{.Shipment.TrackingNumber}}">{{.Barcode}}</div>
  <div class="box to">
    <div class="muted">收件人 TO</div>
    {{with .Order}}
    <strong>{{.ContactName}}</strong> {{.ContactPhone}}<br>
    {{.ShipProvince}} {{.ShipCity}} {{.ShipDistrict}}<br>
    {{.ShipLine1}}{{if .ShipLine2}} {{.ShipLine2}}{{end}}<br>
    {{.ShipPostalCode}} {{upper .ShipCountry}}
    {{end}}
  </div>
  <div class="box row">
    <div>
      <div class="muted">寄件 FROM</div>
      {{with .Warehouse}}{{.Name}}<br>{{.Address}}{{end}}
      <div class="muted" style="margin-top:2mm">订单 ORDER</div>
      {{with .Order}}<strong>{{.Number}}</strong>{{end}}<br>
      {{kg .Shipment.WeightGrams}} kg{{with .Shipment.PromisedDate}} · 承诺 {{.Format "2006-01-02"}}{{end}}
    </div>
    <div class="qr"><a href="{{.TrackURL}}"><img src="{{.QRURL}}" alt="QR code: track {{.Shipment.TrackingNumber}}"></a>
      <div class="muted">扫码查件 Scan to track</div></div>
  </div>
  <div class="box">
    <table>
      <thead><tr><th>SKU</th><th>品名 Item</th><th>批次 Lot</th><th>数量 Qty</th></tr></thead>
      <tbody>{{range .Items}}<tr><td>{{.SKU}}</td><td>{{.Name}}</td><td>{{.Lot}}</td><td>{{.Quantity}}</td></tr>{{end}}</tbody>
    </table>
  </div>
</main>
</body>
</html>
`))
