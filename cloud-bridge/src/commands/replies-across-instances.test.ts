import type { ReplyMessage } from '@regiobox/contract';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { InProcessSignals } from '../instances/signals.js';
import { tempDatabase } from '../test-support/temp-db.js';
import { CommandCenter, type SettledCommand } from './command-center.js';
import { SqliteCommandStore } from './command-store.js';

/**
 * Two bridge instances on one store: the marketplace's request waits on instance A, the station's
 * reply reaches instance B (a shared subscription gives it to either).
 */
const STATION = 'dorfladen-1';
let temp: ReturnType<typeof tempDatabase>;
const centers: CommandCenter[] = [];
const published: { stationId: string; payload: string }[] = [];

const instance = (signals: InProcessSignals | undefined, settled: SettledCommand[]) => {
  const center = new CommandCenter({
    store: new SqliteCommandStore(temp.db),
    publisher: { publishCommand: async (stationId, payload) => void published.push({ stationId, payload }) },
    keys: { commandKey: () => Buffer.alloc(32, 7) },
    presence: { presence: async () => ({ state: 'online', session: 1 }) },
    clock: new ManualClock(new Date()),
    logger: pino({ level: 'silent' }),
    ...(signals ? { signals, replyPollMs: 60_000 } : {}),
  });
  center.onSettled((s) => void settled.push(s));
  centers.push(center);
  return center;
};

const replyTo = (commandId: string, result: Record<string, unknown>): ReplyMessage => ({
  v: 1,
  commandId,
  stationId: STATION,
  at: new Date().toISOString(),
  ok: true,
  result,
});

const waitForCommand = async (): Promise<string> => {
  while (published.length === 0) await new Promise((r) => setTimeout(r, 5));
  const sent = published.shift();
  return (JSON.parse(sent?.payload ?? '{}') as { id: string }).id;
};

beforeEach(() => {
  temp = tempDatabase();
  published.length = 0;
});

afterEach(() => {
  for (const c of centers.splice(0)) c.close();
  temp.dispose();
});

describe('a command sent through one instance, its reply received by another', () => {
  it('reaches the caller waiting on the first instance, and is settled once, as handed over', async () => {
    const signals = new InProcessSignals();
    const settledA: SettledCommand[] = [];
    const settledB: SettledCommand[] = [];
    const a = instance(signals, settledA);
    const b = instance(signals, settledB);
    await a.listen();
    await b.listen();

    const waiting = a.issueAndWait(STATION, { type: 'resend_state' }, 60_000, 10_000);
    const id = await waitForCommand();
    await b.handleReply(replyTo(id, { resent: true }));
    const { record, reply } = await waiting;

    expect(reply).toMatchObject({ commandId: id, ok: true, result: { resent: true } });
    expect(record.state).toBe('replied');
    expect(settledB).toEqual([]);
    expect(settledA.map((s) => [s.record.id, s.handedOver])).toEqual([[id, true]]);
  });

  it('is found by the waiting instance through the store when the signal is lost (the poll)', async () => {
    const settledA: SettledCommand[] = [];
    const a = new CommandCenter({
      store: new SqliteCommandStore(temp.db),
      publisher: {
        publishCommand: async (stationId, payload) => void published.push({ stationId, payload }),
      },
      keys: { commandKey: () => Buffer.alloc(32, 7) },
      presence: { presence: async () => ({ state: 'online', session: 1 }) },
      clock: new ManualClock(new Date()),
      logger: pino({ level: 'silent' }),
      // A's signals never hear B's: only the poll can find the reply
      signals: new InProcessSignals(),
      replyPollMs: 50,
    });
    centers.push(a);
    a.onSettled((s) => void settledA.push(s));
    const b = instance(new InProcessSignals(), []);

    const started = Date.now();
    const waiting = a.issueAndWait(STATION, { type: 'resend_state' }, 60_000, 10_000);
    const id = await waitForCommand();
    await b.handleReply(replyTo(id, { resent: true }));
    const { reply } = await waiting;

    expect(reply).toMatchObject({ commandId: id, ok: true });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(settledA.map((s) => s.handedOver)).toEqual([true]);
  });

  it('settles as not handed over (a webhook) on the receiving instance once nobody waits any more', async () => {
    const signals = new InProcessSignals();
    const settledA: SettledCommand[] = [];
    const settledB: SettledCommand[] = [];
    const a = instance(signals, settledA);
    const b = instance(signals, settledB);
    await a.listen();

    const { reply } = await a.issueAndWait(STATION, { type: 'resend_state' }, 60_000, 50);
    expect(reply).toBeUndefined();
    const id = await waitForCommand();
    await b.handleReply(replyTo(id, { resent: true }));

    expect(settledA).toEqual([]);
    expect(settledB.map((s) => [s.record.id, s.handedOver])).toEqual([[id, false]]);
  });
});
