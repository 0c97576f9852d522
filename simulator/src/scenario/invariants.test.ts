import type { StationRecords } from '@regiobox/edge';
import { describe, expect, it } from 'vitest';
import type { Alarm, StoredEvent } from '../actors/marketplace-api.js';
import type { Webhook } from '../actors/webhook-inbox.js';
import { Journal } from '../world/journal.js';
import { StationTruth } from '../world/recorder.js';
import { alarmsCaused, excursionsAlarmed } from './alarm-checks.js';
import type { Evidence, StationEvidence } from './check.js';
import { doorsWithReason, eventsExactlyOnce, legalEndStates } from './invariants.js';

const T0 = Date.parse('2026-06-01T08:00:00Z');
const min = (n: number) => T0 + n * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

const event = (seq: number, type: string, body: Record<string, unknown>, at = min(seq)): StoredEvent => ({
  eventId: `ev-${seq}`,
  seq,
  type,
  at: iso(at),
  event: { type, ...body },
});

/** A cold box whose one order went reserved → loaded → picked up, with its door opened twice on pulses. */
const happyBox = () => {
  const journal = new Journal();
  journal.add({
    kind: 'code',
    stationId: 'box',
    orderId: 'o1',
    purpose: 'loading',
    ok: true,
    opened: [1],
    at: min(2),
  });
  journal.add({
    kind: 'code',
    stationId: 'box',
    orderId: 'o1',
    purpose: 'pickup',
    ok: true,
    opened: [1],
    at: min(6),
  });
  journal.add({ kind: 'order_done', stationId: 'box', orderId: 'o1', story: 'picked_up', at: min(7) });
  const truth = new StationTruth();
  truth.pulses.push({ channel: 0, at: min(2) }, { channel: 0, at: min(6) });
  truth.doors.push(
    { input: 0, open: true, cause: 'unlocked', at: min(2) },
    { input: 0, open: false, cause: 'closed', at: min(3) },
    { input: 0, open: true, cause: 'unlocked', at: min(6) },
    { input: 0, open: false, cause: 'closed', at: min(7) },
  );
  truth.readings.set(
    'box-air',
    Array.from({ length: 60 }, (_, i) => ({ at: min(i), celsius: 4 })),
  );
  const events = [
    event(1, 'order.reserved', { orderId: 'o1', parcels: [{ parcelId: 'p1', compartment: 1 }] }),
    event(2, 'parcel.loaded', { orderId: 'o1', parcelId: 'p1', compartment: 1 }),
    event(3, 'parcel.picked_up', { orderId: 'o1', parcelId: 'p1', compartment: 1 }),
    event(4, 'order.picked_up', { orderId: 'o1' }),
  ];
  const records: StationRecords = {
    lastSeq: 4,
    undelivered: 0,
    parcels: [{ orderId: 'o1', parcelId: 'p1', compartment: 1, state: 'picked_up' }],
    unlocksRequested: [
      { compartment: 1, reason: 'loading', orderId: 'o1', at: iso(min(2)) },
      { compartment: 1, reason: 'pickup', orderId: 'o1', at: iso(min(6)) },
    ],
  };
  const station: StationEvidence = {
    stationId: 'box',
    compartments: [{ no: 1, lockChannel: 0, doorInput: 0, zone: 'chilled', size: 'L', probes: ['box-air'] }],
    records,
    events,
    truth,
  };
  const webhooks: Webhook[] = events.map((e) => ({
    id: e.eventId,
    type: e.type,
    stationId: 'box',
    occurredAt: e.at,
    seq: e.seq,
    data: e.event,
  }));
  return { station, journal, webhooks };
};

const evidence = (over: Partial<Evidence> & { station: StationEvidence; journal: Journal }): Evidence => ({
  stations: [over.station],
  alarms: over.alarms ?? [],
  webhooks: over.webhooks ?? [],
  webhookDuplicates: 0,
  journal: over.journal,
  slackMs: 60_000,
  endMs: min(60),
});

const alarm = (kind: string, raisedAt: number, over: Partial<Alarm> = {}): Alarm => ({
  stationId: 'box',
  alarmId: `a-${kind}`,
  kind,
  severity: 'warning',
  compartment: 1,
  probeId: 'box-air',
  detail: kind,
  state: 'open',
  raisedAt: iso(raisedAt),
  clearedAt: null,
  acknowledged: null,
  ...over,
});

