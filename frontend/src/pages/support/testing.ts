// For tests of pages that embed the customer-service pieces (the account page, an order page):
// the operations those pieces send, so a strict mock can leave them unanswered.
export const SUPPORT_OPERATIONS: ReadonlySet<string> = new Set([
  'MyTickets',
  'MySurveys',
  'MyReturns',
  'OrderSupport',
  'CustomerTicket',
  'CustomerTicketLive',
])

export function isSupportOperation(name: string): boolean {
  return SUPPORT_OPERATIONS.has(name)
}
