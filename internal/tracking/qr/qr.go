// Package qr encodes short texts (URLs) as QR codes (ISO/IEC 18004) and
// renders them as SVG or PNG. It covers what a shipping label needs and no
// more: byte mode, versions 1 to 10 (up to 213 bytes at level M), the four
// error-correction levels and automatic mask selection. It has no
// dependencies beyond the standard library.
package qr

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strconv"
	"strings"
)

// Level is an error-correction level.
type Level int

// The levels: L recovers about 7% of the symbol, M 15%, Q 25%, H 30%.
const (
	L Level = iota
	M
	Q
	H
)

// formatBits are the two level bits of the format information.
var formatBits = [4]int{L: 1, M: 0, Q: 3, H: 2}

// ErrTooLong is returned when the text does not fit in version 10.
var ErrTooLong = errors.New("qr: text too long for a version 1-10 symbol")

// blockSpec is the block structure of one version and level: ec codewords
// per block, then groups of (blocks, data codewords per block).
type blockSpec struct {
	ec     int
	groups [][2]int
}

// specs[version-1][level], from ISO/IEC 18004 table 9.
var specs = [10][4]blockSpec{
	{{7, [][2]int{{1, 19}}}, {10, [][2]int{{1, 16}}}, {13, [][2]int{{1, 13}}}, {17, [][2]int{{1, 9}}}},
	{{10, [][2]int{{1, 34}}}, {16, [][2]int{{1, 28}}}, {22, [][2]int{{1, 22}}}, {28, [][2]int{{1, 16}}}},
	{{15, [][2]int{{1, 55}}}, {26, [][2]int{{1, 44}}}, {18, [][2]int{{2, 17}}}, {22, [][2]int{{2, 13}}}},
	{{20, [][2]int{{1, 80}}}, {18, [][2]int{{2, 32}}}, {26, [][2]int{{2, 24}}}, {16, [][2]int{{4, 9}}}},
	{{26, [][2]int{{1, 108}}}, {24, [][2]int{{2, 43}}}, {18, [][2]int{{2, 15}, {2, 16}}}, {22, [][2]int{{2, 11}, {2, 12}}}},
	{{18, [][2]int{{2, 68}}}, {16, [][2]int{{4, 27}}}, {24, [][2]int{{4, 19}}}, {28, [][2]int{{4, 15}}}},
	{{20, [][2]int{{2, 78}}}, {18, [][2]int{{4, 31}}}, {18, [][2]int{{2, 14}, {4, 15}}}, {26, [][2]int{{4, 13}, {1, 14}}}},
	{{24, [][2]int{{2, 97}}}, {22, [][2]int{{2, 38}, {2, 39}}}, {22, [][2]int{{4, 18}, {2, 19}}}, {26, [][2]int{{4, 14}, {2, 15}}}},
	{{30, [][2]int{{2, 116}}}, {22, [][2]int{{3, 36}, {2, 37}}}, {20, [][2]int{{4, 16}, {4, 17}}}, {24, [][2]int{{4, 12}, {4, 13}}}},
	{{18, [][2]int{{2, 68}, {2, 69}}}, {26, [][2]int{{4, 43}, {1, 44}}}, {24, [][2]int{{6, 19}, {2, 20}}}, {28, [][2]int{{6, 15}, {2, 16}}}},
}

// alignment lists the alignment-pattern centre coordinates per version.
var alignment = [10][]int{nil, {6, 18}, {6, 22}, {6, 26}, {6, 30}, {6, 34}, {6, 22, 38}, {6, 24, 42}, {6, 26, 46}, {6, 28, 50}}

func (b blockSpec) dataCodewords() int {
	n := 0
	for _, g := range b.groups {
		n += g[0] * g[1]
	}
	return n
}

// Code is an encoded symbol: Size×Size modules, true is dark.
type Code struct {
	Version int
	Level   Level
	Mask    int
	Size    int
	modules [][]bool
}

// Dark reports whether the module at column x, row y is dark.
func (c *Code) Dark(x, y int) bool {
	if x < 0 || y < 0 || x >= c.Size || y >= c.Size {
		return false // the quiet zone
	}
	return c.modules[y][x]
}

