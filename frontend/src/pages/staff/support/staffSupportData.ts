// GraphQL operations of the agent console (inbox, ticket view, remedies) and the service dashboard.
import { graphql } from '../../../gql'

export const InboxTicketFields = graphql(`
  fragment InboxTicketFields on Ticket {
    id
    number
    subject
    category
    priority
    status
    source
    createdAt
    updatedAt
    lastMessageAt
    escalationLevel
    assignee {
      id
      displayName
      email
    }
    customer {
      id
      name
    }
    order {
      id
      number
    }
    sla {
      nextDueAt
      secondsLeft
      paused
      breached
    }
  }
`)

// Two lists: tickets with a running SLA clock by their deadline, then the rest (paused, done),
// newest change first. (Ordering by SLA_DUE_AT alone would put the ones without a deadline first.)
export const SupportInboxDocument = graphql(`
  query SupportInbox($where: TicketWhereInput!, $first: Int!) {
    due: tickets(first: $first, where: { and: [$where, { slaDueAtNotNil: true }] }, orderBy: [{ field: SLA_DUE_AT, direction: ASC }]) {
      totalCount
      edges {
        node {
          ...InboxTicketFields
        }
      }
    }
    rest: tickets(first: $first, where: { and: [$where, { slaDueAtIsNil: true }] }, orderBy: [{ field: UPDATED_AT, direction: DESC }]) {
      totalCount
      edges {
        node {
          ...InboxTicketFields
        }
      }
    }
  }
`)

export const SupportInboxLiveDocument = graphql(`
  subscription SupportInboxLive {
    supportInbox {
      ...InboxTicketFields
    }
  }
`)

export const MyAvailabilityDocument = graphql(`
  query MyAvailability {
    me {
      id
      available
      skills
    }
  }
`)

export const SetAvailabilityDocument = graphql(`
  mutation SetAvailability($available: Boolean!) {
    setMyAvailability(available: $available) {
      account {
        id
        available
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`)

export const StaffTicketFields = graphql(`
  fragment StaffTicketFields on Ticket {
    id
    number
    subject
    category
    priority
    status
    source
    createdAt
    updatedAt
    orderLineIds
    firstRespondedAt
    resolvedAt
    closedAt
    escalationLevel
    reopenCount
    rootCause
    resolutionNote
    priorityReasons
    draftReply
    allowedTransitions
    assignee {
      id
      displayName
      email
    }
    customer {
      id
      name
      email
      phone
      guest
      pointsBalance
    }
    order {
      id
      number
      status
      createdAt
      currency
      contactName
      contactPhone
      shipProvince
      shipCity
      shipDistrict
      shipLine1
      promisedDeliveryDate
      couponCode
      total {
        amount
        currency
      }
      lines {
        id
        sku
        name
        quantity
        unitPriceAmount
        lineTotalAmount
        shippedQuantity
      }
      payments {
        id
        status
        amount
        capturedAmount
        refundedAmount
        currency
      }
      shipments {
        id
        trackingNumber
        status
      }
    }
    shipment {
      id
      trackingNumber
      status
    }
    sla {
      nextDueAt
      secondsLeft
      paused
      breached
      firstResponseDueAt
      resolutionDueAt
      firstResponseMet
      resolutionMet
      policy {
        firstResponseMinutes
        resolutionMinutes
        businessHours
      }
    }
    conversation {
      id
      authorKind
      authorName
      body
      internal
      createdAt
    }
    timeline {
      id
      kind
      fromValue
      toValue
      note
      actor
      createdAt
    }
    remedies {
      id
      kind
      amount
      currency
      note
      actor
      createdAt
      coupon {
        id
        code
      }
      order {
        id
        number
      }
      returnRequest {
        id
        number
        status
      }
    }
    followUps {
      id
      dueAt
      note
      status
      doneAt
      outcome
      assignee {
        id
        displayName
        email
      }
    }
    returns {
      id
      number
      status
      resolution
    }
    survey {
      id
      score
      comment
    }
    duplicateOf {
      id
      number
    }
  }
`)

export const StaffTicketDocument = graphql(`
  query StaffTicket($number: String!) {
    tickets(first: 1, where: { number: $number }) {
      edges {
        node {
          ...StaffTicketFields
        }
      }
    }
  }
`)

export const StaffTicketLiveDocument = graphql(`
  subscription StaffTicketLive($ticketId: ID!) {
    ticketUpdated(ticketId: $ticketId) {
      ...StaffTicketFields
    }
  }
`)

export const SuggestedRepliesDocument = graphql(`
  query SuggestedRepliesForTicket($ticketId: ID!) {
    suggestedReplies(ticketId: $ticketId) {
      macro {
        id
        key
        kind
        category
      }
      titleZh
      titleEn
      bodyZh
      bodyEn
    }
  }
`)

