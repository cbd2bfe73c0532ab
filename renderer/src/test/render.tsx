/** Renders the whole app over a fake desk, with a manual clock, the way main.tsx does. */
import { cleanup, render, screen, waitFor } from '@testing-library/react'
import { expect, onTestFinished } from 'vitest'
import { App } from '../App'
import { createDeskRuntime, DeskRuntimeProvider, type DeskRuntime } from '../desk/runtime'
import { createManualClock } from '../lib/clock'
import type { FakeDesk } from './fake-desk'

/**
 * The app is unmounted, its runtime stopped and its cache cleared when the test finishes, so a
 * test file needs no teardown of its own. `unmount` may still be called first (by the test or
 * an `afterEach` of its own): it runs once, so the later call does nothing.
 */
export function renderDesk(desk: FakeDesk, now = 100_000) {
  const clock = createManualClock(now)
  const runtime: DeskRuntime = createDeskRuntime(desk.api, { clock })
  const stop = runtime.start()
  const view = render(
    <DeskRuntimeProvider runtime={runtime}>
      <App />
    </DeskRuntimeProvider>,
  )
  let mounted = true
  const unmount = () => {
    if (!mounted) return
    mounted = false
    view.unmount()
    stop()
    runtime.queryClient.clear()
  }
  onTestFinished(() => {
    unmount()
    cleanup()
  })
  return { ...view, runtime, clock, unmount }
}

/** `renderDesk`, then waits until the board shows its first snapshot. */
export async function renderBoard(desk: FakeDesk, now?: number) {
  const view = renderDesk(desk, now)
  await waitFor(() => expect(screen.getByTestId('board').dataset.ready).toBe('true'))
  return view
}
