/** Since when the desk sees a call's speech live: the clock silence and overtalk count on. */
import { describe, expect, it } from 'vitest'
import { LiveCoverage } from './live-coverage'

describe('LiveCoverage', () => {
  it('a call seen live counts from the later of its first callback and the feed coming back', () => {
    const coverage = new LiveCoverage()
    coverage.sawLive('early', 50) // from a snapshot before the feed was declared live
    coverage.setFeed(true, 100)
    coverage.sawLive('late', 150)
    coverage.setFeed(true, 120) // a repeat changes nothing
    expect(coverage.speechSince('early')).toBe(100)
    expect(coverage.speechSince('late')).toBe(150)
    expect(coverage.speechSince('rest-only')).toBeNull()

    coverage.setFeed(false, 200)
    expect(coverage.speechSince('early')).toBeNull()
    coverage.setFeed(true, 300)
    expect(coverage.speechSince('early')).toBe(300)
    expect(coverage.speechSince('late')).toBe(300)

    coverage.forget('late')
    expect(coverage.speechSince('late')).toBeNull()
    coverage.clear()
    expect(coverage.speechSince('early')).toBeNull()
  })
})
