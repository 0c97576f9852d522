import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { StationCredentials } from '../registry/index.js';

export interface StationSecretFiles {
  readonly passwordFile: string;
  readonly commandKeyFile: string;
}

/** 0600 under a 0700 directory, written whole (temporary name, then rename): only their owner reads them. */
const writeSecret = (file: string, secret: string): void => {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${secret}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
};

/**
 * The station's broker password and command key as the files its config names (`mqtt.passwordFile`,
 * `mqtt.commandKeyFile`), in the form the station reads: the password as text, the key as hex.
 */
export const writeStationSecrets = (creds: StationCredentials, dir: string): StationSecretFiles => {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const files = {
    passwordFile: path.join(dir, 'mqtt-password'),
    commandKeyFile: path.join(dir, 'command-key'),
  };
  writeSecret(files.passwordFile, creds.password);
  writeSecret(files.commandKeyFile, creds.commandKey);
  return files;
};
