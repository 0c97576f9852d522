import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodeOutcome } from '../station/api.js';
import type { KioskStatus } from './schema.js';
import { getJson, openEventStream, postCode } from './testing/http.js';
import {
  type KioskStation,
  loadParcel,
  reserveOrder,
  snapshotOf,
  startKioskStation,
  until,
} from './testing/kiosk-station.js';

let station: KioskStation;

beforeEach(async () => {
  station = await startKioskStation();
});

afterEach(async () => {
  await station.close();
});

const url = () => station.kiosk.url;

/** One chilled parcel, loaded by its producer; returns the customer's codes and the compartment. */
const loadedOrder = async (orderId = 'order-1') => {
  const reserved = await reserveOrder(station, orderId, [
    { parcelId: 'milk', producer: 'Hof Müller', zone: 'chilled' },
  ]);
  const parcel = reserved.parcels[0];
  if (!parcel) throw new Error('no parcel reserved');
  await loadParcel(station, parcel.loadingCode, parcel.compartment);
  return { pin: reserved.pickupPin, qr: reserved.qrToken, compartment: parcel.compartment };
};

const pulsedChannels = () => station.hardware.pulses.map((p) => p.channel);

describe('POST /api/code', () => {
  it('a producer loading code opens the reserved compartment and names it', async () => {
    const reserved = await reserveOrder(station, 'order-load', [
      { parcelId: 'bread', producer: 'Bäckerei Kruse', zone: 'ambient' },
    ]);
    const parcel = reserved.parcels[0];
    if (!parcel) throw new Error('no parcel reserved');

    const answer = await postCode(url(), { code: parcel.loadingCode, source: 'keypad' });

    expect(answer.status).toBe(200);
    const outcome = answer.body as CodeOutcome;
    expect(outcome).toMatchObject({ ok: true, purpose: 'loading' });
    if (!outcome.ok) return;
    expect(outcome.compartments.map((c) => [c.no, c.location])).toEqual([[5, 'obere Reihe, 1. von links']]);
    expect(pulsedChannels()).toEqual([station.channelOf(5)]);
  });

  it('a customer PIN opens exactly the compartment holding the order, and that door can be pulled open', async () => {
    const { pin, compartment } = await loadedOrder();
    const before = station.hardware.pulses.length;

    const answer = await postCode(url(), { code: pin, source: 'keypad' });

    const outcome = answer.body as CodeOutcome;
    expect(outcome).toMatchObject({ ok: true, purpose: 'pickup', orderId: 'order-1' });
    if (!outcome.ok) return;
    expect(outcome.compartments.map((c) => c.no)).toEqual([compartment]);
    expect(station.hardware.pulses.slice(before).map((p) => p.channel)).toEqual([
      station.channelOf(compartment),
    ]);
    expect(station.hardware.pullDoor(station.channelOf(compartment))).toBe(true);
    // no other door was unlatched
    for (const other of [5, 6, 7, 8].filter((no) => no !== compartment))
      expect(station.hardware.isUnlatched(station.channelOf(other))).toBe(false);
  });

  it('the QR token from a scanner opens the same compartment', async () => {
    const { qr, compartment } = await loadedOrder();

    const outcome = (await postCode(url(), { code: qr, source: 'scanner' })).body as CodeOutcome;

    expect(outcome.ok && outcome.compartments.map((c) => c.no)).toEqual([compartment]);
    expect(station.hardware.isUnlatched(station.channelOf(compartment))).toBe(true);
  });

  it('a wrong PIN says how many tries are left and opens nothing', async () => {
    await loadedOrder();
    const before = station.hardware.pulses.length;

    const first = (await postCode(url(), { code: '0000000000', source: 'keypad' })).body as CodeOutcome;
    const second = (await postCode(url(), { code: '0000000001', source: 'keypad' })).body as CodeOutcome;

    expect(first).toMatchObject({ ok: false, reason: 'WRONG_CODE', triesLeft: 4 });
    expect(second).toMatchObject({ ok: false, reason: 'WRONG_CODE', triesLeft: 3 });
    expect(station.hardware.pulses.length).toBe(before);
  });

  const JSON_TYPE = 'application/json';
  it.each([
    { what: 'not JSON at all', body: '{"code": 12', type: JSON_TYPE, status: 400, code: 'INVALID_BODY' },
    { what: 'no source', body: { code: '1234567890' }, type: JSON_TYPE, status: 400, code: 'INVALID_BODY' },
    {
      what: 'an unknown source',
      body: { code: '1234567890', source: 'nfc' },
      type: JSON_TYPE,
      status: 400,
      code: 'INVALID_BODY',
    },
    {
      what: 'markup as code',
      body: { code: '<b>', source: 'keypad' },
      type: JSON_TYPE,
      status: 400,
      code: 'INVALID_BODY',
    },
    {
      what: 'an empty code',
      body: { code: '', source: 'keypad' },
      type: JSON_TYPE,
      status: 400,
      code: 'INVALID_BODY',
    },
    {
      what: 'a number as code',
      body: { code: 1234567890, source: 'keypad' },
      type: JSON_TYPE,
      status: 400,
      code: 'INVALID_BODY',
    },
    {
      what: 'extra fields',
      body: { code: '1234567890', source: 'keypad', door: 3 },
      type: JSON_TYPE,
      status: 400,
      code: 'INVALID_BODY',
    },
    { what: 'a JSON array', body: [1, 2], type: JSON_TYPE, status: 400, code: 'INVALID_BODY' },
    {
      what: 'a huge body',
      body: { code: '1'.repeat(10_000), source: 'keypad' },
      type: JSON_TYPE,
      status: 400,
      code: 'INVALID_BODY',
    },
    {
      what: 'form data',
      body: 'code=1234567890&source=keypad',
      type: 'application/x-www-form-urlencoded',
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    },
    {
      what: 'a text/plain body (unsupported media type, as the README says)',
      body: '{"code":"1234567890","source":"keypad"}',
      type: 'text/plain',
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    },
  ])(
    '$what → $status problem+json, nothing opens, the kiosk keeps serving',
    async ({ body, type, status, code }) => {
      await loadedOrder();
      const before = station.hardware.pulses.length;

      const answer = await postCode(url(), body, type);

      expect(answer.status).toBe(status);
      expect(answer.contentType).toContain('application/problem+json');
      expect(answer.body).toMatchObject({ status, code });
      expect(station.hardware.pulses.length).toBe(before);
      expect((await getJson(url(), '/api/status')).status).toBe(200);
    },
  );
});

