import { describe, expect, it } from 'vitest';
import { DoorRule } from './door-rule.js';
import { DEFAULT_ALARM_SETTINGS } from './settings.js';

const T0 = Date.parse('2026-07-01T10:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const kinds = (signals: { type: string; kind: string }[]) => signals.map((s) => `${s.type} ${s.kind}`);

const closedDoor = () => {
  const rule = new DoorRule({ compartment: 7, probeId: null }, 'chilled', DEFAULT_ALARM_SETTINGS);
  rule.door(at(0), false);
  return rule;
};

describe('DoorRule', () => {
  it('a customer who unlocks, takes the goods and closes within the limit raises nothing', () => {
    const rule = closedDoor();
    rule.unlocked(at(100));
    expect(rule.door(at(103), true)).toEqual([]);
    expect(rule.tick(at(200))).toEqual([]);
    expect(rule.door(at(160), false)).toEqual([]);
  });

  it('a door held open raises door_left_open once after the limit and clears when it closes', () => {
    const rule = closedDoor();
    rule.unlocked(at(100));
    rule.door(at(102), true);
    expect(rule.tick(at(281))).toEqual([]);
    const raised = rule.tick(at(282));
    expect(kinds(raised)).toEqual(['raise door_left_open']);
    expect(raised[0]?.type === 'raise' && raised[0].detail).toContain(
      'compartment 7 (chilled): door open for 3 min',
    );
    expect(rule.tick(at(400))).toEqual([]);
    expect(rule.door(at(401), true)).toEqual([]);
    expect(kinds(rule.door(at(500), false))).toEqual(['clear door_left_open']);
    expect(rule.door(at(510), false)).toEqual([]);
  });

  it('a door opened without an unlock is forced (critical) and clears when it is shut', () => {
    const rule = closedDoor();
    const raised = rule.door(at(50), true);
    expect(raised.map((s) => s.type === 'raise' && [s.kind, s.severity])).toEqual([
      ['door_forced', 'critical'],
    ]);
    expect(kinds(rule.door(at(70), false))).toEqual(['clear door_forced']);
  });

  it('an unlock authorises one opening within the grace time, not a second and not a late one', () => {
    const rule = closedDoor();
    rule.unlocked(at(100));
    expect(rule.door(at(105), true)).toEqual([]);
    rule.door(at(110), false);
    expect(kinds(rule.door(at(115), true))).toEqual(['raise door_forced']);
    rule.door(at(120), false);
    rule.unlocked(at(200));
    expect(kinds(rule.door(at(231), true))).toEqual(['raise door_forced']);
  });

  it('a door first seen open after a start is not called forced, but is timed', () => {
    const rule = new DoorRule({ compartment: 7, probeId: null }, 'chilled', DEFAULT_ALARM_SETTINGS);
    expect(rule.door(at(0), true)).toEqual([]);
    expect(kinds(rule.tick(at(180)))).toEqual(['raise door_left_open']);
  });

  it('a board glitch (open → unknown → open) does not restart the open-door timer', () => {
    const rule = closedDoor();
    rule.unlocked(at(0));
    rule.door(at(1), true);
    rule.door(at(100), null);
    expect(rule.door(at(120), true)).toEqual([]);
    expect(kinds(rule.tick(at(181)))).toEqual(['raise door_left_open']);
  });

  it('a service unlock may carry a longer limit for that one opening', () => {
    const rule = closedDoor();
    rule.unlocked(at(0), { openLimitSeconds: 1800 });
    rule.door(at(5), true);
    expect(rule.tick(at(1000))).toEqual([]);
    expect(kinds(rule.tick(at(1805)))).toEqual(['raise door_left_open']);
    rule.door(at(1900), false);
    rule.unlocked(at(2000));
    rule.door(at(2001), true);
    expect(kinds(rule.tick(at(2181)))).toEqual(['raise door_left_open']);
  });
});
