/**
 * Profiling aid (not part of `npm run bench`): one relay with `--cpu-prof`, the load host, N
 * clients, a closed-loop throughput run and an open-loop latency run, so a profile of exactly
 * the benchmark's load can be read afterwards.
 *
 *   npx tsx bench/relay/profile-relay.ts [clients=20] [count=5000] [rate=1000] [dir=/tmp/relayprof]
 *
 * `dir` is where the relay writes its CPU profile, or one of: `none` (figures only), `gc`
 * (`--trace-gc` on the relay's stdout), `alloc` (a sampled profile of every allocation during the
 * throughput run, collected or not, written to /tmp/alloc.heapprofile). Each run also prints the
 * relay's event-loop delay and GC pauses. `rate` 0 skips the latency run.
 */
import { freshAccount, startLoadHost, startRelayHost } from './hosts'
import { connectClients, relayLatency, relayThroughput } from './measure'

async function main(): Promise<void> {
  const [clients = 20, count = 5000, rate = 1000] = process.argv.slice(2, 5).map(Number)
  const dir = process.argv[5] ?? '/tmp/relayprof'
  const account = freshAccount()
  const load = await startLoadHost()
  const relay = await startRelayHost(account, {
    nodeArgs:
      dir === 'none'
        ? []
        : dir === 'gc'
          ? ['--trace-gc']
          : dir === 'alloc'
            ? []
            : ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=200'],
  })
  try {
    await connectClients(load, [relay], account.token, clients)
    await relayThroughput(load, relay, account, 1500, 32)
    await relay.child.call('loop-stats')
    if (dir === 'alloc') await relay.child.call('alloc-start')
    const t = await relayThroughput(load, relay, account, count, 32)
    if (dir === 'alloc') await relay.child.call('alloc-stop', { file: '/tmp/alloc.heapprofile' })
    console.log('throughput', JSON.stringify(t))
    console.log('loop', JSON.stringify(await relay.child.call('loop-stats')))
    if (rate > 0) {
      const l = await relayLatency(load, relay, account, rate, 5000)
      console.log('latency', JSON.stringify(l))
      console.log('loop', JSON.stringify(await relay.child.call('loop-stats')))
    }
  } finally {
    await load.stop()
    await relay.child.stop()
  }
}

void main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
