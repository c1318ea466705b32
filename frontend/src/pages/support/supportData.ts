// The customer side of customer service: my tickets, one ticket (live), replies, surveys,
// returns and "Contact support" from an order. The API hides internal notes from customers; the
// conversation component drops any that would slip through anyway.
import { graphql } from '../../gql'

export const CustomerTicketFields = graphql(`
  fragment CustomerTicketFields on Ticket {
    id
    number
    subject
    category
    status
    createdAt
    updatedAt
    resolvedAt
    closedAt
    order {
      id
      number
    }
    shipment {
      id
      trackingNumber
    }
    conversation {
      id
      authorKind
      authorName
      body
      internal
      createdAt
    }
    allowedTransitions
    surveyOpen
    survey {
      id
      score
      comment
      createdAt
    }
  }
`)

export const MyTicketsDocument = graphql(`
  query MyTickets($first: Int!) {
    tickets(first: $first, orderBy: [{ field: UPDATED_AT, direction: DESC }]) {
      totalCount
      edges {
        node {
          id
          number
          subject
          category
          status
          updatedAt
          surveyOpen
          order {
            id
            number
          }
        }
      }
    }
  }
`)

export const CustomerTicketDocument = graphql(`
  query CustomerTicket($number: String!) {
    tickets(first: 1, where: { number: $number }) {
      edges {
        node {
          ...CustomerTicketFields
        }
      }
    }
  }
`)

export const CustomerTicketLiveDocument = graphql(`
  subscription CustomerTicketLive($ticketId: ID!) {
    ticketUpdated(ticketId: $ticketId) {
      ...CustomerTicketFields
    }
  }
`)

export const CustomerReplyDocument = graphql(`
  mutation CustomerReply($input: ReplyToTicketInput!) {
    replyToTicket(input: $input) {
      message {
        id
      }
      ticket {
        ...CustomerTicketFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`)

export const CustomerTicketStatusDocument = graphql(`
  mutation CustomerTicketStatus($ticketId: ID!, $status: TicketStatus!, $note: String) {
    setTicketStatus(ticketId: $ticketId, status: $status, note: $note) {
      ticket {
        ...CustomerTicketFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`)

export const SurveyAnswerDocument = graphql(`
  mutation SurveyAnswer($input: AnswerSurveyInput!) {
    answerSurvey(input: $input) {
      response {
        id
        kind
        subjectID
        score
        comment
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`)

export const MySurveysDocument = graphql(`
  query MySurveys {
    pendingSurveys {
      kind
      subjectId
      title
      since
    }
  }
`)

export const ReturnFields = graphql(`
  fragment ReturnFields on ReturnRequest {
    id
    number
    status
    resolution
    reason
    decisionNote
    refundAmount
    refundedAmount
    currency
    createdAt
    approvedAt
    rejectedAt
    pickupScheduledAt
    receivedAt
    inspectedAt
    completedAt
    order {
      id
      number
    }
    lines {
      id
      sku
      name
      quantity
    }
    returnShipment {
      id
      trackingNumber
      status
    }
    exchangeOrder {
      id
      number
    }
  }
`)

export const MyReturnsDocument = graphql(`
  query MyReturns($first: Int!) {
    returnRequests(first: $first, orderBy: [{ field: CREATED_AT, direction: DESC }]) {
      totalCount
      edges {
        node {
          ...ReturnFields
        }
      }
    }
  }
`)

export const OrderSupportDocument = graphql(`
  query OrderSupport($orderId: ID!) {
    returnWindow(orderId: $orderId) {
      deliveredAt
      deadline
      open
      days
      lines {
        line {
          id
          sku
          name
          quantity
        }
        returnable
        maxQuantity
        reason
      }
    }
    returnRequests(first: 20, where: { orderID: $orderId }, orderBy: [{ field: CREATED_AT, direction: DESC }]) {
      edges {
        node {
          ...ReturnFields
        }
      }
    }
    tickets(first: 20, where: { orderID: $orderId }, orderBy: [{ field: UPDATED_AT, direction: DESC }]) {
      edges {
        node {
          id
          number
          subject
          status
          category
          updatedAt
        }
      }
    }
  }
`)

export const OpenOrderTicketDocument = graphql(`
  mutation OpenOrderTicket($input: OpenTicketInput!) {
    openTicket(input: $input) {
      ticket {
        id
        number
        status
      }
      merged
      userErrors {
        field
        message
        code
      }
    }
  }
`)

export const RequestOrderReturnDocument = graphql(`
  mutation RequestOrderReturn($input: RequestReturnInput!) {
    requestReturn(input: $input) {
      returnRequest {
        ...ReturnFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`)

export const CancelMyReturnDocument = graphql(`
  mutation CancelMyReturn($returnId: ID!) {
    cancelReturn(returnId: $returnId) {
      returnRequest {
        ...ReturnFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`)

/** The steps a return goes through, for the customer's progress bar. */
export const RETURN_STEPS = ['REQUESTED', 'APPROVED', 'PICKUP_SCHEDULED', 'RECEIVED', 'INSPECTED', 'DONE'] as const
export type ReturnStep = (typeof RETURN_STEPS)[number]

/** Which step a return has reached (REFUNDED, EXCHANGED and CLOSED are all "done"). */
export function returnStepIndex(status: string): number {
  if (status === 'REFUNDED' || status === 'EXCHANGED' || status === 'CLOSED') return RETURN_STEPS.length - 1
  const i = RETURN_STEPS.indexOf(status as ReturnStep)
  return i < 0 ? 0 : i
}

/** Statuses at which a return stopped without going through (no progress bar, just the badge). */
export function returnStopped(status: string): boolean {
  return status === 'REJECTED' || status === 'CANCELLED'
}

/** A customer may cancel before the pickup is booked. */
export function customerMayCancelReturn(status: string): boolean {
  return status === 'REQUESTED' || status === 'APPROVED'
}

/** Tickets the customer is still talking about. */
export function ticketIsOpen(status: string): boolean {
  return status !== 'RESOLVED' && status !== 'CLOSED'
}
