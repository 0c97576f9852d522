import { verifyCommandSignature } from '@regiobox/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBridge, type TestBridge } from '../test-support/bridge-harness.js';
import { compartment, telemetryMessage } from '../test-support/messages.js';
import { reserveAnswer, type StationPeer } from '../test-support/station-peer.js';
import { until } from '../test-support/until.js';
import {
  AlarmList,
  CommandOutcome,
  EventList,
  Order,
  Problem,
  StationDetail,
  StationList,
} from './schemas.js';

const S = 'marktplatz-7';
const t0 = Date.now();
const at = (minutes: number) => new Date(t0 + minutes * 60_000).toISOString();

describe('the fleet as the marketplace and the operators see it', () => {
  let t: TestBridge;
  let peer: StationPeer;

  beforeAll(async () => {
    t = await startTestBridge({ history: { bucketSeconds: 60 } });
    peer = await t.station(S, 1, [
      compartment(1),
      compartment(2),
      compartment(3, { zone: 'frozen', size: 'L', celsius: -20 }),
    ]);
    peer.respond = reserveAnswer;
    await until('online', async () => (await t.bridge.store.presence(S))?.state === 'online');

    const deadline = at(2 * 24 * 60);
    const parcel = { orderId: 'o-1', parcelId: 'p-1', compartment: 1 };
    await peer.event({
      type: 'order.reserved',
      orderId: 'o-1',
      parcels: [{ parcelId: 'p-1', compartment: 1, zone: 'chilled', size: 'M', deadline }],
    });
    await peer.event({
      type: 'codes.issued',
      orderId: 'o-1',
      pickupPin: '90817263',
      loadingCodes: [{ parcelId: 'p-1', code: '55443322' }],
      retrievalCodes: [],
      validUntil: deadline,
    });
    await peer.event({ type: 'parcel.loaded', ...parcel });
    await peer.publishRaw(
      'telemetry',
      JSON.stringify(
        telemetryMessage(S, [
          { probeId: 't1', compartment: 1, at: at(1), celsius: 4.5 },
          { probeId: 't1', compartment: 1, at: at(1.5), celsius: 5.5 },
          { probeId: 't1', compartment: 1, at: at(2), celsius: 7.5 },
        ]),
      ),
    );
    await peer.event({
      type: 'parcel.picked_up',
      ...parcel,
      coldChain: {
        compartment: 1,
        zone: 'chilled',
        from: at(0),
        to: at(3),
        samples: 3,
        minCelsius: 4.5,
        maxCelsius: 7.5,
        minutesAboveLimit: 0.5,
        limitCelsius: 7,
        breached: false,
      },
    });
    await peer.event({ type: 'order.picked_up', orderId: 'o-1' });
    const alarm = (
      alarmId: string,
      severity: 'warning' | 'critical',
      kind: 'door_left_open' | 'temperature_high',
    ) =>
      peer.event({
        type: 'alarm.raised',
        alarmId,
        kind,
        severity,
        compartment: 3,
        probeId: null,
        detail: kind,
      });
    await alarm('a-door', 'warning', 'door_left_open');
    await alarm('a-warm', 'critical', 'temperature_high');
    await alarm('a-door-2', 'warning', 'door_left_open');
    await until(
      'all events in',
      async () => (await t.bridge.store.stationEvents(S, { limit: 50 })).length === 8,
    );
  });
  afterAll(async () => t.dispose());

  it('lists stations with online state, last seen and free compartments per zone and size', async () => {
    const { stations } = StationList.parse(await (await t.api('GET', '/v1/stations')).json());
    expect(stations).toHaveLength(1);
    expect(stations[0]).toMatchObject({ stationId: S, online: true, openAlarms: 3 });
    expect(Date.parse(stations[0]?.lastSeenAt ?? '')).toBeGreaterThanOrEqual(t0 - 1000);
    expect(stations[0]?.availability).toEqual([
      { zone: 'chilled', size: 'M', free: 2, total: 2 },
      { zone: 'frozen', size: 'L', free: 1, total: 1 },
    ]);
    const detail = StationDetail.parse(await (await t.api('GET', `/v1/stations/${S}`)).json());
    expect(detail.compartments.find((c) => c.no === 1)?.celsius).toBe(7.5);
  });

  it('shows an order with its history and cold-chain record, and never a clear code', async () => {
    const order = Order.parse(await (await t.api('GET', '/v1/orders/o-1')).json());
    expect(order.state).toBe('picked_up');
    expect(order.history.map((h) => h.type)).toEqual([
      'order.reserved',
      'codes.issued',
      'parcel.loaded',
      'parcel.picked_up',
      'order.picked_up',
    ]);
    expect(order.coldChain).toEqual([
      expect.objectContaining({ parcelId: 'p-1', kind: 'pickup', maxCelsius: 7.5, minutesAboveLimit: 0.5 }),
    ]);
    const events = EventList.parse(await (await t.api('GET', `/v1/stations/${S}/events?limit=50`)).json());
    expect(JSON.stringify([order, events])).not.toMatch(/90817263|55443322/);
    expect((await t.api('GET', '/v1/orders/o-404')).status).toBe(404);
  });

  it('lists open alarms most severe first, then newest, and sends an acknowledgement to the station', async () => {
    const { alarms } = AlarmList.parse(await (await t.api('GET', '/v1/alarms')).json());
    expect(alarms.map((a) => a.alarmId)).toEqual(['a-warm', 'a-door-2', 'a-door']);

    const res = await t.api('POST', '/v1/alarms/a-warm/ack', {
      by: 'Erika (ops)',
      note: 'technician on the way',
    });
    expect(res.status).toBe(200);
    expect(CommandOutcome.parse(await res.json()).status).toBe('done');
    const ack = peer.commands.find((c) => c.command.type === 'ack_alarm');
    expect(ack?.command).toEqual({
      type: 'ack_alarm',
      alarmId: 'a-warm',
      by: 'Erika (ops)',
      note: 'technician on the way',
    });

    await peer.event({
      type: 'alarm.acknowledged',
      alarmId: 'a-warm',
      by: 'Erika (ops)',
      note: 'technician on the way',
    });
    await until('acknowledged', async () => {
      const list = AlarmList.parse(await (await t.api('GET', '/v1/alarms')).json());
      return list.alarms[0]?.acknowledged?.by === 'Erika (ops)';
    });
    expect((await t.api('POST', '/v1/alarms/a-none/ack', { by: 'x' })).status).toBe(404);
  });

  it('opens one compartment for service with a command signed by the station key and short-lived', async () => {
    const res = await t.api('POST', `/v1/stations/${S}/compartments/2/service-open`, {
      operator: 'Erika',
      reason: 'cleaning',
    });
    expect(res.status).toBe(200);
    const cmd = peer.commands.find((c) => c.command.type === 'service_open');
    expect(cmd?.command).toEqual({
      type: 'service_open',
      compartment: 2,
      operator: 'Erika',
      reason: 'cleaning',
    });
    expect(cmd && verifyCommandSignature(cmd, t.bridge.registry.commandKey(S))).toBe(true);
    const tampered = cmd && {
      ...cmd,
      command: { type: 'service_open' as const, compartment: 3, operator: 'Erika', reason: 'cleaning' },
    };
    expect(tampered && verifyCommandSignature(tampered, t.bridge.registry.commandKey(S))).toBe(false);
    expect(Date.parse(cmd?.expiresAt ?? '') - Date.parse(cmd?.issuedAt ?? '')).toBe(30_000);

    const none = await t.api('POST', `/v1/stations/${S}/compartments/9/service-open`, {
      operator: 'E',
      reason: 'x',
    });
    expect(Problem.parse(await none.json())).toMatchObject({ status: 404, code: 'UNKNOWN_COMPARTMENT' });
  });

  it('exports the HACCP log as CSV with sample rows and the order record', async () => {
    const url = `/v1/stations/${S}/haccp.csv?from=${encodeURIComponent(at(-60))}&to=${encodeURIComponent(at(60))}`;
    const res = await t.api('GET', url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const rows = (await res.text())
      .trimEnd()
      .split('\r\n')
      .map((l) => l.split(','));
    expect(rows[0]?.slice(0, 3)).toEqual(['row_type', 'station_id', 'compartment']);
    const samples = rows.filter((r) => r[0] === 'sample');
    expect(samples.reduce((n, r) => n + Number(r[7]), 0)).toBe(3);
    expect(samples.map((r) => Number(r[10])).sort()).toContain(7.5);
    const record = rows.find((r) => r[0] === 'record');
    expect(record).toEqual(expect.arrayContaining(['o-1', 'p-1', 'pickup', 'false']));
  });
});
