import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../scenario/load.js';
import { formatOutcome, runScenario } from '../scenario/runner.js';
import { childStationLauncher } from './child-launcher.js';

const SCENARIOS = resolve(dirname(fileURLToPath(import.meta.url)), '../../scenarios');
const dataDir = mkdtempSync(join(tmpdir(), 'regiobox-chaos-test-'));

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Processes whose command line mentions `text` (station children, socat), from /proc. */
const processesMentioning = (text: string): string[] =>
  readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .flatMap((pid) => {
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
        return cmd.includes(text) ? [`${pid}: ${cmd}`] : [];
      } catch {
        return [];
      }
    });

describe('chaos: a busy morning with broker restarts, SIGKILLed stations, serial faults and a failing freezer', () => {
  it('keeps every invariant, prints them, and leaves no process behind', async () => {
    const scenario = loadScenario(join(SCENARIOS, 'chaos-short.yaml'));
    const lines: string[] = [];
    const outcome = await runScenario(scenario, {
      dataDir,
      logger: pino({ level: 'silent' }),
      print: (l) => lines.push(l),
      childLauncher: childStationLauncher({ logDir: join(dataDir, 'logs') }),
    });
    const report = formatOutcome(outcome);
    process.stdout.write(`${report.join('\n')}\n`);

    const names = outcome.checks.map((c) => c.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'every order ended in a legal state',
        'no door opened without a valid reason',
        'every event reached the bridge exactly once after dedup',
        'every real excursion raised an alarm',
        'no alarm without a cause',
      ]),
    );
    // the faults really happened: the stations were killed, unplugged and the bridge restarted
    const faults = outcome.evidence.journal.faults().map((f) => f.fault);
    expect(faults).toEqual(
      expect.arrayContaining([
        'station_kill',
        'bridge_restart',
        'serial_unplug',
        'serial_noise',
        'cooling_failure',
      ]),
    );
    expect(lines.some((l) => l.includes('FAULT the station process is killed (SIGKILL)'))).toBe(true);
    expect(outcome.ok, report.join('\n')).toBe(true);
    expect(processesMentioning(dataDir)).toEqual([]);
  }, 420_000);
});
