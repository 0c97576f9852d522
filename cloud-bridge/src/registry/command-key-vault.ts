import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { RegistryError } from './errors.js';

/**
 * How command keys are kept at rest. The bridge must sign commands, so it needs each station's key in
 * clear at signing time: a one-way hash is impossible. Stored in plain hex, anyone who reads the
 * database can sign service-open commands for every station. With a master key file (kept outside the
 * database, e.g. on another volume or in a secret store mount) the keys are sealed with AES-256-GCM
 * and a stolen database alone is not enough. The station id is bound as associated data so that a
 * sealed key cannot be moved to another station's row.
 */
export interface CommandKeyVault {
  seal(stationId: string, key: Buffer): string;
  open(stationId: string, stored: string): Buffer;
}

const PLAIN = 'plain:';
const SEALED = 'aes256gcm:';

const openPlain = (stationId: string, stored: string): Buffer => {
  if (stored.startsWith(SEALED)) {
    throw new RegistryError(
      'MASTER_KEY_REQUIRED',
      `the command key of ${stationId} is sealed; start the bridge with its master key file`,
    );
  }
  if (!stored.startsWith(PLAIN)) {
    throw new RegistryError('COMMAND_KEY_UNREADABLE', `unknown command key format for ${stationId}`);
  }
  return Buffer.from(stored.slice(PLAIN.length), 'hex');
};

export const plainVault = (): CommandKeyVault => ({
  seal: (_stationId, key) => `${PLAIN}${key.toString('hex')}`,
  open: openPlain,
});

export const sealedVault = (
  masterKey: Buffer,
  random: (n: number) => Buffer = randomBytes,
): CommandKeyVault => {
  if (masterKey.length !== 32)
    throw new RegistryError('MASTER_KEY_INVALID', 'the master key must be 32 bytes');
  return {
    seal(stationId, key) {
      const iv = random(12);
      const cipher = createCipheriv('aes-256-gcm', masterKey, iv);
      cipher.setAAD(Buffer.from(stationId));
      const sealed = Buffer.concat([cipher.update(key), cipher.final()]);
      return `${SEALED}${iv.toString('hex')}:${cipher.getAuthTag().toString('hex')}:${sealed.toString('hex')}`;
    },
    open(stationId, stored) {
      // Keys written before a master key was configured stay readable.
      if (!stored.startsWith(SEALED)) return openPlain(stationId, stored);
      const [ivHex = '', tagHex = '', sealedHex = ''] = stored.slice(SEALED.length).split(':');
      try {
        const decipher = createDecipheriv('aes-256-gcm', masterKey, Buffer.from(ivHex, 'hex'));
        decipher.setAAD(Buffer.from(stationId));
        decipher.setAuthTag(Buffer.from(tagHex, 'hex'));
        return Buffer.concat([decipher.update(Buffer.from(sealedHex, 'hex')), decipher.final()]);
      } catch (cause) {
        throw new RegistryError(
          'COMMAND_KEY_UNREADABLE',
          `the command key of ${stationId} does not open with this master key`,
          { cause },
        );
      }
    },
  };
};

/**
 * Reads a 32-byte master key (64 hex characters) from `file`, creating it with mode 0600 if it does
 * not exist yet. Losing the file makes every sealed command key unreadable: back it up separately.
 */
export const loadOrCreateMasterKey = (file: string, random: (n: number) => Buffer = randomBytes): Buffer => {
  if (!existsSync(file)) {
    writeFileSync(file, `${random(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  }
  const hex = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/i.test(hex)) {
    throw new RegistryError('MASTER_KEY_INVALID', `${file} must hold 64 hex characters`);
  }
  return Buffer.from(hex, 'hex');
};
