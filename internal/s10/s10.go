// Package s10 makes and checks UPU S10 item identifiers, the 13-character
// tracking numbers of international and many domestic parcels:
//
//	EE 12345678 5 CN
//	│  │        │ └ ISO 3166-1 alpha-2 country of the issuing operator
//	│  │        └ check digit (mod 11, weights 8 6 4 2 3 5 9 7)
//	│  └ serial number, eight digits
//	└ service indicator, two letters
//
// Validate is strict (upper case, no separators); run Normalize first on
// what people type.
//
// A known weakness of the S10 scheme: the check digit maps both remainder 0
// and remainder 6 to 5, so a single-digit change that moves the weighted sum
// between those two remainders is not detected. Every other single-digit
// change is.
package s10

import (
	"errors"
	"fmt"
	"strings"
)

// Length is the length of an S10 number.
const Length = 13

// MaxSerial is the largest serial number.
const MaxSerial = 99_999_999

var weights = [8]int{8, 6, 4, 2, 3, 5, 9, 7}

// Errors. Every error Validate returns wraps exactly one of them.
var (
	// ErrFormat: the number is not shaped like an S10 number (length,
	// letters, digits). Callers map it to a format error.
	ErrFormat = errors.New("s10: malformed tracking number")
	// ErrCheckDigit: the number is well formed but its check digit does not
	// match the serial (a typo). Callers map it to INVALID_TRACKING_NUMBER.
	ErrCheckDigit = errors.New("s10: wrong check digit")
)

// CheckDigit returns the check digit of an eight-digit serial number.
func CheckDigit(serial string) (int, error) {
	if len(serial) != 8 {
		return 0, fmt.Errorf("%w: the serial must be 8 digits, got %d characters", ErrFormat, len(serial))
	}
	sum := 0
	for i := 0; i < 8; i++ {
		c := serial[i]
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("%w: the serial must be 8 digits, %q is not a digit", ErrFormat, rune(c))
		}
		sum += int(c-'0') * weights[i]
	}
	switch check := 11 - sum%11; check {
	case 10:
		return 0, nil
	case 11:
		return 5, nil
	default:
		return check, nil
	}
}

// Format returns the S10 number of a two-letter service indicator, a serial
// (0…99999999) and a two-letter country code, with its check digit.
// Letters must be upper case A–Z.
func Format(prefix string, serial int, country string) (string, error) {
	if !letters(prefix) {
		return "", fmt.Errorf("%w: the service indicator must be two letters A–Z, got %q", ErrFormat, prefix)
	}
	if !letters(country) {
		return "", fmt.Errorf("%w: the country code must be two letters A–Z, got %q", ErrFormat, country)
	}
	if serial < 0 || serial > MaxSerial {
		return "", fmt.Errorf("%w: the serial must be between 0 and %d, got %d", ErrFormat, MaxSerial, serial)
	}
	digits := fmt.Sprintf("%08d", serial)
	check, err := CheckDigit(digits)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s%s%d%s", prefix, digits, check, country), nil
}

// Validate reports whether number is a well-formed S10 number with the right
// check digit. It returns an error wrapping ErrFormat or ErrCheckDigit that
// says what is wrong.
func Validate(number string) error {
	if n := len(number); n != Length {
		return fmt.Errorf("%w: %d characters, an S10 number has %d (2 letters, 9 digits, 2 letters)", ErrFormat, n, Length)
	}
	if !letters(number[:2]) {
		return fmt.Errorf("%w: it must start with two capital letters, got %q", ErrFormat, number[:2])
	}
	if !digits(number[2:11]) {
		return fmt.Errorf("%w: characters 3 to 11 must be digits, got %q", ErrFormat, number[2:11])
	}
	if !letters(number[11:]) {
		return fmt.Errorf("%w: it must end with a two-letter country code, got %q", ErrFormat, number[11:])
	}
	want, err := CheckDigit(number[2:10])
	if err != nil {
		return err
	}
	if got := int(number[10] - '0'); got != want {
		return fmt.Errorf("%w: %s has check digit %d, the serial %s needs %d", ErrCheckDigit, number, got, number[2:10], want)
	}
	return nil
}

// Normalize upper-cases s and removes spaces, tabs and dashes, so that
// "ee 1234-5678 5cn" becomes "EE123456785CN". It does not validate.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == ' ' || r == '\t' || r == '-' || r == '\u00a0' || r == '\u3000' || r == '‐' || r == '–' || r == '—':
			continue
		case r >= 'a' && r <= 'z':
			b.WriteRune(r - 'a' + 'A')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func letters(s string) bool {
	if len(s) != 2 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
