package tracking

import (
	"net/http/httptest"
	"testing"
)

// TestPublicBase: QR codes link to the configured public URL (and may be
// cached by anyone), else to the scheme and host of the request.
func TestPublicBase(t *testing.T) {
	req := httptest.NewRequest("GET", "http://10.0.0.5:8080/qr/WB123456785CN.svg", nil)
	configured := &Service{opts: Options{PublicURL: "https://shop.example.com/"}}
	if base, cacheable := configured.publicBase(req); base != "https://shop.example.com" || !cacheable {
		t.Fatalf("configured: %q %v", base, cacheable)
	}
	plain := &Service{}
	if base, cacheable := plain.publicBase(req); base != "http://10.0.0.5:8080" || cacheable {
		t.Fatalf("from the request: %q %v", base, cacheable)
	}
	req.Header.Set("X-Forwarded-Proto", "https")
	req.Header.Set("X-Forwarded-Host", "track.example.com")
	if base, _ := plain.publicBase(req); base != "https://track.example.com" {
		t.Fatalf("behind a proxy: %q", base)
	}
	req.Header.Set("X-Forwarded-Host", "evil.example.com/x")
	if base, _ := plain.publicBase(req); base != "https://10.0.0.5:8080" {
		t.Fatalf("a forwarded host with a path is ignored: %q", base)
	}
}
