import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateMasterKey, StationRegistry } from '../registry/index.js';
import { verifyMosquittoHash } from '../registry/mosquitto-hash.js';
import { openBridgeDatabase } from '../store/database.js';
import { createStationsCommand } from './stations.js';

let dir: string;
let dbFile: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regiobox-stations-cli-'));
  dbFile = path.join(dir, 'bridge.db');
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Run {
  out: string;
  err: string;
  error?: CommanderError;
}

/** Runs `regiobox-bridge stations <args>` the way the binary does, capturing both streams. */
const stations = async (...args: string[]): Promise<Run> => {
  const run: Run = { out: '', err: '' };
  const stationsCommand = createStationsCommand({ out: (text) => (run.out += text) });
  // `--config` first: the whole binary's option, as `regiobox-bridge --config f stations add x`.
  const command =
    args[0] === '--config'
      ? new Command('regiobox-bridge').option('-c, --config <file>').addCommand(stationsCommand)
      : stationsCommand;
  const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
  for (const c of all(command)) {
    c.exitOverride().configureOutput({ writeOut: (t) => (run.out += t), writeErr: (t) => (run.err += t) });
  }
  try {
    await command.parseAsync(args, { from: 'user' });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    run.error = err;
  }
  return run;
};

const field = (out: string, label: string): string => {
  const match = new RegExp(`${label}:\\s+(\\S+)`).exec(out);
  if (!match?.[1]) throw new Error(`no ${label} in:\n${out}`);
  return match[1];
};

const withRegistry = async <T>(
  fn: (r: StationRegistry) => Promise<T> | T,
  masterKey?: Buffer,
): Promise<T> => {
  const db = openBridgeDatabase(dbFile);
  try {
    return await fn(new StationRegistry(db, masterKey ? { masterKey } : {}));
  } finally {
    db.close();
  }
};

