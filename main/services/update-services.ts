/**
 * The desk's services with an update gate in front (the Electron shell's; the web host never
 * updates itself): the `update:*` channels answer from the gate, and the gate learns from the
 * desk's own presence pushes whether the supervisor is on a call.
 */
import type { MyPresence, PushChannel, PushPayloads } from '../../preload/api'
import type { DeskServices } from './desk-services'
import type { UpdateGate } from './update-gate'

/** Ringing counts: their phone is about to put them on the call. */
export function isOnCall(mine: readonly MyPresence[]): boolean {
  return mine.some((p) => p.status === 'ringing' || p.status === 'joined')
}

export interface GatedServices extends DeskServices {
  /** Stops following the desk's presence (the wrapped services are stopped by `stop`). */
  detach(): void
}

export async function withUpdateGate(
  services: DeskServices,
  gate: UpdateGate,
): Promise<GatedServices> {
  const offPatch = services.subscribe('desk:patch', (patch) => {
    if (patch.mine) gate.setOnCall(isOnCall(patch.mine))
  })
  gate.setOnCall(isOnCall((await services.invoke['desk:snapshot'](undefined)).mine))

  const subscribe = <C extends PushChannel>(
    channel: C,
    listener: (payload: PushPayloads[C]) => void,
  ): (() => void) => {
    if (channel !== 'update:status') return services.subscribe(channel, listener)
    return gate.onChange(listener as (payload: PushPayloads['update:status']) => void)
  }
  const detach = (): void => {
    offPatch()
  }
  return {
    invoke: {
      ...services.invoke,
      'update:status': async () => gate.status(),
      'update:restart': async () => gate.requestRestart(),
    },
    subscribe,
    detach,
    stop: async () => {
      detach()
      await services.stop()
    },
  }
}
