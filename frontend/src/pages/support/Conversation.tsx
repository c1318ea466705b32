// A ticket's conversation, oldest first: the customer's messages, the agents' replies, system
// notices and (for agents only) internal notes, which look different on purpose: a dashed amber
// box labelled "Internal note". On the customer side internal notes are never shown, even if one
// ever came back from the API.
import { useEffect, useRef } from 'react'
import { useI18n } from '../../i18n/i18n'
import { formatDateTime } from '../../lib/format'
import './support.css'

export interface ConversationMessage {
  id: string
  authorKind: string
  authorName: string
  body: string
  internal: boolean
  createdAt: string
}

/** What a viewer may see of a conversation: customers never get internal notes. */
export function visibleMessages<M extends Pick<ConversationMessage, 'internal'>>(messages: readonly M[], audience: 'customer' | 'agent'): M[] {
  return audience === 'customer' ? messages.filter((m) => !m.internal) : [...messages]
}

export function Conversation({
  messages,
  audience,
  testId = 'conversation',
}: {
  messages: readonly ConversationMessage[]
  audience: 'customer' | 'agent'
  testId?: string
}) {
  const { t, locale } = useI18n()
  const shown = visibleMessages(messages, audience)
  const endRef = useRef<HTMLLIElement>(null)
  const count = useRef(shown.length)

  // a new message (a reply, a live update) comes into view; the first render does not scroll
  useEffect(() => {
    if (shown.length > count.current) endRef.current?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' })
    count.current = shown.length
  }, [shown.length])

  if (shown.length === 0) {
    return (
      <p className="muted" data-testid={`${testId}-empty`}>
        {t('sup.conv.empty')}
      </p>
    )
  }

  return (
    <div role="log" aria-label={t('sup.conv.title')} className="sup-conv-log">
    <ol className="sup-conv" data-testid={testId}>
      {shown.map((m) => {
        // "mine": the side of the person looking at it
        const mine = audience === 'customer' ? m.authorKind === 'CUSTOMER' : m.authorKind === 'AGENT'
        const kind = m.internal ? 'note' : m.authorKind === 'SYSTEM' ? 'system' : mine ? 'mine' : 'theirs'
        const who =
          m.authorKind === 'SYSTEM'
            ? t('sup.conv.system')
            : m.authorKind === 'CUSTOMER'
              ? audience === 'customer'
                ? t('sup.conv.you')
                : m.authorName || t('sup.conv.customer')
              : audience === 'customer'
                ? t('sup.conv.agentNamed', { name: m.authorName || t('sup.conv.agent') })
                : m.authorName || t('sup.conv.agent')
        return (
          <li
            key={m.id}
            className={`sup-msg sup-msg-${kind}`}
            data-testid="message"
            data-author={m.authorKind}
            data-internal={m.internal ? 'true' : 'false'}
          >
            <div className="sup-msg-head">
              {m.internal ? (
                <span className="sup-note-label" data-testid="internal-label">
                  <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
                    <path fill="currentColor" d="M4 7V5a4 4 0 1 1 8 0v2h1v8H3V7h1Zm2 0h4V5a2 2 0 1 0-4 0v2Z" />
                  </svg>
                  {t('sup.conv.internal')}
                </span>
              ) : null}
              <span className="sup-msg-who">{who}</span>
              <time className="sup-msg-time" dateTime={m.createdAt}>
                {formatDateTime(m.createdAt, locale)}
              </time>
            </div>
            <p className="sup-msg-body">{m.body}</p>
          </li>
        )
      })}
      <li ref={endRef} className="sup-conv-end" aria-hidden="true" />
    </ol>
    </div>
  )
}
