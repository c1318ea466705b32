package graph

import (
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/graph/model"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/orders"
	"github.com/waybill/waybill/internal/support"
)

// ticketPayload maps a ticket operation's result to its payload.
func ticketPayload(t *ent.Ticket, merged bool, err error) (*model.TicketPayload, error) {
	ue, err := userErrors(err)
	if err != nil {
		return nil, err
	}
	if len(ue) > 0 {
		return &model.TicketPayload{UserErrors: ue}, nil
	}
	return &model.TicketPayload{Ticket: t, Merged: merged, UserErrors: ue}, nil
}

// remedyPayload maps a remedy's result to its payload.
func remedyPayload(res *support.RemedyResult, err error) (*model.RemedyPayload, error) {
	ue, err := userErrors(err)
	if err != nil {
		return nil, err
	}
	if len(ue) > 0 || res == nil {
		return &model.RemedyPayload{UserErrors: ue}, nil
	}
	out := &model.RemedyPayload{Remedy: res.Remedy, Ticket: res.Ticket, Coupon: res.Coupon, Order: res.Order,
		ReturnRequest: res.Return, UserErrors: ue}
	if res.Refunded > 0 {
		n := int(res.Refunded)
		out.Refunded = &n
	}
	return out, nil
}

// returnPayload maps a return operation's result to its payload.
func returnPayload(rr *ent.ReturnRequest, err error) (*model.ReturnRequestPayload, error) {
	ue, err := userErrors(err)
	if err != nil {
		return nil, err
	}
	if len(ue) > 0 {
		return &model.ReturnRequestPayload{UserErrors: ue}, nil
	}
	return &model.ReturnRequestPayload{ReturnRequest: rr, UserErrors: ue}, nil
}

func accountPayload(a *ent.Account, err error) (*model.AccountPayload, error) {
	ue, err := userErrors(err)
	if err != nil {
		return nil, err
	}
	if len(ue) > 0 {
		return &model.AccountPayload{UserErrors: ue}, nil
	}
	return &model.AccountPayload{Account: a, UserErrors: ue}, nil
}

func reshipLines(in []*model.TicketLineInput) []orders.ReshipLine {
	out := make([]orders.ReshipLine, 0, len(in))
	for _, l := range in {
		out = append(out, orders.ReshipLine{OrderLineID: l.OrderLineID, Quantity: l.Quantity})
	}
	return out
}

func returnLines(in []*model.TicketLineInput) []support.ReturnLineInput {
	out := make([]support.ReturnLineInput, 0, len(in))
	for _, l := range in {
		out = append(out, support.ReturnLineInput{OrderLineID: l.OrderLineID, Quantity: l.Quantity})
	}
	return out
}

// decodePhoto decodes a base64 photo (standard or URL alphabet, with or
// without padding, with or without a data: URL prefix).
func decodePhoto(s string) ([]byte, error) {
	if i := strings.Index(s, ";base64,"); i >= 0 && strings.HasPrefix(s, "data:") {
		s = s[i+len(";base64,"):]
	}
	s = strings.TrimSpace(s)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return b, nil
		}
	}
	return nil, errs.E("graph.addTicketAttachment", errs.Invalid, "INVALID_BASE64", "The photo is not valid base64.").At("input", "dataBase64")
}

func supportRange(from, to *time.Time, bucket *model.SupportBucket) support.Range {
	r := support.Range{}
	if from != nil {
		r.From = *from
	}
	if to != nil {
		r.To = *to
	}
	if bucket != nil {
		r.Bucket = support.Bucket(*bucket)
	}
	return r
}

func businessHours(h support.BusinessHours) *model.BusinessHours {
	hm := func(d time.Duration) string { return fmt.Sprintf("%02d:%02d", int(d.Hours()), int(d.Minutes())%60) }
	out := &model.BusinessHours{TimeZone: h.Location.String(), Open: hm(h.Open), Close: hm(h.Close),
		Holidays: append([]string{}, h.Holidays...), Workdays: append([]string{}, h.Workdays...)}
	for _, d := range h.Weekdays {
		iso := int(d)
		if iso == 0 {
			iso = 7
		}
		out.Weekdays = append(out.Weekdays, iso)
	}
	return out
}