describe('faults', () => {
  it('an unplugged board shows out of service, refuses fast, and the PIN still works once it is back', async () => {
    const { pin, compartment } = await loadedOrder();
    const before = station.hardware.pulses.length;
    station.hardware.setReachable(false);

    const status = (await getJson(url(), '/api/status')).body as KioskStatus;
    const refused = (await postCode(url(), { code: pin, source: 'keypad' })).body as CodeOutcome;

    expect(status.outOfService).toEqual({ reason: 'BOARD_UNREACHABLE' });
    expect(refused).toMatchObject({ ok: false, reason: 'BOARD_UNREACHABLE' });
    expect(station.hardware.pulses.length).toBe(before);

    station.hardware.setReachable(true);
    expect(((await getJson(url(), '/api/status')).body as KioskStatus).outOfService).toBeNull();
    const opened = (await postCode(url(), { code: pin, source: 'keypad' })).body as CodeOutcome;
    expect(opened.ok && opened.compartments.map((c) => c.no)).toEqual([compartment]);
  });

  it('a storage fault puts the kiosk out of service: no door opens that could not be recorded', async () => {
    const { pin, compartment } = await loadedOrder();
    const before = station.hardware.pulses.length;
    station.setStorageOk(false);

    const status = (await getJson(url(), '/api/status')).body as KioskStatus;
    const refused = (await postCode(url(), { code: pin, source: 'keypad' })).body as CodeOutcome;

    expect(status.outOfService).toEqual({ reason: 'STORAGE_FAULT' });
    expect(refused).toMatchObject({ ok: false, reason: 'OUT_OF_SERVICE' });
    expect(station.hardware.pulses.length).toBe(before);
    expect(snapshotOf(station, compartment)?.state).toBe('loaded');
  });

  it('a database that turns read-only mid-service refuses the code instead of opening an unrecorded door', async () => {
    const { pin, compartment } = await loadedOrder();
    const before = station.hardware.pulses.length;
    station.fixture.db.pragma('query_only = ON');

    const answer = await postCode(url(), { code: pin, source: 'keypad' });

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ ok: false, reason: 'OUT_OF_SERVICE' });
    expect(station.hardware.pulses.length).toBe(before);
    station.fixture.db.pragma('query_only = OFF');
    const opened = (await postCode(url(), { code: pin, source: 'keypad' })).body as CodeOutcome;
    expect(opened.ok && opened.compartments.map((c) => c.no)).toEqual([compartment]);
  });
});

