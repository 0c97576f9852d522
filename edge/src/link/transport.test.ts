import { describe, expect, it } from 'vitest';
import { parseBrokerUrl } from './transport.js';

describe('broker addresses', () => {
  it('reads plain and TLS URLs with their default ports', () => {
    expect(parseBrokerUrl('mqtt://broker.example.org')).toEqual({ host: 'broker.example.org', port: 1883 });
    expect(parseBrokerUrl('mqtt://10.0.0.5:11883')).toEqual({ host: '10.0.0.5', port: 11883 });
    expect(parseBrokerUrl('mqtts://broker.example.org', { ca: 'PEM' })).toEqual({
      host: 'broker.example.org',
      port: 8883,
      tls: { ca: 'PEM' },
    });
    expect(parseBrokerUrl('mqtt://[::1]:1884')).toEqual({ host: '::1', port: 1884 });
  });

  it('refuses what it cannot connect to', () => {
    expect(() => parseBrokerUrl('ws://broker.example.org')).toThrow(/mqtt:\/\/ or mqtts:\/\//);
    expect(() => parseBrokerUrl('broker.example.org:1883')).toThrow();
  });
});
