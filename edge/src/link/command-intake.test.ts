import { MAX_PAYLOAD_BYTES } from '@regiobox/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../domain/clock.js';
import type { CommandHandler } from './command-intake.js';
import type { MqttLink } from './mqtt-link.js';
import { commandFor, reserveBody, serviceOpenBody } from './testing/commands.js';
import { type HandledCommand, testLink, untilState } from './testing/link-fixture.js';
import { TestMarketplace } from './testing/marketplace.js';
import { StationStore } from './testing/station-store.js';
import { TestBroker } from './testing/test-broker.js';
import { until } from './testing/until.js';

const STATION = 'markthalle-3';
const KEY = Buffer.from('a per-station command key of 32 bytes!!');

class StationRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

describe('commands from the marketplace', () => {
  let broker: TestBroker;
  let store: StationStore;
  let market: TestMarketplace;
  let link: MqttLink;
  let clock: ManualClock;
  let handled: HandledCommand[];
  let answer: CommandHandler;

  const start = async () => {
    link = testLink(broker.url, store, {
      clock,
      commands: {
        commandKey: KEY,
        serviceOpenLimit: { burst: 2, refillMs: 60_000 },
        handler: async (command, ctx) => {
          handled.push({ command, ...ctx });
          return answer(command, ctx);
        },
      },
    });
    link.start();
    await untilState(link, 'online');
  };
  const command = (
    ...args: Parameters<typeof commandFor> extends [string, unknown, ...infer R] ? R : never
  ) => commandFor(STATION, clock, ...args);

  beforeEach(async () => {
    broker = await TestBroker.start();
    store = new StationStore(STATION);
    market = await TestMarketplace.connect(broker.url, STATION);
    clock = new ManualClock(new Date());
    handled = [];
    answer = async (c) => ({ done: c.type });
    await start();
  });

  afterEach(async () => {
    await link.stop();
    await market.close();
    await broker.close();
    store.close();
  });

  it('runs a reservation once and answers a repeated id with the first reply, codes blanked', async () => {
    answer = async () => ({
      orderId: 'order-1',
      pickupPin: '482913',
      parcels: [{ parcelId: 'p-1', loadingCode: '7731' }],
    });
    const reserve = command(reserveBody);
    await market.send(reserve);
    const first = await market.reply(reserve.id);
    expect(first).toMatchObject({ ok: true, result: { pickupPin: '482913' } });
    expect(first.duplicate).toBeUndefined();

    await market.send(reserve);
    const second = await market.reply(reserve.id, 1);
    expect(second).toMatchObject({
      ok: true,
      duplicate: true,
      at: first.at,
      result: { orderId: 'order-1', pickupPin: '' },
    });
    expect(second.ok && second.result.parcels).toEqual([{ parcelId: 'p-1', loadingCode: '' }]);
    expect(handled).toHaveLength(1);
    expect(handled[0]?.command).toEqual(reserveBody);
  });

  it('refuses malformed payloads with a reply naming the problem and keeps working', async () => {
    const valid = command({ type: 'block', compartment: 4, reason: 'cleaning', by: 'op-1' });
    const cases: [string | Buffer, RegExp, string][] = [
      ['{"v":1,"id":', /not valid JSON/, ''],
      [
        JSON.stringify({ ...valid, id: 'wrong-types', command: { ...valid.command, compartment: 'four' } }),
        /command\.compartment/,
        'wrong-types',
      ],
      [
        JSON.stringify({ ...valid, id: 'missing-fields', command: { type: 'block', compartment: 4 } }),
        /command\.reason/,
        'missing-fields',
      ],
      [JSON.stringify({ ...valid, id: 'no-expiry', expiresAt: undefined }), /expiresAt/, 'no-expiry'],
      [
        JSON.stringify({ ...valid, id: 'open-all-x', command: { type: 'open_all' } }),
        /command\.type/,
        'open-all-x',
      ],
      [
        JSON.stringify({ ...valid, id: 'other-station', stationId: 'nachbarort-1' }),
        /stationId.*nachbarort-1/,
        'other-station',
      ],
      [Buffer.alloc(MAX_PAYLOAD_BYTES + 1, 0x20), /exceeds/, ''],
    ];
    for (const [payload, why, id] of cases) {
      const seen = market.repliesTo(id).length;
      await market.send(payload);
      const reply = await market.reply(id, seen);
      expect(reply.ok).toBe(false);
      if (!reply.ok) {
        expect(reply.error.code).toBe('MALFORMED');
        expect(reply.error.message).toMatch(why);
      }
    }
    expect(handled).toEqual([]);

    await market.send(valid);
    expect(await market.reply(valid.id)).toMatchObject({ ok: true, result: { done: 'block' } });
    expect(link.state).toBe('online');
  });

  it('refuses an expired command and one issued in the future, and runs neither', async () => {
    const expired = command(reserveBody, {
      issuedAt: new Date(clock.now().getTime() - 120_000).toISOString(),
      expiresAt: new Date(clock.now().getTime() - 1_000).toISOString(),
    });
    const early = command(reserveBody, {
      issuedAt: new Date(clock.now().getTime() + 3_600_000).toISOString(),
      expiresAt: new Date(clock.now().getTime() + 7_200_000).toISOString(),
    });
    await market.send(expired);
    await market.send(early);
    expect(await market.reply(expired.id)).toMatchObject({ ok: false, error: { code: 'EXPIRED' } });
    expect(await market.reply(early.id)).toMatchObject({ ok: false, error: { code: 'NOT_YET_VALID' } });
    expect(handled).toEqual([]);
  });

  it('opens a compartment only for a signed, fresh command, and not too often', async () => {
    const unsigned = command(serviceOpenBody(3));
    const forged = { ...command(serviceOpenBody(3)), sig: 'ab'.repeat(32) };
    const stale = command(serviceOpenBody(3), {
      issuedAt: new Date(clock.now().getTime() - 45_000).toISOString(),
    });
    const otherKey = command(serviceOpenBody(3));
    await market.send(unsigned);
    await market.send(forged);
    await market.sendSigned(stale, KEY);
    await market.sendSigned(otherKey, Buffer.from('the key of another station, 32 b'));
    for (const c of [unsigned, forged, stale, otherKey]) {
      expect(await market.reply(c.id)).toMatchObject({ ok: false, error: { code: 'UNAUTHORISED' } });
    }
    expect(handled).toEqual([]);

    const opens = [3, 4, 5].map((n) => command(serviceOpenBody(n)));
    for (const c of opens) await market.sendSigned(c, KEY);
    expect(await market.reply(opens[0]?.id ?? '')).toMatchObject({ ok: true });
    expect(await market.reply(opens[1]?.id ?? '')).toMatchObject({ ok: true });
    expect(await market.reply(opens[2]?.id ?? '')).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED' },
    });
    expect(handled.map((h) => h.command)).toEqual([serviceOpenBody(3), serviceOpenBody(4)]);

    clock.advance(60_000);
    const later = command(serviceOpenBody(5));
    await market.sendSigned(later, KEY);
    expect(await market.reply(later.id)).toMatchObject({ ok: true });
    // A replayed signed command opens nothing again.
    await market.sendSigned(later, KEY);
    expect(await market.reply(later.id, 1)).toMatchObject({ ok: true, duplicate: true });
    expect(handled).toHaveLength(3);
  });

  it('passes the station’s refusals through and hides internal failures', async () => {
    answer = async (c) => {
      if (c.type === 'reserve')
        throw new StationRefusal('NO_FREE_COMPARTMENT', 'no free chilled M compartment');
      throw new Error('SQLITE_CORRUPT at /var/lib/regiobox/station.db');
    };
    const reserve = command(reserveBody);
    const cancel = command({ type: 'cancel', orderId: 'order-9', reason: 'customer' });
    await market.send(reserve);
    await market.send(cancel);
    expect(await market.reply(reserve.id)).toMatchObject({
      ok: false,
      error: { code: 'NO_FREE_COMPARTMENT', message: 'no free chilled M compartment' },
    });
    const failed = await market.reply(cancel.id);
    expect(failed).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(failed)).not.toContain('SQLITE');
  });

  it('republishes the retained state on resend_state', async () => {
    const before = market.states.length;
    store.outbox.appendEvent({ type: 'order.expired', orderId: 'o-5' }, clock.now());
    const resend = command({ type: 'resend_state' });
    await market.send(resend);
    expect(await market.reply(resend.id)).toMatchObject({ ok: true, result: { lastSeq: 1 } });
    await until('a new state', () => market.states.length > before);
    expect(market.states.at(-1)?.lastSeq).toBe(1);
    expect(handled).toEqual([]);
  });

  it('answers a command that a crash interrupted as INTERRUPTED after the restart', async () => {
    await link.stop();
    store.db
      .prepare(
        'INSERT INTO link_commands (command_id, command_type, received_at, keep_until_ms) VALUES (?, ?, ?, ?)',
      )
      .run('cut-by-a-crash', 'service_open', clock.now().toISOString(), clock.now().getTime() + 3_600_000);
    await start();
    expect(await market.reply('cut-by-a-crash')).toMatchObject({ ok: false, error: { code: 'INTERRUPTED' } });
  });

  it('delivers a reply that was ready while the broker was away once it is back', async () => {
    let release: () => void = () => {};
    answer = () => new Promise((resolve) => (release = () => resolve({ blocked: 2 })));
    const block = command({ type: 'block', compartment: 2, reason: 'cleaning', by: 'op-1' });
    await market.send(block);
    await until('handler running', () => handled.length === 1);
    await broker.stopNetwork();
    await untilState(link, 'backing-off');
    release();
    await broker.startNetwork();
    expect(await market.reply(block.id)).toMatchObject({ ok: true, result: { blocked: 2 } });
    expect(handled).toHaveLength(1);
  });
});
