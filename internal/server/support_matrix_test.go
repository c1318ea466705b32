package server_test

import "encoding/json"

// The service desk's rows of the authorization matrix (TestAuthorizationMatrix).
// Mutations are sent with input that fails validation after authorization,
// so an allowed viewer gets userErrors and nothing changes.

// noTicket is a well-formed id of no ticket (or return, or follow-up).
const noTicket = "tkt_01JD0000000000000000000000"

// init puts the rows before the ones that end sessions (login, logout).
func init() {
	at := len(matrix)
	for i, o := range matrix {
		if o.name == "login" || o.name == "logout" {
			at = i
			break
		}
	}
	rows := append(append(append([]op{}, matrix[:at]...), supportMatrix...), matrix[at:]...)
	matrix = rows
}

func ticketVars(f fixture) map[string]any { return map[string]any{"id": f.ticketA} }
func orderVars(f fixture) map[string]any  { return map[string]any{"id": f.orderA} }

// customersAnd: both customers plus the given staff roles.
func customersAnd(roles ...string) map[string]outcome { return only(append(roles, custA, custB)...) }

var supportMatrix = []op{
	// Queries.
	{name: "suggestedReplies", query: `query($id: ID!){ suggestedReplies(ticketId: $id) { bodyZh } }`, vars: ticketVars, want: only(agent, admin)},
	{name: "slaPolicies", query: `{ slaPolicies { priority firstResponseMinutes } }`, want: only(agent, admin)},
	{name: "supportBusinessHours", query: `{ supportBusinessHours { timeZone open close } }`, want: only(agent, admin)},
	{name: "supportAgents", query: `{ supportAgents { openTickets account { id } } }`, want: only(agent, admin)},
	{name: "pendingSurveys", query: `{ pendingSurveys { kind subjectId } }`, want: everyone(allow)},
	{name: "returnWindow", query: `query($id: ID!){ returnWindow(orderId: $id) { open lines { maxQuantity } } }`, vars: orderVars,
		want: only(custA, agent, warehouse, admin)},
	{name: "supportDashboard", query: `{ supportDashboard { tickets } }`, want: only(agent, admin)},
	{name: "supportReportCsv", query: `{ supportReportCsv(report: SUMMARY) }`, want: only(agent, admin)},
	{name: "followUps", query: `{ followUps(first: 5) { edges { node { id } } } }`, want: only(agent, admin)},
	{name: "macros", query: `{ macros(first: 5) { edges { node { id key } } } }`, want: only(agent, admin)},
	{name: "node(ticket of A) with its conversation", query: `query($id: ID!){ node(id: $id) { id ... on Ticket { conversation { internal } timeline { kind } priorityReasons draftReply sla { breached } allowedTransitions } } }`,
		vars: ticketVars, want: func() map[string]outcome { m := only(agent, admin); m[custA] = own; return m }(),
		rows: func(data json.RawMessage) []string {
			// A customer never receives an internal note (the A row checks it: "true" is nobody's id).
			var d struct {
				Node struct{ Conversation []struct{ Internal bool } }
			}
			_ = json.Unmarshal(data, &d)
			var out []string
			for _, m := range d.Node.Conversation {
				if m.Internal {
					out = append(out, "internal note")
				}
			}
			return out
		}},
	// Mutations.
	{name: "openTicket", query: `mutation{ openTicket(input: {category: OTHER, message: ""}) { ticket { id } userErrors { code } } }`, want: customersAnd(agent, admin)},
	{name: "replyToTicket", query: `mutation($id: ID!){ replyToTicket(input: {ticketId: $id, body: ""}) { message { id } userErrors { code } } }`, vars: ticketVars, want: customersAnd(agent, admin)},
	{name: "setTicketStatus", query: `mutation($id: ID!){ setTicketStatus(ticketId: $id, status: RESOLVED) { ticket { id } userErrors { code } } }`, vars: ticketVars, want: customersAnd(agent, admin)},
	{name: "resolveTicket", query: `mutation($id: ID!){ resolveTicket(input: {ticketId: $id, rootCause: OTHER, resolutionNote: ""}) { userErrors { code } } }`, vars: ticketVars, want: only(agent, admin)},
	{name: "setTicketPriority", query: `mutation{ setTicketPriority(ticketId: "` + noTicket + `", priority: LOW) { userErrors { code } } }`, want: only(agent, admin)},
	{name: "assignTicket", query: `mutation{ assignTicket(ticketId: "` + noTicket + `") { userErrors { code } } }`, want: only(agent, admin)},
	{name: "mergeTicket", query: `mutation{ mergeTicket(ticketId: "` + noTicket + `", intoTicketId: "` + noTicket + `") { userErrors { code } } }`, want: only(agent, admin)},
	{name: "addTicketAttachment", query: `mutation($id: ID!){ addTicketAttachment(input: {ticketId: $id, filename: "x.png", dataBase64: ""}) { attachment { id } userErrors { code } } }`, vars: ticketVars, want: customersAnd(agent, admin)},
	{name: "setMyAvailability", query: `mutation{ setMyAvailability(available: true) { userErrors { code } } }`, want: only(agent, admin)},
	{name: "setAgentSkills", query: `mutation{ setAgentSkills(accountId: "` + noTicket + `", skills: []) { userErrors { code } } }`, want: only(admin)},
	{name: "issueCoupon", query: `mutation{ issueCoupon(input: {ticketId: "` + noTicket + `", kind: FIXED, amountOff: 0}) { coupon { code } userErrors { code } } }`, want: only(agent, admin)},
	{name: "reshipFromTicket", query: `mutation{ reshipFromTicket(input: {ticketId: "` + noTicket + `", lines: []}) { order { id } userErrors { code } } }`, want: only(agent, admin)},
	{name: "refundFromTicket", query: `mutation{ refundFromTicket(input: {ticketId: "` + noTicket + `", amount: 0}) { refunded userErrors { code } } }`, want: only(agent, admin)},
	{name: "startReturnFromTicket", query: `mutation{ startReturnFromTicket(input: {ticketId: "` + noTicket + `", lines: [], reason: ""}) { userErrors { code } } }`, want: only(agent, admin)},
	{name: "createFollowUp", query: `mutation{ createFollowUp(input: {ticketId: "` + noTicket + `", dueAt: "2000-01-01T00:00:00Z", note: ""}) { userErrors { code } } }`, want: only(agent, admin)},
	{name: "completeFollowUp", query: `mutation{ completeFollowUp(id: "` + noTicket + `") { userErrors { code } } }`, want: only(agent, admin)},
	{name: "requestReturn", query: `mutation($id: ID!){ requestReturn(input: {orderId: $id, lines: [], reason: ""}) { returnRequest { id } userErrors { code } } }`, vars: orderVars, want: customersAnd(agent, admin)},
	{name: "approveReturn", query: `mutation{ approveReturn(returnId: "` + noTicket + `") { userErrors { code } } }`, want: only(agent, admin)},
	{name: "rejectReturn", query: `mutation{ rejectReturn(returnId: "` + noTicket + `", reason: "x") { userErrors { code } } }`, want: only(agent, admin)},
	{name: "cancelReturn", query: `mutation{ cancelReturn(returnId: "` + noTicket + `") { userErrors { code } } }`, want: customersAnd(agent, admin)},
	{name: "scheduleReturnPickup", query: `mutation{ scheduleReturnPickup(returnId: "` + noTicket + `") { userErrors { code } } }`, want: only(agent, warehouse, admin)},
	{name: "receiveReturn", query: `mutation{ receiveReturn(returnId: "` + noTicket + `") { userErrors { code } } }`, want: only(agent, warehouse, admin)},
	{name: "inspectReturn", query: `mutation{ inspectReturn(returnId: "` + noTicket + `", lines: []) { userErrors { code } } }`, want: only(agent, warehouse, admin)},
	{name: "completeReturn", query: `mutation{ completeReturn(returnId: "` + noTicket + `") { userErrors { code } } }`, want: only(agent, admin)},
	{name: "answerSurvey", query: `mutation{ answerSurvey(input: {kind: TICKET, subjectId: "` + noTicket + `", score: 0}) { response { id } userErrors { code } } }`, want: only(custA, custB)},
	{name: "setSlaPolicy", query: `mutation{ setSlaPolicy(input: {priority: LOW, firstResponseMinutes: 0, resolutionMinutes: 0, businessHours: true}) { userErrors { code } } }`, want: only(admin)},
	{name: "saveMacro", query: `mutation{ saveMacro(input: {category: ANY, titleZh: "", titleEn: "", bodyZh: "", bodyEn: ""}) { macro { id } userErrors { code } } }`, want: only(agent, admin)},
}
