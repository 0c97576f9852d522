import { RegistryError } from './errors.js';
import { DECOY_HASH, verifyPassword } from './password-hash.js';
import type { RegistryRows } from './registry-rows.js';
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
    private readonly rows: RegistryRows,
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
    await this.rows.upsertServiceUser({
      username,
      password_hash: secret.hash,
      mosquitto_hash: secret.mosquittoHash,
      created_at: at,
      rotated_at: at,
    });
    return { username, password: secret.password };
  }

  /** Takes the same time whether or not the username exists. */
  async verify(username: string, password: string): Promise<boolean> {
    const row = this.rows.serviceUser(username);
    const ok = await verifyPassword(password, row?.password_hash ?? DECOY_HASH);
    return ok && row !== undefined;
  }

  async remove(username: string): Promise<void> {
    if (!(await this.rows.deleteServiceUser(username))) {
      throw new RegistryError('SERVICE_USER_NOT_FOUND', `service user ${username} is not registered`);
    }
  }

  list(): ServiceUserRecord[] {
    return this.rows
      .serviceUsers()
      .map((r) => ({ username: r.username, createdAt: r.created_at, rotatedAt: r.rotated_at }));
  }

  mosquittoHashes(): { username: string; mosquittoHash: string }[] {
    return this.rows.serviceUsers().map((r) => ({ username: r.username, mosquittoHash: r.mosquitto_hash }));
  }
}
