import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EventMessage } from '@regiobox/contract';
import { DayCurve, ThermalWorld } from '@regiobox/simulated-devices';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlarmMonitor } from '../../domain/alarms/monitor.js';
import { DEFAULT_ZONE_THRESHOLDS } from '../../domain/coldchain/zones.js';
import { type Db, openDatabase } from '../database.js';
import { Outbox } from '../outbox.js';
import { AlarmStore } from './alarm-store.js';

let dir: string;
let db: Db;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regiobox-alarm-pipeline-'));
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const compartments = [{ compartment: 1, zone: 'cold' as const, probeIds: ['p1'] }];

describe('from the thermal model to the outbox', () => {
  it('a cooling failure that outlasts a station restart reaches the marketplace as one raise and one clear', () => {
    const world = new ThermalWorld({
      start: '2026-07-01T08:00:00Z',
      ambient: new DayCurve({ meanCelsius: 22, amplitudeCelsius: 4 }),
      seed: 21,
    });
    world.addCompartment(1, 'cold');
    world.addProbe('p1', 1);

    const boot = () => {
      db = openDatabase(path.join(dir, 'station.db'));
      const outbox = new Outbox(db, 'hofladen-7');
      const alarms = new AlarmStore(db, outbox);
      const monitor = new AlarmMonitor({ thresholds: DEFAULT_ZONE_THRESHOLDS, compartments });
      monitor.resume(alarms.active(), world.now);
      return { outbox, alarms, monitor };
    };
    const run = (station: ReturnType<typeof boot>, seconds: number) => {
      for (const now of world.run(seconds, 10)) {
        const cycle = station.monitor.sampleCycle(now, world.readings());
        station.alarms.apply([...cycle.signals, ...station.monitor.tick(now)]);
      }
    };

    let station = boot();
    run(station, 3600);
    world.compartment(1).setCoolingCapacity(0);
    run(station, 3600);
    db.close(); // the station restarts while the alarm is active

    station = boot();
    run(station, 1800);
    world.compartment(1).setCoolingCapacity(1);
    run(station, 2 * 3600);

    const published = station.outbox.peek(100).map((e) => EventMessage.parse(JSON.parse(e.payload)));
    expect(published.map((m) => [m.seq, m.event.type, 'kind' in m.event ? m.event.kind : ''])).toEqual([
      [1, 'alarm.raised', 'temperature_high'],
      [2, 'alarm.cleared', 'temperature_high'],
    ]);
    const [raised, cleared] = published;
    expect(raised?.event.type === 'alarm.raised' && raised.event.alarmId).toBe(
      cleared?.event.type === 'alarm.cleared' && cleared.event.alarmId,
    );
    expect(station.alarms.outstanding()).toHaveLength(1); // cleared, waiting for an operator's ack
  });
});
