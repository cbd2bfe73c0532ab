/**
 * The seam between the desk's services and the two hosts (DESIGN §6).
 *
 * The Electron shell (main/shell/) carries these over IPC, the web host (main/web/) over one
 * socket.io connection. Both route every message through `dispatchInvoke`, so validation and
 * the result shape are the same whichever host a renderer runs in.
 */
import type { z } from 'zod'
import {
  invokeSchemas,
  type DeskError,
  type InvokeChannel,
  type InvokeResults,
  type PushChannel,
  type PushPayloads,
  type Unsubscribe,
} from '../../preload/api'

export type InvokeHandlers = {
  [C in InvokeChannel]: (payload: z.output<(typeof invokeSchemas)[C]>) => Promise<InvokeResults[C]>
}

/** The handlers of one domain's channels (`desk`, `settings`, `audit`), each module its own. */
export type DomainHandlers<D extends string> = Pick<
  InvokeHandlers,
  Extract<InvokeChannel, `${D}:${string}`>
>

export interface DeskServices {
  invoke: InvokeHandlers
  subscribe<C extends PushChannel>(
    channel: C,
    listener: (payload: PushPayloads[C]) => void,
  ): Unsubscribe
  stop(): Promise<void>
}

export class InvalidMessageError extends Error {
  constructor(readonly error: DeskError) {
    super(error.message)
    this.name = 'InvalidMessageError'
  }
}

export function isInvokeChannel(channel: unknown): channel is InvokeChannel {
  return typeof channel === 'string' && Object.hasOwn(invokeSchemas, channel)
}

/**
 * Validates `payload` against the channel's schema and runs its handler. Throws
 * `InvalidMessageError` for an unknown channel or a payload that fails the schema, so nothing
 * reaches a service unchecked.
 */
export async function dispatchInvoke(
  services: DeskServices,
  channel: unknown,
  payload: unknown,
): Promise<unknown> {
  if (!isInvokeChannel(channel)) {
    throw new InvalidMessageError({
      code: 'invalid',
      message: `unknown channel ${String(channel)}`,
    })
  }
  const parsed = invokeSchemas[channel].safeParse(payload)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue?.path.length ? issue.path.join('.') : 'payload'
    throw new InvalidMessageError({
      code: 'invalid',
      message: `${channel}: ${where}: ${issue?.message ?? 'invalid'}`,
    })
  }
  const handler = services.invoke[channel] as (p: unknown) => Promise<unknown>
  return handler(parsed.data)
}
