import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const SYSTEMD = join(ROOT, 'edge/src/cli/systemd.ts');
const HANG_MS = 2500;

/**
 * A process that pings the watchdog as the CLI does (startSystemdNotify), then blocks its event loop
 * for HANG_MS, as a hung station would, then lives on briefly.
 */
const hungProcess = `
import { startSystemdNotify } from ${JSON.stringify(SYSTEMD)};
startSystemdNotify({ warn() {} });
setTimeout(() => {
  const end = Date.now() + ${HANG_MS};
  while (Date.now() < end) {}
  setTimeout(() => process.exit(0), 1500);
}, 1600);
`;

describe('a hung event loop and the systemd watchdog', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'regiobox-hung-loop-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stops the watchdog pings while the loop is blocked, long past WatchdogSec, so systemd restarts the station', async () => {
    // a systemd-notify that records when it was asked to ping
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    const log = join(dir, 'notify.log');
    writeFileSync(join(bin, 'systemd-notify'), `#!/bin/sh\necho "$(date +%s%N) $*" >> '${log}'\n`);
    chmodSync(join(bin, 'systemd-notify'), 0o755);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=regiobox-source', '--input-type=module', '-e', hungProcess],
      {
        cwd: ROOT,
        stdio: 'ignore',
        // WatchdogSec=1 → WATCHDOG_USEC=1000000 → a ping every 500 ms
        env: {
          ...process.env,
          PATH: `${bin}:${process.env.PATH ?? ''}`,
          NOTIFY_SOCKET: join(dir, 'notify.sock'),
          WATCHDOG_USEC: '1000000',
        },
      },
    );
    expect(await new Promise((r) => child.once('exit', r))).toBe(0);

    const pings = (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [])
      .filter((l) => l.includes('WATCHDOG=1'))
      .map((l) => Number(l.split(' ')[0]) / 1e6);
    const gaps = pings.slice(1).map((t, i) => t - (pings[i] ?? t));
    const longest = Math.max(...gaps);
    // pinging regularly before the hang, silent for longer than WatchdogSec during it, pinging again after
    expect(gaps.slice(0, 2).every((g) => g < 1000)).toBe(true);
    expect(longest).toBeGreaterThan(HANG_MS - 600);
    expect(longest).toBeGreaterThan(1000);
    expect(gaps.indexOf(longest)).toBeLessThan(gaps.length - 1);
  });
});
