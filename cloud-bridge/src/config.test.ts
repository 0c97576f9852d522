import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFromEnv, loadConfig, loadRegistryLocation, parseConfig } from './config.js';

const tempFile = (name: string, text: string): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regiobox-config-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};

describe('bridge configuration', () => {
  it('defaults to an embedded broker and HTTP on loopback and a SQLite file under ./.data', () => {
    const c = parseConfig({});
    expect(c.broker).toMatchObject({ host: '127.0.0.1', port: 1883 });
    expect(c.broker.url).toBeUndefined();
    expect(c.http).toMatchObject({ host: '127.0.0.1', port: 8080 });
    expect(c.database.file).toBe('./.data/bridge.db');
  });

  it('takes database.url for PostgreSQL and refuses anything but a postgres URL, without echoing it', () => {
    const url = 'postgres://bridge:s3cret@db.example:5432/regiobox';
    expect(loadConfig(undefined, { REGIOBOX_BRIDGE__DATABASE__URL: url }).database.url).toBe(url);
    expect(parseConfig({}).database.url).toBeUndefined();
    const bad = 'mysql://bridge:s3cret@db.example/regiobox';
    expect(() => parseConfig({ database: { url: bad } })).toThrow(
      'database.url = (hidden): a postgres:// or postgresql:// URL',
    );
    expect(() => parseConfig({ database: { url: bad } })).not.toThrow(/s3cret/);
  });

  it('refuses broker.sharedGroup with the embedded broker, naming the key, and takes it with an MQTT 5 broker', () => {
    expect(() => parseConfig({ broker: { sharedGroup: 'bridges' } })).toThrow(
      /broker\.sharedGroup = "bridges": shared subscriptions need an MQTT 5 broker at broker\.url/,
    );
    const external = { url: 'mqtt://broker.example:1883', username: 'regiobox_bridge_a', password: 'pw' };
    expect(parseConfig({ broker: { ...external, sharedGroup: 'bridges' } }).broker.sharedGroup).toBe(
      'bridges',
    );
    expect(() => parseConfig({ broker: { ...external, sharedGroup: 'a/b' } })).toThrow(
      'broker.sharedGroup = "a/b": letters, digits, _ and - (no /, + or #)',
    );
  });

  it('reads a YAML file and lets REGIOBOX_BRIDGE__* variables override it', () => {
    const file = tempFile(
      'bridge.yaml',
      'http:\n  port: 9000\n  apiKeys:\n    - name: shop\n      sha256: "' +
        'ab'.repeat(32) +
        '"\nhistory:\n  bucketSeconds: 60\n',
    );
    const c = loadConfig(file, {
      REGIOBOX_BRIDGE__HTTP__PORT: '9100',
      REGIOBOX_BRIDGE__BROKER__URL: 'mqtts://broker.example:8883',
      REGIOBOX_BRIDGE__BROKER__USERNAME: 'regiobox_bridge',
      REGIOBOX_BRIDGE__BROKER__PASSWORD: 'pw',
      REGIOBOX_BRIDGE__WEBHOOKS__ENDPOINTS:
        '[{"id":"shop","url":"https://shop.example/hooks","secret":"0123456789abcdef"}]',
    });
    expect(c.http.port).toBe(9100);
    expect(c.http.apiKeys).toEqual([{ name: 'shop', sha256: 'ab'.repeat(32) }]);
    expect(c.history.bucketSeconds).toBe(60);
    expect(c.broker.url).toBe('mqtts://broker.example:8883');
    expect(c.webhooks.endpoints[0]?.events).toContain('order.*');
  });

  it('names the key, the value and what was expected, and hides secrets', () => {
    const bad = () =>
      parseConfig({
        http: { port: 'eighty' },
        log: { level: 'loud' },
        webhooks: { endpoints: [{ id: 'x', url: 'ftp://x', secret: 'short' }] },
        brokr: {},
      });
    expect(bad).toThrow(/http\.port = "eighty": .*number/);
    expect(bad).toThrow(/log\.level = "loud": .*"info"/);
    expect(bad).toThrow(/webhooks\.endpoints\.0\.secret = \(hidden\): at least 16 characters/);
    expect(bad).toThrow(/brokr = \{\}: not a known setting/);
    expect(() => parseConfig({ broker: { url: 'mqtt://x:1883' } })).toThrow(/broker\.username/);
  });

  it('keeps signed commands no longer than the 30 s a station accepts them', () => {
    expect(parseConfig({}).commands.serviceOpenTtlSeconds).toBe(30);
    expect(parseConfig({ commands: { serviceOpenTtlSeconds: 10 } }).commands.serviceOpenTtlSeconds).toBe(10);
    expect(() => parseConfig({ commands: { serviceOpenTtlSeconds: 120 } })).toThrow(
      /commands\.serviceOpenTtlSeconds = 120/,
    );
  });

  it('turns nested snake-case variables into config keys', () => {
    expect(configFromEnv({ REGIOBOX_BRIDGE__REGISTRY__MASTER_KEY_FILE: '/k', OTHER: 'x' })).toEqual({
      registry: { masterKeyFile: '/k' },
    });
  });

  it('the production example deploy/bridge.yaml is valid with its secrets from the environment, and stations commands need none of them', () => {
    const example = path.resolve(import.meta.dirname, '../deploy/bridge.yaml');
    expect(() => loadConfig(example, {})).toThrow(/broker\.username .*username and password/);
    const config = loadConfig(example, {
      REGIOBOX_BRIDGE__BROKER__PASSWORD: 'service-user-password',
      REGIOBOX_BRIDGE__DASHBOARD__SESSION_SECRET: 's'.repeat(32),
    });
    expect(config.broker.url).toMatch(/^mqtts:\/\//);
    expect(config.http.apiKeys[0]?.key).toBeUndefined();
    expect(loadRegistryLocation(example, {})).toEqual({
      database: { file: '/var/lib/regiobox-bridge/bridge.db', poolSize: 10 },
      registry: { masterKeyFile: '/etc/regiobox-bridge/master.key' },
    });
  });
});
