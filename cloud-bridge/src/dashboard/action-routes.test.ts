import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import type { ActionOutcome, StationActions } from './actions.js';
import {
  type DashboardServer,
  OPERATOR,
  recordingAckPath,
  startDashboardServer,
} from './testing/dashboard-server.js';
import { login, postJson } from './testing/http.js';

/** Answers every action as a station that refuses with `refusal`, and records what was asked. */
const refusingStation = (refusal: { code: string; message: string }) => {
  const calls: string[] = [];
  const refuse = async (what: string): Promise<ActionOutcome> => {
    calls.push(what);
    return { kind: 'refused', ...refusal };
  };
  const actions: StationActions = {
    decideHold: (_o, _p, decision, by, why) => refuse(`decide_hold ${decision} by ${by}: ${why}`),
    block: () => refuse('block'),
    unblock: () => refuse('unblock'),
    extend: () => refuse('extend'),
    serviceOpen: (_s, no, by) => refuse(`service_open ${no} by ${by}`),
    readAudit: () => refuse('read_audit'),
    setThresholds: (_s, zone, limits, by) =>
      refuse(`set_thresholds ${zone} ${JSON.stringify(limits)} by ${by}`),
  };
  return { calls, actions };
};

describe('dashboard actions', () => {
  let server: DashboardServer | undefined;
  afterEach(() => server?.dispose());

  it('a release of thawed frozen goods comes back as a refusal that names the station code, for the page to explain', async () => {
    const station = refusingStation({
      code: 'THAWED_NOT_RELEASABLE_AS_FROZEN',
      message: 'frozen goods that thawed may only be discarded',
    });
    server = await startDashboardServer({ ackAlarm: recordingAckPath().ackAlarm, actions: station.actions });
    const cookie = await login(server.url, OPERATOR.name, OPERATOR.password);
    const res = await postJson(
      `${server.url}/dashboard/api/stations/hof-eis/orders/order-1/parcels/eis/hold-decision`,
      { decision: 'release', why: 'still hard to the touch' },
      cookie,
    );
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      code: 'STATION_REFUSED',
      stationCode: 'THAWED_NOT_RELEASABLE_AS_FROZEN',
    });
    // the operator in the command is the session's, not a field of the request
    expect(station.calls).toEqual([`decide_hold release by ${OPERATOR.name}: still hard to the touch`]);
  });

  it('service openings are limited per operator before they reach the station', async () => {
    const station = refusingStation({ code: 'BOARD_UNREACHABLE', message: 'no board' });
    server = await startDashboardServer({
      clock: new ManualClock('2026-03-10T14:00:00.000Z'),
      ackAlarm: recordingAckPath().ackAlarm,
      actions: station.actions,
      config: { serviceOpensPerWindow: 2, serviceOpenWindowMinutes: 10 },
    });
    const cookie = await login(server.url, OPERATOR.name, OPERATOR.password);
    const open = () =>
      postJson(
        `${server?.url}/dashboard/api/stations/hof-eis/compartments/3/service-open`,
        { reason: 'cleaning' },
        cookie,
      );
    expect((await open()).status).toBe(409);
    expect((await open()).status).toBe(409);
    const limited = await open();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(station.calls).toHaveLength(2);
  });

  it('an action without a reason is refused naming the field, and nothing is sent', async () => {
    const station = refusingStation({ code: 'INTERNAL', message: '' });
    server = await startDashboardServer({ ackAlarm: recordingAckPath().ackAlarm, actions: station.actions });
    const cookie = await login(server.url, OPERATOR.name, OPERATOR.password);
    const res = await postJson(
      `${server.url}/dashboard/api/stations/hof-eis/compartments/3/block`,
      { reason: ' ' },
      cookie,
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { detail: string }).detail).toContain('body.reason');
    expect(station.calls).toEqual([]);
  });
  it("a zone's limits go to the station as the session's operator, its INVALID_THRESHOLDS refusal comes back, and a change with no limit sends nothing", async () => {
    const station = refusingStation({
      code: 'INVALID_THRESHOLDS',
      message: 'lowerCelsius must lie below upperCelsius',
    });
    server = await startDashboardServer({ ackAlarm: recordingAckPath().ackAlarm, actions: station.actions });
    const cookie = await login(server.url, OPERATOR.name, OPERATOR.password);
    const limits = `${server.url}/dashboard/api/stations/hof-eis/zones/chilled/limits`;
    const res = await postJson(limits, { lowerCelsius: 6, by: 'someone-else' }, cookie);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { detail: string }).detail).toContain('body');
    const refused = await postJson(limits, { lowerCelsius: 6 }, cookie);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({
      code: 'STATION_REFUSED',
      stationCode: 'INVALID_THRESHOLDS',
    });
    expect((await postJson(limits, {}, cookie)).status).toBe(400);
    expect(station.calls).toEqual([`set_thresholds chilled {"lowerCelsius":6} by ${OPERATOR.name}`]);
  });
});
