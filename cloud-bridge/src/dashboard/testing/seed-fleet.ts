import { randomUUID } from 'node:crypto';
import type { StateMessage, StatusMessage, TelemetryMessage } from '@regiobox/contract';
import type { FleetStore } from '../../store/fleet-store.js';
import { type DemoStation, demoFleet } from './demo-fleet.js';
import { celsiusAt, doorOpenings, type ProbeModel, seededRandom } from './thermal.js';

const MIN = 60_000;

export interface SeedOptions {
  /** how far back the temperature history reaches; default 72 h */
  readonly historyHours?: number;
  /** minutes between telemetry batches; default 5 */
  readonly sampleMinutes?: number;
  readonly seed?: number;
}

/**
 * Records the demo fleet into a FleetStore the way the ingest would: status, the event history in
 * sequence, the retained state, and telemetry batches over the last days. Returns the labels.
 */
export const seedDemoFleet = async (
  store: FleetStore,
  now: Date,
  options: SeedOptions = {},
): Promise<Record<string, string>> => {
  const stations = demoFleet(now);
  for (const [i, s] of stations.entries())
    await seedStation(store, s, now.getTime(), options, (options.seed ?? 7) + i);
  return Object.fromEntries(stations.map((s) => [s.stationId, s.label]));
};

const iso = (t: number) => new Date(t).toISOString();

const status = (s: DemoStation, state: 'online' | 'offline', at: number): StatusMessage => ({
  v: 1,
  stationId: s.stationId,
  state,
  session: 3,
  sessionId: `${s.stationId}-s3`,
  at: iso(at),
  ...(state === 'online'
    ? {
        capabilities: {
          compartments: s.compartments.length,
          zones: [...new Set(s.compartments.map((c) => c.zone))],
          occupancySensors: false,
          driver: s.driver,
        },
        ...(s.health ? { health: s.health } : {}),
      }
    : {}),
});

const seedStation = async (store: FleetStore, s: DemoStation, now: number, o: SeedOptions, seed: number) => {
  const random = seededRandom(seed);
  const historyMs = (o.historyHours ?? 72) * 3_600_000;
  const step = (o.sampleMinutes ?? 5) * MIN;
  const end = s.offlineMinutes === null ? now : now - s.offlineMinutes * MIN;
  const start = now - historyMs;

  await store.recordStatus(status(s, 'online', start), new Date(start));
  let seq = 0;
  for (const e of s.events) {
    const at = now - e.minutesAgo * MIN;
    seq++;
    await store.recordEvent(
      { v: 1, id: randomUUID(), stationId: s.stationId, seq, at: iso(at), event: e.body },
      new Date(at),
    );
  }

  const models = new Map<number, ProbeModel>(
    s.compartments.map((c) => {
      const fault = s.faults?.[c.no];
      const open = s.openDoors?.[c.no];
      return [
        c.no,
        {
          zone: c.zone,
          doorOpenings: doorOpenings(start, end, c.zone === 'ambient' ? 2 : 3, random),
          ...(fault
            ? {
                fault: {
                  from: now - fault.minutesAgo * MIN,
                  towardsCelsius: fault.towardsCelsius,
                  minutesToHalf: 25,
                },
              }
            : {}),
          ...(open !== undefined ? { openSince: now - open * MIN } : {}),
        },
      ];
    }),
  );
  const missingSince = new Map<string, number>();
  for (const e of s.events) {
    if (e.body.type === 'alarm.raised' && e.body.kind === 'probe_missing' && e.body.probeId) {
      missingSince.set(e.body.probeId, now - e.minutesAgo * MIN);
    }
  }

  const last = new Map<number, number | null>();
  for (let t = Math.ceil(start / step) * step; t <= end; t += step) {
    const samples = s.compartments.map((c) => {
      const probeId = `probe-${c.no}`;
      const missing = (missingSince.get(probeId) ?? Number.POSITIVE_INFINITY) <= t;
      const model = models.get(c.no);
      const celsius = missing || !model ? null : celsiusAt(model, t, random);
      last.set(c.no, celsius);
      return {
        probeId,
        compartment: c.no,
        at: iso(t),
        celsius,
        status: missing ? ('missing' as const) : ('ok' as const),
      };
    });
    const batch: TelemetryMessage = {
      v: 1,
      stationId: s.stationId,
      batchId: randomUUID(),
      at: iso(t),
      samples,
      doors: [],
    };
    await store.recordTelemetry(batch, new Date(t));
  }

  const cleared = new Set(s.events.flatMap((e) => (e.body.type === 'alarm.cleared' ? [e.body.alarmId] : [])));
  const state: StateMessage = {
    v: 1,
    stationId: s.stationId,
    at: iso(end - 10 * MIN),
    lastSeq: seq,
    compartments: s.compartments.map((c) => ({ ...c, celsius: last.get(c.no) ?? null })),
    openAlarms: s.events.flatMap((e) =>
      e.body.type === 'alarm.raised' && !cleared.has(e.body.alarmId)
        ? [
            {
              alarmId: e.body.alarmId,
              kind: e.body.kind,
              compartment: e.body.compartment,
              raisedAt: iso(now - e.minutesAgo * MIN),
            },
          ]
        : [],
    ),
  };
  await store.recordState(state, new Date(end - 10 * MIN));
  if (s.offlineMinutes !== null) await store.recordStatus(status(s, 'offline', end), new Date(end));
  else await store.touchStation(s.stationId, new Date(end));
};
