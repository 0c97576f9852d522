import type BetterSqlite3 from 'better-sqlite3';
import { RegistryError } from './errors.js';
import { DECOY_HASH, verifyPassword } from './password-hash.js';
import { issueSecret } from './secrets.js';

export interface ServiceCredentials {
  readonly username: string;
  readonly password: string;
}

export interface ServiceUserRecord {
  readonly username: string;
  readonly createdAt: string;
  readonly rotatedAt: string;
}

/**
 * Service usernames always contain an underscore, which station ids cannot, so a station can never be
 * registered under the bridge's name (or the reverse) and `%u` ACL patterns never match a service user.
 */
const SERVICE_USERNAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;
export const isValidServiceUsername = (name: string): boolean =>
  SERVICE_USERNAME.test(name) && name.includes('_');

export const DEFAULT_SERVICE_USERNAME = 'regiobox_bridge';

/**
 * The bridge's own logins for an external broker (one per bridge instance): they read every station's
 * reports and send commands. The embedded broker does not need them; the bridge that starts it passes
 * its credentials in directly.
 */
export class ServiceUsers {
  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly nowIso: () => string,
    private readonly random: (size: number) => Buffer,
  ) {}

  /** Creates the service user, or gives it a new password if it exists (the old one stops working). */
  async issue(username: string): Promise<ServiceCredentials> {
    if (!isValidServiceUsername(username)) {
      throw new RegistryError(
        'INVALID_SERVICE_USERNAME',
        `"${username}" is not a valid service username (lower-case letters, digits, "-" and at least one "_")`,
      );
    }
    const secret = await issueSecret(this.random);
    const at = this.nowIso();
    this.db
      .prepare(
        `INSERT INTO registry_service_users (username, password_hash, mosquitto_hash, created_at, rotated_at)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash,
           mosquitto_hash = excluded.mosquitto_hash, rotated_at = excluded.rotated_at`,
      )
      .run(username, secret.hash, secret.mosquittoHash, at, at);
    return { username, password: secret.password };
  }

  /** Takes the same time whether or not the username exists. */
  async verify(username: string, password: string): Promise<boolean> {
    const row = this.db
      .prepare('SELECT password_hash FROM registry_service_users WHERE username = ?')
      .get(username) as { password_hash: string } | undefined;
    const ok = await verifyPassword(password, row?.password_hash ?? DECOY_HASH);
    return ok && row !== undefined;
  }

  remove(username: string): void {
    const changed = this.db
      .prepare('DELETE FROM registry_service_users WHERE username = ?')
      .run(username).changes;
    if (changed === 0) {
      throw new RegistryError('SERVICE_USER_NOT_FOUND', `service user ${username} is not registered`);
    }
  }

  list(): ServiceUserRecord[] {
    const rows = this.db
      .prepare('SELECT username, created_at, rotated_at FROM registry_service_users ORDER BY username')
      .all() as { username: string; created_at: string; rotated_at: string }[];
    return rows.map((r) => ({ username: r.username, createdAt: r.created_at, rotatedAt: r.rotated_at }));
  }

  mosquittoHashes(): { username: string; mosquittoHash: string }[] {
    const rows = this.db
      .prepare('SELECT username, mosquitto_hash FROM registry_service_users ORDER BY username')
      .all() as { username: string; mosquitto_hash: string }[];
    return rows.map((r) => ({ username: r.username, mosquittoHash: r.mosquitto_hash }));
  }
}
