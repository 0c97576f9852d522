import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(fileURLToPath(import.meta.url), '../../../../..');
const src = (rel: string): string => pathToFileURL(path.join(repoRoot, rel)).href;
const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * The station process crashes while a solenoid is energised. Its last words (an 'exit' listener
 * registered after the driver's) report the relay's physical level as the process goes down.
 */
const crashingStation = `
import { createRequire } from 'node:module';
import { SimulatedGpioChip } from '${src('simulator/devices/src/gpio/index.ts')}';
import { GpioConfig } from '${src('edge/hardware-api/src/gpio-config.ts')}';
import { createGpioHardware } from '${src('edge/src/hardware/gpio/gpio-hardware.ts')}';
const { pino } = createRequire('${src('edge/package.json')}')('pino');

const chip = new SimulatedGpioChip();
const config = GpioConfig.parse({
  driver: 'gpio',
  relays: [{ pin: 17, activeLow: true }],
  doorSwitches: [{ pin: 5 }],
  oneWirePath: '/nonexistent',
});
const hardware = createGpioHardware(config, [], { logger: pino({ level: 'silent' }), backend: chip });
await hardware.start();
void hardware.locks.pulse(0, 1500);
while (chip.level(17)) await new Promise((r) => setTimeout(r, 5));
process.on('exit', () => {
  process.stdout.write(JSON.stringify({ energisedBeforeCrash: true, highAtExit: chip.level(17) }));
});
setTimeout(() => {
  throw new Error('simulated crash in the middle of a pulse');
}, 10);
`;

describe('GPIO relays at process exit', () => {
  it('drives an energised relay off when the process dies from an uncaught exception', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regiobox-exit-'));
    dirs.push(dir);
    const script = path.join(dir, 'crash.mts');
    fs.writeFileSync(script, crashingStation);

    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', '--conditions=regiobox-source', script],
        { cwd: repoRoot, timeout: 60_000 },
        (err, stdout, stderr) => resolve({ code: err === null ? 0 : (err.code as number), stdout, stderr }),
      );
    });

    expect(result.stderr).toContain('simulated crash in the middle of a pulse');
    expect(result.code).not.toBe(0);
    // Active-low relay: high is de-energised.
    expect(JSON.parse(result.stdout)).toEqual({ energisedBeforeCrash: true, highAtExit: true });
  });
});
