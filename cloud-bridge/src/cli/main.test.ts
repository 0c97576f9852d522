import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DashboardConfig } from '../dashboard/config.js';
import { verifyPassword } from '../registry/password-hash.js';
import { until } from '../test-support/until.js';

const main = path.join(path.dirname(fileURLToPath(import.meta.url)), 'main.ts');
const tsx = createRequire(import.meta.url).resolve('tsx/cli');

interface Run {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exit: Promise<number | null>;
}

const launch = (args: string[], env: Record<string, string>, cwd: string): Run => {
  const child = spawn(process.execPath, [tsx, '--conditions=regiobox-source', main, ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exit };
};

describe('the regiobox-bridge command', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  const tempDir = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'regiobox-cli-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('starts with the embedded broker and a SQLite file under ./.data, and stops cleanly on SIGTERM', async () => {
    const cwd = tempDir();
    const run = launch([], { REGIOBOX_BRIDGE__HTTP__PORT: '0', REGIOBOX_BRIDGE__BROKER__PORT: '0' }, cwd);
    children.push(run.child);
    await until('bridge started', () => run.output().includes('"msg":"bridge started"'), 30_000);
    const started = JSON.parse(
      run
        .output()
        .split('\n')
        .find((l) => l.includes('"bridge started"')) ?? '{}',
    ) as {
      httpUrl: string;
      brokerUrl: string;
    };
    expect(started.brokerUrl).toMatch(/^mqtt:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${started.httpUrl}/healthz`)).status).toBe(200);
    expect(fs.existsSync(path.join(cwd, '.data', 'bridge.db'))).toBe(true);

    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    expect(run.output()).toContain('embedded broker closed');
  });

  it('exits non-zero naming the key, value and expectation of a bad setting', async () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'bridge.yaml'), 'http:\n  port: 99999\n');
    const run = launch(['--config', 'bridge.yaml'], {}, cwd);
    children.push(run.child);
    expect(await run.exit).toBe(2);
    expect(run.output()).toMatch(/http\.port = 99999: .*65535/);
  });

  const hashFromStdin = (input: string): Promise<{ code: number | null; out: string; err: string }> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [tsx, '--conditions=regiobox-source', main, 'operator-hash'], {
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      children.push(child);
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
      });
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
      });
      child.once('exit', (code) => resolve({ code, out, err }));
      child.stdin.end(input);
    });

  it('operator-hash turns a password on stdin into a hash the dashboard config accepts', async () => {
    const r = await hashFromStdin('Kühlkette-2026!\n');
    expect(r.code).toBe(0);
    const hash = r.out.trim();
    expect(hash).not.toContain('Kühlkette');
    expect(await verifyPassword('Kühlkette-2026!', hash)).toBe(true);
    expect(await verifyPassword('Kühlkette-2026', hash)).toBe(false);
    const parsed = DashboardConfig.parse({ operators: [{ name: 'mara', passwordHash: hash }] });
    expect(parsed.operators[0]?.passwordHash).toBe(hash);
  });

  it('operator-hash refuses a short password with a reason and exit code 2', async () => {
    const r = await hashFromStdin('kurz\n');
    expect(r.code).toBe(2);
    expect(r.err).toContain('at least 10 characters');
    expect(r.out).toBe('');
  });
});
