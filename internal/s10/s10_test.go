package s10

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// Worked by hand, weights 8 6 4 2 3 5 9 7:
//
//	12345678: 8+12+12+8+15+30+63+56 = 204; 204 mod 11 = 6; 11-6 = 5
//	47312482: 32+42+12+2+6+20+72+14 = 200; 200 mod 11 = 2; 11-2 = 9
//	98765432: 72+48+28+12+15+20+27+14 = 236; 236 mod 11 = 5; 11-5 = 6
//	00000008: 56; 56 mod 11 = 1; 11-1 = 10 → 0
//	00000000: 0; 11-0 = 11 → 5
//	00000001: 7; 11-7 = 4
func TestCheckDigit(t *testing.T) {
	cases := []struct {
		serial string
		want   int
	}{
		{"12345678", 5},
		{"47312482", 9},
		{"98765432", 6},
		{"00000008", 0},
		{"00000000", 5},
		{"00000001", 4},
	}
	for _, c := range cases {
		got, err := CheckDigit(c.serial)
		if err != nil || got != c.want {
			t.Errorf("CheckDigit(%s) = %d, %v; want %d", c.serial, got, err, c.want)
		}
	}
	for _, bad := range []string{"", "1234567", "123456789", "1234567a", "１２３４５６７８"} {
		if _, err := CheckDigit(bad); !errors.Is(err, ErrFormat) {
			t.Errorf("CheckDigit(%q): err = %v, want ErrFormat", bad, err)
		}
	}
}

func TestFormat(t *testing.T) {
	cases := []struct {
		prefix  string
		serial  int
		country string
		want    string
	}{
		{"EE", 12345678, "CN", "EE123456785CN"},
		{"RR", 47312482, "CN", "RR473124829CN"},
		{"AA", 47312482, "GB", "AA473124829GB"},
		{"CP", 98765432, "CN", "CP987654326CN"},
		{"WB", 8, "CN", "WB000000080CN"},
		{"WB", 0, "CN", "WB000000005CN"},
		// 9 × (8+6+4+2+3+5+9+7) = 396 = 36 × 11: remainder 0 → 11 → 5.
		{"SF", MaxSerial, "CN", "SF999999995CN"},
	}
	for _, c := range cases {
		got, err := Format(c.prefix, c.serial, c.country)
		if err != nil {
			t.Fatalf("Format(%s,%d,%s): %v", c.prefix, c.serial, c.country, err)
		}
		if got != c.want {
			t.Errorf("Format(%s,%d,%s) = %s, want %s", c.prefix, c.serial, c.country, got, c.want)
		}
		if err := Validate(got); err != nil {
			t.Errorf("Validate(%s): %v", got, err)
		}
	}
	bad := []struct {
		prefix  string
		serial  int
		country string
	}{
		{"E", 1, "CN"}, {"EEE", 1, "CN"}, {"ee", 1, "CN"}, {"E1", 1, "CN"},
		{"EE", -1, "CN"}, {"EE", MaxSerial + 1, "CN"},
		{"EE", 1, "C"}, {"EE", 1, "cn"}, {"EE", 1, "C1"},
	}
	for _, b := range bad {
		if got, err := Format(b.prefix, b.serial, b.country); !errors.Is(err, ErrFormat) {
			t.Errorf("Format(%q,%d,%q) = %q, %v; want ErrFormat", b.prefix, b.serial, b.country, got, err)
		}
	}
}

func TestValidate(t *testing.T) {
	valid := []string{"EE123456785CN", "RR473124829CN", "AA473124829GB", "CP987654326CN", "WB000000080CN", "LX000000005US"}
	for _, n := range valid {
		if err := Validate(n); err != nil {
			t.Errorf("Validate(%s): %v", n, err)
		}
	}
	cases := []struct {
		in       string
		sentinel error
		mentions string
	}{
		{"", ErrFormat, "0 characters"},
		{"EE12345678CN", ErrFormat, "12 characters"},
		{"EE1234567855CN", ErrFormat, "14 characters"},
		{"ee123456785CN", ErrFormat, "two capital letters"},
		{"E1123456785CN", ErrFormat, "two capital letters"},
		{"EE12345A785CN", ErrFormat, "digits"},
		{"EE123456785C1", ErrFormat, "country"},
		{"EE123456785cn", ErrFormat, "country"},
		{"EE 12345678CN", ErrFormat, "digits"},
		{"EE123456784CN", ErrCheckDigit, "needs 5"},
		{"RR473124828CN", ErrCheckDigit, "needs 9"},
		{"EE123456780CN", ErrCheckDigit, "check digit 0"},
	}
	for _, c := range cases {
		err := Validate(c.in)
		if !errors.Is(err, c.sentinel) {
			t.Errorf("Validate(%q) = %v, want %v", c.in, err, c.sentinel)
			continue
		}
		other := ErrFormat
		if c.sentinel == ErrFormat {
			other = ErrCheckDigit
		}
		if errors.Is(err, other) {
			t.Errorf("Validate(%q) wraps both sentinels: %v", c.in, err)
		}
		if !strings.Contains(err.Error(), c.mentions) {
			t.Errorf("Validate(%q) = %q, want it to mention %q", c.in, err, c.mentions)
		}
	}
}

