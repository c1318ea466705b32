// Package errs is Waybill's error type: an operation, a kind and, for errors
// the caller can fix, a stable upper-case code and the input field. Resolvers
// turn Invalid and Conflict errors into userErrors; everything else becomes a
// top-level GraphQL error whose extensions.code comes from the kind.
package errs

import (
	"errors"
	"strings"
	"time"
)

// Kind classifies an error.
type Kind int

// The kinds of error.
const (
	Other           Kind = iota // an internal fault; never shown in detail
	Invalid                     // bad input the caller can fix
	NotFound                    // no such object (or not visible to the caller)
	Conflict                    // the state does not allow it now
	Unauthenticated             // nobody signed in, or a bad session
	Forbidden                   // signed in, but not allowed
	RateLimited                 // too many requests
)

// String is the GraphQL extensions.code of a kind.
func (k Kind) String() string {
	switch k {
	case Invalid:
		return "BAD_USER_INPUT"
	case NotFound:
		return "NOT_FOUND"
	case Conflict:
		return "CONFLICT"
	case Unauthenticated:
		return "UNAUTHENTICATED"
	case Forbidden:
		return "FORBIDDEN"
	case RateLimited:
		return "RATE_LIMITED"
	default:
		return "INTERNAL"
	}
}

// Error is a Waybill error.
type Error struct {
	Op      string   // the operation, e.g. "auth.Login"
	Kind    Kind     // the class of error
	Code    string   // stable code for userErrors, e.g. "INVALID_EMAIL"
	Field   []string // input path, e.g. ["input", "contact", "email"]
	Message string   // human-readable, safe to show
	Err     error    // the underlying error, logged but never shown

	RetryAfter time.Duration  // RateLimited: when to try again
	Details    map[string]any // facts that help fix it, e.g. the current price
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Op != "" {
		b.WriteString(e.Op)
		b.WriteString(": ")
	}
	if e.Code != "" {
		b.WriteString(e.Code)
		b.WriteString(": ")
	}
	if e.Message != "" {
		b.WriteString(e.Message)
	} else {
		b.WriteString(e.Kind.String())
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// E builds an error for op of kind with a code and message.
func E(op string, kind Kind, code, message string) *Error {
	return &Error{Op: op, Kind: kind, Code: code, Message: message}
}

// Wrap marks err as an internal fault of op.
func Wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	return &Error{Op: op, Kind: Other, Err: err}
}

// At returns a copy of e for an input field path.
func (e *Error) At(field ...string) *Error {
	c := *e
	c.Field = field
	return &c
}

// KindOf returns the kind of err (Other when it is not an *Error).
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		if e.Kind != Other {
			return e.Kind
		}
		if e.Err != nil {
			return KindOf(e.Err)
		}
	}
	return Other
}

// List is several input problems reported at once.
type List []*Error

func (l List) Error() string {
	parts := make([]string, len(l))
	for i, e := range l {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "; ")
}

// Err returns l as an error, or nil when it is empty.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// UserErrors returns the caller-fixable problems in err: every element of a
// List, or err itself when it is Invalid or Conflict. ok is false for faults.
func UserErrors(err error) (list []*Error, ok bool) {
	var l List
	if errors.As(err, &l) {
		return l, true
	}
	var e *Error
	if errors.As(err, &e) && (e.Kind == Invalid || e.Kind == Conflict) {
		return []*Error{e}, true
	}
	return nil, false
}
