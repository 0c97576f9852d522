import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STAFF } from './testing/counter-config.js';
import { type CounterStation, StaffClient, startCounterStation } from './testing/counter-station.js';

const [ANNA, BEN] = STAFF;

describe("the counter's staff page API", () => {
  let s: CounterStation;
  beforeEach(async () => {
    s = await startCounterStation();
  });
  afterEach(() => s.close());

  const reserve = () =>
    s.fixture.station.reserve({
      orderId: 'O-7',
      parcels: [
        { parcelId: 'brot', producer: 'Bäckerei Kruse', zone: 'ambient', size: 'M' },
        { parcelId: 'milch', producer: 'Hof Müller', zone: 'chilled', size: 'S' },
      ],
    });

  it('staff log in with their own password; a wrong one is refused and nothing is shown without a login', async () => {
    const anna = new StaffClient(s.url);
    expect((await anna.call('GET', 'me')).status).toBe(401);
    expect((await anna.call('POST', 'code', { code: '1234567890', source: 'keypad' })).status).toBe(401);
    expect(await anna.login('anna', 'falsch-falsch')).toMatchObject({
      status: 401,
      json: { code: 'WRONG_LOGIN' },
    });
    expect(await anna.login('niemand', ANNA?.password ?? '')).toMatchObject({
      status: 401,
      json: { code: 'WRONG_LOGIN' },
    });
    expect(await anna.login('anna', ANNA?.password ?? '')).toMatchObject({
      status: 200,
      json: { staff: { id: 'anna', name: 'Anna Schulz' } },
    });
    const me = await anna.call('GET', 'me');
    expect(me.json).toMatchObject({ station: 'Hofladen Sonnenwiese', staff: { id: 'anna' } });
    expect(
      (me.json.places as { no: number; type: string; zone: string }[]).map((p) => [p.no, p.type, p.zone]),
    ).toEqual([
      [1, 'shelf', 'ambient'],
      [2, 'fridge', 'chilled'],
      [3, 'freezer', 'frozen'],
      [4, 'shelf', 'ambient'],
    ]);
    await anna.call('POST', 'logout');
    expect((await anna.call('GET', 'me')).status).toBe(401);
  });

  it('after five wrong passwords a login waits (429 with Retry-After), even with the right one; a colleague still gets in', async () => {
    const guesser = new StaffClient(s.url);
    for (let i = 0; i < 5; i++) expect((await guesser.login('anna', `rate-${i}-xxxx`)).status).toBe(401);
    const throttled = await guesser.login('anna', ANNA?.password ?? '');
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await new StaffClient(s.url).login('ben', BEN?.password ?? '')).status).toBe(200);
  });

  it('a PIN shows each parcel with its place; the hand-over is confirmed parcel by parcel and recorded with the logged-in staff member', async () => {
    const r = await reserve();
    const ben = new StaffClient(s.url);
    await ben.login('ben', BEN?.password ?? '');
    for (const [p, place] of [
      [r.parcels[0], 4],
      [r.parcels[1], 2],
    ] as const) {
      const l = await ben.call('POST', 'code', { code: p?.loadingCode, source: 'keypad' });
      expect(l.json).toMatchObject({ ok: true, purpose: 'loading' });
      expect(
        (await ben.call('POST', 'book', { ticket: l.json.ticket, parcelId: p?.parcelId, place })).json,
      ).toMatchObject({ ok: true, place });
    }
    const l = await ben.call('POST', 'code', { code: r.pickupPin, source: 'keypad' });
    expect(l.json).toMatchObject({ ok: true, purpose: 'pickup', orderId: 'O-7' });
    expect(
      (l.json.parcels as { parcelId: string; place: number }[]).map((p) => [p.parcelId, p.place]),
    ).toEqual([
      ['brot', 4],
      ['milch', 2],
    ]);
    expect(
      (await ben.call('POST', 'hand-over', { ticket: l.json.ticket, parcelId: 'brot' })).json,
    ).toMatchObject({ ok: true, orderClosed: false });
    expect(
      (await ben.call('POST', 'hand-over', { ticket: l.json.ticket, parcelId: 'milch' })).json,
    ).toMatchObject({ ok: true, orderClosed: true });
    expect(await ben.call('POST', 'hand-over', { ticket: l.json.ticket, parcelId: 'milch' })).toMatchObject({
      status: 409,
    });
    expect(s.fixture.eventsOf('order.picked_up')).toHaveLength(1);
    const by = s.fixture.db
      .prepare("SELECT DISTINCT by FROM audit_log WHERE action IN ('handed_over', 'delivery_booked')")
      .all();
    expect(by).toEqual([{ by: 'ben' }]);
  });

  it('a booking into a place of the wrong zone is refused with the reason, and the parcel stays where it was', async () => {
    const r = await reserve();
    const anna = new StaffClient(s.url);
    await anna.login('anna', ANNA?.password ?? '');
    const l = await anna.call('POST', 'code', { code: r.parcels[1]?.loadingCode, source: 'keypad' });
    const refused = await anna.call('POST', 'book', { ticket: l.json.ticket, parcelId: 'milch', place: 3 });
    expect(refused).toMatchObject({ status: 409, json: { ok: false, code: 'ILLEGAL_TRANSITION' } });
    expect(String(refused.json.message)).toContain('chilled goods cannot be stored at a frozen place');
    expect(s.fixture.parcel('O-7', 'milch')).toMatchObject({ state: 'reserved', compartment: 2 });
    expect(
      await anna.call('POST', 'book', { ticket: l.json.ticket, parcelId: 'milch', place: 'zwei' }),
    ).toMatchObject({ status: 400 });
  });
});
