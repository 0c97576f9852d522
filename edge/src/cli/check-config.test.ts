import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const MAIN = join(ROOT, 'edge/src/cli/main.ts');

// Root reads every file, so as root the check runs as `nobody`, like the station's service user would.
const NOBODY = 65_534;
const asServiceUser = process.getuid?.() === 0 ? { uid: NOBODY, gid: NOBODY } : {};

const checkConfig = (file: string): Promise<{ code: number | null; stdout: string; stderr: string }> =>
  new Promise((done) => {
    const child = spawn(TSX, ['--conditions=regiobox-source', MAIN, '--config', file, 'check-config'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, HOME: tmpdir() },
      ...asServiceUser,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });

const KEY = 'a1'.repeat(32);

describe('regiobox-edge check-config and the secret files', () => {
  let dir: string;
  let config: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'regiobox-check-config-'));
    chmodSync(dir, 0o755);
    config = join(dir, 'station.yaml');
    writeFileSync(
      config,
      `stationId: dorfladen-3
dataDir: ${dir}/data
compartments:
  - { no: 1, lockChannel: 0, doorInput: 0, size: M, zone: chilled, probes: [] }
hardware: { driver: serial-board, path: ${dir}/no-such-adapter }
mqtt:
  url: mqtt://127.0.0.1:1883
  username: dorfladen-3
  passwordFile: ${dir}/mqtt-password
  commandKeyFile: ${dir}/command-key
`,
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('fails, naming the key, when a secret file the station needs at start is missing', async () => {
    writeFileSync(join(dir, 'command-key'), KEY);
    const r = await checkConfig(config);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`mqtt.passwordFile: "${dir}/mqtt-password" does not exist`);
    expect(r.stdout).toBe('');
  });

  it('fails on an empty password file and on a command key that is not 64 hex digits', async () => {
    writeFileSync(join(dir, 'mqtt-password'), '\n');
    writeFileSync(join(dir, 'command-key'), 'not-a-key');
    const r = await checkConfig(config);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('mqtt.passwordFile');
    expect(r.stderr).toContain('is empty');
    expect(r.stderr).toMatch(/mqtt\.commandKeyFile: .* does not hold 64 hex digits/);
  });

  it('fails on a secret file this user cannot read', async () => {
    writeFileSync(join(dir, 'mqtt-password'), 'secret-password');
    writeFileSync(join(dir, 'command-key'), KEY);
    chmodSync(join(dir, 'command-key'), 0o000);
    const r = await checkConfig(config);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('mqtt.commandKeyFile');
    expect(r.stderr).toContain('is not readable by this user');
  });

  it('passes when every secret file is there and readable', async () => {
    writeFileSync(join(dir, 'mqtt-password'), 'secret-password\n');
    writeFileSync(join(dir, 'command-key'), `${KEY}\n`);
    const r = await checkConfig(config);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('dorfladen-3: 1 compartments');
  });
});
