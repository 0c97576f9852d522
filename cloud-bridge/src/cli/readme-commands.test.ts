import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyPassword } from '../registry/password-hash.js';
import { until } from '../test-support/until.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const README = path.resolve(here, '../../../README.md');
const PRINTED_BINARY = 'node cloud-bridge/dist/cli/main.js';
// The same program from source, so that the test needs no build.
const fromSource = `"${process.execPath}" "${createRequire(import.meta.url).resolve('tsx/cli')}" --conditions=regiobox-source "${path.join(here, 'main.ts')}"`;

/** The commands of a README section's first sh block, exactly as printed, without their comments. */
const printedCommands = (heading: string): string[] => {
  const text = fs.readFileSync(README, 'utf8');
  const section = text.slice(text.indexOf(heading));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line.length > 0);
};

interface Shell {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exit: Promise<number | null>;
}

const shell = (command: string, cwd: string, env: Record<string, string> = {}): Shell => {
  const child = spawn('sh', ['-c', command.replaceAll(PRINTED_BINARY, fromSource)], {
    cwd,
    env: { ...process.env, REGIOBOX_BRIDGE__HTTP__PORT: '0', REGIOBOX_BRIDGE__BROKER__PORT: '0', ...env },
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

const canLogIn = (url: string, username: string, password: string): Promise<boolean> =>
  new Promise((resolve) => {
    const client = mqtt.connect(url, {
      username,
      password,
      reconnectPeriod: 0,
      clientId: `regiobox-${username}`,
    });
    client.once('connect', () => client.end(true, () => resolve(true)));
    client.once('error', () => client.end(true, () => resolve(false)));
  });

describe('the marketplace side of the README, run as printed', () => {
  let dir = '';
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stations add dorfladen-3 registers the station with the bridge started beside it, and write-mosquitto needs no --db either', async () => {
    const [start, add, hash, ...rest] = printedCommands('## The marketplace side');
    expect(rest).toEqual([]);
    expect(start).toBe(PRINTED_BINARY);
    expect(add).toBe(`${PRINTED_BINARY} stations add dorfladen-3`);
    expect(hash).toBe(`printf '%s' "$PASSWORD" | ${PRINTED_BINARY} operator-hash`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regiobox-readme-'));

    const bridge = shell(start ?? '', dir);
    children.push(bridge.child);
    await until('bridge started', () => bridge.output().includes('"msg":"bridge started"'), 30_000);
    const brokerUrl = /"brokerUrl":"([^"]+)"/.exec(bridge.output())?.[1] ?? '';

    const added = shell(add ?? '', dir);
    expect(await added.exit, added.output()).toBe(0);
    const password = /MQTT password:\s+(\S+)/.exec(added.output())?.[1] ?? '';
    expect(password).toMatch(/\S{16,}/);
    expect(await canLogIn(brokerUrl, 'dorfladen-3', password)).toBe(true);

    const hashed = shell(hash ?? '', dir, { PASSWORD: 'Kühlkette-2026!' });
    expect(await hashed.exit).toBe(0);
    expect(await verifyPassword('Kühlkette-2026!', hashed.output().trim())).toBe(true);

    const files = shell(`${PRINTED_BINARY} stations write-mosquitto mosquitto`, dir);
    expect(await files.exit, files.output()).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'mosquitto', 'regiobox.passwd'), 'utf8')).toMatch(/^dorfladen-3:/m);
  }, 60_000);
});
