import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CommandMessage, signCommand, verifyCommandSignature } from '@regiobox/contract';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RegistryError } from './errors.js';
import { verifyMosquittoHash } from './mosquitto-hash.js';
import { StationRegistry } from './station-registry.js';

let dir: string;
let file: string;
let db: Database.Database;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regiobox-registry-'));
  file = path.join(dir, 'bridge.db');
  db = new Database(file);
  db.pragma('journal_mode = WAL');
});

afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Everything on disk, WAL included: a secret must not be found anywhere in it. */
const diskBytes = (): Buffer => {
  db.pragma('wal_checkpoint(TRUNCATE)');
  return Buffer.concat(
    fs
      .readdirSync(dir)
      .filter((f) => f.startsWith('bridge.db'))
      .map((f) => fs.readFileSync(path.join(dir, f))),
  );
};

const rejection = async (p: Promise<unknown> | (() => unknown)): Promise<string | undefined> => {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    if (err instanceof RegistryError) return err.code;
    throw err;
  }
  return undefined;
};

describe('a station registered with the bridge', () => {
  it('gets a long random password and command key, and only hashes of the password are stored', async () => {
    const registry = new StationRegistry(db);
    const creds = await registry.addStation('dorfladen-1');

    expect(creds.username).toBe('dorfladen-1');
    expect(creds.password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(creds.commandKey).toMatch(/^[0-9a-f]{64}$/);
    const bytes = diskBytes();
    expect(bytes.includes(Buffer.from(creds.password))).toBe(false);
    expect(bytes.includes(Buffer.from('$scrypt$'))).toBe(true);
    expect(registry.listStations().map((s) => s.stationId)).toEqual(['dorfladen-1']);
  });

  it('logs in with its own password only', async () => {
    const registry = new StationRegistry(db);
    const a = await registry.addStation('station-a');
    const b = await registry.addStation('station-b');

    expect(await registry.verifyStation('station-a', a.password)).toBe(true);
    expect(await registry.verifyStation('station-a', b.password)).toBe(false);
    expect(await registry.verifyStation('station-a', `${a.password}x`)).toBe(false);
    expect(await registry.verifyStation('station-a', '')).toBe(false);
    expect(await registry.verifyStation('station-c', a.password)).toBe(false);
  });

  it('survives a restart of the bridge: a new registry on the same file still knows it', async () => {
    const creds = await new StationRegistry(db).addStation('station-a');
    db.close();
    db = new Database(file);
    const reopened = new StationRegistry(db);

    expect(await reopened.verifyStation('station-a', creds.password)).toBe(true);
    expect(reopened.commandKey('station-a').toString('hex')).toBe(creds.commandKey);
  });

  it('rotation invalidates the old password and command key at once', async () => {
    const registry = new StationRegistry(db);
    const old = await registry.addStation('station-a');
    const generation = registry.secretGeneration('station-a');
    const fresh = await registry.rotateSecret('station-a');

    expect(fresh.password).not.toBe(old.password);
    expect(fresh.commandKey).not.toBe(old.commandKey);
    expect(await registry.verifyStation('station-a', old.password)).toBe(false);
    expect(await registry.verifyStation('station-a', fresh.password)).toBe(true);
    expect(registry.commandKey('station-a').toString('hex')).toBe(fresh.commandKey);
    expect(registry.secretGeneration('station-a')).toBe((generation ?? 0) + 1);
  });

  it('is gone after removal: no login, no key, and it can be added again', async () => {
    const registry = new StationRegistry(db);
    const creds = await registry.addStation('station-a');
    await registry.removeStation('station-a');

    expect(await registry.verifyStation('station-a', creds.password)).toBe(false);
    expect(registry.secretGeneration('station-a')).toBeUndefined();
    expect(await rejection(() => registry.commandKey('station-a'))).toBe('STATION_NOT_FOUND');
    expect(await rejection(() => registry.removeStation('station-a'))).toBe('STATION_NOT_FOUND');
    expect(await rejection(registry.rotateSecret('station-a'))).toBe('STATION_NOT_FOUND');
    expect((await registry.addStation('station-a')).password).not.toBe(creds.password);
  });

  it('refuses a duplicate or an invalid station id', async () => {
    const registry = new StationRegistry(db);
    await registry.addStation('station-a');

    expect(await rejection(registry.addStation('station-a'))).toBe('STATION_EXISTS');
    expect(await rejection(registry.addStation('Station_A'))).toBe('INVALID_STATION_ID');
    expect(await rejection(registry.addStation('a/+/#'))).toBe('INVALID_STATION_ID');
    expect(registry.listStations()).toHaveLength(1);
  });

  it("has a command key that signs commands the station's contract code accepts", async () => {
    const registry = new StationRegistry(db);
    const creds = await registry.addStation('station-a');
    const message = CommandMessage.omit({ sig: true }).parse({
      v: 1,
      id: 'cmd-00000001',
      stationId: 'station-a',
      issuedAt: '2026-01-01T08:00:00.000Z',
      expiresAt: '2026-01-01T08:00:30.000Z',
      command: { type: 'service_open', compartment: 3, reason: 'cleaning', operator: 'op-1' },
    });
    const sig = signCommand(message, registry.commandKey('station-a'));

    // The station only has the hex string it was given at registration.
    expect(verifyCommandSignature({ ...message, sig }, Buffer.from(creds.commandKey, 'hex'))).toBe(true);
    expect(verifyCommandSignature({ ...message, sig }, randomBytes(32))).toBe(false);
  });

  it('stores a Mosquitto hash that accepts the password it was issued with', async () => {
    const registry = new StationRegistry(db);
    const creds = await registry.addStation('station-a');
    const [line] = registry.mosquittoUsers();

    expect(line?.username).toBe('station-a');
    expect(line?.mosquittoHash).toMatch(/^\$7\$\d+\$[A-Za-z0-9+/=]{16}\$[A-Za-z0-9+/=]{88}$/);
    expect(verifyMosquittoHash(creds.password, line?.mosquittoHash ?? '')).toBe(true);
    expect(verifyMosquittoHash('wrong', line?.mosquittoHash ?? '')).toBe(false);
  });
});

describe('command keys sealed under a master key', () => {
  it('are not readable from the database file, and open only with the same master key', async () => {
    const masterKey = randomBytes(32);
    const creds = await new StationRegistry(db, { masterKey }).addStation('station-a');

    expect(diskBytes().includes(Buffer.from(creds.commandKey))).toBe(false);
    expect(new StationRegistry(db, { masterKey }).commandKey('station-a').toString('hex')).toBe(
      creds.commandKey,
    );
    expect(await rejection(() => new StationRegistry(db).commandKey('station-a'))).toBe(
      'MASTER_KEY_REQUIRED',
    );
    expect(
      await rejection(() => new StationRegistry(db, { masterKey: randomBytes(32) }).commandKey('station-a')),
    ).toBe('COMMAND_KEY_UNREADABLE');
  });

  it('cannot be moved to another station row', async () => {
    const masterKey = randomBytes(32);
    const registry = new StationRegistry(db, { masterKey });
    await registry.addStation('station-a');
    await registry.addStation('station-b');
    db.prepare(
      "UPDATE registry_stations SET command_key = (SELECT command_key FROM registry_stations WHERE station_id = 'station-a') WHERE station_id = 'station-b'",
    ).run();

    expect(await rejection(() => registry.commandKey('station-b'))).toBe('COMMAND_KEY_UNREADABLE');
  });

  it('keep keys written before the master key was configured readable', async () => {
    const creds = await new StationRegistry(db).addStation('station-a');

    expect(
      new StationRegistry(db, { masterKey: randomBytes(32) }).commandKey('station-a').toString('hex'),
    ).toBe(creds.commandKey);
  });
});

describe('bridge service users', () => {
  it('are issued, verified, re-issued with a new password, and listed apart from stations', async () => {
    const registry = new StationRegistry(db);
    const first = await registry.issueServiceUser('regiobox_bridge');
    const second = await registry.issueServiceUser('regiobox_bridge');

    expect(await registry.verifyServiceUser('regiobox_bridge', first.password)).toBe(false);
    expect(await registry.verifyServiceUser('regiobox_bridge', second.password)).toBe(true);
    expect(await registry.verifyStation('regiobox_bridge', second.password)).toBe(false);
    expect(registry.listServiceUsers().map((u) => u.username)).toEqual(['regiobox_bridge']);
    expect(registry.listStations()).toEqual([]);
    expect(diskBytes().includes(Buffer.from(second.password))).toBe(false);
  });

  it('must have a name no station can have', async () => {
    const registry = new StationRegistry(db);

    expect(await rejection(registry.issueServiceUser('station-a'))).toBe('INVALID_SERVICE_USERNAME');
    expect(await rejection(registry.issueServiceUser('bridge:1'))).toBe('INVALID_SERVICE_USERNAME');
    expect(await rejection(registry.addStation('regiobox_bridge'))).toBe('INVALID_STATION_ID');
  });
});
