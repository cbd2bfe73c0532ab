/**
 * AI agent stream status (issue #18 item 2): an AI agent whose stream fails shows "AI agent
 * stream lost" on its card; a forged stream callback is refused and changes nothing; one for a
 * member the desk never saw is kept and shown.
 */
import { addMember, callName } from './support/calls'
import { expect, test } from './support/fixtures'
import { postPlivoCallback, sendPlivoCallback } from './support/plivo-callback'
import type { Stack } from './support/stack'

const aiStreamUrl = (stack: Stack) => `${stack.relayUrl}/plivo/${stack.authId}/ai-stream`

test('an AI stream failing shows its alert, which clears once the AI agent has left', async ({
  stack,
  desk,
}) => {
  const name = callName('support-ai')
  await addMember(stack, desk, name, 'customer', { stay_alone: true })
  const ai = await addMember(stack, desk, name, 'ai-agent', {
    ai_agent_stream_status_callback_url: aiStreamUrl(stack),
  })
  await expect(desk.alerts(name)).toHaveCount(0)
  await expect(desk.member(name, ai.memberId).getByTestId('mark-ai-stream')).toBeHidden()

  // The AI agent's WebSocket fails (the simulator plays Plivo's DroppedStream).
  expect(stack.sim.dropAiStream(ai.callUuid)).toBe(true)
  const alert = desk.alerts(name, 'ai-stream-lost')
  await expect(alert).toHaveCount(1)
  await expect(alert).toContainText(`AI agent stream lost: AI agent ${ai.memberId} disconnected`)
  await expect(desk.member(name, ai.memberId).getByTestId('mark-ai-stream')).toHaveText(
    'stream lost',
  )
  await expect(desk.card(name)).toHaveAttribute('data-alerts', '1')
  await expect(desk.page.getByTestId('alert-count')).toContainText('1 call alerting')

  // The silent AI agent leaves; the customer stays, and the alert goes with the agent.
  stack.sim.hangup(ai.callUuid)
  await expect(desk.member(name, ai.memberId)).toHaveCount(0)
  await expect(desk.alerts(name)).toHaveCount(0)
})

test('a forged AI stream callback is refused with 403 and changes nothing; one for an unknown member is kept and shown', async ({
  stack,
  desk,
}) => {
  const name = callName('sales-ai')
  await addMember(stack, desk, name, 'customer', { stay_alone: true })
  const ai = await addMember(stack, desk, name, 'ai-agent', {
    ai_agent_stream_status_callback_url: aiStreamUrl(stack),
  })
  const mpcUuid = (await stack.rest.getMpc(name)).mpc_uuid
  const dropped = (memberId: string) => ({
    Event: 'DroppedStream',
    MPCUUID: mpcUuid,
    MPCName: name,
    MemberID: memberId,
    StreamStopReason: 'Connection error',
  })

  const forged = await postPlivoCallback(stack, 'ai-stream', dropped(ai.memberId), 'not-the-token')
  expect(forged.status).toBe(403)
  // A signed callback sent after it lands, so had the forged one been taken it would show by now.
  await sendPlivoCallback(stack, 'ai-stream', { ...dropped('9901'), Event: 'DegradedStream' })
  await expect(desk.member(name, '9901').getByTestId('mark-ai-stream')).toHaveText('stream slow')
  await expect(desk.alerts(name)).toHaveCount(0)
  await expect(desk.member(name, ai.memberId).getByTestId('mark-ai-stream')).toBeHidden()

  // A member the desk never saw join: kept as an AI agent on the card, its alert raised.
  await sendPlivoCallback(stack, 'ai-stream', dropped('9902'))
  const unknown = desk.member(name, '9902')
  await expect(unknown.getByTestId('participant')).toHaveAttribute('data-role', 'ai-agent')
  await expect(unknown.getByTestId('mark-ai-stream')).toHaveText('stream lost')
  await expect(desk.alerts(name, 'ai-stream-lost')).toContainText('AI agent 9902 disconnected')
})
