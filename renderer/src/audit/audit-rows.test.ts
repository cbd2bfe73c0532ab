import { describe, expect, it } from 'vitest'
import { newestFirst } from '../desk/audit-order'
import { auditEntry } from '../test/fixtures'
import { csvField } from './audit-rows'

describe('csvField', () => {
  it('leaves plain text alone and quotes what RFC 4180 says to quote', () => {
    expect(csvField('Mute Agent 1001')).toBe('Mute Agent 1001')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('two\nlines')).toBe('"two\nlines"')
    expect(csvField(' padded ')).toBe('" padded "')
    expect(csvField('')).toBe('')
  })

  it('never hands a spreadsheet a formula', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`)
    expect(csvField('+1555')).toBe("'+1555")
    expect(csvField('@sum')).toBe("'@sum")
  })
})

describe('newestFirst', () => {
  it('orders by issue time, newest first, and breaks ties the same way whatever the input order', () => {
    const cmd = { type: 'end', mpcUuid: 'm' } as const
    const a = auditEntry({ id: 'a', at: 5, command: cmd })
    const b = auditEntry({ id: 'b', at: 5, command: cmd })
    const c = auditEntry({ id: 'c', at: 9, command: cmd })
    const ids = (list: { id: string }[]) => list.map((e) => e.id)
    expect(ids(newestFirst([a, b, c]))).toEqual(['c', 'b', 'a'])
    expect(ids(newestFirst([b, c, a]))).toEqual(['c', 'b', 'a'])
  })
})
