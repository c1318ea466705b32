package qr

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// symbolHash fingerprints the module matrix (for regression checks that do
// not need a decoder).
func symbolHash(c *Code) string {
	var b strings.Builder
	for y := range c.Size {
		for x := range c.Size {
			if c.Dark(x, y) {
				b.WriteByte('1')
			} else {
				b.WriteByte('0')
			}
		}
	}
	s := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(s[:8])
}

func TestStructure(t *testing.T) {
	c, err := Encode("https://waybill.example/track/WB123456785CN", M)
	if err != nil {
		t.Fatal(err)
	}
	if c.Size != 17+4*c.Version || c.Version != 4 {
		t.Fatalf("version %d size %d", c.Version, c.Size)
	}
	// The three finder patterns: a dark 7x7 ring around a light ring around a dark 3x3.
	for _, o := range [][2]int{{0, 0}, {c.Size - 7, 0}, {0, c.Size - 7}} {
		for dy := range 7 {
			for dx := range 7 {
				d := max(abs(dx-3), abs(dy-3))
				if want := d != 2; c.Dark(o[0]+dx, o[1]+dy) != want {
					t.Fatalf("finder at %v: module (%d,%d) = %v", o, dx, dy, !want)
				}
			}
		}
	}
	if !c.Dark(8, c.Size-8) {
		t.Fatal("the dark module is light")
	}
	if c.Dark(-1, 0) || c.Dark(c.Size, 0) {
		t.Fatal("the quiet zone must be light")
	}
	// Encoding is deterministic.
	c2, _ := Encode("https://waybill.example/track/WB123456785CN", M)
	if symbolHash(c) != symbolHash(c2) {
		t.Fatal("two encodings of the same text differ")
	}
}

func TestLimits(t *testing.T) {
	if _, err := Encode(strings.Repeat("x", 213), M); err != nil {
		t.Fatalf("213 bytes fit version 10-M: %v", err)
	}
	if _, err := Encode(strings.Repeat("x", 214), M); err != ErrTooLong {
		t.Fatalf("214 bytes: %v", err)
	}
	if _, err := Encode("x", Level(9)); err == nil {
		t.Fatal("unknown level accepted")
	}
	c, err := Encode("", L)
	if err != nil || c.Version != 1 {
		t.Fatalf("empty text: %v %+v", err, c)
	}
}

func TestRender(t *testing.T) {
	c, err := Encode("hello", M)
	if err != nil {
		t.Fatal(err)
	}
	svg := string(c.SVG(8))
	if !strings.HasPrefix(svg, "<?xml") || !strings.Contains(svg, `viewBox="0 0 29 29"`) || !strings.Contains(svg, "<path") {
		t.Fatalf("svg: %.200s", svg)
	}
	raw, err := c.PNG(3)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil || img.Bounds().Dx() != 29*3 {
		t.Fatalf("png: %v %v", err, img.Bounds())
	}
}

// TestDecodesWithZbar reads every version and level back with zbarimg
// (Debian's zbar-tools) when it is installed; the encoder's output must be
// what a phone camera reads.
func TestDecodesWithZbar(t *testing.T) {
	zbar, err := exec.LookPath("zbarimg")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI must run this test: zbarimg is missing (.ci/run installs zbar-tools)")
		}
		t.Skip("zbarimg not installed (apt-get install zbar-tools)")
	}
	dir := t.TempDir()
	texts := []string{"hi", "https://waybill.example/track/WB123456785CN", strings.Repeat("0123456789", 10), strings.Repeat("z", 150), "追踪 WB123456785CN"}
	for _, text := range texts {
		for lvl := L; lvl <= H; lvl++ {
			c, err := Encode(text, lvl)
			if err == ErrTooLong {
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			raw, err := c.PNG(4)
			if err != nil {
				t.Fatal(err)
			}
			f := filepath.Join(dir, "q.png")
			if err := os.WriteFile(f, raw, 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(zbar, "-q", "--raw", f).Output()
			if got := strings.TrimRight(string(out), "\n"); got != text {
				t.Errorf("version %d level %d mask %d: read %q (%v), want %q", c.Version, lvl, c.Mask, got, err, text)
			}
		}
	}
}