describe('regiobox-bridge stations', () => {
  it('add prints working credentials and a command key once, with a warning; list shows no secrets', async () => {
    const added = await stations('add', 'dorfladen-1', '--db', dbFile);

    expect(added.error).toBeUndefined();
    expect(added.out).toContain('shown only this once');
    const password = field(added.out, 'MQTT password');
    const commandKey = field(added.out, 'Command key');
    expect(field(added.out, 'MQTT username')).toBe('dorfladen-1');
    expect(await withRegistry((r) => r.verifyStation('dorfladen-1', password))).toBe(true);
    expect(await withRegistry((r) => r.commandKey('dorfladen-1').toString('hex'))).toBe(commandKey);

    const listed = await stations('list', '--db', dbFile);
    expect(listed.out).toContain('dorfladen-1');
    expect(listed.out).not.toContain(password);
    expect(listed.out).not.toContain(commandKey);
  });

  it('rotate prints new secrets and the old password stops working', async () => {
    const added = await stations('add', 'station-a', '--db', dbFile, '--json');
    const old = JSON.parse(added.out) as { password: string };
    const rotated = await stations('rotate', 'station-a', '--db', dbFile);
    const fresh = field(rotated.out, 'MQTT password');

    expect(fresh).not.toBe(old.password);
    expect(await withRegistry((r) => r.verifyStation('station-a', old.password))).toBe(false);
    expect(await withRegistry((r) => r.verifyStation('station-a', fresh))).toBe(true);
  });

  it('remove deletes the station; a second remove fails with STATION_NOT_FOUND and exit status 1', async () => {
    await stations('add', 'station-a', '--db', dbFile);
    expect((await stations('remove', 'station-a', '--db', dbFile)).out).toContain('removed');

    const again = await stations('remove', 'station-a', '--db', dbFile);
    expect(again.error?.exitCode).toBe(1);
    expect(again.error?.code).toBe('STATION_NOT_FOUND');
    expect(again.err).toContain('station-a is not registered');
    expect(JSON.parse((await stations('list', '--db', dbFile, '--json')).out)).toEqual([]);
  });

  it('refuses a duplicate and an invalid id', async () => {
    await stations('add', 'station-a', '--db', dbFile);

    expect((await stations('add', 'station-a', '--db', dbFile)).error?.code).toBe('STATION_EXISTS');
    expect((await stations('add', 'Station A', '--db', dbFile)).error?.code).toBe('INVALID_STATION_ID');
  });

  it("without --db, uses the database and master key of the bridge's config, as the bridge does", async () => {
    const config = path.join(dir, 'bridge.yaml');
    const keyFile = path.join(dir, 'master.key');
    fs.writeFileSync(config, `database:\n  file: ${dbFile}\nregistry:\n  masterKeyFile: ${keyFile}\n`);
    const added = await stations('--config', config, 'stations', 'add', 'station-b');
    expect(added.error).toBeUndefined();
    const key = loadOrCreateMasterKey(keyFile);
    expect(await withRegistry((r) => r.commandKey('station-b').toString('hex'), key)).toBe(
      field(added.out, 'Command key'),
    );

    fs.writeFileSync(config, 'database:\n  fiel: bridge.db\n');
    const bad = await stations('--config', config, 'stations', 'list');
    expect(bad.error?.exitCode).toBe(2);
    expect(bad.err).toContain('database.fiel');
  });

  it('write-mosquitto writes a password file with every login and the ACL', async () => {
    const station = JSON.parse((await stations('add', 'station-a', '--db', dbFile, '--json')).out) as {
      password: string;
    };
    const service = await stations('service-user', '--db', dbFile);
    const servicePassword = field(service.out, 'MQTT password');
    const target = path.join(dir, 'mosquitto');
    await stations('write-mosquitto', target, '--db', dbFile);

    const lines = fs
      .readFileSync(path.join(target, 'regiobox.passwd'), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    const hashOf = (user: string) =>
      lines.find((l) => l.startsWith(`${user}:`))?.slice(user.length + 1) ?? '';
    expect(lines).toHaveLength(2);
    expect(verifyMosquittoHash(station.password, hashOf('station-a'))).toBe(true);
    expect(verifyMosquittoHash(servicePassword, hashOf('regiobox_bridge'))).toBe(true);
    expect(fs.statSync(path.join(target, 'regiobox.passwd')).mode & 0o777).toBe(0o640);
    const acl = fs.readFileSync(path.join(target, 'regiobox.acl'), 'utf8');
    expect(acl).toContain('pattern read regiobox/v1/stations/%u/commands');
    expect(acl).toContain('user regiobox_bridge\n');
  });

  it('write-mosquitto gives the password file to the group Mosquitto runs as, and refuses a group that does not exist', async () => {
    await stations('add', 'station-a', '--db', dbFile);
    const target = path.join(dir, 'mosquitto');
    const unknown = await stations('write-mosquitto', target, '--db', dbFile, '--group', 'no-such-group-42');
    expect(unknown.error?.exitCode).toBe(1);
    expect(unknown.err).toContain('there is no group no-such-group-42 on this machine (UNKNOWN_GROUP)');
    expect(fs.existsSync(path.join(target, 'regiobox.passwd'))).toBe(false);

    const written = await stations('write-mosquitto', target, '--db', dbFile);
    const stat = fs.statSync(path.join(target, 'regiobox.passwd'));
    expect(stat.mode & 0o777).toBe(0o640);
    const mosquittoGid = /^mosquitto:[^:]*:(\d+):/m.exec(fs.readFileSync('/etc/group', 'utf8'))?.[1];
    if (mosquittoGid && process.getuid?.() === 0) {
      expect(written.out).toContain('readable by group mosquitto');
      expect(stat.gid).toBe(Number(mosquittoGid));
    } else if (stat.gid !== Number(mosquittoGid)) {
      expect(written.out).toContain('not given to group mosquitto');
    }
  });

  it('with --master-key, the command key is sealed in the database', async () => {
    const keyFile = path.join(dir, 'master.key');
    const added = await stations('add', 'station-a', '--db', dbFile, '--master-key', keyFile);
    const commandKey = field(added.out, 'Command key');

    const onDisk = Buffer.concat(
      fs
        .readdirSync(dir)
        .filter((f) => f.startsWith('bridge.db'))
        .map((f) => fs.readFileSync(path.join(dir, f))),
    );
    expect(onDisk.includes(Buffer.from(commandKey))).toBe(false);
    const masterKey = loadOrCreateMasterKey(keyFile);
    expect(await withRegistry((r) => r.commandKey('station-a').toString('hex'), masterKey)).toBe(commandKey);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
  });
});
