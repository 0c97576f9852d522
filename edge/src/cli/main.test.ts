import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { until } from '../link/testing/until.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const MAIN = join(ROOT, 'edge/src/cli/main.ts');

const run = (args: string[]) => {
  const child = spawn(TSX, ['--conditions=regiobox-source', MAIN, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout?.on('data', (c: Buffer) => {
    out.stdout += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    out.stderr += c.toString();
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, out, exited };
};

const stationYaml = (dataDir: string, zone = 'chilled') => `
stationId: dorfladen-3
dataDir: ${dataDir}
compartments:
  - { no: 1, lockChannel: 0, doorInput: 0, size: M, zone: ${zone}, probes: [] }
hardware: { driver: serial-board, path: ${dataDir}/no-such-adapter }
mqtt: { url: "mqtt://127.0.0.1:9" }
kiosk: { port: 0 }
`;

describe('regiobox-edge on the command line', () => {
  let dir: string;
  let children: ChildProcess[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'regiobox-cli-'));
  });
  afterEach(() => {
    for (const c of children) c.kill('SIGKILL');
    children = [];
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a bad config naming the key, the value and what was expected, and exits non-zero', async () => {
    const file = join(dir, 'station.yaml');
    writeFileSync(file, stationYaml(join(dir, 'data'), 'freezer'));
    const { out, exited, child } = run(['--config', file]);
    children.push(child);
    expect(await exited).toBe(2);
    expect(out.stderr).toMatch(/compartments\[0\]\.zone/);
    expect(out.stderr).toMatch(/freezer/);
    expect(out.stderr).toMatch(/ambient.*chilled.*cold.*frozen/);
  });

  it('starts without its serial device and without a broker, keeps running, and stops cleanly on SIGTERM', async () => {
    const file = join(dir, 'station.yaml');
    writeFileSync(file, stationYaml(join(dir, 'data')));
    const { out, exited, child } = run(['--config', file]);
    children.push(child);
    await until('the station says it started', () => out.stdout.includes('station started'), 30_000);
    expect(out.stdout).toMatch(/no-such-adapter/); // the missing device is named in the log
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out.stdout).toContain('station stopped');
  });

  it('check-config prints what the station would run', async () => {
    const file = join(dir, 'station.yaml');
    writeFileSync(file, stationYaml(join(dir, 'data')));
    const { out, exited, child } = run(['--config', file, 'check-config']);
    children.push(child);
    expect(await exited).toBe(0);
    expect(out.stdout).toContain('dorfladen-3: 1 compartments, 0 probes, driver serial-board');
  });
});
