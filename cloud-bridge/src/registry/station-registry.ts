import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import { isValidStationId } from '@regiobox/contract';
import type BetterSqlite3 from 'better-sqlite3';
import { type CommandKeyVault, plainVault, sealedVault } from './command-key-vault.js';
import { RegistryError } from './errors.js';
import { DECOY_HASH, verifyPassword } from './password-hash.js';
import { type RegistryRows, SqliteRegistryRows } from './registry-rows.js';
import { issueSecret } from './secrets.js';
import {
  DEFAULT_SERVICE_USERNAME,
  type ServiceCredentials,
  type ServiceUserRecord,
  ServiceUsers,
} from './service-users.js';

/** What a station is given once, at `addStation` or `rotateSecret`; the password is never shown again. */
export interface StationCredentials {
  readonly stationId: string;
  /** the MQTT username; always equal to the station id so broker ACLs can use `%u` */
  readonly username: string;
  readonly password: string;
  /** 32 bytes, hex: the HMAC key that signs remote commands for this station */
  readonly commandKey: string;
}

export interface StationRecord {
  readonly stationId: string;
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

const COMMAND_KEY_BYTES = 32;

/**
 * The stations (and bridge service users) allowed on the broker: in the bridge's SQLite file, or in
 * PostgreSQL shared by several bridge instances (give it `PgRegistryRows`).
 */
export class StationRegistry {
  readonly #rows: RegistryRows;
  readonly #now: () => Date;
  readonly #random: (size: number) => Buffer;
  readonly #vault: CommandKeyVault;
  readonly #services: ServiceUsers;

  constructor(db: BetterSqlite3.Database | RegistryRows, options: StationRegistryOptions = {}) {
    const clock = options.clock ?? { now: () => new Date() };
    this.#now = () => clock.now();
    this.#random = options.randomBytes ?? cryptoRandomBytes;
    this.#vault = options.masterKey ? sealedVault(options.masterKey, this.#random) : plainVault();
    this.#rows = 'prepare' in db ? new SqliteRegistryRows(db, () => this.#now().toISOString()) : db;
    this.#services = new ServiceUsers(this.#rows, () => this.#now().toISOString(), this.#random);
  }

  async addStation(stationId: string): Promise<StationCredentials> {
    if (!isValidStationId(stationId)) {
      throw new RegistryError('INVALID_STATION_ID', `"${stationId}" is not a valid station id`);
    }
    if (this.hasStation(stationId)) {
      throw new RegistryError('STATION_EXISTS', `station ${stationId} is already registered`);
    }
    const secret = await issueSecret(this.#random);
    const commandKey = this.#random(COMMAND_KEY_BYTES);
    const at = this.#now().toISOString();
    // Two adds racing past the existence check (perhaps on two bridge instances): the key decides.
    const added = await this.#rows.insertStation({
      station_id: stationId,
      password_hash: secret.hash,
      mosquitto_hash: secret.mosquittoHash,
      command_key: this.#vault.seal(stationId, commandKey),
      created_at: at,
      rotated_at: at,
    });
    if (!added) throw new RegistryError('STATION_EXISTS', `station ${stationId} is already registered`);
    return {
      stationId,
      username: stationId,
      password: secret.password,
      commandKey: commandKey.toString('hex'),
    };
  }

  /**
   * Issues a new password and a new command key; the old ones stop working at once. The station must
   * be given both (its broker login and its command verification key).
   */
  async rotateSecret(stationId: string): Promise<StationCredentials> {
    this.#requireStation(stationId);
    const secret = await issueSecret(this.#random);
    const commandKey = this.#random(COMMAND_KEY_BYTES);
    const changed = await this.#rows.rotateStation(stationId, {
      password_hash: secret.hash,
      mosquitto_hash: secret.mosquittoHash,
      command_key: this.#vault.seal(stationId, commandKey),
      rotated_at: this.#now().toISOString(),
    });
    if (!changed) throw notFound(stationId);
    return {
      stationId,
      username: stationId,
      password: secret.password,
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
    const row = this.#rows.station(username);
    const ok = await verifyPassword(password, row?.password_hash ?? DECOY_HASH);
    return ok && row ? { generation: row.generation } : undefined;
  }

  /** The key that signs this station's commands (see `signCommand` in the edge contract). */
  commandKey(stationId: string): Buffer {
    const row = this.#rows.station(stationId);
    if (!row) throw notFound(stationId);
    return this.#vault.open(stationId, row.command_key);
  }

  /**
   * Increases with every rotation; undefined once the station is removed. The broker compares it with
   * the value at login so that a rotated or removed station's open connection stops working at once.
   */
  secretGeneration(stationId: string): number | undefined {
    return this.#rows.station(stationId)?.generation;
  }

  hasStation(stationId: string): boolean {
    return this.#rows.station(stationId) !== undefined;
  }

  async removeStation(stationId: string): Promise<void> {
    if (!(await this.#rows.deleteStation(stationId))) throw notFound(stationId);
  }

  listStations(): StationRecord[] {
    return this.#rows.stations().map((r) => ({
      stationId: r.station_id,
      username: r.station_id,
      createdAt: r.created_at,
      rotatedAt: r.rotated_at,
    }));
  }

  /** Creates the bridge service user, or gives it a new password (the old one stops working). */
  issueServiceUser(username: string = DEFAULT_SERVICE_USERNAME): Promise<ServiceCredentials> {
    return this.#services.issue(username);
  }

  verifyServiceUser(username: string, password: string): Promise<boolean> {
    return this.#services.verify(username, password);
  }

  removeServiceUser(username: string): Promise<void> {
    return this.#services.remove(username);
  }

  listServiceUsers(): ServiceUserRecord[] {
    return this.#services.list();
  }

  /** Every login with its Mosquitto `$7$` hash, service users first. */
  mosquittoUsers(): MosquittoUser[] {
    return [
      ...this.#services.mosquittoHashes().map((s) => ({ kind: 'service' as const, ...s })),
      ...this.#rows.stations().map((s) => ({
        kind: 'station' as const,
        username: s.station_id,
        mosquittoHash: s.mosquitto_hash,
      })),
    ];
  }

  #requireStation(stationId: string): void {
    if (!this.hasStation(stationId)) throw notFound(stationId);
  }
}

const notFound = (stationId: string): RegistryError =>
  new RegistryError('STATION_NOT_FOUND', `station ${stationId} is not registered`);
