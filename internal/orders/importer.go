package orders

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/contact"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/payment"
)

// CSVColumns is the bulk-import layout, one row per order line; rows with
// the same order_key are one order (see docs/import.md).
var CSVColumns = []string{"order_key", "channel", "contact_name", "contact_email", "contact_phone",
	"country", "province", "city", "district", "line1", "line2", "postal_code",
	"delivery_option", "delivery_date", "delivery_window", "coupon_code", "notes",
	"sku", "quantity", "expected_unit_price", "card_number"}

// ImportRow is the outcome of one order of an import.
type ImportRow struct {
	Lines       []int // the file's line numbers (CSV) or array positions (JSON, from 1)
	Key         string
	OrderNumber string
	Replayed    bool
	Errors      []*errs.Error
}

// ImportReport sums up an import.
type ImportReport struct {
	Placed, Replayed, Failed int
	Rows                     []*ImportRow // in file order
}

// Progress is told how many orders of how many are done.
type Progress func(done, total int)

// importOrder is one order read from a file.
type importOrder struct {
	lines []int
	in    PlaceInput
	errs  []*errs.Error // problems reading the file itself
}

// Import reads orders from r (format "CSV" or "JSON") and places each with
// the same rules as every other channel: valid orders are placed (the
// order_key is the idempotency key, so re-importing a file places nothing
// twice) and invalid ones are reported by line with their codes.
func (s *Service) Import(ctx context.Context, r io.Reader, format string, progress Progress) (*ImportReport, error) {
	if err := auth.Require(ctx, auth.ImportOrders); err != nil {
		return nil, err
	}
	var (
		orders []*importOrder
		err    error
	)
	switch strings.ToUpper(format) {
	case "CSV":
		orders, err = readCSV(r)
	case "JSON":
		orders, err = readJSON(r)
	default:
		return nil, errs.E("orders.Import", errs.Invalid, "INVALID_FORMAT", "The format is CSV or JSON.").At("format")
	}
	if err != nil {
		return nil, err
	}
	rep := &ImportReport{Rows: make([]*ImportRow, len(orders))}
	var mu sync.Mutex
	done := 0
	work := make(chan int)
	var wg sync.WaitGroup
	workers := 4
	if s.dialect != "postgres" {
		workers = 1 // SQLite has one writer; more workers only queue
	}
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				o := orders[i]
				row := &ImportRow{Lines: o.lines, Key: o.in.IdempotencyKey, Errors: o.errs}
				if len(row.Errors) == 0 {
					res, err := s.Place(ctx, o.in)
					switch list, ok := errs.UserErrors(err); {
					case err == nil:
						row.OrderNumber, row.Replayed = res.Order.Number, res.Replayed
					case ok:
						row.Errors = atLines(list, o.lines)
					default:
						row.Errors = []*errs.Error{{Kind: errs.Other, Code: "INTERNAL", Message: "This order could not be placed; try again."}}
					}
				}
				mu.Lock()
				rep.Rows[i] = row
				switch {
				case len(row.Errors) > 0:
					rep.Failed++
				case row.Replayed:
					rep.Replayed++
				default:
					rep.Placed++
				}
				done++
				if progress != nil {
					progress(done, len(orders))
				}
				mu.Unlock()
			}
		}()
	}
	for i := range orders {
		select {
		case work <- i:
		case <-ctx.Done():
		}
	}
	close(work)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return rep, err
	}
	return rep, nil
}

// atLines rewrites "input.lines.N.*" fields to the file line of line N.
func atLines(list []*errs.Error, lines []int) []*errs.Error {
	out := make([]*errs.Error, len(list))
	for i, e := range list {
		c := *e
		if len(c.Field) >= 3 && c.Field[1] == "lines" {
			if n, err := strconv.Atoi(c.Field[2]); err == nil && n < len(lines) {
				c.Details = map[string]any{"line": lines[n]}
				for k, v := range e.Details {
					c.Details[k] = v
				}
			}
		}
		out[i] = &c
	}
	return out
}