// Encode encodes text in byte mode at level lvl, in the smallest version
// that holds it.
func Encode(text string, lvl Level) (*Code, error) {
	if lvl < L || lvl > H {
		return nil, fmt.Errorf("qr: unknown level %d", lvl)
	}
	data := []byte(text)
	// Readers guess the charset of byte-mode data (often Shift JIS); an ECI
	// header saying UTF-8 makes non-ASCII text read back as written.
	eci := !isASCII(data)
	for v := 1; v <= 10; v++ {
		countBits := 8
		if v >= 10 {
			countBits = 16
		}
		header := 4 + countBits
		if eci {
			header += 12
		}
		capacity := specs[v-1][lvl].dataCodewords() * 8
		if header+8*len(data) > capacity {
			continue
		}
		var bb bitBuffer
		if eci {
			bb.append(0b0111, 4) // ECI
			bb.append(26, 8)     // UTF-8
		}
		bb.append(0b0100, 4) // byte mode
		bb.append(len(data), countBits)
		for _, b := range data {
			bb.append(int(b), 8)
		}
		bb.append(0, min(4, capacity-len(bb))) // terminator
		bb.append(0, (8-len(bb)%8)%8)
		for pad := 0xEC; len(bb) < capacity; pad ^= 0xEC ^ 0x11 {
			bb.append(pad, 8)
		}
		return build(v, lvl, interleave(bb.bytes(), specs[v-1][lvl])), nil
	}
	return nil, ErrTooLong
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

type bitBuffer []bool

func (b *bitBuffer) append(v, n int) {
	for i := n - 1; i >= 0; i-- {
		*b = append(*b, v>>uint(i)&1 == 1)
	}
}

func (b bitBuffer) bytes() []byte {
	out := make([]byte, len(b)/8)
	for i, bit := range b {
		if bit {
			out[i/8] |= 0x80 >> uint(i%8)
		}
	}
	return out
}

// interleave splits data into blocks, adds each block's Reed-Solomon
// codewords and interleaves data then error-correction codewords.
func interleave(data []byte, spec blockSpec) []byte {
	var blocks, eccs [][]byte
	k := 0
	for _, g := range spec.groups {
		for range g[0] {
			blk := data[k : k+g[1]]
			k += g[1]
			blocks = append(blocks, blk)
			eccs = append(eccs, rsRemainder(blk, spec.ec))
		}
	}
	var out []byte
	longest := spec.groups[len(spec.groups)-1][1]
	for i := range longest {
		for _, blk := range blocks {
			if i < len(blk) {
				out = append(out, blk[i])
			}
		}
	}
	for i := range spec.ec {
		for _, e := range eccs {
			out = append(out, e[i])
		}
	}
	return out
}

// gfMul multiplies in GF(2^8) modulo x^8+x^4+x^3+x^2+1.
func gfMul(x, y byte) byte {
	var z int
	for i := 7; i >= 0; i-- {
		z = z<<1 ^ (z>>7)*0x11D
		z ^= int(y>>uint(i)&1) * int(x)
	}
	return byte(z)
}

// rsRemainder returns the degree error-correction codewords of data.
func rsRemainder(data []byte, degree int) []byte {
	// The generator polynomial (x-α^0)(x-α^1)…(x-α^(degree-1)), without its
	// leading 1.
	gen := make([]byte, degree)
	gen[degree-1] = 1
	root := byte(1)
	for range degree {
		for j := range gen {
			gen[j] = gfMul(gen[j], root)
			if j+1 < len(gen) {
				gen[j] ^= gen[j+1]
			}
		}
		root = gfMul(root, 0x02)
	}
	rem := make([]byte, degree)
	for _, b := range data {
		factor := b ^ rem[0]
		copy(rem, rem[1:])
		rem[degree-1] = 0
		for i := range rem {
			rem[i] ^= gfMul(gen[i], factor)
		}
	}
	return rem
}

// matrix is a symbol under construction.
type matrix struct {
	size     int
	dark     [][]bool
	function [][]bool
}

func newMatrix(size int) *matrix {
	m := &matrix{size: size, dark: make([][]bool, size), function: make([][]bool, size)}
	for i := range size {
		m.dark[i], m.function[i] = make([]bool, size), make([]bool, size)
	}
	return m
}

func (m *matrix) set(x, y int, dark bool) {
	m.dark[y][x], m.function[y][x] = dark, true
}

func build(version int, lvl Level, codewords []byte) *Code {
	size := 17 + 4*version
	m := newMatrix(size)
	for i := range size { // timing patterns
		m.set(6, i, i%2 == 0)
		m.set(i, 6, i%2 == 0)
	}
	for _, c := range [][2]int{{3, 3}, {size - 4, 3}, {3, size - 4}} { // finders and separators
		for dy := -4; dy <= 4; dy++ {
			for dx := -4; dx <= 4; dx++ {
				x, y := c[0]+dx, c[1]+dy
				if x >= 0 && x < size && y >= 0 && y < size {
					d := max(abs(dx), abs(dy))
					m.set(x, y, d != 2 && d != 4)
				}
			}
		}
	}
	pos := alignment[version-1]
	for i, cy := range pos {
		for j, cx := range pos {
			if i == 0 && j == 0 || i == 0 && j == len(pos)-1 || i == len(pos)-1 && j == 0 {
				continue // under a finder pattern
			}
			for dy := -2; dy <= 2; dy++ {
				for dx := -2; dx <= 2; dx++ {
					m.set(cx+dx, cy+dy, max(abs(dx), abs(dy)) != 1)
				}
			}
		}
	}
	m.drawFormat(lvl, 0) // reserve the format areas; redrawn with the chosen mask
	if version >= 7 {
		rem := version
		for range 12 {
			rem = rem<<1 ^ (rem>>11)*0x1F25
		}
		bits := version<<12 | rem
		for i := range 18 {
			bit := bits>>uint(i)&1 == 1
			a, b := size-11+i%3, i/3
			m.set(a, b, bit)
			m.set(b, a, bit)
		}
	}
	// Data, in two-column strips zig-zagging up and down from the right.
	i := 0
	for right := size - 1; right >= 1; right -= 2 {
		if right == 6 {
			right = 5 // the vertical timing pattern
		}
		for vert := range size {
			for j := range 2 {
				x := right - j
				y := vert
				if (right+1)&2 == 0 {
					y = size - 1 - vert
				}
				if !m.function[y][x] && i < len(codewords)*8 {
					m.dark[y][x] = codewords[i>>3]>>uint(7-i&7)&1 == 1
					i++
				}
			}
		}
	}
	best, bestPenalty := 0, -1
	for mask := range 8 {
		m.applyMask(mask)
		m.drawFormat(lvl, mask)
		if p := m.penalty(); bestPenalty < 0 || p < bestPenalty {
			best, bestPenalty = mask, p
		}
		m.applyMask(mask) // XOR again undoes it
	}
	m.applyMask(best)
	m.drawFormat(lvl, best)
	return &Code{Version: version, Level: lvl, Mask: best, Size: size, modules: m.dark}
}

func (m *matrix) drawFormat(lvl Level, mask int) {
	data := formatBits[lvl]<<3 | mask
	rem := data
	for range 10 {
		rem = rem<<1 ^ (rem>>9)*0x537
	}
	bits := (data<<10 | rem) ^ 0x5412
	bit := func(i int) bool { return bits>>uint(i)&1 == 1 }
	for i := 0; i <= 5; i++ {
		m.set(8, i, bit(i))
	}
	m.set(8, 7, bit(6))
	m.set(8, 8, bit(7))
	m.set(7, 8, bit(8))
	for i := 9; i < 15; i++ {
		m.set(14-i, 8, bit(i))
	}
	for i := range 8 {
		m.set(m.size-1-i, 8, bit(i))
	}
	for i := 8; i < 15; i++ {
		m.set(8, m.size-15+i, bit(i))
	}
	m.set(8, m.size-8, true) // the dark module
}

func (m *matrix) applyMask(mask int) {
	for y := range m.size {
		for x := range m.size {
			if m.function[y][x] {
				continue
			}
			var flip bool
			switch mask {
			case 0:
				flip = (x+y)%2 == 0
			case 1:
				flip = y%2 == 0
			case 2:
				flip = x%3 == 0
			case 3:
				flip = (x+y)%3 == 0
			case 4:
				flip = (x/3+y/2)%2 == 0
			case 5:
				flip = x*y%2+x*y%3 == 0
			case 6:
				flip = (x*y%2+x*y%3)%2 == 0
			case 7:
				flip = ((x+y)%2+x*y%3)%2 == 0
			}
			if flip {
				m.dark[y][x] = !m.dark[y][x]
			}
		}
	}
}

// penalty scores a masked symbol by the four rules of ISO/IEC 18004 7.8.3;
// the mask with the lowest score is used.
func (m *matrix) penalty() int {
	n := m.size
	at := func(x, y int, transpose bool) bool {
		if transpose {
			return m.dark[x][y]
		}
		return m.dark[y][x]
	}
	score := 0
	for _, tr := range []bool{false, true} {
		for y := range n {
			run := 0
			var prev bool
			for x := range n {
				d := at(x, y, tr)
				if x > 0 && d == prev {
					run++
				} else {
					if run >= 5 {
						score += 3 + run - 5
					}
					run, prev = 1, d
				}
				// Rule 3: 1:1:3:1:1 finder-like pattern with four light modules on a side.
				if x >= 10 {
					p := [11]bool{}
					for k := range 11 {
						p[k] = at(x-10+k, y, tr)
					}
					core := p[0] && !p[1] && p[2] && p[3] && p[4] && !p[5] && p[6]
					if core && !p[7] && !p[8] && !p[9] && !p[10] {
						score += 40
					}
					core2 := p[4] && !p[5] && p[6] && p[7] && p[8] && !p[9] && p[10]
					if core2 && !p[0] && !p[1] && !p[2] && !p[3] {
						score += 40
					}
				}
			}
			if run >= 5 {
				score += 3 + run - 5
			}
		}
	}
	dark := 0
	for y := range n {
		for x := range n {
			if m.dark[y][x] {
				dark++
			}
			if x+1 < n && y+1 < n {
				c := m.dark[y][x]
				if m.dark[y][x+1] == c && m.dark[y+1][x] == c && m.dark[y+1][x+1] == c {
					score += 3
				}
			}
		}
	}
	total := n * n
	k := (abs(dark*20-total*10) + total - 1) / total // deviation from 50% in steps of 5%
	score += max(0, k-1) * 10
	return score
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// quiet is the light margin around the symbol, in modules (the standard's minimum).
const quiet = 4

// SVG renders the code as a scalable SVG with one path, module units and a
// quiet zone; scale is the pixel size of one module for the width/height
// attributes.
func (c *Code) SVG(scale int) []byte {
	if scale < 1 {
		scale = 1
	}
	dim := c.Size + 2*quiet
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 %d %d" width="%d" height="%d" shape-rendering="crispEdges">`,
		dim, dim, dim*scale, dim*scale)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, dim, dim)
	for y := range c.Size {
		for x := 0; x < c.Size; x++ {
			if !c.modules[y][x] {
				continue
			}
			run := 1
			for x+run < c.Size && c.modules[y][x+run] {
				run++
			}
			b.WriteString("M" + strconv.Itoa(x+quiet) + " " + strconv.Itoa(y+quiet) + "h" + strconv.Itoa(run) + "v1h-" + strconv.Itoa(run) + "z")
			x += run - 1
		}
	}
	b.WriteString(`"/></svg>` + "\n")
	return []byte(b.String())
}

// PNG renders the code as a black and white PNG with scale pixels per module.
func (c *Code) PNG(scale int) ([]byte, error) {
	if scale < 1 {
		scale = 1
	}
	dim := (c.Size + 2*quiet) * scale
	img := image.NewPaletted(image.Rect(0, 0, dim, dim), color.Palette{color.White, color.Black})
	for py := range dim {
		for px := range dim {
			if c.Dark(px/scale-quiet, py/scale-quiet) {
				img.SetColorIndex(px, py, 1)
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("qr: png: %w", err)
	}
	return buf.Bytes(), nil
}
