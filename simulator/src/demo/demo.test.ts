import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { until } from '@regiobox/simulated-devices';
import { afterEach, describe, expect, it } from 'vitest';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

interface Run {
  readonly proc: ChildProcess;
  readonly out: string[];
  readonly exit: Promise<number | null>;
}

const running: ChildProcess[] = [];
afterEach(() => {
  for (const p of running.splice(0)) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
});

const start = (command: string, args: string[]): Run => {
  const proc = spawn(command, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(proc);
  const out: string[] = [];
  let partial = '';
  proc.stdout?.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString('utf8');
    const lines = text.split('\n');
    partial = lines.pop() ?? '';
    out.push(...lines);
  });
  proc.stderr?.on('data', () => {});
  const exit = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  return { proc, out, exit };
};

const technicalLogDir = (out: readonly string[]) => {
  const line = out.find((l) => l.includes('technical log'));
  return line ? dirname(line.trim().split(/\s+/).pop() ?? '') : null;
};

describe('npm start: the demo', () => {
  it('with --duration it shows reservations with PINs and pickups, then exits 0 and cleans up', async () => {
    const run = start('npm', ['start', '--silent', '--', '--duration', '60', '--speed', '60']);
    const code = await run.exit;
    const out = run.out.join('\n');
    expect(code, out).toBe(0);
    expect(out).toMatch(/bridge API\s+http:\/\/127\.0\.0\.1:\d+\/v1\/stations/);
    expect(run.out.filter((l) => l.startsWith('  kiosk ')).length).toBe(4);
    // the sales van: loaded at the depot, drives to its first stop, hands out there and tells a
    // customer of the next stop where and when the van will be
    expect(out).toMatch(
      /van-1-1 for Lübben, Marktplatz loaded into compartment \d+ at the depot · PIN \d{10}/,
    );
    expect(out).toMatch(/the van stands at Lübben, Marktplatz/);
    expect(out).toMatch(
      /van-1-2: a customer one stop too early is told: Your order is handed out at Straupitz, Dorfanger/,
    );
    expect(out).toMatch(/van-1-1: the customer collects compartment \d+/);
    // the farm shop's counter: staff take deliveries in and hand orders out at the till
    expect(out).toMatch(
      /staff page\s+http:\/\/127\.0\.0\.1:\d+\/counter\/\s+hofladen-sonnenwiese \(5 places; log in as lena, password \S+\)/,
    );
    expect(out).toMatch(/(Lena|Tom) \(staff\) books the delivery into place \d/);
    expect(out).toMatch(/reserved \S+ → compartment \d+ \((ambient|chilled|cold|frozen)\).* · PIN \d{10}/);
    expect(out).toMatch(/producer loads compartment \d+/);
    expect(out).toMatch(/customer (types the PIN|scans the QR code), takes compartment \d+/);
    expect(out).toMatch(/door \d+ opens/);
    expect(out).toMatch(/demo stopped: \d+ orders reserved, [1-9]\d* picked up/);
    const dir = technicalLogDir(run.out);
    expect(dir).not.toBeNull();
    expect(existsSync(dir ?? '')).toBe(false);
  }, 240_000);

  it('Ctrl-C stops everything and exits 0', async () => {
    const run = start(process.execPath, [
      '--import',
      'tsx',
      '--conditions=regiobox-source',
      'simulator/src/cli/demo.ts',
      '--speed',
      '30',
    ]);
    await until(() => run.out.some((l) => / reserved /.test(l)), 120_000, 'a first reservation');
    // the fridges' temperatures are shown at the start, before anything happens at the stations
    const firstTemperatures = run.out.findIndex((l) => /temperatures: \S+ -?\d/.test(l));
    const firstReservation = run.out.findIndex((l) => / reserved /.test(l));
    expect(firstTemperatures, run.out.join('\n')).toBeGreaterThanOrEqual(0);
    expect(firstTemperatures).toBeLessThan(firstReservation);

    // the printed dashboard login works, and the dashboard shows the three stations, the shop and the van online
    const line = run.out.find((l) => l.includes('  dashboard '));
    const m = /(http:\/\/\S+\/dashboard)\s+\(log in as (\S+), password (\S+)\)/.exec(line ?? '');
    expect(m, line).not.toBeNull();
    const [, dashboard = '', name = '', password = ''] = m ?? [];
    const login = await fetch(`${dashboard}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name, password }).toString(),
      redirect: 'manual',
    });
    expect(login.status).toBe(303);
    const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
    const fleet = (await (await fetch(`${dashboard}/api/fleet`, { headers: { cookie } })).json()) as {
      online: number;
      stations: { label: string | null }[];
    };
    expect(fleet.online).toBe(5);
    expect(fleet.stations.map((s) => s.label).sort()).toEqual([
      'Hofladen Sonnenwiese (Theke)',
      'Hofladen Wendt',
      'Kühlbox am Dorfplatz',
      'Regiomarkt Lübben',
      'Verkaufswagen Spreewald',
    ]);

    run.proc.kill('SIGINT');
    const code = await Promise.race([
      run.exit,
      new Promise<'hung'>((r) => setTimeout(() => r('hung'), 60_000)),
    ]);
    expect(code).toBe(0);
    expect(run.out.some((l) => l.startsWith('demo stopped:'))).toBe(true);
    expect(existsSync(technicalLogDir(run.out) ?? '')).toBe(false);
  }, 240_000);
});
