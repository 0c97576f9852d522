import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { producerLoads, pullOpen, shut } from './testing/actors.js';
import { StationFixture } from './testing/station-fixture.js';

describe('operator actions', () => {
  let f: StationFixture;
  beforeEach(async () => {
    f = new StationFixture();
    await f.start();
  });
  afterEach(() => f.close());

  it('a remote service opening opens exactly that compartment, audited with who and why', async () => {
    const result = await f.station.serviceOpen({
      compartment: 3,
      by: 'op-anna',
      reason: 'cleaning',
      source: 'remote',
    });
    expect(result).toEqual({ compartment: 3, outcome: 'confirmed' });
    expect(f.hw.pulses.map((p) => p.channel)).toEqual([2]);
    expect(f.eventsOf('compartment.unlocked')).toEqual([
      {
        type: 'compartment.unlocked',
        compartment: 3,
        reason: 'service_remote',
        orderId: null,
        by: 'op-anna: cleaning',
        outcome: 'confirmed',
      },
    ]);
    await pullOpen(f, 3);
    expect(f.notices.some((n) => n.type === 'door_forced')).toBe(false);
    await shut(f, 3, false);
  });

  it('service opening an unknown compartment or with the board gone is refused with its code', async () => {
    await expect(
      f.station.serviceOpen({ compartment: 99, by: 'op', reason: 'x', source: 'local' }),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_COMPARTMENT',
    });
    f.hw.setReachable(false);
    await expect(
      f.station.serviceOpen({ compartment: 1, by: 'op', reason: 'x', source: 'local' }),
    ).rejects.toMatchObject({
      code: 'BOARD_UNREACHABLE',
    });
  });

  it('a service code opens its one compartment once, even a blocked one', async () => {
    await f.station.block(5, 'door sticks', 'op-anna');
    const issued = await f.station.issueServiceCode({ compartment: 5, by: 'op-anna' });
    expect(issued).toMatchObject({ compartment: 5, validUntil: '2026-03-02T09:00:00.000Z' });
    expect(issued.code).toMatch(/^\d{12}$/);
    expect(await f.station.submitCode(issued.code, 'keypad')).toMatchObject({
      ok: true,
      purpose: 'service',
      compartments: [{ no: 5 }],
    });
    await pullOpen(f, 5);
    await shut(f, 5, false);
    expect(await f.station.submitCode(issued.code, 'keypad')).toMatchObject({ ok: false, reason: 'EXPIRED' });
    const audit = f.db.prepare("SELECT by FROM audit_log WHERE action = 'unlock_confirmed'").get();
    expect(audit).toEqual({ by: 'op-anna' });
  });

  it('a blocked compartment does not open for its customer, says so, and keeps the PIN valid', async () => {
    const r = await f.station.reserve({
      orderId: 'O-1',
      parcels: [{ parcelId: 'p', producer: 'x', zone: 'cold', size: 'S' }],
    });
    await producerLoads(f, r.parcels[0]?.loadingCode ?? '');
    await f.station.block(6, 'cooling unit repair', 'op-anna');
    expect(f.eventsOf('compartment.blocked')).toEqual([
      { type: 'compartment.blocked', compartment: 6, reason: 'cooling unit repair', by: 'op-anna' },
    ]);
    expect(f.station.snapshot().find((c) => c.no === 6)).toMatchObject({
      state: 'blocked',
      blockedReason: 'cooling unit repair',
      orderId: 'O-1',
    });
    expect(await f.station.submitCode(r.pickupPin, 'keypad')).toMatchObject({
      ok: false,
      reason: 'OUT_OF_SERVICE',
    });
    await f.station.unblock(6, 'op-anna');
    await f.station.unblock(6, 'op-anna');
    expect(f.eventsOf('compartment.unblocked')).toHaveLength(1);
    expect(await f.station.submitCode(r.pickupPin, 'keypad')).toMatchObject({ ok: true });
    await expect(f.station.block(42, 'x', 'y')).rejects.toMatchObject({ code: 'UNKNOWN_COMPARTMENT' });
  });

  it('the snapshot shows every compartment with its zone, size, door and latest temperature', async () => {
    f.db
      .prepare(
        "INSERT INTO temperature_samples (probe_id, at, celsius, status) VALUES ('chill', ?, 5.5, 'ok')",
      )
      .run('2026-03-02T07:59:00.000Z');
    const snap = f.station.snapshot();
    expect(snap).toHaveLength(7);
    expect(snap[3]).toEqual({
      no: 4,
      zone: 'chilled',
      size: 'S',
      state: 'free',
      doorOpen: false,
      occupied: false,
      celsius: 5.5,
      orderId: null,
      tenant: null,
      blockedReason: null,
      tenants: null,
    });
    expect(snap[0]?.celsius).toBeNull();
  });
});