func TestNormalize(t *testing.T) {
	cases := map[string]string{
		"ee 1234-5678 5cn":  "EE123456785CN",
		" EE123456785CN ":   "EE123456785CN",
		"ee\t123456785-cn":  "EE123456785CN",
		"EE　123456785CN":    "EE123456785CN", // ideographic space
		"":                  "",
		"wb–000000080–cn":   "WB000000080CN", // en dashes
		"EE123456785CN/EXT": "EE123456785CN/EXT",
	}
	for in, want := range cases {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
	if err := Validate(Normalize("rr 4731 2482 9 cn")); err != nil {
		t.Fatal(err)
	}
}

// reference is an independent implementation for the property test.
func reference(serial [8]int) (check, remainder int) {
	w := []int{8, 6, 4, 2, 3, 5, 9, 7}
	sum := 0
	for i, d := range serial {
		sum += d * w[i]
	}
	remainder = sum % 11
	switch check = 11 - remainder; check {
	case 10:
		check = 0
	case 11:
		check = 5
	}
	return check, remainder
}

// Every generated number validates; every single-digit change of the serial
// is caught, except the one blind spot of the scheme (remainders 0 and 6 both
// give check digit 5), which must be exactly the changes that pass; every
// change of the check digit is caught.
func TestProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	prefixes := []string{"EE", "RR", "CP", "WB", "SF", "ZT", "LX"}
	undetected := 0
	for i := 0; i < 3000; i++ {
		serial := rng.IntN(MaxSerial + 1)
		prefix := prefixes[rng.IntN(len(prefixes))]
		n, err := Format(prefix, serial, "CN")
		if err != nil {
			t.Fatal(err)
		}
		if err := Validate(n); err != nil {
			t.Fatalf("generated %s does not validate: %v", n, err)
		}
		if Validate(Normalize(strings.ToLower(n[:6])+"-"+n[6:])) != nil {
			t.Fatalf("normalized %s does not validate", n)
		}
		var ds [8]int
		for j := range 8 {
			ds[j] = int(n[2+j] - '0')
		}
		_, r0 := reference(ds)
		for pos := range 8 {
			for d := 0; d <= 9; d++ {
				if d == ds[pos] {
					continue
				}
				changed := ds
				changed[pos] = d
				_, r1 := reference(changed)
				mutated := []byte(n)
				mutated[2+pos] = byte('0' + d)
				err := Validate(string(mutated))
				blind := (r0 == 0 && r1 == 6) || (r0 == 6 && r1 == 0)
				switch {
				case blind && err == nil:
					undetected++
				case blind:
					t.Fatalf("%s → %s: the scheme cannot see this change, yet Validate says %v", n, mutated, err)
				case !errors.Is(err, ErrCheckDigit):
					t.Fatalf("%s → %s: a changed serial digit passed (%v)", n, mutated, err)
				}
			}
		}
		for d := byte('0'); d <= '9'; d++ {
			if d == n[10] {
				continue
			}
			mutated := []byte(n)
			mutated[10] = d
			if !errors.Is(Validate(string(mutated)), ErrCheckDigit) {
				t.Fatalf("%s → %s: a changed check digit passed", n, mutated)
			}
		}
	}
	t.Logf("undetected single-digit changes (the S10 0/6 blind spot): %d", undetected)
}

func ExampleFormat() {
	n, _ := Format("EE", 12345678, "CN")
	fmt.Println(n, Validate(n) == nil)
	// Output: EE123456785CN true
}
