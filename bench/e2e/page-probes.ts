/**
 * Code that runs in the page (passed to `page.evaluate`, so it must be self-contained): a
 * MutationObserver that timestamps the moment a probe member's "muted" mark appears or goes,
 * and a requestAnimationFrame sampler for frame times. Times are
 * `performance.timeOrigin + performance.now()`: wall-clock ms, comparable with the Node side's
 * `wallNow()` on the same machine.
 */

export interface ProbeTarget {
  mpcUuid: string
  memberId: string
}

export interface ProbeSighting {
  mpcUuid: string
  muted: boolean
  /** When the DOM changed (the observer's callback). */
  at: number
  /** The start of the next animation frame after it (≈ when it reaches the screen). */
  frameAt: number
}

/**
 * The little of the DOM these functions touch, typed here: the node project has no DOM lib, and
 * pulling it in would let browser globals leak into server code.
 */
interface PageElement {
  closest(selector: string): PageElement | null
  querySelector(selector: string): PageElement | null
  getAttribute(name: string): string | null
  scrollTop: number
  readonly scrollHeight: number
  readonly clientHeight: number
}
interface PageGlobals {
  document: { querySelector(selector: string): PageElement | null; body: unknown }
  MutationObserver: new (callback: () => void) => {
    observe(target: unknown, options: object): void
  }
  requestAnimationFrame(callback: (time: number) => void): number
  __probe?: { log: ProbeSighting[] }
}

/** Installs the observer; returns how many probe chips are in the DOM now. */
export function installProbeObserver(targets: ProbeTarget[]): number {
  const w = globalThis as unknown as PageGlobals
  const log: ProbeSighting[] = []
  w.__probe = { log }
  const state = new Map<string, boolean>()
  const now = (): number => performance.timeOrigin + performance.now()
  const chipOf = (t: ProbeTarget): PageElement | null =>
    w.document.querySelector(
      `article[data-mpc="${t.mpcUuid}"] [data-testid="participant"][data-member="${t.memberId}"]`,
    )
  const check = (): number => {
    const at = now()
    let found = 0
    for (const t of targets) {
      const chip = chipOf(t)
      if (!chip) continue
      found++
      const muted = chip.closest('li')?.querySelector('[data-testid="mark-muted"]') != null
      const before = state.get(t.mpcUuid)
      if (before === muted) continue
      state.set(t.mpcUuid, muted)
      if (before === undefined) continue
      const sighting: ProbeSighting = { mpcUuid: t.mpcUuid, muted, at, frameAt: 0 }
      log.push(sighting)
      w.requestAnimationFrame(() => {
        sighting.frameAt = now()
      })
    }
    return found
  }
  new w.MutationObserver(check).observe(w.document.body, {
    subtree: true,
    childList: true,
    attributes: true,
    characterData: true,
  })
  return check()
}

/** A desk patch carrying a probe call, as the page's socket received it. */
export interface PatchSighting {
  mpcUuid: string
  /** The probe member's mute state in the patch. */
  muted: boolean
  /** When the page's WebSocket delivered the frame (before the app's own handler runs). */
  at: number
  /** When the desk built the patch (`patch.at`, the desk's clock). */
  patchAt: number
  /** When the desk's store applied the call's newest change (`patch.sources[uuid].at`). */
  appliedAt: number | null
}

/** The little of a patch the tap reads (the page cannot import the contract's types at runtime). */
interface PatchLike {
  at?: number
  upserts?: { mpcUuid?: string; participants?: Record<string, { mute?: { value?: unknown } }> }[]
  sources?: Record<string, { at?: number } | undefined>
}
interface TapSocket {
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void
}
interface TapGlobals {
  WebSocket: new (url: string, protocols?: string | string[]) => TapSocket
  __patchTap?: { targets: ProbeTarget[]; log: PatchSighting[] }
}

/**
 * An init script (runs before the app's code): every WebSocket the page opens gets a message
 * listener of ours, registered before the app's, that timestamps desk patches carrying a probe
 * call. Frames without a probe uuid cost a substring search; only probe frames are parsed.
 */
