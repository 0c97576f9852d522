import { afterEach, describe, expect, it } from 'vitest';
import { startTestBridge, type TestBridge } from '../test-support/bridge-harness.js';
import { compartment } from '../test-support/messages.js';
import { reserveAnswer } from '../test-support/station-peer.js';
import { until } from '../test-support/until.js';
import { CommandOutcome, Problem, Reservation } from './schemas.js';

const S = 'kirchplatz-1';
const deadline = () => new Date(Date.now() + 86_400_000).toISOString();
const order = (orderId: string) => ({
  orderId,
  parcels: [{ parcelId: 'p1', producer: 'Imkerei Krause', zone: 'ambient', size: 'S', deadline: deadline() }],
});

describe('cancelling and extending orders', () => {
  let t: TestBridge;
  afterEach(async () => t?.dispose());

  it('withdraws a queued reservation so that the station never receives it', async () => {
    t = await startTestBridge();
    await t.register(S);
    const queued = Reservation.parse(
      await (await t.api('POST', `/v1/stations/${S}/reservations`, order('o-1'))).json(),
    );
    const res = await t.api('POST', '/v1/orders/o-1/cancel', { reason: 'customer changed their mind' });
    expect(res.status).toBe(200);
    expect(CommandOutcome.parse(await res.json()).detail).toMatch(/withdrawn/);
    const after = Reservation.parse(
      await (await t.api('GET', `/v1/reservations/${queued.reservationId}`)).json(),
    );
    expect(after.status).toBe('withdrawn');

    const peer = await t.reconnect(S, 1, [compartment(1)]);
    peer.respond = reserveAnswer;
    await until('online', async () => (await t.bridge.store.presence(S))?.state === 'online');
    expect((await t.api('POST', `/v1/stations/${S}/reservations`, order('o-2'))).status).toBe(201);
    expect(peer.commands.map((c) => c.command.type === 'reserve' && c.command.orderId)).toEqual(['o-2']);
  });

  it('sends cancel and extend of a reserved order to its station and reports the refusal of a closed one', async () => {
    t = await startTestBridge();
    const peer = await t.station(S, 1, [compartment(1)]);
    peer.respond = (c) =>
      c.command.type === 'cancel' && c.command.orderId === 'o-closed'
        ? { ok: false, code: 'ILLEGAL_TRANSITION', message: 'order o-closed was picked up' }
        : reserveAnswer(c);
    await until('online', async () => (await t.bridge.store.presence(S))?.state === 'online');
    expect((await t.api('POST', `/v1/stations/${S}/reservations`, order('o-3'))).status).toBe(201);

    const newDeadline = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const extended = await t.api('POST', '/v1/orders/o-3/extend', { deadline: newDeadline });
    expect(extended.status).toBe(200);
    expect(peer.commands.at(-1)?.command).toEqual({ type: 'extend', orderId: 'o-3', deadline: newDeadline });

    const cancelled = await t.api('POST', '/v1/orders/o-3/cancel');
    expect(CommandOutcome.parse(await cancelled.json()).status).toBe('done');
    expect(peer.commands.at(-1)?.command).toEqual({
      type: 'cancel',
      orderId: 'o-3',
      reason: 'cancelled by marketplace',
    });

    await peer.event({
      type: 'order.reserved',
      orderId: 'o-closed',
      parcels: [{ parcelId: 'p1', compartment: 1, zone: 'ambient', size: 'S', deadline: deadline() }],
    });
    await until('order known', async () => (await t.api('GET', '/v1/orders/o-closed')).status === 200);
    const refused = await t.api('POST', '/v1/orders/o-closed/cancel', {});
    expect(refused.status).toBe(409);
    expect(Problem.parse(await refused.json())).toMatchObject({ code: 'ILLEGAL_TRANSITION' });

    expect((await t.api('POST', '/v1/orders/o-unknown/cancel', {})).status).toBe(404);
  });
});
