package main

import "testing"

func TestCheckPublicURL(t *testing.T) {
	for in, want := range map[string]string{
		"":                                 "",
		"  ":                               "",
		"https://shop.example.com":         "https://shop.example.com",
		"https://shop.example.com/":        "https://shop.example.com",
		"http://127.0.0.1:8080":            "http://127.0.0.1:8080",
		"https://example.com/waybill/":     "https://example.com/waybill",
		" https://shop.example.com:8443/ ": "https://shop.example.com:8443",
	} {
		got, err := checkPublicURL(in)
		if err != nil || got != want {
			t.Errorf("checkPublicURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"shop.example.com", "ftp://example.com", "https://", "https://example.com/?a=1",
		"https://example.com/#top", "https://user:pw@example.com", "/track"} {
		if got, err := checkPublicURL(bad); err == nil {
			t.Errorf("checkPublicURL(%q) = %q, want an error", bad, got)
		}
	}
}
