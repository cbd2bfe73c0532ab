/** Renders the whole app over a fake desk, with a manual clock, the way main.tsx does. */
import { render } from '@testing-library/react'
import { App } from '../App'
import { createDeskRuntime, DeskRuntimeProvider, type DeskRuntime } from '../desk/runtime'
import { createManualClock } from '../lib/clock'
import type { FakeDesk } from './fake-desk'

export function renderDesk(desk: FakeDesk, now = 100_000) {
  const clock = createManualClock(now)
  const runtime: DeskRuntime = createDeskRuntime(desk.api, { clock })
  const stop = runtime.start()
  const view = render(
    <DeskRuntimeProvider runtime={runtime}>
      <App />
    </DeskRuntimeProvider>,
  )
  return {
    ...view,
    runtime,
    clock,
    unmount: () => {
      view.unmount()
      stop()
      runtime.queryClient.clear()
    },
  }
}
