import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type RunningPostgres, startPostgres } from '@regiobox/cloud-bridge/testing';
import type { PostgresClusterMessage } from '../support/ingest-topology.js';

/**
 * A throw-away PostgreSQL cluster for the bridge-ingest benchmark, in its own process (started by
 * path, from source only: the cluster harness is the bridge's test support, never built). Unlike the
 * tests' clusters it keeps production durability: every commit is flushed (fsync,
 * synchronous_commit, full_page_writes on), because the bridge acknowledges a station's message only
 * after its commit. It answers { type: 'ready', url, postmasterPid } and stops on SIGTERM.
 */

const send = (m: PostgresClusterMessage) => process.send?.(m);

let cluster: RunningPostgres | undefined;
const stop = async () => {
  await cluster?.stop();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());

try {
  cluster = await startPostgres({
    settings: {
      fsync: 'on',
      // REGIOBOX_BENCH_PG_SYNCHRONOUS_COMMIT=off shows what the flush per commit costs
      synchronous_commit: process.env.REGIOBOX_BENCH_PG_SYNCHRONOUS_COMMIT === 'off' ? 'off' : 'on',
      full_page_writes: 'on',
      shared_buffers: '256MB',
      max_connections: '100',
    },
  });
  const url = await cluster.createDatabase('regiobox_bench');
  // the first line of postmaster.pid: the server's pid, whose children are the backends
  const pid = Number(readFileSync(join(cluster.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  send({ type: 'ready', url, postmasterPid: pid });
} catch (err) {
  send({ type: 'failed', error: err instanceof Error ? err.message : String(err) });
  await stop();
}
