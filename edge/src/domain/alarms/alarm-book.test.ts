import { EventBody } from '@regiobox/contract';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AlarmBook } from './alarm-book.js';
import { AlarmError } from './errors.js';
import type { AlarmKindName, AlarmSignal, AlarmSubject } from './types.js';

const T0 = Date.parse('2026-07-01T10:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const counterIds = () => {
  let n = 0;
  return () => `al-${++n}`;
};
const door7 = { compartment: 7, probeId: null };
const raise = (kind: AlarmKindName, subject: AlarmSubject, s: number): AlarmSignal => ({
  type: 'raise',
  kind,
  subject,
  severity: 'warning',
  detail: `${kind} detail`,
  at: at(s),
});
const clear = (kind: AlarmKindName, subject: AlarmSubject, s: number): AlarmSignal => ({
  type: 'clear',
  kind,
  subject,
  at: at(s),
});

describe('AlarmBook', () => {
  it('raises an episode once, clears it once, and emits contract-valid events', () => {
    const book = new AlarmBook(counterIds());
    const raised = book.apply(raise('door_left_open', door7, 0));
    expect(raised?.event).toEqual({
      type: 'alarm.raised',
      alarmId: 'al-1',
      kind: 'door_left_open',
      severity: 'warning',
      compartment: 7,
      probeId: null,
      detail: 'door_left_open detail',
    });
    expect(book.apply(raise('door_left_open', door7, 10))).toBeNull();
    const cleared = book.apply(clear('door_left_open', door7, 20));
    expect(cleared?.event).toEqual({ type: 'alarm.cleared', alarmId: 'al-1', kind: 'door_left_open' });
    expect(cleared?.at).toEqual(at(20));
    expect(book.apply(clear('door_left_open', door7, 30))).toBeNull();
    for (const t of [raised, cleared]) expect(EventBody.safeParse(t?.event).success).toBe(true);
    // a new episode after the clear is a new alarm
    expect(book.apply(raise('door_left_open', door7, 40))?.alarm.alarmId).toBe('al-2');
  });

  it('keeps episodes of different subjects and kinds apart', () => {
    const book = new AlarmBook(counterIds());
    const signals = [
      raise('temperature_high', { compartment: 1, probeId: 'p1' }, 0),
      raise('temperature_high', { compartment: 2, probeId: 'p2' }, 0),
      raise('probe_stuck', { compartment: 1, probeId: 'p1' }, 0),
    ];
    expect(book.applyAll(signals).map((t) => t.alarm.alarmId)).toEqual(['al-1', 'al-2', 'al-3']);
    expect(book.active()).toHaveLength(3);
  });

  it('acknowledges an alarm once; an unknown id is UNKNOWN_ALARM', () => {
    const book = new AlarmBook(counterIds());
    book.apply(raise('door_forced', door7, 0));
    const ack = book.acknowledge('al-1', 'operator:anna', 'checked on site', at(60));
    expect(ack?.event).toEqual({
      type: 'alarm.acknowledged',
      alarmId: 'al-1',
      by: 'operator:anna',
      note: 'checked on site',
    });
    expect(ack?.alarm).toMatchObject({
      acknowledgedBy: 'operator:anna',
      acknowledgedAt: at(60),
      clearedAt: null,
    });
    expect(book.acknowledge('al-1', 'operator:ben', 'again', at(70))).toBeNull();
    expect(book.get('al-1')?.acknowledgedBy).toBe('operator:anna');
    const unknown = (() => {
      try {
        book.acknowledge('al-99', 'x', '', at(80));
      } catch (e) {
        return e;
      }
    })();
    expect(unknown).toBeInstanceOf(AlarmError);
    expect((unknown as AlarmError).code).toBe('UNKNOWN_ALARM');
  });

  it('an alarm stays outstanding until it is both cleared and acknowledged, in either order', () => {
    const book = new AlarmBook(counterIds());
    book.apply(raise('door_forced', door7, 0));
    book.apply(clear('door_forced', door7, 10));
    expect(book.outstanding().map((a) => a.alarmId)).toEqual(['al-1']);
    expect(book.active()).toEqual([]);
    book.acknowledge('al-1', 'op', '', at(20));
    expect(book.outstanding()).toEqual([]);

    book.apply(raise('board_unreachable', { compartment: null, probeId: null }, 30));
    book.acknowledge('al-2', 'op', '', at(40));
    expect(book.outstanding().map((a) => a.alarmId)).toEqual(['al-2']);
    book.apply(clear('board_unreachable', { compartment: null, probeId: null }, 50));
    expect(book.outstanding()).toEqual([]);
  });

  it('restores from the store, so a restart neither re-raises nor forgets to clear', () => {
    const before = new AlarmBook(counterIds());
    before.apply(raise('probe_missing', { compartment: 2, probeId: 'p2' }, 0));
    before.apply(raise('wrong_codes', { compartment: null, probeId: null }, 0));
    before.apply(clear('wrong_codes', { compartment: null, probeId: null }, 5));
    const after = new AlarmBook(() => 'fresh', before.outstanding());
    expect(after.apply(raise('probe_missing', { compartment: 2, probeId: 'p2' }, 100))).toBeNull();
    expect(after.apply(clear('probe_missing', { compartment: 2, probeId: 'p2' }, 110))?.alarm.alarmId).toBe(
      'al-1',
    );
    expect(after.acknowledge('al-2', 'op', '', at(120))?.alarm.clearedAt).toEqual(at(5));
  });

  it('a clone can be planned on without touching the original', () => {
    const book = new AlarmBook(counterIds());
    const draft = book.clone();
    draft.apply(raise('door_forced', door7, 0));
    expect(book.outstanding()).toEqual([]);
    expect(draft.outstanding()).toHaveLength(1);
  });

  it('whatever the rules say, each episode alternates raised → cleared and every clear names its raise', () => {
    const kinds: AlarmKindName[] = ['temperature_high', 'probe_missing'];
    const subjects: AlarmSubject[] = [door7, { compartment: 1, probeId: 'p1' }];
    const signal = fc.record({
      type: fc.constantFrom('raise' as const, 'clear' as const),
      kind: fc.constantFrom(...kinds),
      subject: fc.constantFrom(...subjects),
    });
    fc.assert(
      fc.property(fc.array(signal, { maxLength: 60 }), (steps) => {
        const book = new AlarmBook(counterIds());
        const open = new Map<string, string>();
        const seen = new Set<string>();
        steps.forEach((step, i) => {
          const s =
            step.type === 'raise' ? raise(step.kind, step.subject, i) : clear(step.kind, step.subject, i);
          const key = `${step.kind}|${step.subject.compartment}|${step.subject.probeId}`;
          const t = book.apply(s);
          if (t?.event.type === 'alarm.raised') {
            expect(open.has(key)).toBe(false);
            expect(seen.has(t.event.alarmId)).toBe(false);
            seen.add(t.event.alarmId);
            open.set(key, t.event.alarmId);
          } else if (t?.event.type === 'alarm.cleared') {
            expect(open.get(key)).toBe(t.event.alarmId);
            open.delete(key);
          } else {
            // nothing happened: a repeated raise of an open episode, or a clear of none
            expect(step.type === 'raise' ? open.has(key) : !open.has(key)).toBe(true);
          }
        });
        expect(
          book
            .active()
            .map((a) => a.alarmId)
            .sort(),
        ).toEqual([...open.values()].sort());
      }),
    );
  });
});
