import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { mockClient, Wrapper } from '../test/mockClient'
import { progressOf, TimelineProgress } from './TimelineProgress'

const states = (status: string, events: { status: string }[] = []) => progressOf(status, events).steps.map((s) => s.state)

describe('progressOf', () => {
  it('maps the ordinary statuses onto the four milestones', () => {
    expect(states('PENDING')).toEqual(['upcoming', 'upcoming', 'upcoming', 'upcoming'])
    expect(states('INFO_RECEIVED')).toEqual(['current', 'upcoming', 'upcoming', 'upcoming'])
    expect(states('IN_TRANSIT')).toEqual(['done', 'current', 'upcoming', 'upcoming'])
    expect(states('OUT_FOR_DELIVERY')).toEqual(['done', 'done', 'current', 'upcoming'])
    expect(states('DELIVERED')).toEqual(['done', 'done', 'done', 'done'])
  })

  it('marks a failed attempt on "out for delivery"', () => {
    const p = progressOf('ATTEMPT_FAIL')
    expect(p.problem).toBe('attemptFail')
    expect(p.steps.map((s) => s.state)).toEqual(['done', 'done', 'problem', 'upcoming'])
  })

  it('puts an exception or silence where the events had got to', () => {
    const inTransit = [{ status: 'INFO_RECEIVED' }, { status: 'IN_TRANSIT' }, { status: 'EXCEPTION' }]
    expect(progressOf('EXCEPTION', inTransit).problem).toBe('exception')
    expect(states('EXCEPTION', inTransit)).toEqual(['done', 'problem', 'upcoming', 'upcoming'])
    expect(states('EXPIRED', [{ status: 'INFO_RECEIVED' }, { status: 'OUT_FOR_DELIVERY' }])).toEqual([
      'done',
      'done',
      'problem',
      'upcoming',
    ])
    expect(progressOf('EXPIRED', []).problem).toBe('expired')
    // an exception before anything happened is held up at the first step
    expect(states('EXCEPTION', [])).toEqual(['problem', 'upcoming', 'upcoming', 'upcoming'])
  })

  it('shows a parcel at a pickup point as waiting on the last step', () => {
    const p = progressOf('AVAILABLE_FOR_PICKUP')
    expect(p.pickup).toBe(true)
    expect(p.steps.map((s) => s.state)).toEqual(['done', 'done', 'current', 'current'])
  })

  it('falls back to the events for a status it does not know', () => {
    expect(states('SOMETHING_NEW', [{ status: 'IN_TRANSIT' }])).toEqual(['done', 'current', 'upcoming', 'upcoming'])
  })
})

describe('<TimelineProgress>', () => {
  it('labels the steps and says which one is current, in Chinese too', () => {
    render(
      <Wrapper client={mockClient(() => undefined)} locale="zh-CN">
        <TimelineProgress status="ATTEMPT_FAIL" events={[]} />
      </Wrapper>,
    )
    const items = screen.getAllByRole('listitem')
    expect(items.map((li) => li.getAttribute('data-state'))).toEqual(['done', 'done', 'problem', 'upcoming'])
    expect(items[2].getAttribute('aria-current')).toBe('step')
    expect(items[2].textContent).toContain('投递失败')
    expect(items[3].textContent).toContain('已签收')
  })
})
