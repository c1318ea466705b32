package fulfilment

import (
	"bytes"
	"testing"
)

func TestCode128Table(t *testing.T) {
	seen := map[string]bool{}
	for i, p := range code128 {
		sum := 0
		for _, c := range p {
			sum += int(c - '0')
		}
		want := 11
		if i == code128Stop {
			want = 13
		}
		if sum != want || seen[p] {
			t.Fatalf("symbol %d %q: %d modules (want %d) or duplicate", i, p, sum, want)
		}
		seen[p] = true
	}
}

func TestCode128B(t *testing.T) {
	// The usual worked example: "PJJ123C" has check symbol 55 ((104 + 48 +
	// 2·42 + 3·42 + 4·17 + 5·18 + 6·19 + 7·35) mod 103).
	vals, err := Code128B("PJJ123C")
	if err != nil {
		t.Fatal(err)
	}
	if len(vals) != 10 || vals[0] != 104 || vals[8] != 55 || vals[9] != 106 {
		t.Fatalf("values %v", vals)
	}
	svg, err := Code128SVG("EE123456785CN", 2, 60)
	if err != nil || !bytes.HasPrefix(svg, []byte("<svg")) || !bytes.Contains(svg, []byte("EE123456785CN")) {
		t.Fatalf("svg %s %v", svg, err)
	}
	if _, err := Code128B("é"); err == nil {
		t.Fatal("non-ASCII accepted")
	}
}
