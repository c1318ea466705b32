// Package contact validates and normalizes the way people are reached:
// email addresses, phone numbers (Chinese mobile numbers and E.164) and
// shipping addresses in the Chinese province/city/district form or the
// international one. Every problem is reported, each with its field and a
// stable code, so a form can show them all at once.
package contact

import (
	"net/mail"
	"strings"
	"unicode"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/geo"
)

// Email lower-cases and trims an address and reports whether it is valid.
func Email(s string) (string, bool) {
	e := strings.ToLower(strings.TrimSpace(s))
	if e == "" || len(e) > 254 {
		return e, false
	}
	a, err := mail.ParseAddress(e)
	if err != nil || a.Address != e {
		return e, false
	}
	at := strings.LastIndexByte(e, '@')
	return e, at > 0 && strings.Contains(e[at:], ".") && !strings.HasSuffix(e, ".")
}

// Phone normalizes a phone number to E.164 ("+8613812345678") and reports
// whether it is valid: a Chinese mobile number (11 digits starting 1[3-9],
// with or without +86 / 0086) or any E.164 number (+ and 8 to 15 digits).
func Phone(s string) (string, bool) {
	var b strings.Builder
	for i, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '(' || r == ')' || r == '.':
		default:
			return s, false
		}
	}
	n := b.String()
	if strings.HasPrefix(n, "0086") {
		n = "+86" + n[4:]
	}
	if !strings.HasPrefix(n, "+") {
		if chineseMobile(n) {
			return "+86" + n, true
		}
		return n, false
	}
	digits := n[1:]
	if strings.HasPrefix(digits, "86") {
		return n, chineseMobile(digits[2:])
	}
	return n, len(digits) >= 8 && len(digits) <= 15 && digits[0] != '0'
}

func chineseMobile(d string) bool {
	return len(d) == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9' && allDigits(d)
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// Address is a shipping address. Chinese addresses (Country "CN") need
// province, city, district and a street line; international ones need a
// city and a street line, with the region where the country uses one.
type Address struct {
	Country    string // ISO 3166-1 alpha-2; "" means CN
	Province   string // or region/state abroad
	City       string
	District   string
	Line1      string
	Line2      string
	PostalCode string
}

// The codes of address problems.
const (
	CodeIncompleteAddress = "INCOMPLETE_ADDRESS"
	CodeInvalidPostalCode = "INVALID_POSTAL_CODE"
	CodeInvalidCountry    = "INVALID_COUNTRY"
)

// Check normalizes a and returns every problem, with field paths under
// prefix (e.g. "input", "shippingAddress").
func (a Address) Check(prefix ...string) (Address, errs.List) {
	const op = "contact.Address"
	at := func(f string) []string { return append(append([]string{}, prefix...), f) }
	trim := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	n := Address{
		Country: strings.ToUpper(trim(a.Country)), Province: trim(a.Province), City: trim(a.City),
		District: trim(a.District), Line1: trim(a.Line1), Line2: trim(a.Line2),
		PostalCode: strings.ToUpper(strings.ReplaceAll(trim(a.PostalCode), " ", "")),
	}
	if n.Country == "" {
		n.Country = "CN"
	}
	var problems errs.List
	missing := func(field, what string) {
		problems = append(problems, &errs.Error{Op: op, Kind: errs.Invalid, Code: CodeIncompleteAddress,
			Message: "The address needs a " + what + ".", Field: at(field)})
	}
	if len(n.Country) != 2 || !unicode.IsLetter(rune(n.Country[0])) || !unicode.IsLetter(rune(n.Country[1])) {
		problems = append(problems, &errs.Error{Op: op, Kind: errs.Invalid, Code: CodeInvalidCountry,
			Message: "Use a two-letter country code such as CN.", Field: at("country")})
	}
	if n.City == "" {
		missing("city", "city")
	}
	if n.Line1 == "" {
		missing("line1", "street address")
	}
	if n.Country == "CN" {
		if n.Province == "" {
			missing("province", "province")
		}
		if n.District == "" {
			missing("district", "district")
		}
		switch {
		case n.PostalCode == "":
			missing("postalCode", "postal code")
		case len(n.PostalCode) != 6 || !allDigits(n.PostalCode):
			problems = append(problems, &errs.Error{Op: op, Kind: errs.Invalid, Code: CodeInvalidPostalCode,
				Message: "A Chinese postal code has six digits.", Field: at("postalCode")})
		default:
			if c, ok := geo.Lookup(n.City); ok && !c.PostalCodePlausible(n.PostalCode) {
				problems = append(problems, &errs.Error{Op: op, Kind: errs.Invalid, Code: CodeInvalidPostalCode,
					Message: "This postal code is not one of " + c.Name + "'s.", Field: at("postalCode")})
			}
		}
	} else if n.PostalCode != "" && (len(n.PostalCode) < 3 || len(n.PostalCode) > 10) {
		problems = append(problems, &errs.Error{Op: op, Kind: errs.Invalid, Code: CodeInvalidPostalCode,
			Message: "The postal code looks wrong.", Field: at("postalCode")})
	}
	return n, problems
}