export function installSocketTap(): void {
  const w = globalThis as unknown as TapGlobals
  const Native = w.WebSocket
  const now = (): number => performance.timeOrigin + performance.now()
  const onMessage = (event: { data: unknown }): void => {
    const tap = w.__patchTap
    const data = event.data
    if (!tap || typeof data !== 'string' || !data.startsWith('42')) return
    const body = data.indexOf('[')
    if (body < 0 || !data.startsWith('["desk:patch",', body)) return
    const at = now()
    if (!tap.targets.some((t) => data.includes(t.mpcUuid))) return
    const message = JSON.parse(data.slice(body)) as [string, PatchLike]
    const patch = message[1]
    for (const t of tap.targets) {
      const mpc = patch.upserts?.find((m) => m.mpcUuid === t.mpcUuid)
      const muted = mpc?.participants?.[t.memberId]?.mute?.value
      if (typeof muted !== 'boolean') continue
      tap.log.push({
        mpcUuid: t.mpcUuid,
        muted,
        at,
        patchAt: patch.at ?? NaN,
        appliedAt: patch.sources?.[t.mpcUuid]?.at ?? null,
      })
    }
  }
  class TappedSocket extends Native {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols)
      this.addEventListener('message', onMessage)
    }
  }
  w.WebSocket = TappedSocket
}

/** Starts recording patches for these probe calls. */
export function watchPatches(targets: ProbeTarget[]): void {
  const w = globalThis as unknown as TapGlobals
  w.__patchTap = { targets, log: [] }
}

/** Recorded patch sightings, removed from the page's log. */
export function drainPatchLog(): PatchSighting[] {
  const w = globalThis as unknown as TapGlobals
  return w.__patchTap?.log.splice(0) ?? []
}

/** Sightings whose frame time is known, removed from the page's log. */
export function drainProbeLog(): ProbeSighting[] {
  const w = globalThis as unknown as PageGlobals
  const log = w.__probe?.log ?? []
  const ready: ProbeSighting[] = []
  // In place: the observer keeps pushing into this same array.
  for (let i = log.length - 1; i >= 0; i--) {
    const s = log[i]
    if (s && s.frameAt > 0) ready.unshift(...log.splice(i, 1))
  }
  return ready
}

/**
 * Frame deltas (ms) over `durationMs`. With `scrollSelector`, the element scrolls by
 * `pxPerFrame` every frame, down to the bottom and back up, like a steady trackpad scroll.
 */
export function sampleFrames(args: {
  durationMs: number
  scrollSelector: string | null
  pxPerFrame: number
}): Promise<{ deltas: number[]; scrolledPx: number; scrollHeight: number }> {
  return new Promise((resolve) => {
    const w = globalThis as unknown as PageGlobals
    const el = args.scrollSelector ? w.document.querySelector(args.scrollSelector) : null
    const deltas: number[] = []
    let direction = 1
    let scrolled = 0
    let last = 0
    let start = 0
    const frame = (t: number): void => {
      if (last > 0) deltas.push(t - last)
      else start = t
      last = t
      if (el) {
        const max = el.scrollHeight - el.clientHeight
        if (el.scrollTop >= max - 1 && direction > 0) direction = -1
        else if (el.scrollTop <= 0 && direction < 0) direction = 1
        el.scrollTop += direction * args.pxPerFrame
        scrolled += args.pxPerFrame
      }
      if (t - start < args.durationMs) w.requestAnimationFrame(frame)
      else resolve({ deltas, scrolledPx: scrolled, scrollHeight: el?.scrollHeight ?? 0 })
    }
    w.requestAnimationFrame(frame)
  })
}

/** Calls on the board (its `data-count`: after filters, which the benchmark leaves empty). */
export function boardCountInPage(): number {
  const w = globalThis as unknown as PageGlobals
  return Number(w.document.querySelector('[data-testid="board"]')?.getAttribute('data-count') ?? 0)
}

export function boardHasAtLeast(n: number): boolean {
  const w = globalThis as unknown as PageGlobals
  return (
    Number(w.document.querySelector('[data-testid="board"]')?.getAttribute('data-count') ?? 0) >= n
  )
}
