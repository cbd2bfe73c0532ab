/**
 * What removing (kicking) one member does to the call, by the `<MultiPartyCall>` element's rules
 * (multipartycall-element.txt, plivo-mpc.md §5), so the confirmation can say it before the
 * supervisor clicks:
 *
 * - the removed member has `endMpcOnExit`: the call ends for everyone;
 * - nobody is left: the call ends (1000 "No Active Participants");
 * - exactly one member is left and they may not stay alone (`stayAlone` false): Plivo ends the
 *   call for them (1010 "Stay Alone Not Permitted");
 * - otherwise the call goes on with the others.
 *
 * What the desk knows of these flags: nothing from the callbacks. ParticipantJoin carries the
 * member id, role, call uuid and coach mode (plivo-mpc.md §2.2), not stayAlone or endMpcOnExit;
 * Plivo's REST participant object has `end_mpc_on_exit` and the MPC object `stay_alone`, but the
 * live store does not keep them. So each member is taken at the element's defaults —
 * `stayAlone=false`, `endMpcOnExit=false` — which is also how the simulator's traffic and this
 * desk's own supervisor leg (`endMpcOnExit: false`) join. A caller that knows better passes the
 * flags in `rules.members`, and they win over the defaults.
 *
 * Every live member counts, the supervisor's own leg included (Plivo counts it): a customer
 * and a listening supervisor are two, so removing the agent does not end the call then.
 */
import type { MpcState, ParticipantState } from '../../../preload/domain'
import { roleLabel } from '../lib/format'

/** Per-member flags where they are known; absent = the element's default (false). */
export interface MemberRules {
  stayAlone?: boolean
  endMpcOnExit?: boolean
}

export interface RemovalContext {
  members?: Record<string, MemberRules>
  /** The supervisor's own member on this call, named "you". */
  selfMemberId?: string
}

export type RemovalOutcome =
  | { kind: 'ends-on-exit' }
  | { kind: 'empties' }
  | { kind: 'alone-ends'; alone: ParticipantState }
  | { kind: 'alone-stays'; alone: ParticipantState }
  | { kind: 'goes-on'; remaining: ParticipantState[] }

export function removalOutcome(
  mpc: MpcState,
  memberId: string,
  context: RemovalContext = {},
): RemovalOutcome {
  const rules = (id: string): MemberRules => context.members?.[id] ?? {}
  if (rules(memberId).endMpcOnExit === true) return { kind: 'ends-on-exit' }
  const remaining = Object.values(mpc.participants)
    .filter((p) => p.memberId !== memberId && p.leftAt === undefined)
    .sort((a, b) => (a.joinedAt ?? 0) - (b.joinedAt ?? 0))
  const [alone] = remaining
  if (!alone) return { kind: 'empties' }
  if (remaining.length === 1) {
    return rules(alone.memberId).stayAlone === true
      ? { kind: 'alone-stays', alone }
      : { kind: 'alone-ends', alone }
  }
  return { kind: 'goes-on', remaining }
}

export interface RemovalWarning {
  /** The call ends because of this removal: the dialog says so in its title and button. */
  endsCall: boolean
  text: string
}

function nameOf(p: ParticipantState, context: RemovalContext): string {
  const name = `${roleLabel(p.role)} ${p.memberId}`
  return p.memberId === context.selfMemberId ? `you (${name})` : name
}

function list(names: string[]): string {
  return names.length <= 1
    ? (names[0] ?? '')
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

/** The confirmation's sentence for an outcome; `who` names the member being removed. */
export function removalWarning(
  outcome: RemovalOutcome,
  who: string,
  context: RemovalContext = {},
): RemovalWarning {
  switch (outcome.kind) {
    case 'ends-on-exit':
      return {
        endsCall: true,
        text: `${who} has end-call-on-exit: removing them ends the call for everyone.`,
      }
    case 'empties':
      return {
        endsCall: true,
        text: `${who} is the only one on the call: removing them ends the call.`,
      }
    case 'alone-ends':
      return {
        endsCall: true,
        text:
          outcome.alone.memberId === context.selfMemberId
            ? `Removing ${who} leaves only ${nameOf(outcome.alone, context)} on the call: Plivo will end the call (stay alone is not permitted).`
            : `Removing ${who} leaves ${nameOf(outcome.alone, context)} alone: Plivo will end the call for them (stay alone is not permitted).`,
      }
    case 'alone-stays':
      return {
        endsCall: false,
        text: `Removing ${who} leaves ${nameOf(outcome.alone, context)} alone on the call; they may stay alone, so the call goes on.`,
      }
    case 'goes-on':
      return {
        endsCall: false,
        text: `${who} is disconnected at once; the call goes on with ${list(outcome.remaining.map((p) => nameOf(p, context)))}.`,
      }
  }
}
