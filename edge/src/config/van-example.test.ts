import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from './index.js';
import { loadConfig } from './load.js';

const EXAMPLES = resolve(import.meta.dirname, '../../examples');

describe('the sales van config', () => {
  it('sales-van.yaml loads as kind van, with gpsd, the grace and a telemetry batch every ten minutes', () => {
    const config = loadConfig(join(EXAMPLES, 'sales-van.yaml'), {});
    expect(config.kind).toBe('van');
    expect(config.van).toMatchObject({ gpsd: { host: '127.0.0.1', port: 2947 }, graceMinutes: 15 });
    expect(config.mqtt.telemetryIntervalSeconds).toBe(600);
  });

  it('refuses a van section at a station of another kind, naming the key', () => {
    const input = {
      stationId: 'dorfladen-1',
      dataDir: '/tmp/x',
      compartments: [{ no: 1, lockChannel: 0, doorInput: 0, size: 'M', zone: 'chilled' }],
      hardware: { driver: 'simulated' },
      mqtt: { url: 'mqtt://127.0.0.1:1883' },
      van: { gpsd: null },
    };
    expect(() => parseConfig(input)).toThrow(/van.*kind: van/);
  });
});
