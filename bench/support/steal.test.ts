import { describe, expect, it } from 'vitest'
import { stealMsOf } from './steal'

describe('stealMsOf', () => {
  it('reads the steal column of the all-cores line, in ms', () => {
    const procStat = [
      'cpu  262255 3421 31173 373398 359 0 18209 12073 0 0',
      'cpu0 131000 1700 15500 186000 180 0 9100 6000 0 0',
    ].join('\n')
    expect(stealMsOf(procStat)).toBe(120_730)
  })

  it('is NaN for a kernel without a steal column, or text that is not /proc/stat', () => {
    expect(stealMsOf('cpu  1 2 3 4 5 6 7')).toBeNaN()
    expect(stealMsOf('intr 1 2 3 4 5 6 7 8 9')).toBeNaN()
    expect(stealMsOf('')).toBeNaN()
  })
})
