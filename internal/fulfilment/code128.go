package fulfilment

import (
	"bytes"
	"fmt"
)

// code128 are the bar and space widths of the 107 Code 128 symbols
// (ISO/IEC 15417), in modules; 106 is the stop pattern.
var code128 = [107]string{
	"212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
	"221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
	"221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
	"212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
	"231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
	"231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
	"314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
	"112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
	"111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
	"214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
	"114131", "311141", "411131", "211412", "211214", "211232", "2331112",
}

const code128StartB, code128Stop = 104, 106

// Code128B returns the symbol values of text in code set B: start, data,
// check symbol (weighted sum mod 103) and stop. text must be printable
// ASCII.
func Code128B(text string) ([]int, error) {
	vals := []int{code128StartB}
	sum := code128StartB
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c < 32 || c > 126 {
			return nil, fmt.Errorf("code128: %q cannot be encoded in code set B", c)
		}
		v := int(c) - 32
		vals = append(vals, v)
		sum += v * (i + 1)
	}
	return append(vals, sum%103, code128Stop), nil
}

// Code128SVG draws text as a Code 128 barcode: module is the width of the
// narrowest bar in pixels, height the bars' height; a quiet zone of ten
// modules on each side, the text underneath.
func Code128SVG(text string, module, height int) ([]byte, error) {
	vals, err := Code128B(text)
	if err != nil {
		return nil, err
	}
	quiet := 10
	width := 2 * quiet
	for _, v := range vals {
		for _, w := range code128[v] {
			width += int(w - '0')
		}
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s">`,
		width*module, height+18, width*module, height+18, text)
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="#fff"/><g fill="#000">`)
	x := quiet
	for _, v := range vals {
		bar := true
		for _, w := range code128[v] {
			n := int(w - '0')
			if bar {
				fmt.Fprintf(&b, `<rect x="%d" y="0" width="%d" height="%d"/>`, x*module, n*module, height)
			}
			x += n
			bar = !bar
		}
	}
	fmt.Fprintf(&b, `</g><text x="%d" y="%d" font-family="monospace" font-size="14" text-anchor="middle">%s</text></svg>`,
		width*module/2, height+15, text)
	return b.Bytes(), nil
}
