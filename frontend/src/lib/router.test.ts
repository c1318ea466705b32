import { describe, expect, it } from 'vitest'
import { matchPath, navigate } from './router'

describe('router', () => {
  it('matches static and parameter routes', () => {
    expect(matchPath('/', '/')).toEqual({})
    expect(matchPath('/track', '/track/')).toEqual({})
    expect(matchPath('/track/:number', '/track/WB%20123')).toEqual({ number: 'WB 123' })
    expect(matchPath('/track/:number', '/track')).toBeNull()
    expect(matchPath('/staff', '/staffing')).toBeNull()
  })

  it('navigates with the History API', () => {
    navigate('/track/ABC')
    expect(window.location.pathname).toBe('/track/ABC')
  })
})
