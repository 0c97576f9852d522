import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import { isValidStationId } from '@regiobox/edge/contract';
import type BetterSqlite3 from 'better-sqlite3';
import { type CommandKeyVault, plainVault, sealedVault } from './command-key-vault.js';
import { RegistryError } from './errors.js';
import { migrateRegistry } from './migrations.js';
import { mosquittoHash } from './mosquitto-hash.js';
import { DECOY_HASH, hashPassword, verifyPassword } from './password-hash.js';

/** What a station is given once, at `addStation` or `rotateSecret`; the password is never shown again. */
export interface StationCredentials {
  readonly stationId: string;
  /** the MQTT username; always equal to the station id so broker ACLs can use `%u` */
  readonly username: string;
  readonly password: string;
  /** 32 bytes, hex: the HMAC key that signs remote commands for this station */
  readonly commandKey: string;
}

export interface ServiceCredentials {
  readonly username: string;
  readonly password: string;
}

export interface StationRecord {
  readonly stationId: string;
  readonly username: string;
  readonly createdAt: string;
  readonly rotatedAt: string;
}

export interface ServiceUserRecord {
  readonly username: string;
  readonly createdAt: string;
  readonly rotatedAt: string;
}

/** One line of a Mosquitto password file. */
export interface MosquittoUser {
  readonly kind: 'station' | 'service';
  readonly username: string;
  readonly mosquittoHash: string;
}

export interface StationRegistryOptions {
  /** structurally the bridge's `Clock`; timestamps only, never used for decisions */
  readonly clock?: { now(): Date };
  readonly randomBytes?: (size: number) => Buffer;
  /** 32 bytes; when given, command keys are sealed with it at rest (see command-key-vault.ts) */
  readonly masterKey?: Buffer;
}

/**
 * Service usernames always contain an underscore, which station ids cannot, so a station can never be
 * registered under the bridge's name (or the reverse) and `%u` ACL patterns never match a service user.
 */
const SERVICE_USERNAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;
export const isValidServiceUsername = (name: string): boolean =>
  SERVICE_USERNAME.test(name) && name.includes('_');

export const DEFAULT_SERVICE_USERNAME = 'regiobox_bridge';

/** 24 random bytes: 192 bits, 32 printable characters without `:` (safe in a Mosquitto password file). */
const PASSWORD_BYTES = 24;
const COMMAND_KEY_BYTES = 32;

interface SecretRow {
  password_hash: string;
}

/** The stations (and bridge service users) allowed on the broker, kept in the bridge's SQLite file. */
export class StationRegistry {
  readonly #db: BetterSqlite3.Database;
  readonly #now: () => Date;
  readonly #random: (size: number) => Buffer;
  readonly #vault: CommandKeyVault;

