import { describe, expect, it } from 'vitest';
import { type BrokerIdentity, mayPublish, maySubscribe } from './policy.js';

const stationA: BrokerIdentity = { kind: 'station', stationId: 'station-a' };
const bridge: BrokerIdentity = { kind: 'service', username: 'regiobox_bridge' };
const t = (id: string, kind: string) => `regiobox/v1/stations/${id}/${kind}`;

describe('what a station may publish', () => {
  it.each(['status', 'state', 'telemetry', 'events', 'replies'])('its own %s', (kind) => {
    expect(mayPublish(stationA, t('station-a', kind), false).allowed).toBe(true);
  });

  it.each([
    [t('station-b', 'events'), false, "another station's topic"],
    [t('station-b', 'status'), true, "another station's topic"],
    [t('station-a', 'commands'), false, 'stations do not publish commands'],
    [t('station-a', 'events'), true, 'events is never retained'],
    [t('station-a', 'telemetry'), true, 'telemetry is never retained'],
    ['regiobox/v1/stations/station-a/events/extra', false, 'not a regiobox station topic'],
    ['$SYS/broker/clients', false, 'not a regiobox station topic'],
    ['regiobox/v1/stations/+/events', false, 'not a regiobox station topic'],
  ])('not %s (retain %s)', (topic, retain, reason) => {
    expect(mayPublish(stationA, topic, retain)).toEqual({ allowed: false, reason });
  });

  it('retains only status and state', () => {
    expect(mayPublish(stationA, t('station-a', 'status'), true).allowed).toBe(true);
    expect(mayPublish(stationA, t('station-a', 'state'), true).allowed).toBe(true);
  });
});

describe('what a station may subscribe to', () => {
  it('exactly its own commands', () => {
    expect(maySubscribe(stationA, t('station-a', 'commands')).allowed).toBe(true);
  });

  it('its own status, to replace a late will of an older session with its birth (MQTT.md)', () => {
    expect(maySubscribe(stationA, t('station-a', 'status')).allowed).toBe(true);
  });

  it.each([
    t('station-b', 'commands'),
    t('+', 'commands'),
    'regiobox/v1/stations/station-a/#',
    'regiobox/v1/stations/#',
    '#',
    t('station-a', 'events'),
    t('station-a', 'state'),
    t('station-b', 'status'),
    t('+', 'status'),
  ])('not %s', (filter) => {
    expect(maySubscribe(stationA, filter).allowed).toBe(false);
  });
});

describe('what the bridge service user may do', () => {
  it('publishes commands to any station, never retained, and nothing else', () => {
    expect(mayPublish(bridge, t('station-b', 'commands'), false).allowed).toBe(true);
    expect(mayPublish(bridge, t('station-b', 'commands'), true)).toEqual({
      allowed: false,
      reason: 'commands are never retained',
    });
    expect(mayPublish(bridge, t('station-b', 'status'), false).allowed).toBe(false);
    expect(mayPublish(bridge, t('+', 'commands'), false).allowed).toBe(false);
  });

  it.each(['status', 'state', 'telemetry', 'events', 'replies'])(
    'subscribes to every station’s %s',
    (kind) => {
      expect(maySubscribe(bridge, t('+', kind)).allowed).toBe(true);
      expect(maySubscribe(bridge, t('station-b', kind)).allowed).toBe(true);
    },
  );

  it.each([
    t('+', 'commands'),
    t('#', 'events'),
    t('Station_B', 'events'),
    'regiobox/v1/stations/#',
    'regiobox/v1/stations/+/+',
    '#',
    '$SYS/#',
  ])('not %s', (filter) => {
    expect(maySubscribe(bridge, filter).allowed).toBe(false);
  });
});
