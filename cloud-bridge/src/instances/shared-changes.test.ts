import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { type FleetChange, FleetChanges } from '../fleet/changes.js';
import { shareFleetChanges } from './shared-changes.js';
import { InProcessSignals } from './signals.js';

const settle = () => new Promise((r) => setTimeout(r, 10));

describe('fleet changes across bridge instances', () => {
  it("a change ingested by one instance reaches the other's live feed, once, and not its own twice", async () => {
    const signals = new InProcessSignals();
    const a = new FleetChanges();
    const b = new FleetChanges();
    const logger = pino({ level: 'silent' });
    const stops = [
      await shareFleetChanges(a, signals, 'bridge-a', logger),
      await shareFleetChanges(b, signals, 'bridge-b', logger),
    ];
    const heardA: FleetChange[] = [];
    const heardB: FleetChange[] = [];
    a.subscribe((c) => heardA.push(c));
    b.subscribe((c) => heardB.push(c));

    const alarm: FleetChange = {
      kind: 'alarm',
      stationId: 'dorfladen-1',
      alarmId: 'al-1',
      type: 'alarm.raised',
    };
    a.publish(alarm);
    await settle();

    expect(heardA).toEqual([alarm]);
    expect(heardB).toEqual([alarm]);
    for (const stop of stops) stop();
    a.publish({ kind: 'station', stationId: 'dorfladen-1' });
    await settle();
    expect(heardB).toEqual([alarm]);
  });

  it('ignores a signal it does not understand', async () => {
    const signals = new InProcessSignals();
    const b = new FleetChanges();
    await shareFleetChanges(b, signals, 'bridge-b', pino({ level: 'silent' }));
    const heard: FleetChange[] = [];
    b.subscribe((c) => heard.push(c));
    await signals.publish('regiobox_fleet', '{"from":"x","change":{"kind":"door"}}');
    await signals.publish('regiobox_fleet', 'not json');
    await settle();
    expect(heard).toEqual([]);
  });
});
