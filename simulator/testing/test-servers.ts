/**
 * Test support: a real simulator and a real callback receiver on port 0, each stopped when the
 * test that started it finishes (pass or fail), so a test file keeps no server state of its own.
 */
import { onTestFinished } from 'vitest'
import { startSimulator, type Simulator, type SimulatorOptions } from '../index'
import { startCallbackReceiver, type CallbackReceiver } from './callback-receiver'
import { rawApi } from './raw-api'

export async function simulatorForTest(options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startSimulator(options)
  onTestFinished(() => sim.stop())
  return sim
}

export async function receiverForTest(authToken: string): Promise<CallbackReceiver> {
  const receiver = await startCallbackReceiver(authToken)
  onTestFinished(() => receiver.close())
  return receiver
}

/** A simulator, a receiver checking its signatures, and plain calls to the simulator's API. */
export async function simulatorWithReceiver(options: SimulatorOptions = {}) {
  const sim = await simulatorForTest(options)
  const receiver = await receiverForTest(sim.authToken)
  return { sim, receiver, call: rawApi(sim) }
}
