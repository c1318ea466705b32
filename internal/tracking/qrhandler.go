package tracking

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/waybill/waybill/ent/shipment"
	"github.com/waybill/waybill/internal/s10"
	"github.com/waybill/waybill/internal/tracking/qr"
	"github.com/waybill/waybill/internal/viewer"
)

// QRHandler serves GET /qr/{file}, where file is <tracking number>.svg or
// .png: a QR code of the parcel's tracking page, <public URL>/track/<number>,
// for labels. ?scale=N sets the pixels per module (PNG, and the SVG's
// nominal size). Unknown numbers are 404, like trackParcel's null.
func (s *Service) QRHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "use GET", http.StatusMethodNotAllowed)
			return
		}
		file := r.PathValue("file")
		var format string
		switch {
		case strings.HasSuffix(strings.ToLower(file), ".svg"):
			format = "svg"
		case strings.HasSuffix(strings.ToLower(file), ".png"):
			format = "png"
		default:
			http.NotFound(w, r)
			return
		}
		number := s10.Normalize(file[:len(file)-4])
		if s10.Validate(number) != nil {
			http.NotFound(w, r)
			return
		}
		exists, err := s.client.Shipment.Query().Where(shipment.TrackingNumber(number)).Exist(viewer.SystemContext(r.Context()))
		if err != nil {
			s.log.ErrorContext(r.Context(), "tracking: qr lookup failed", "error", err)
			http.Error(w, "try again later", http.StatusServiceUnavailable)
			return
		}
		if !exists {
			http.NotFound(w, r)
			return
		}
		scale := 8
		if v, err := strconv.Atoi(r.URL.Query().Get("scale")); err == nil && v >= 1 && v <= 32 {
			scale = v
		}
		base, cacheable := s.publicBase(r)
		code, err := qr.Encode(base+"/track/"+number, qr.M)
		if err != nil {
			http.Error(w, "the public URL is too long for a QR code", http.StatusInternalServerError)
			return
		}
		if cacheable {
			w.Header().Set("Cache-Control", "public, max-age=86400")
		} else {
			// The link was built from this request's Host: do not let a
			// shared cache serve it to others.
			w.Header().Set("Cache-Control", "private, max-age=3600")
		}
		w.Header().Set("X-Content-Type-Options", "nosniff")
		switch format {
		case "svg":
			w.Header().Set("Content-Type", "image/svg+xml")
			_, _ = w.Write(code.SVG(scale))
		default:
			raw, err := code.PNG(scale)
			if err != nil {
				http.Error(w, "internal error", http.StatusInternalServerError)
				return
			}
			w.Header().Set("Content-Type", "image/png")
			_, _ = w.Write(raw)
		}
	})
}

// publicBase is the configured public URL, or the scheme and host of the
// request (behind a proxy, X-Forwarded-Proto and -Host).
func (s *Service) publicBase(r *http.Request) (string, bool) {
	if s.opts.PublicURL != "" {
		return strings.TrimRight(s.opts.PublicURL, "/"), true
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if p := r.Header.Get("X-Forwarded-Proto"); p == "https" || p == "http" {
		scheme = p
	}
	host := r.Host
	if h := r.Header.Get("X-Forwarded-Host"); h != "" && !strings.ContainsAny(h, "/ ,") {
		host = h
	}
	return scheme + "://" + host, false
}
