import { spawn } from 'node:child_process';
import { createHmac, pbkdf2, pbkdf2Sync, randomBytes, scrypt } from 'node:crypto';
import { openBridgeDatabase, StationRegistry, writeMosquittoFiles } from '@regiobox/cloud-bridge';
import { fleetStationId } from './fleet-messages.js';

/**
 * Each simulated station has its own password, derived from one secret of the run, so that the
 * fleet's processes need not be handed twenty thousand passwords: the broker still checks every
 * login against that station's own hash.
 */
export const fleetPassword = (secret: string, stationId: string): string =>
  createHmac('sha256', secret).update(stationId).digest('base64url');

const promised = <T>(run: (done: (err: Error | null, value: T) => void) => void): Promise<T> =>
  new Promise((resolve, reject) => run((err, value) => (err ? reject(err) : resolve(value))));

/**
 * The registry's scrypt format at its lowest cost: the embedded broker would otherwise spend 44 ms of
 * CPU per login (N = 2^14), and the benchmark would measure password hashing, not ingest. The cost a
 * real fleet pays per connect is stated in docs/performance.md.
 */
const cheapScrypt = async (password: string): Promise<string> => {
  const salt = randomBytes(16);
  const key = await promised<Buffer>((done) => scrypt(password, salt, 32, { N: 16, r: 8, p: 1 }, done));
  return `$scrypt$ln=4,r=8,p=1$${salt.toString('base64')}$${key.toString('base64')}`;
};

/** Mosquitto's `$7$` PBKDF2-SHA512 at the registry's production cost (1000 iterations, ~2 ms). */
const mosquittoHash = async (password: string): Promise<string> => {
  const salt = randomBytes(12);
  const key = await promised<Buffer>((done) => pbkdf2(password, salt, 1000, 64, 'sha512', done));
  return `$7$1000$${salt.toString('base64')}$${key.toString('base64')}`;
};

/**
 * Registers stations `from`…`count - 1` in the registry of the bridge's SQLite file (rows as
 * `StationRegistry.addStation` writes them, hashes computed on the libuv pool in parallel), and
 * returns how many it added.
 */
export const registerFleet = async (
  dbFile: string,
  from: number,
  count: number,
  secret: string,
): Promise<number> => {
  const db = openBridgeDatabase(dbFile);
  try {
    new StationRegistry(db); // creates the registry's tables
    const insert = db.prepare(
      `INSERT INTO registry_stations (station_id, password_hash, mosquitto_hash, command_key, created_at, rotated_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    const at = new Date().toISOString();
    for (let start = from; start < count; start += 1000) {
      const ids = Array.from({ length: Math.min(1000, count - start) }, (_, i) => fleetStationId(start + i));
      const rows = await Promise.all(
        ids.map(async (id) => {
          const password = fleetPassword(secret, id);
          return [id, await cheapScrypt(password), await mosquittoHash(password)] as const;
        }),
      );
      db.transaction(() => {
        for (const [id, hash, mqHash] of rows)
          insert.run(id, hash, mqHash, `plain:${randomBytes(32).toString('hex')}`, at, at);
      })();
    }
    return count - from;
  } finally {
    db.close();
  }
};

/** A `$7$` line for a login the registry does not know (an edge broker's link to the core). */
export const mosquittoLinkHash = (password: string): string => {
  const salt = randomBytes(12);
  return `$7$1000$${salt.toString('base64')}$${pbkdf2Sync(password, salt, 1000, 64, 'sha512').toString('base64')}`;
};

/** Bridge service users (one per instance, as Mosquitto's `use_username_as_clientid` needs). */
export const issueServiceUsers = async (
  dbFile: string,
  usernames: readonly string[],
): Promise<{ username: string; password: string }[]> => {
  const db = openBridgeDatabase(dbFile);
  try {
    const registry = new StationRegistry(db);
    const out: { username: string; password: string }[] = [];
    for (const u of usernames) out.push(await registry.issueServiceUser(u));
    return out;
  } finally {
    db.close();
  }
};

/** regiobox.passwd and regiobox.acl, written from the registry exactly as `stations write-mosquitto`. */
export const writeFleetMosquittoFiles = (
  dbFile: string,
  dir: string,
): { passwordFile: string; aclFile: string } => {
  const db = openBridgeDatabase(dbFile);
  try {
    return writeMosquittoFiles(new StationRegistry(db), dir);
  } finally {
    db.close();
  }
};

const psqlCopy = (url: string, table: string, columns: readonly string[], csv: string): Promise<void> =>
  new Promise((resolve, reject) => {
    const psql = spawn(
      'psql',
      [
        url,
        '-v',
        'ON_ERROR_STOP=1',
        '-c',
        `\\copy ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`,
      ],
      { stdio: ['pipe', 'ignore', 'pipe'] },
    );
    let err = '';
    psql.stderr.on('data', (d: Buffer) => (err += d.toString()));
    psql.once('error', reject);
    psql.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`psql \\copy ${table} failed (${code}): ${err.trim()}`)),
    );
    psql.stdin.end(csv);
  });

const STATION_COLUMNS = [
  'station_id',
  'password_hash',
  'mosquitto_hash',
  'command_key',
  'created_at',
  'rotated_at',
];
const SERVICE_COLUMNS = ['username', 'password_hash', 'mosquitto_hash', 'created_at', 'rotated_at'];

/**
 * The registry rows of the SQLite file copied into the bridge's PostgreSQL tables (which a bridge
 * created when it first started on that database), with psql's \copy: registering twenty thousand
 * stations through the registry would hash each password at the production cost. Every value is
 * quoted (scrypt's parameters hold commas); none holds a double quote.
 */
export const copyRegistryToPostgres = async (dbFile: string, url: string): Promise<void> => {
  const db = openBridgeDatabase(dbFile);
  try {
    const csv = (table: string, columns: readonly string[]) =>
      (
        db
          .prepare(`SELECT ${columns.join(', ')} FROM ${table}`)
          .raw()
          .all() as unknown[][]
      )
        .map((row) => `${row.map((v) => `"${String(v)}"`).join(',')}\n`)
        .join('');
    await psqlCopy(url, 'registry_stations', STATION_COLUMNS, csv('registry_stations', STATION_COLUMNS));
    await psqlCopy(
      url,
      'registry_service_users',
      SERVICE_COLUMNS,
      csv('registry_service_users', SERVICE_COLUMNS),
    );
  } finally {
    db.close();
  }
};