func readCSV(r io.Reader) ([]*importOrder, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err != nil {
		return nil, errs.E("orders.Import", errs.Invalid, "INVALID_FILE", "The file has no header row.").At("file")
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	for _, need := range []string{"order_key", "sku", "quantity"} {
		if _, ok := col[need]; !ok {
			return nil, errs.E("orders.Import", errs.Invalid, "INVALID_FILE", "The header lacks the column "+need+"; see docs/import.md.").At("file")
		}
	}
	byKey := map[string]*importOrder{}
	var out []*importOrder
	line := 1
	for {
		rec, err := cr.Read()
		line++
		if errors.Is(err, io.EOF) {
			break
		}
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		if err != nil {
			out = append(out, &importOrder{lines: []int{line}, errs: []*errs.Error{{Kind: errs.Invalid, Code: "INVALID_ROW", Message: err.Error()}}})
			continue
		}
		key := get("order_key")
		o := byKey[key]
		if o == nil || key == "" {
			o = &importOrder{in: PlaceInput{
				IdempotencyKey: key,
				Channel:        strings.ToUpper(get("channel")),
				Contact:        Contact{Name: get("contact_name"), Email: get("contact_email"), Phone: get("contact_phone")},
				Address: contact.Address{Country: get("country"), Province: get("province"), City: get("city"),
					District: get("district"), Line1: get("line1"), Line2: get("line2"), PostalCode: get("postal_code")},
				Delivery:   Delivery{Option: strings.ToUpper(get("delivery_option")), Window: get("delivery_window")},
				CouponCode: get("coupon_code"),
				Notes:      get("notes"),
				Card:       payment.Card{Number: get("card_number")},
			}}
			if d := get("delivery_date"); d != "" {
				if t, err := time.Parse("2006-01-02", d); err == nil {
					o.in.Delivery.Date = &t
				} else {
					o.errs = append(o.errs, &errs.Error{Kind: errs.Invalid, Code: "INVALID_DATE", Message: "delivery_date must be YYYY-MM-DD.", Details: map[string]any{"line": line}})
				}
			}
			if o.in.Channel == "" {
				o.in.Channel = "API"
			}
			if key != "" {
				byKey[key] = o
			}
			out = append(out, o)
		}
		l := LineInput{SKU: get("sku")}
		q, qerr := strconv.Atoi(get("quantity"))
		if qerr != nil {
			o.errs = append(o.errs, &errs.Error{Kind: errs.Invalid, Code: "QUANTITY_OUT_OF_RANGE", Message: "quantity must be a whole number.", Details: map[string]any{"line": line}})
		}
		l.Quantity = q
		if p := get("expected_unit_price"); p != "" {
			v, err := strconv.ParseInt(p, 10, 64)
			if err != nil {
				o.errs = append(o.errs, &errs.Error{Kind: errs.Invalid, Code: "INVALID_PRICE", Message: "expected_unit_price is in minor units (fen), a whole number.", Details: map[string]any{"line": line}})
			}
			l.ExpectedUnitPrice = &v
		}
		o.lines = append(o.lines, line)
		o.in.Lines = append(o.in.Lines, l)
	}
	return out, nil
}

// jsonOrder is one order in a JSON import: PlaceOrderInput's shape.
type jsonOrder struct {
	Key     string `json:"key"`
	Channel string `json:"channel"`
	Contact struct {
		Name, Email, Phone string
	} `json:"contact"`
	ShippingAddress struct {
		Country, Province, City, District, Line1, Line2, PostalCode string
	} `json:"shippingAddress"`
	Lines []struct {
		SKU               string `json:"sku"`
		Quantity          int    `json:"quantity"`
		ExpectedUnitPrice *int64 `json:"expectedUnitPrice"`
	} `json:"lines"`
	Delivery *struct {
		Option string     `json:"option"`
		Date   *time.Time `json:"date"`
		Window string     `json:"window"`
	} `json:"delivery"`
	CouponCode string `json:"couponCode"`
	Notes      string `json:"notes"`
	Payment    struct {
		CardNumber string `json:"cardNumber"`
	} `json:"payment"`
}

func readJSON(r io.Reader) ([]*importOrder, error) {
	var raw []json.RawMessage
	if err := json.NewDecoder(r).Decode(&raw); err != nil {
		return nil, errs.E("orders.Import", errs.Invalid, "INVALID_FILE", "The file must be a JSON array of orders: "+err.Error()).At("file")
	}
	out := make([]*importOrder, 0, len(raw))
	for i, m := range raw {
		var j jsonOrder
		o := &importOrder{lines: []int{i + 1}}
		if err := json.Unmarshal(m, &j); err != nil {
			o.errs = []*errs.Error{{Kind: errs.Invalid, Code: "INVALID_ROW", Message: err.Error()}}
			out = append(out, o)
			continue
		}
		o.in = PlaceInput{IdempotencyKey: j.Key, Channel: strings.ToUpper(j.Channel),
			Contact: Contact{Name: j.Contact.Name, Email: j.Contact.Email, Phone: j.Contact.Phone},
			Address: contact.Address{Country: j.ShippingAddress.Country, Province: j.ShippingAddress.Province,
				City: j.ShippingAddress.City, District: j.ShippingAddress.District, Line1: j.ShippingAddress.Line1,
				Line2: j.ShippingAddress.Line2, PostalCode: j.ShippingAddress.PostalCode},
			CouponCode: j.CouponCode, Notes: j.Notes, Card: payment.Card{Number: j.Payment.CardNumber}}
		if o.in.Channel == "" {
			o.in.Channel = "API"
		}
		if j.Delivery != nil {
			o.in.Delivery = Delivery{Option: strings.ToUpper(j.Delivery.Option), Date: j.Delivery.Date, Window: j.Delivery.Window}
		}
		for _, l := range j.Lines {
			o.in.Lines = append(o.in.Lines, LineInput{SKU: l.SKU, Quantity: l.Quantity, ExpectedUnitPrice: l.ExpectedUnitPrice})
		}
		out = append(out, o)
	}
	return out, nil
}

// Summary is the report's last line.
func (r *ImportReport) Summary() string {
	return fmt.Sprintf("%d placed, %d already imported, %d failed", r.Placed, r.Replayed, r.Failed)
}

// FailedRows returns the failed rows ordered by their first line.
func (r *ImportReport) FailedRows() []*ImportRow {
	var out []*ImportRow
	for _, row := range r.Rows {
		if row != nil && len(row.Errors) > 0 {
			out = append(out, row)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Lines[0] < out[j].Lines[0] })
	return out
}