describe('GET /api/events', () => {
  it('starts with the status, then reports the door opening and closing, and goods left inside', async () => {
    const { pin, compartment } = await loadedOrder();
    const stream = await openEventStream(url());
    try {
      await until('first status', () => stream.events.find((e) => e.type === 'status'));
      await postCode(url(), { code: pin, source: 'keypad' });
      const channel = station.channelOf(compartment);
      station.hardware.pullDoor(channel);

      await until('door open event', () =>
        stream.events.find((e) => e.type === 'door' && e.compartment === compartment && e.open),
      );
      await until('status with the open door', () =>
        stream.events.find((e) => e.type === 'status' && e.status.openDoors.includes(compartment)),
      );
      // the customer shuts the door but leaves the goods inside
      station.hardware.closeDoor(channel);
      await until('door closed event', () =>
        stream.events.find((e) => e.type === 'door' && e.compartment === compartment && !e.open),
      );
      const mismatch = await until('occupancy mismatch', () =>
        stream.events.find((e) => e.type === 'occupancy_mismatch'),
      );
      expect(mismatch).toEqual({ type: 'occupancy_mismatch', compartment, goodsInside: true });
    } finally {
      await stream.close();
    }
  });

  it('tells the page when an unlocked door was never opened', async () => {
    const { pin, compartment } = await loadedOrder();
    const stream = await openEventStream(url());
    try {
      await postCode(url(), { code: pin, source: 'keypad' });
      station.fixture.clock.advance((station.fixture.config.doors.openTimeoutSeconds + 1) * 1000);
      station.fixture.station.sweepUnlocks();

      const event = await until('unlock_not_used', () =>
        stream.events.find((e) => e.type === 'unlock_not_used'),
      );
      expect(event).toEqual({ type: 'unlock_not_used', compartment });
    } finally {
      await stream.close();
    }
  });

  it('pushes the out-of-service status when the board goes away and when it comes back', async () => {
    const stream = await openEventStream(url());
    try {
      await until('first status', () => stream.events.find((e) => e.type === 'status'));
      station.hardware.setReachable(false);
      await until('out of service', () =>
        stream.events.find(
          (e) => e.type === 'status' && e.status.outOfService?.reason === 'BOARD_UNREACHABLE',
        ),
      );
      station.hardware.setReachable(true);
      await until('back in service', () => {
        const last = stream.events.filter((e) => e.type === 'status').at(-1);
        return last?.type === 'status' && last.status.outOfService === null;
      });
    } finally {
      await stream.close();
    }
  });
});

describe('the page', () => {
  const fetchText = async (path: string) => {
    const response = await fetch(new URL(path, url()));
    return { response, text: await response.text() };
  };

  it('is served with everything it needs from the station itself, so it works with the network down', async () => {
    const { response, text } = await fetchText('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");

    const referenced = [...text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '');
    const seen = new Set<string>();
    const queue = referenced.filter((ref) => !ref.startsWith('data:'));
    while (queue.length > 0) {
      const ref = queue.shift() ?? '';
      if (seen.has(ref)) continue;
      seen.add(ref);
      expect(ref, 'a local path').toMatch(/^\/[\w/.-]+$/);
      const asset = await fetchText(ref);
      expect(asset.response.status, ref).toBe(200);
      expect(asset.text, `${ref} loads nothing from elsewhere`).not.toMatch(
        /https?:\/\/|\/\/cdn|@import\s+url/,
      );
      // follow the page's ES module imports
      for (const m of asset.text.matchAll(/from '(\.{1,2}\/[\w/.-]+)'/g))
        queue.push(new URL(m[1] ?? '', new URL(ref, 'http://x')).pathname);
    }
    expect([...seen]).toEqual(
      expect.arrayContaining(['/kiosk.css', '/js/main.js', '/js/lang/de.js', '/js/lang/en.js']),
    );
  });

  it('answers an unknown path with a 404 problem', async () => {
    const answer = await getJson(url(), '/admin');
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ code: 'NOT_FOUND' });
  });
});
