import { act, renderHook } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { clearAllDrafts, draftKey, useDraft } from './draft'

describe('useDraft', () => {
  it('saves as the user types and restores on the same route and form', () => {
    const first = renderHook(() => useDraft('f', { email: '', role: 'AGENT' }, '/staff/accounts'))
    expect(first.result.current.restored).toBe(false)
    act(() => first.result.current.set({ email: 'a@b.test' }))
    expect(JSON.parse(window.sessionStorage.getItem(draftKey('/staff/accounts', 'f'))!)).toEqual({ email: 'a@b.test', role: 'AGENT' })
    first.unmount()

    const again = renderHook(() => useDraft('f', { email: '', role: 'AGENT' }, '/staff/accounts/'))
    expect(again.result.current.values).toEqual({ email: 'a@b.test', role: 'AGENT' })
    expect(again.result.current.restored).toBe(true)

    // another form or route starts empty
    const other = renderHook(() => useDraft('g', { email: '' }, '/staff/accounts'))
    expect(other.result.current.values.email).toBe('')
  })

  it('forgets the draft on clear, and when the form is back to its initial values', () => {
    const { result } = renderHook(() => useDraft('f', { q: '' }, '/x'))
    act(() => result.current.set({ q: 'typed' }))
    expect(window.sessionStorage.getItem(draftKey('/x', 'f'))).not.toBeNull()
    act(() => result.current.set({ q: '' }))
    expect(window.sessionStorage.getItem(draftKey('/x', 'f'))).toBeNull()
    act(() => result.current.set({ q: 'again' }))
    act(() => result.current.clear())
    expect(result.current.values.q).toBe('')
    expect(window.sessionStorage.getItem(draftKey('/x', 'f'))).toBeNull()
  })

  it('ignores saved values of the wrong shape and unknown keys', () => {
    window.sessionStorage.setItem(draftKey('/x', 'f'), JSON.stringify({ q: 42, extra: 'x', ok: 'yes' }))
    const { result } = renderHook(() => useDraft('f', { q: '', ok: '' }, '/x'))
    expect(result.current.values).toEqual({ q: '', ok: 'yes' })
    window.sessionStorage.setItem(draftKey('/y', 'f'), 'not json')
    expect(renderHook(() => useDraft('f', { q: '' }, '/y')).result.current.values.q).toBe('')
  })

  it('clearAllDrafts removes only drafts', () => {
    window.sessionStorage.setItem(draftKey('/a', 'f'), '{"q":"1"}')
    window.sessionStorage.setItem(draftKey('/b', 'g'), '{"q":"2"}')
    window.sessionStorage.setItem('something.else', 'keep')
    clearAllDrafts()
    expect(window.sessionStorage.length).toBe(1)
    expect(window.sessionStorage.getItem('something.else')).toBe('keep')
  })
})