describe('the chaos invariants hold for a clean run and catch each kind of violation', () => {
  it('a clean order passes all five checks', () => {
    const { station, journal, webhooks } = happyBox();
    const e = evidence({ station, journal, webhooks });
    for (const c of [
      eventsExactlyOnce(e),
      legalEndStates(e),
      doorsWithReason(e),
      excursionsAlarmed(e),
      alarmsCaused(e),
    ])
      expect(c.problems, c.name).toEqual([]);
  });

  it('a lost event, a doubled one and a webhook never delivered are each named', () => {
    const { station, journal, webhooks } = happyBox();
    const events = [station.events[0], station.events[1], station.events[1], station.events[3]].filter(
      (x) => x !== undefined,
    );
    const e = evidence({ station: { ...station, events }, journal, webhooks: webhooks.slice(0, 1) });
    const problems = eventsExactlyOnce(e).problems.join('\n');
    expect(problems).toMatch(/seq twice/);
    expect(problems).toMatch(/seq 3 never reached the bridge/);
    expect(problems).toMatch(/parcel\.loaded seq 2 never reached the marketplace's webhook/);
  });

  it('a pickup without a load is illegal, and a station that disagrees with the bridge is named', () => {
    const { station, journal } = happyBox();
    const events = station.events.filter((ev) => ev.type !== 'parcel.loaded');
    const e = evidence({ station: { ...station, events }, journal });
    const problems = legalEndStates(e).problems.join('\n');
    expect(problems).toMatch(/parcel\.picked_up \(seq 3\) is illegal from reserved/);
    expect(problems).toMatch(/station says picked_up, the bridge's history ends at reserved/);
  });

  it('a pulse nobody asked for and a door forced by nobody are violations; an injected forced door is not', () => {
    const { station, journal } = happyBox();
    station.truth.pulses.push({ channel: 0, at: min(20) });
    station.truth.doors.push({ input: 0, open: true, cause: 'forced', at: min(30) });
    const unexplained = doorsWithReason(evidence({ station, journal })).problems.join('\n');
    expect(unexplained).toMatch(/3 pulses but 2 audited unlocks/);
    expect(unexplained).toMatch(/door 1 forced open at 08:30:00 by nobody/);
    journal.add({
      kind: 'fault',
      stationId: 'box',
      fault: 'door_forced',
      compartment: 1,
      from: min(30),
      until: min(31),
    });
    expect(doorsWithReason(evidence({ station, journal })).problems.join('\n')).not.toMatch(/forced open/);
  });

  it('a long excursion without temperature_high is a violation, unless the station was blind', () => {
    const { station, journal } = happyBox();
    station.truth.readings.set(
      'box-air',
      Array.from({ length: 60 }, (_, i) => ({ at: min(i), celsius: i >= 10 && i < 45 ? 11 : 4 })),
    );
    expect(excursionsAlarmed(evidence({ station, journal })).problems).toEqual([
      'box probe box-air: above the limit 08:10:00–08:45:00 and no temperature_high',
    ]);
    const alarmed = evidence({ station, journal, alarms: [alarm('temperature_high', min(21))] });
    expect(excursionsAlarmed(alarmed).problems).toEqual([]);
    expect(alarmsCaused(alarmed).problems).toEqual([]);
    journal.add({ kind: 'fault', stationId: 'box', fault: 'serial_unplug', from: min(12), until: min(40) });
    expect(excursionsAlarmed(evidence({ station, journal })).detail).toMatch(/0 excursions .* 1 hidden/);
  });

  it('alarms without a cause are named: a temperature alarm at 4 °C, a probe alarm with no probe fault', () => {
    const { station, journal } = happyBox();
    const e = evidence({
      station,
      journal,
      alarms: [
        alarm('temperature_high', min(30)),
        alarm('probe_missing', min(40)),
        alarm('storage_fault', min(41)),
      ],
    });
    expect(alarmsCaused(e).problems).toHaveLength(3);
    journal.add({
      kind: 'fault',
      stationId: 'box',
      fault: 'probe_fault',
      probeId: 'box-air',
      from: min(38),
      until: min(45),
    });
    expect(alarmsCaused(e).problems.map((p) => p.split(' raised')[0])).toEqual([
      'box: temperature_high at compartment 1 (box-air)',
      'box: storage_fault at compartment 1 (box-air)',
    ]);
  });
});
