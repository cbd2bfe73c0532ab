/**
 * The seam between the desk's services and the two hosts (DESIGN §6).
 *
 * The handler types come from the contract's channel table (preload/api.ts), one set per
 * domain: a service module implements `DomainHandlers<'settings'>` and `combineDomains` joins
 * the domains into the one `InvokeHandlers` the hosts carry. Both hosts route every message
 * through `dispatchInvoke` (via main/hosts/answer-invoke.ts), so validation and the refusal
 * shape are the same whichever host a renderer runs in.
 */
import {
  channels,
  DeskTransportError,
  isInvokeChannel,
  type ChannelsOf,
  type Domain,
  type InvokePayload,
  type InvokeResults,
  type PushChannel,
  type PushPayloads,
  type Unsubscribe,
} from '../../preload/api'

/** The handlers of one domain's channels (`desk:*`, `settings:*`, `audit:*`). */
export type DomainHandlers<D extends Domain> = {
  [C in ChannelsOf<D>]: (payload: InvokePayload<C>) => Promise<InvokeResults[C]>
}
export type InvokeHandlers = DomainHandlers<Domain>
export type HandlersByDomain = { [D in Domain]: DomainHandlers<D> }

/** Every domain's handlers as one table (each domain owns exactly its own channels). */
export function combineDomains(byDomain: HandlersByDomain): InvokeHandlers {
  return Object.assign({}, ...Object.values(byDomain)) as InvokeHandlers
}

export interface DeskServices {
  invoke: InvokeHandlers
  subscribe<C extends PushChannel>(
    channel: C,
    listener: (payload: PushPayloads[C]) => void,
  ): Unsubscribe
  stop(): Promise<void>
}

/**
 * Validates `payload` against the channel's schema and runs its handler. Throws a
 * `DeskTransportError` (code `invalid`) for an unknown channel or a payload that fails the
 * schema, so nothing reaches a service unchecked.
 */
export async function dispatchInvoke(
  services: DeskServices,
  channel: unknown,
  payload: unknown,
): Promise<unknown> {
  if (!isInvokeChannel(channel)) {
    throw new DeskTransportError({
      code: 'invalid',
      message: `unknown channel ${String(channel)}`,
    })
  }
  const parsed = channels.invoke[channel].input.safeParse(payload)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue?.path.length ? issue.path.join('.') : 'payload'
    throw new DeskTransportError({
      code: 'invalid',
      message: `${channel}: ${where}: ${issue?.message ?? 'invalid'}`,
    })
  }
  const handler = services.invoke[channel] as (p: unknown) => Promise<unknown>
  return handler(parsed.data)
}
