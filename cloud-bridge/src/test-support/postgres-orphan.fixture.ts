// Started by postgres.system.test.ts: starts a cluster, says where, and waits to be killed.
import { startPostgres } from './postgres.js';

const cluster = await startPostgres();
process.stdout.write(`${JSON.stringify({ url: cluster.url, dir: cluster.dir })}\n`);
setInterval(() => {}, 60_000);