export const SupportAgentsDocument = graphql(`
  query SupportAgentsList {
    supportAgents {
      account {
        id
        displayName
        email
        available
      }
      openTickets
    }
  }
`)

export const StaffReplyDocument = graphql(`
  mutation StaffReply($input: ReplyToTicketInput!) {
    replyToTicket(input: $input) {
      message {
        id
      }
      ticket {
        ...StaffTicketFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`)

export const AssignTicketToDocument = graphql(`
  mutation AssignTicketTo($ticketId: ID!, $assigneeId: ID) {
    assignTicket(ticketId: $ticketId, assigneeId: $assigneeId) {
      ticket {
        ...InboxTicketFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`)

export const ChangeTicketStatusDocument = graphql(`
  mutation ChangeTicketStatus($ticketId: ID!, $status: TicketStatus!, $note: String) {
    setTicketStatus(ticketId: $ticketId, status: $status, note: $note) {
      ticket {
        ...StaffTicketFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`)

export const ChangeTicketPriorityDocument = graphql(`
  mutation ChangeTicketPriority($ticketId: ID!, $priority: TicketPriority!, $reason: String) {
    setTicketPriority(ticketId: $ticketId, priority: $priority, reason: $reason) {
      ticket {
        ...StaffTicketFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`)

export const ResolveTicketDocument = graphql(`
  mutation ResolveTicketWithCause($input: ResolveTicketInput!) {
    resolveTicket(input: $input) {
      ticket {
        ...StaffTicketFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`)

export const IssueCouponDocument = graphql(`
  mutation IssueTicketCoupon($input: IssueCouponInput!) {
    issueCoupon(input: $input) {
      coupon {
        id
        code
        kind
        amountOff
        percentOff
        currency
        endsAt
      }
      ticket {
        ...StaffTicketFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`)

export const ReshipDocument = graphql(`
  mutation ReshipTicketLines($input: ReshipFromTicketInput!) {
    reshipFromTicket(input: $input) {
      order {
        id
        number
      }
      ticket {
        ...StaffTicketFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`)

export const RefundDocument = graphql(`
  mutation RefundTicketOrder($input: RefundFromTicketInput!) {
    refundFromTicket(input: $input) {
      refunded
      ticket {
        ...StaffTicketFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`)

export const StartReturnDocument = graphql(`
  mutation StartTicketReturn($input: StartReturnFromTicketInput!) {
    startReturnFromTicket(input: $input) {
      returnRequest {
        id
        number
        status
      }
      ticket {
        ...StaffTicketFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`)

export const CreateFollowUpDocument = graphql(`
  mutation CreateTicketFollowUp($input: FollowUpInput!) {
    createFollowUp(input: $input) {
      followUp {
        id
        dueAt
        note
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`)

export const CompleteFollowUpDocument = graphql(`
  mutation CompleteTicketFollowUp($id: ID!, $outcome: String, $cancel: Boolean) {
    completeFollowUp(id: $id, outcome: $outcome, cancel: $cancel) {
      followUp {
        id
        status
        doneAt
        outcome
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`)

export const SupportDashboardDocument = graphql(`
  query SupportDashboardData($from: Time, $to: Time, $bucket: SupportBucket) {
    supportDashboard(from: $from, to: $to, bucket: $bucket) {
      from
      to
      bucket
      buckets
      tickets
      byCategory {
        bucket
        key
        count
      }
      byRootCause {
        bucket
        key
        count
      }
      recurring {
        rootCause
        dimension
        key
        label
        count
        ticketIds
      }
      firstResponseSla {
        met
        missed
        open
        rate
      }
      resolutionSla {
        met
        missed
        open
        rate
      }
      firstResponseTime {
        count
        average
        median
        p90
        businessMedian
      }
      resolutionTime {
        count
        average
        median
        p90
        businessMedian
      }
      csat {
        bucket
        responses
        average
        satisfied
        nps
      }
      csatOverall {
        bucket
        responses
        average
        satisfied
        nps
        npsResponses
      }
      onTimeDelivery {
        numerator
        denominator
        rate
      }
      orderErrorRate {
        numerator
        denominator
        rate
      }
      inventoryAccuracy {
        numerator
        denominator
        rate
      }
    }
  }
`)

export const SupportReportCsvDocument = graphql(`
  query SupportReportCsvExport($report: SupportReport!, $from: Time, $to: Time, $bucket: SupportBucket) {
    supportReportCsv(report: $report, from: $from, to: $to, bucket: $bucket)
  }
`)

/** What can still be refunded: captured minus refunded, over captured payments (as the server counts). */
export function refundableAmount(payments: readonly { status: string; capturedAmount: number; refundedAmount: number }[] | null | undefined): number {
  let sum = 0
  for (const p of payments ?? []) {
    if (p.status === 'CAPTURED' || p.status === 'PARTIALLY_REFUNDED') sum += Math.max(0, p.capturedAmount - p.refundedAmount)
  }
  return sum
}
