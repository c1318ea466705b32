package contact

import "testing"

func TestPhone(t *testing.T) {
	cases := []struct {
		in, want string
		ok       bool
	}{
		{"13812345678", "+8613812345678", true},
		{"+86 138-1234-5678", "+8613812345678", true},
		{"0086 13812345678", "+8613812345678", true},
		{"+8612812345678", "+8612812345678", false}, // 12x is not a mobile prefix
		{"1381234567", "1381234567", false},
		{"+14155550123", "+14155550123", true},
		{"+44 20 7946 0958", "+442079460958", true},
		{"+0123456789", "+0123456789", false},
		{"call me", "call me", false},
		{"", "", false},
	}
	for _, c := range cases {
		got, ok := Phone(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("Phone(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestEmail(t *testing.T) {
	for in, ok := range map[string]bool{"A@B.cn": true, " li@example.com ": true, "nope": false, "a@b": false, "Li <li@x.cn>": false, "a@b.": false} {
		if _, got := Email(in); got != ok {
			t.Errorf("Email(%q) = %v", in, got)
		}
	}
}

func TestAddress(t *testing.T) {
	good := Address{Province: "上海市", City: "上海", District: "浦东新区", Line1: "世纪大道 100 号", PostalCode: "200120"}
	if n, p := good.Check("a"); len(p) != 0 || n.Country != "CN" {
		t.Fatalf("good address: %v %+v", p, n)
	}
	_, p := Address{City: "上海", PostalCode: "100000"}.Check("a")
	codes := map[string]string{}
	for _, e := range p {
		codes[e.Field[1]] = e.Code
	}
	want := map[string]string{"province": CodeIncompleteAddress, "district": CodeIncompleteAddress,
		"line1": CodeIncompleteAddress, "postalCode": CodeInvalidPostalCode}
	for f, c := range want {
		if codes[f] != c {
			t.Errorf("%s: got %q want %q (all: %v)", f, codes[f], c, codes)
		}
	}
	if _, p := (Address{Country: "US", Province: "CA", City: "San Francisco", Line1: "1 Market St", PostalCode: "94105"}).Check(); len(p) != 0 {
		t.Fatalf("international: %v", p)
	}
	if _, p := (Address{Country: "USA", City: "x", Line1: "y"}).Check(); len(p) != 1 || p[0].Code != CodeInvalidCountry {
		t.Fatalf("bad country: %v", p)
	}
}
