import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReserveResult } from './api.js';
import { producerLoads, pullOpen, shut } from './testing/actors.js';
import { StationFixture } from './testing/station-fixture.js';
import { until } from './testing/until.js';

describe('when the board or the storage fails', () => {
  let f: StationFixture;
  let r: ReserveResult;
  beforeEach(async () => {
    f = new StationFixture();
    await f.start();
    r = await f.station.reserve({
      orderId: 'O-1',
      parcels: [
        { parcelId: 'bread', producer: 'Bäckerei', zone: 'ambient', size: 'S' },
        { parcelId: 'milk', producer: 'Hof Krüger', zone: 'chilled', size: 'S' },
      ],
    });
    for (const p of r.parcels) await producerLoads(f, p.loadingCode);
  });
  afterEach(() => f.close());

  it('with the board unplugged the PIN fails fast, says so, and is not used up', async () => {
    f.hw.setReachable(false);
    const out = await f.station.submitCode(r.pickupPin, 'keypad');
    expect(out).toMatchObject({
      ok: false,
      reason: 'BOARD_UNREACHABLE',
      message: expect.stringContaining('stays valid'),
    });
    expect(f.pendingUnlocks()).toEqual([]);
    f.hw.setReachable(true);
    expect(await f.station.submitCode(r.pickupPin, 'keypad')).toMatchObject({
      ok: true,
      compartments: [{ no: 1 }, { no: 4 }],
    });
  });

  it('a board that comes back while a customer’s unlock is under way does not cancel that unlock', async () => {
    f.hw.setReachable(false);
    f.hw.setReachable(true); // queues the reconnect reconciliation
    const out = f.station.submitCode(r.pickupPin, 'keypad'); // records its unlock before that runs
    await f.station.settled();
    expect(await out).toMatchObject({ ok: true, compartments: [{ no: 1 }, { no: 4 }] });
    await pullOpen(f, 1);
    await shut(f, 1, false);
    expect(f.parcel('O-1', 'bread')?.state).toBe('picked_up');
    expect(f.notices.filter((n) => n.type === 'door_forced')).toEqual([]);
  });

  it('a board lost between health check and pulse: the failed pulse is recorded, the code is not used up', async () => {
    f.hw.failNextPulse('BOARD_UNREACHABLE');
    const out = await f.station.submitCode(r.pickupPin, 'keypad');
    expect(out).toMatchObject({ ok: false, reason: 'BOARD_UNREACHABLE' });
    const actions = f.db.prepare("SELECT action, detail FROM audit_log WHERE action = 'unlock_failed'").all();
    expect(actions).toEqual([
      { action: 'unlock_failed', detail: 'BOARD_UNREACHABLE' },
      { action: 'unlock_failed', detail: 'BOARD_UNREACHABLE' },
    ]);
    expect(f.hw.pulses.filter((p) => p.channel === 0 || p.channel === 3)).toHaveLength(2); // the two loadings
    expect(await f.station.submitCode(r.pickupPin, 'keypad')).toMatchObject({ ok: true });
  });

  it('one door of two fails: the other opens, the result says which, and the PIN stays valid for the rest', async () => {
    f.hw.failNextPulse('SOLENOID_COOLDOWN', false, 60_000); // the first of the two pulses
    const out = await f.station.submitCode(r.pickupPin, 'keypad');
    expect(out).toMatchObject({
      ok: true,
      compartments: [{ no: 4 }],
      notOpened: [{ no: 1, reason: 'COOLING_DOWN', retryAfterMs: 60_000 }],
    });
    await pullOpen(f, 4);
    await shut(f, 4, false);
    expect(await f.station.submitCode(r.pickupPin, 'keypad')).toMatchObject({
      ok: true,
      compartments: [{ no: 1 }],
    });
  });

  it('a solenoid still cooling down for a moment is waited for, and the door opens', async () => {
    f.hw.failNextPulse('SOLENOID_COOLDOWN', false, 50);
    const out = await f.station.submitCode(r.pickupPin, 'keypad');
    expect(out).toMatchObject({ ok: true, compartments: [{ no: 1 }, { no: 4 }], notOpened: [] });
  });

  it('an unconfirmed pulse is recorded as unknown and the door switch decides', async () => {
    f.hw.failNextPulse('OUTCOME_UNKNOWN', true);
    const out = await f.station.submitCode(r.pickupPin, 'keypad');
    expect(out).toMatchObject({
      ok: true,
      compartments: [
        { no: 1, outcome: 'unknown' },
        { no: 4, outcome: 'confirmed' },
      ],
    });
    expect(
      f
        .eventsOf('compartment.unlocked')
        .filter((e) => e.reason === 'pickup')
        .map((e) => e.outcome),
    ).toEqual(['unknown', 'confirmed']);
    await pullOpen(f, 1);
    expect(f.parcel('O-1', 'bread')?.state).toBe('picked_up');
    expect(f.hw.pulses.filter((p) => p.channel === 0)).toHaveLength(2); // loading + the one unknown pulse, never a retry
  });

  it('an unconfirmed pulse that did not fire: the door stays shut and the PIN is given back', async () => {
    f.hw.failNextPulse('OUTCOME_UNKNOWN', false);
    await f.station.submitCode(r.pickupPin, 'keypad');
    await pullOpen(f, 4);
    await shut(f, 4, false);
    expect(await pullOpen(f, 1)).toBe(false);
    f.clock.advance(31_000);
    f.station.sweepUnlocks();
    await until(
      () => f.notices.some((n) => n.type === 'unlock_not_used' && n.compartment === 1),
      'unlock 1 not used',
    );
    expect(await f.station.submitCode(r.pickupPin, 'keypad')).toMatchObject({
      ok: true,
      compartments: [{ no: 1 }],
    });
  });

  it('gives the PIN back as "not used" only after the doors were read again; while the board cannot tell, it waits', async () => {
    expect(await f.station.submitCode(r.pickupPin, 'keypad')).toMatchObject({ ok: true });
    f.hw.setReachable(false); // the line goes bad right after the pulse: nobody knows what the door did
    f.clock.advance(31_000);
    f.station.sweepUnlocks();
    await f.station.settled();
    expect(f.notices.some((n) => n.type === 'unlock_not_used')).toBe(false);
    expect(f.hw.pulses.filter((p) => p.channel === 0)).toHaveLength(2); // loading + pickup, nothing more

    // the board answers again and its door is shut: now the unlock was not used, and the PIN works again
    f.hw.setReachable(true);
    f.hw.relatch(f.input(1));
    f.clock.advance(1_000);
    f.station.sweepUnlocks();
    await until(
      () => f.notices.some((n) => n.type === 'unlock_not_used' && n.compartment === 1),
      'unlock 1 not used',
    );
    expect(await f.station.submitCode(r.pickupPin, 'keypad')).toMatchObject({
      ok: true,
      compartments: expect.arrayContaining([expect.objectContaining({ no: 1 })]),
    });
  });

  it('with storage failing the station opens no door it cannot record, and the code stays valid', async () => {
    f.db.exec(
      "CREATE TRIGGER full BEFORE INSERT ON pending_unlocks BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END",
    );
    const out = await f.station.submitCode(r.pickupPin, 'keypad');
    expect(out).toMatchObject({ ok: false, reason: 'OUT_OF_SERVICE' });
    expect(f.hw.pulses).toHaveLength(2); // only the loadings
    f.db.exec('DROP TRIGGER full');
    expect(await f.station.submitCode(r.pickupPin, 'keypad')).toMatchObject({ ok: true });
  });
});