  constructor(db: BetterSqlite3.Database, options: StationRegistryOptions = {}) {
    this.#db = db;
    const clock = options.clock ?? { now: () => new Date() };
    this.#now = () => clock.now();
    this.#random = options.randomBytes ?? cryptoRandomBytes;
    this.#vault = options.masterKey ? sealedVault(options.masterKey, this.#random) : plainVault();
    migrateRegistry(db, () => this.#now().toISOString());
  }

  async addStation(stationId: string): Promise<StationCredentials> {
    if (!isValidStationId(stationId)) {
      throw new RegistryError('INVALID_STATION_ID', `"${stationId}" is not a valid station id`);
    }
    if (this.hasStation(stationId)) {
      throw new RegistryError('STATION_EXISTS', `station ${stationId} is already registered`);
    }
    const secrets = await this.#issueSecrets();
    const commandKey = this.#random(COMMAND_KEY_BYTES);
    const at = this.#now().toISOString();
    try {
      this.#db
        .prepare(
          `INSERT INTO registry_stations (station_id, password_hash, mosquitto_hash, command_key, created_at, rotated_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(stationId, secrets.hash, secrets.mosquittoHash, this.#vault.seal(stationId, commandKey), at, at);
    } catch (cause) {
      // Two adds racing past the existence check: the primary key decides.
      if (this.hasStation(stationId)) {
        throw new RegistryError('STATION_EXISTS', `station ${stationId} is already registered`, { cause });
      }
      throw cause;
    }
    return {
      stationId,
      username: stationId,
      password: secrets.password,
      commandKey: commandKey.toString('hex'),
    };
  }

  /**
   * Issues a new password and a new command key; the old ones stop working at once. The station must
   * be given both (its broker login and its command verification key).
   */
  async rotateSecret(stationId: string): Promise<StationCredentials> {
    this.#requireStation(stationId);
    const secrets = await this.#issueSecrets();
    const commandKey = this.#random(COMMAND_KEY_BYTES);
    const changed = this.#db
      .prepare(
        `UPDATE registry_stations SET password_hash = ?, mosquitto_hash = ?, command_key = ?, rotated_at = ?,
           generation = generation + 1
         WHERE station_id = ?`,
      )
      .run(
        secrets.hash,
        secrets.mosquittoHash,
        this.#vault.seal(stationId, commandKey),
        this.#now().toISOString(),
        stationId,
      ).changes;
    if (changed === 0) throw notFound(stationId);
    return {
      stationId,
      username: stationId,
      password: secrets.password,
      commandKey: commandKey.toString('hex'),
    };
  }

  /** True when `password` is the station's current one; takes the same time for unknown usernames. */
  async verifyStation(username: string, password: string): Promise<boolean> {
    return (await this.authenticateStation(username, password)) !== undefined;
  }

  /**
   * Like `verifyStation`, but on success returns the secret generation read together with the hash,
   * so a broker can later tell whether the secret it accepted is still the current one.
   */
  async authenticateStation(username: string, password: string): Promise<{ generation: number } | undefined> {
    const row = this.#db
      .prepare('SELECT password_hash, generation FROM registry_stations WHERE station_id = ?')
      .get(username) as (SecretRow & { generation: number }) | undefined;
    const ok = await verifyPassword(password, row?.password_hash ?? DECOY_HASH);
    return ok && row ? { generation: row.generation } : undefined;
  }

  /** The key that signs this station's commands (see `signCommand` in the edge contract). */
  commandKey(stationId: string): Buffer {
    const row = this.#db
      .prepare('SELECT command_key FROM registry_stations WHERE station_id = ?')
      .get(stationId) as { command_key: string } | undefined;
    if (!row) throw notFound(stationId);
    return this.#vault.open(stationId, row.command_key);
  }

  /**
   * Increases with every rotation; undefined once the station is removed. The broker compares it with
   * the value at login so that a rotated or removed station's open connection stops working at once.
   */
  secretGeneration(stationId: string): number | undefined {
    const row = this.#db
      .prepare('SELECT generation FROM registry_stations WHERE station_id = ?')
      .get(stationId) as { generation: number } | undefined;
    return row?.generation;
  }

  hasStation(stationId: string): boolean {
    return (
      this.#db.prepare('SELECT 1 FROM registry_stations WHERE station_id = ?').get(stationId) !== undefined
    );
  }

  removeStation(stationId: string): void {
    const changed = this.#db
      .prepare('DELETE FROM registry_stations WHERE station_id = ?')
      .run(stationId).changes;
    if (changed === 0) throw notFound(stationId);
  }

  listStations(): StationRecord[] {
    const rows = this.#db
      .prepare('SELECT station_id, created_at, rotated_at FROM registry_stations ORDER BY station_id')
      .all() as { station_id: string; created_at: string; rotated_at: string }[];
    return rows.map((r) => ({
      stationId: r.station_id,
      username: r.station_id,
      createdAt: r.created_at,
      rotatedAt: r.rotated_at,
    }));
  }

  /** Creates the service user, or gives it a new password if it exists (the old one stops working). */
  async issueServiceUser(username: string = DEFAULT_SERVICE_USERNAME): Promise<ServiceCredentials> {
    if (!isValidServiceUsername(username)) {
      throw new RegistryError(
        'INVALID_SERVICE_USERNAME',
        `"${username}" is not a valid service username (lower-case letters, digits, "-" and at least one "_")`,
      );
    }
    const secrets = await this.#issueSecrets();
    const at = this.#now().toISOString();
    this.#db
      .prepare(
        `INSERT INTO registry_service_users (username, password_hash, mosquitto_hash, created_at, rotated_at)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash,
           mosquitto_hash = excluded.mosquitto_hash, rotated_at = excluded.rotated_at`,
      )
      .run(username, secrets.hash, secrets.mosquittoHash, at, at);
    return { username, password: secrets.password };
  }

  async verifyServiceUser(username: string, password: string): Promise<boolean> {
    const row = this.#db
      .prepare('SELECT password_hash FROM registry_service_users WHERE username = ?')
      .get(username) as SecretRow | undefined;
    const ok = await verifyPassword(password, row?.password_hash ?? DECOY_HASH);
    return ok && row !== undefined;
  }

  removeServiceUser(username: string): void {
    const changed = this.#db
      .prepare('DELETE FROM registry_service_users WHERE username = ?')
      .run(username).changes;
    if (changed === 0) {
      throw new RegistryError('SERVICE_USER_NOT_FOUND', `service user ${username} is not registered`);
    }
  }

  listServiceUsers(): ServiceUserRecord[] {
    const rows = this.#db
      .prepare('SELECT username, created_at, rotated_at FROM registry_service_users ORDER BY username')
      .all() as { username: string; created_at: string; rotated_at: string }[];
    return rows.map((r) => ({ username: r.username, createdAt: r.created_at, rotatedAt: r.rotated_at }));
  }

  /** Every login with its Mosquitto `$7$` hash, service users first. */
  mosquittoUsers(): MosquittoUser[] {
    const services = this.#db
      .prepare('SELECT username, mosquitto_hash FROM registry_service_users ORDER BY username')
      .all() as { username: string; mosquitto_hash: string }[];
    const stations = this.#db
      .prepare('SELECT station_id, mosquitto_hash FROM registry_stations ORDER BY station_id')
      .all() as { station_id: string; mosquitto_hash: string }[];
    return [
      ...services.map((s) => ({
        kind: 'service' as const,
        username: s.username,
        mosquittoHash: s.mosquitto_hash,
      })),
      ...stations.map((s) => ({
        kind: 'station' as const,
        username: s.station_id,
        mosquittoHash: s.mosquitto_hash,
      })),
    ];
  }

  #requireStation(stationId: string): void {
    if (!this.hasStation(stationId)) throw notFound(stationId);
  }

  async #issueSecrets(): Promise<{ password: string; hash: string; mosquittoHash: string }> {
    const password = this.#random(PASSWORD_BYTES).toString('base64url');
    const hash = await hashPassword(password, this.#random(16));
    return { password, hash, mosquittoHash: mosquittoHash(password, this.#random(12)) };
  }
}

const notFound = (stationId: string): RegistryError =>
  new RegistryError('STATION_NOT_FOUND', `station ${stationId} is not registered`);
