package support

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/waybill/waybill/ent"
	"github.com/waybill/waybill/ent/order"
	"github.com/waybill/waybill/ent/shipment"
	"github.com/waybill/waybill/ent/surveyresponse"
	"github.com/waybill/waybill/ent/ticket"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/pulid"
	"github.com/waybill/waybill/internal/viewer"
)

// SurveyInput answers a survey.
type SurveyInput struct {
	Kind      surveyresponse.Kind // TICKET (after a resolution) or DELIVERY (after delivery)
	SubjectID pulid.ID            // the ticket or the order
	Score     int                 // CSAT 1–5
	NPS       *int                // optional, 0–10
	Comment   string
}

// surveyWindow is how long after resolution or delivery a survey stays open.
const surveyWindow = 30 * 24 * time.Hour

// AnswerSurvey records a signed-in customer's CSAT (and optional NPS)
// about their resolved ticket or delivered order. Each survey takes one
// answer.
func (s *Service) AnswerSurvey(ctx context.Context, in SurveyInput) (*ent.SurveyResponse, error) {
	const op = "support.AnswerSurvey"
	v := viewer.FromContext(ctx)
	if v.Anonymous() {
		return nil, errs.E(op, errs.Unauthenticated, "UNAUTHENTICATED", "Sign in first.")
	}
	if !v.Is(viewer.RoleCustomer) {
		return nil, errs.E(op, errs.Forbidden, "FORBIDDEN", "Surveys are answered by customers.")
	}
	in.Comment = strings.TrimSpace(in.Comment)
	var problems errs.List
	if surveyresponse.KindValidator(in.Kind) != nil {
		problems = append(problems, invalid(op, "INVALID_KIND", "TICKET or DELIVERY.", "input", "kind"))
	}
	if in.Score < 1 || in.Score > 5 {
		problems = append(problems, invalid(op, "OUT_OF_RANGE", "Score 1 to 5.", "input", "score"))
	}
	if in.NPS != nil && (*in.NPS < 0 || *in.NPS > 10) {
		problems = append(problems, invalid(op, "OUT_OF_RANGE", "NPS is 0 to 10.", "input", "nps"))
	}
	if utf8.RuneCountInString(in.Comment) > MaxNote {
		problems = append(problems, invalid(op, "TOO_LONG", fmt.Sprintf("At most %d characters.", MaxNote), "input", "comment"))
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	var out *ent.SurveyResponse
	err := s.tx(ctx, func(ctx context.Context, db *ent.Client) error {
		sys := viewer.SystemContext(ctx)
		switch in.Kind {
		case surveyresponse.KindTICKET:
			t, err := db.Ticket.Get(ctx, in.SubjectID)
			if ent.IsNotFound(err) {
				return invalid(op, "NOT_FOUND", "No such ticket of yours.", "input", "subjectId")
			}
			if err != nil {
				return err
			}
			if t.ResolvedAt == nil || (t.Status != ticket.StatusRESOLVED && t.Status != ticket.StatusCLOSED) {
				return conflict(op, "NOT_YET", "The survey opens when the ticket is resolved.")
			}
		case surveyresponse.KindDELIVERY:
			o, err := db.Order.Get(ctx, in.SubjectID)
			if ent.IsNotFound(err) {
				return invalid(op, "NOT_FOUND", "No such order of yours.", "input", "subjectId")
			}
			if err != nil {
				return err
			}
			delivered, err := db.Shipment.Query().Where(shipment.OrderID(o.ID), shipment.IsReturn(false), shipment.DeliveredAtNotNil()).Exist(sys)
			if err != nil {
				return err
			}
			if !delivered && o.Status != order.StatusDELIVERED && o.Status != order.StatusCOMPLETED {
				return conflict(op, "NOT_YET", "The survey opens when the order is delivered.")
			}
		}
		answered, err := db.SurveyResponse.Query().Where(surveyresponse.KindEQ(in.Kind), surveyresponse.SubjectID(string(in.SubjectID))).Exist(sys)
		if err != nil {
			return err
		}
		if answered {
			return conflict(op, "ALREADY_ANSWERED", "This survey has been answered; thank you!")
		}
		cust := viewer.FromContext(ctx).CustomerID
		out, err = db.SurveyResponse.Create().SetKind(in.Kind).SetSubjectID(string(in.SubjectID)).SetCustomerID(cust).
			SetScore(in.Score).SetNillableNps(in.NPS).SetComment(in.Comment).SetCreatedAt(s.now()).Save(sys)
		if ent.IsConstraintError(err) {
			return conflict(op, "ALREADY_ANSWERED", "This survey has been answered; thank you!")
		}
		if err != nil {
			return err
		}
		if in.Kind == surveyresponse.KindTICKET {
			if err := s.ticketChanged(ctx, in.SubjectID); err != nil {
				return err
			}
		}
		return nil
	})
	return out, finish(op, err)
}

// PendingSurvey is a survey the customer may answer.
type PendingSurvey struct {
	Kind      surveyresponse.Kind
	SubjectID pulid.ID
	Title     string // the ticket subject or the order number
	Since     time.Time
}

// PendingSurveys lists the signed-in customer's unanswered surveys: tickets
// resolved and orders delivered in the last 30 days.
func (s *Service) PendingSurveys(ctx context.Context) ([]PendingSurvey, error) {
	const op = "support.PendingSurveys"
	v := viewer.FromContext(ctx)
	if !v.Is(viewer.RoleCustomer) {
		return []PendingSurvey{}, nil
	}
	db := s.clientOf(ctx)
	sys := viewer.SystemContext(ctx)
	since := s.now().Add(-surveyWindow)
	answered := map[string]bool{}
	rs, err := db.SurveyResponse.Query().Where(surveyresponse.CustomerID(v.CustomerID)).All(sys)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	for _, r := range rs {
		answered[string(r.Kind)+r.SubjectID] = true
	}
	out := []PendingSurvey{}
	ts, err := db.Ticket.Query().Where(ticket.CustomerID(v.CustomerID), ticket.StatusIn(ticket.StatusRESOLVED, ticket.StatusCLOSED),
		ticket.ResolvedAtGTE(since), ticket.DuplicateOfIDIsNil()).Order(ent.Desc(ticket.FieldResolvedAt)).All(sys)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	for _, t := range ts {
		if !answered[string(surveyresponse.KindTICKET)+string(t.ID)] {
			out = append(out, PendingSurvey{Kind: surveyresponse.KindTICKET, SubjectID: t.ID, Title: t.Subject, Since: *t.ResolvedAt})
		}
	}
	ships, err := db.Shipment.Query().Where(shipment.IsReturn(false), shipment.DeliveredAtGTE(since),
		shipment.HasOrderWith(order.CustomerID(v.CustomerID))).WithOrder().Order(ent.Desc(shipment.FieldDeliveredAt)).All(sys)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	seen := map[pulid.ID]bool{}
	for _, sh := range ships {
		o := sh.Edges.Order
		if o == nil || seen[o.ID] || answered[string(surveyresponse.KindDELIVERY)+string(o.ID)] {
			continue
		}
		seen[o.ID] = true
		out = append(out, PendingSurvey{Kind: surveyresponse.KindDELIVERY, SubjectID: o.ID, Title: o.Number, Since: *sh.DeliveredAt})
	}
	return out, nil
}
