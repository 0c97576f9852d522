import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EventMessage } from '@regiobox/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlarmError } from '../../domain/alarms/errors.js';
import type { AlarmSignal } from '../../domain/alarms/types.js';
import { type Db, openDatabase } from '../database.js';
import { Outbox } from '../outbox.js';
import { AlarmStore } from './alarm-store.js';

const T0 = Date.parse('2026-07-01T10:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const probe3 = { compartment: 3, probeId: 'p3' };
const high = (s: number): AlarmSignal => ({
  type: 'raise',
  kind: 'temperature_high',
  subject: probe3,
  severity: 'critical',
  detail: 'chilled: 9.0 °C, above the 7.0 °C limit for 10 min (peak 9.0 °C)',
  at: at(s),
});
const back = (s: number): AlarmSignal => ({
  type: 'clear',
  kind: 'temperature_high',
  subject: probe3,
  at: at(s),
});

let dir: string;
let db: Db;
let ids: number;
const nextId = () => `al-${++ids}`;

const open = () => {
  db = openDatabase(path.join(dir, 'station.db'));
  const outbox = new Outbox(db, 'dorfladen-1');
  return { outbox, alarms: new AlarmStore(db, outbox, nextId) };
};

/** What the link would publish, parsed as the marketplace would. */
const published = (outbox: Outbox) => outbox.peek(100).map((e) => EventMessage.parse(JSON.parse(e.payload)));

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regiobox-alarms-'));
  ids = 0;
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('AlarmStore', () => {
  it('writes an alarm and its event together, once per episode', () => {
    const { alarms, outbox } = open();
    expect(alarms.apply([high(600)]).map((t) => t.alarm.alarmId)).toEqual(['al-1']);
    expect(alarms.apply([high(610), high(620)])).toEqual([]);
    const events = published(outbox);
    expect(events.map((e) => [e.seq, e.event.type, e.at])).toEqual([
      [1, 'alarm.raised', at(600).toISOString()],
    ]);
    expect(events[0]?.event).toMatchObject({
      alarmId: 'al-1',
      kind: 'temperature_high',
      compartment: 3,
      probeId: 'p3',
    });
    expect(alarms.find('al-1')).toMatchObject({ raisedAt: at(600), clearedAt: null, severity: 'critical' });
  });

  it('after a restart the open alarm is still open, is not raised again, and clears once', () => {
    const first = open();
    first.alarms.apply([high(600)]);
    db.close();

    const { alarms, outbox } = open();
    expect(alarms.active().map((a) => a.alarmId)).toEqual(['al-1']);
    expect(alarms.apply([high(1000)])).toEqual([]);
    alarms.apply([back(1200), back(1210)]);
    expect(
      published(outbox).map((e) => `${e.event.type} ${'alarmId' in e.event ? e.event.alarmId : ''}`),
    ).toEqual(['alarm.raised al-1', 'alarm.cleared al-1']);
    expect(alarms.outstanding().map((a) => a.clearedAt)).toEqual([at(1200)]);
  });

  it('when the outbox cannot take the event, the alarm is not written either, and is raised on the next try', () => {
    const { alarms, outbox } = open();
    db.exec("CREATE TRIGGER outbox_full BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    expect(() => alarms.apply([high(600)])).toThrow(/disk full/);
    expect(db.prepare('SELECT COUNT(*) AS n FROM alarms').get()).toEqual({ n: 0 });
    expect(alarms.outstanding()).toEqual([]);

    db.exec('DROP TRIGGER outbox_full');
    expect(alarms.apply([high(610)]).map((t) => t.event.type)).toEqual(['alarm.raised']);
    expect(published(outbox)).toHaveLength(1);
  });

  it('acknowledges once; a repeated ack is no error, an unknown id is UNKNOWN_ALARM', () => {
    const { alarms, outbox } = open();
    alarms.apply([high(600), back(1200)]);
    const ack = alarms.acknowledge('al-1', 'operator:anna', 'door seal replaced', at(1300));
    expect(ack?.event).toEqual({
      type: 'alarm.acknowledged',
      alarmId: 'al-1',
      by: 'operator:anna',
      note: 'door seal replaced',
    });
    // cleared and acknowledged: settled, off the list, but still in the history
    expect(alarms.outstanding()).toEqual([]);
    expect(alarms.find('al-1')).toMatchObject({
      acknowledgedBy: 'operator:anna',
      note: 'door seal replaced',
    });
    expect(alarms.acknowledge('al-1', 'operator:ben', 'again', at(1400))).toBeNull();
    expect(published(outbox).map((e) => e.event.type)).toEqual([
      'alarm.raised',
      'alarm.cleared',
      'alarm.acknowledged',
    ]);

    const unknown = (() => {
      try {
        alarms.acknowledge('al-404', 'operator:anna', '', at(1500));
      } catch (e) {
        return e;
      }
    })();
    expect(unknown).toBeInstanceOf(AlarmError);
    expect((unknown as AlarmError).code).toBe('UNKNOWN_ALARM');
  });

  it('inside a caller transaction that rolls back, nothing stays and reload() resynchronises', () => {
    const { alarms, outbox } = open();
    expect(() =>
      db.transaction(() => {
        alarms.apply([high(600)]);
        throw new Error('the compartment block failed');
      })(),
    ).toThrow(/block failed/);
    expect(published(outbox)).toEqual([]);
    alarms.reload();
    expect(alarms.apply([high(620)]).map((t) => t.event.type)).toEqual(['alarm.raised']);
  });

  it('lists alarms by time for the daily summary and deletes only settled ones for retention', () => {
    const { alarms } = open();
    alarms.apply([high(0), back(60)]);
    alarms.acknowledge('al-1', 'op', '', at(70));
    alarms.apply([high(3600)]);
    expect(alarms.raisedBetween(at(0), at(3600)).map((a) => a.alarmId)).toEqual(['al-1']);
    expect(alarms.deleteSettledBefore(at(86_400))).toBe(1);
    expect(alarms.find('al-2')).not.toBeNull();
  });
});
