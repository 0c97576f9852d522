import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { StationRegistry } from '../registry/index.js';
import { type RunningMosquitto, startMosquitto } from '../test-support/mosquitto.js';
import { writeMosquittoFiles } from './mosquitto-files.js';

// Mosquitto started by root (systemd) drops to its own user before it reads the password file.
const root = process.getuid?.() === 0;

describe('Mosquitto running as its own user reads the files write-mosquitto writes', () => {
  let dir = '';
  let mosquitto: RunningMosquitto | undefined;
  afterEach(async () => {
    await mosquitto?.stop();
    mosquitto = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!root)(
    'as the Debian package runs it (user mosquitto), the broker opens the password file and accepts a station',
    async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regiobox-mosquitto-user-'));
      fs.chmodSync(dir, 0o755); // like /etc/mosquitto: the broker may pass through
      const db = new Database(path.join(dir, 'bridge.db'));
      const registry = new StationRegistry(db);
      const station = await registry.addStation('dorfladen-3');
      const files = writeMosquittoFiles(registry, path.join(dir, 'regiobox'));
      db.close();

      mosquitto = await startMosquitto({
        config: (port) =>
          [
            'user mosquitto',
            `listener ${port} 127.0.0.1`,
            'allow_anonymous false',
            `password_file ${files.passwordFile}`,
            `acl_file ${files.aclFile}`,
            'persistence false',
            'log_dest stderr',
            'log_type all',
            '',
          ].join('\n'),
      });
      const client = await mqtt.connectAsync(mosquitto.url, {
        username: station.username,
        password: station.password,
        clientId: 'regiobox-dorfladen-3',
        reconnectPeriod: 0,
      });
      await client.endAsync();
      expect(mosquitto.log()).not.toMatch(/Unable to open pwfile/);
      const stat = fs.statSync(files.passwordFile);
      expect(stat.mode & 0o777).toBe(0o640);
    },
  );
});
