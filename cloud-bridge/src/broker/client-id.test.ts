import { describe, expect, it } from 'vitest';
import { clientIdBelongsTo, MAX_CLIENT_ID_LENGTH } from './client-id.js';

const registered = new Set(['station-a', 'station-a-2', 'station-b', 'regiobox_bridge']);
const isRegistered = (name: string) => registered.has(name);

describe('which client ids a login may use', () => {
  it.each([
    ['station-a', 'station-a'],
    ['station-a.edge', 'station-a'],
    ['station-a-x', 'station-a'],
    ['regiobox_bridge', 'regiobox_bridge'],
    ['regiobox_bridge-2', 'regiobox_bridge'],
    ['regiobox-station-a', 'station-a'],
    ['regiobox-station-a.edge', 'station-a'],
  ])('%s for %s', (clientId, username) => {
    expect(clientIdBelongsTo(clientId, username, isRegistered)).toBe(true);
  });

  it.each([
    ['station-b', 'station-a', 'another station'],
    ['station-a-2', 'station-a', 'a longer registered station id'],
    ['station-a-2.edge', 'station-a', 'a client id owned by station-a-2'],
    ['station', 'station-a', 'a prefix of the username'],
    ['', 'station-a', 'an empty id'],
    [`station-a${'x'.repeat(MAX_CLIENT_ID_LENGTH)}`, 'station-a', 'an overlong id'],
    ['regiobox-station-b', 'station-a', "another station's documented id"],
    ['regiobox-station-a-2', 'station-a', "a longer registered station's documented id"],
    ['regiobox-station', 'station-a', 'a prefix of the documented id'],
  ])('not %s for %s (%s)', (clientId, username) => {
    expect(clientIdBelongsTo(clientId, username, isRegistered)).toBe(false);
  });
});

describe('the documented station client id regiobox-<stationId> (MQTT.md)', () => {
  it('is accepted for its station', () => {
    expect(clientIdBelongsTo('regiobox-station-a', 'station-a', isRegistered)).toBe(true);
  });

  it('belongs to station a, not to a station named regiobox-a, whose own id is regiobox-regiobox-a', () => {
    const names = new Set(['a', 'regiobox-a']);
    const has = (n: string) => names.has(n);
    expect(clientIdBelongsTo('regiobox-a', 'a', has)).toBe(true);
    expect(clientIdBelongsTo('regiobox-a', 'regiobox-a', has)).toBe(false);
    expect(clientIdBelongsTo('regiobox-regiobox-a', 'regiobox-a', has)).toBe(true);
    expect(clientIdBelongsTo('regiobox-regiobox-a', 'a', has)).toBe(false);
  });
});
