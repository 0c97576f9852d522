import { afterEach, describe, expect, it } from 'vitest';
import { Reservation } from '../http/schemas.js';
import { startTestBridge, type TestBridge } from '../test-support/bridge-harness.js';
import { compartment } from '../test-support/messages.js';
import { reserveAnswer } from '../test-support/station-peer.js';
import { until } from '../test-support/until.js';

const S = 'feldweg-2';

describe('a command the station does not answer at once', () => {
  let t: TestBridge;
  afterEach(async () => t?.dispose());

  it('is answered 202, published again with the same id, and its codes are handed out once afterwards', async () => {
    t = await startTestBridge({ commands: { replyWaitMs: 300, retryAfterSeconds: 1 } });
    const peer = await t.station(S, 1, [compartment(1)]);
    let calls = 0;
    peer.respond = (c) => (++calls === 1 ? 'silent' : reserveAnswer(c)); // the first reply is lost
    await until('online', async () => (await t.bridge.store.presence(S))?.state === 'online');

    const res = await t.api('POST', `/v1/stations/${S}/reservations`, {
      orderId: 'o-slow',
      parcels: [
        {
          parcelId: 'p1',
          producer: 'Hof',
          zone: 'chilled',
          size: 'M',
          deadline: new Date(Date.now() + 86_400_000).toISOString(),
        },
      ],
    });
    expect(res.status).toBe(202);
    const sent = Reservation.parse(await res.json());
    expect(sent.status).toBe('sent');

    await until('republished', () => peer.commands.length === 2);
    expect(peer.commands.map((c) => c.id)).toEqual([sent.reservationId, sent.reservationId]);
    // polling: the first answer that shows `reserved` is the one that carries the codes
    let first = Reservation.parse(
      await (await t.api('GET', `/v1/reservations/${sent.reservationId}`)).json(),
    );
    await until('reply stored', async () => {
      if (first.status !== 'reserved') {
        first = Reservation.parse(
          await (await t.api('GET', `/v1/reservations/${sent.reservationId}`)).json(),
        );
      }
      return first.status === 'reserved';
    });
    expect(first.pickupPin).toBe('48291375');
    const second = Reservation.parse(
      await (await t.api('GET', `/v1/reservations/${sent.reservationId}`)).json(),
    );
    expect(second.pickupPin).toBeUndefined();
  });
});
