import '../test/dom'
import { act, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AuditEntry } from '../../../preload/api'
import { auditEntry } from '../test/fixtures'
import { createFakeDesk, type FakeDesk } from '../test/fake-desk'
import { renderBoard } from '../test/render'

const NOW = Date.UTC(2026, 11, 3, 10, 0, 0)

/** What main's `audit:list` answers: oldest first, the order entries were issued in. */
function issued(): AuditEntry[] {
  return [
    auditEntry({
      id: 'a1',
      at: NOW - 30_000,
      command: { type: 'join', mpcUuid: 'mpc-billing', mode: 'listen' },
      mpcName: 'Billing-1',
    }),
    auditEntry({
      id: 'a2',
      at: NOW - 20_000,
      command: { type: 'kick', mpcUuid: 'mpc-sales', memberId: '1082' },
      memberRole: 'ai-agent',
      mpcName: 'Sales, "EU"',
      result: 'failed',
      doneAt: NOW - 19_000,
      error: { code: 'plivo', message: 'member(s) 1082 not found,\nsorry' },
    }),
    auditEntry({
      id: 'a3',
      at: NOW - 10_000,
      command: { type: 'mute', mpcUuid: 'mpc-billing', memberId: '1001' },
      memberRole: 'agent',
      mpcName: 'Billing-1',
      result: 'pending',
    }),
  ]
}

afterEach(() => {
  vi.restoreAllMocks()
})

async function openAudit(desk: FakeDesk) {
  const user = userEvent.setup()
  await renderBoard(desk, NOW)
  await user.click(screen.getByTestId('nav-audit'))
  await waitFor(() => expect(screen.getAllByTestId('audit-row').length).toBeGreaterThan(0))
  return user
}

/** The "What" cell of every row, top to bottom. */
const whats = () =>
  screen.getAllByTestId('audit-row').map((row) => row.querySelectorAll('td')[2]?.textContent)

describe('the audit log', () => {
  it('lists newest first on load, and stays newest first as entries arrive', async () => {
    const desk = createFakeDesk({ audit: issued() })
    await openAudit(desk)
    expect(screen.getByTestId('audit-view').textContent).toContain('newest first')
    expect(whats()).toEqual(['Mute Agent 1001', 'Remove AI agent 1082', 'Listen'])

    act(() =>
      desk.push(
        'audit:entry',
        auditEntry({
          id: 'a4',
          at: NOW - 5_000,
          command: { type: 'hold', mpcUuid: 'mpc-sales', memberId: '1000' },
          memberRole: 'customer',
          mpcName: 'Sales, "EU"',
          result: 'pending',
        }),
      ),
    )
    await waitFor(() =>
      expect(whats()).toEqual([
        'Hold Customer 1000',
        'Mute Agent 1001',
        'Remove AI agent 1082',
        'Listen',
      ]),
    )

    // An older command finishing updates its row where it is; it does not jump to the top.
    const [, , mute] = issued()
    if (!mute) throw new Error('fixture')
    act(() => desk.push('audit:entry', { ...mute, result: 'ok', doneAt: NOW - 1_000 }))
    await waitFor(() => expect(screen.getAllByTestId('audit-row')[1]?.dataset.result).toBe('ok'))
    expect(whats()).toEqual([
      'Hold Customer 1000',
      'Mute Agent 1001',
      'Remove AI agent 1082',
      'Listen',
    ])
  })

  it('names a member without a known role as a member, never as a bare number', async () => {
    const desk = createFakeDesk({
      audit: [
        auditEntry({
          id: 'b1',
          at: NOW - 1000,
          command: { type: 'unhold', mpcUuid: 'mpc-x', memberId: '77' },
        }),
      ],
    })
    await openAudit(desk)
    expect(whats()).toEqual(['Unhold member 77'])
  })

  it('filters by call and by outcome', async () => {
    const desk = createFakeDesk({ audit: issued() })
    const user = await openAudit(desk)
    const view = screen.getByTestId('audit-view')

    await user.selectOptions(within(view).getByLabelText('Outcome'), 'failed')
    expect(whats()).toEqual(['Remove AI agent 1082'])
    await user.selectOptions(within(view).getByLabelText('Outcome'), 'pending')
    expect(whats()).toEqual(['Mute Agent 1001'])
    await user.selectOptions(within(view).getByLabelText('Outcome'), 'all')

    await user.selectOptions(within(view).getByLabelText('Call'), 'mpc-billing')
    expect(whats()).toEqual(['Mute Agent 1001', 'Listen'])
    expect(within(view).getByTestId('audit-count').textContent).toBe('2 of 3 entries')

    await user.selectOptions(within(view).getByLabelText('Outcome'), 'ok')
    expect(whats()).toEqual(['Listen'])
    await user.selectOptions(within(view).getByLabelText('Outcome'), 'failed')
    expect(screen.queryAllByTestId('audit-row')).toHaveLength(0)
    expect(view.textContent).toContain('No entries match these filters.')
  })

  describe('CSV export', () => {
    let blobs: Blob[]
    let clicked: { download: string; href: string }[]
    beforeEach(() => {
      blobs = []
      clicked = []
      // happy-dom has no downloads: record what would have been saved.
      vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
        blobs.push(blob as Blob)
        return `blob:test/${blobs.length}`
      })
      vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {})
      vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
        this: HTMLAnchorElement,
      ) {
        clicked.push({ download: this.download, href: this.href })
      })
    })

    it('downloads the filtered rows, newest first, with a header row and proper quoting', async () => {
      const desk = createFakeDesk({ audit: issued() })
      const user = await openAudit(desk)
      await user.selectOptions(screen.getByLabelText('Call'), 'mpc-sales')
      await user.click(screen.getByRole('button', { name: 'Export CSV' }))

      expect(clicked).toHaveLength(1)
      expect(clicked[0]?.download).toMatch(/^audit-log-.*\.csv$/)
      expect(clicked[0]?.href).toBe('blob:test/1')
      expect(blobs[0]?.type).toBe('text/csv;charset=utf-8')
      const text = (await blobs[0]?.text())?.replace(/^\uFEFF/, '')
      expect(text).toBe(
        [
          'When,Who,What,Call,Call UUID,Result,Finished,Reason',
          [
            new Date(NOW - 20_000).toISOString(),
            'supervisor',
            'Remove AI agent 1082',
            '"Sales, ""EU"""',
            'mpc-sales',
            'failed',
            new Date(NOW - 19_000).toISOString(),
            '"member(s) 1082 not found,\nsorry"',
          ].join(','),
          '',
        ].join('\r\n'),
      )
    })

    it('exports every row when nothing is filtered', async () => {
      const desk = createFakeDesk({ audit: issued() })
      const user = await openAudit(desk)
      await user.click(screen.getByRole('button', { name: 'Export CSV' }))
      const lines = (await blobs[0]?.text())?.split('\r\n') ?? []
      expect(lines.at(-1)).toBe('') // the last row ends with CRLF too
      expect(lines.slice(0, -1).map((l) => l.split(',')[2])).toEqual([
        'What',
        'Mute Agent 1001',
        'Remove AI agent 1082',
        'Listen',
      ])
    })
  })
})
