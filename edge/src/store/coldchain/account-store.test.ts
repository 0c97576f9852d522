import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ColdChainError } from '../../domain/coldchain/errors.js';
import { decideHold, NOT_HELD, placeHold } from '../../domain/coldchain/hold.js';
import { ColdChainAccumulator } from '../../domain/coldchain/record.js';
import { DEFAULT_ZONE_THRESHOLDS } from '../../domain/coldchain/zones.js';
import { type Db, openDatabase } from '../database.js';
import { ColdChainAccountStore } from './account-store.js';

const T0 = Date.parse('2026-07-01T10:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const ref = { orderId: 'o-7', parcelId: 'o-7-1', compartment: 4 };
const start = () =>
  ColdChainAccumulator.start({
    compartment: 4,
    zone: 'chilled',
    thresholds: DEFAULT_ZONE_THRESHOLDS.chilled,
    loadedAt: at(0),
  });
const warmAfterTenMinutes = (s: number) => (s > 600 && s < 900 ? 9 : 4);

let dir: string;
let db: Db;
const open = () => {
  db = openDatabase(path.join(dir, 'station.db'));
  return new ColdChainAccountStore(db);
};

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regiobox-coldchain-'));
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('ColdChainAccountStore', () => {
  it('a record continues across a restart and closes with the same numbers as without one', () => {
    let store = open();
    const live = start();
    expect(store.open(ref, live, at(0))).toBe(true);
    expect(store.open(ref, start(), at(5))).toBe(false);
    const uninterrupted = start();
    for (let s = 0; s <= 900; s += 10) {
      live.addSample(at(s), warmAfterTenMinutes(s));
      uninterrupted.addSample(at(s), warmAfterTenMinutes(s));
      if (s % 60 === 0) store.save([{ ref, accumulator: live }], at(s));
    }
    db.close(); // the station restarts at 900 s; the last save was at 900 s

    store = open();
    const [restored] = store.openAccounts();
    expect(restored?.ref).toEqual(ref);
    for (let s = 910; s <= 1800; s += 10) {
      restored?.accumulator.addSample(at(s), 4);
      uninterrupted.addSample(at(s), 4);
    }
    if (restored) store.save([restored], at(1800));
    const record = store.close(ref, at(1800));
    expect(record).toEqual(uninterrupted.record(at(1800)));
    expect(record).toMatchObject({ minutesAboveLimit: 4.8, maxCelsius: 9, samples: 181 });
    expect(store.close(ref, at(1900))).toBeNull();
    expect(store.openAccounts()).toEqual([]);
    expect(store.get(ref)?.record).toEqual(record);
  });

  it('keeps the hold and its decision with the account, for the HACCP log', () => {
    const store = open();
    const acc = start();
    store.open(ref, acc, at(0));
    let due = null;
    for (let s = 0; !due; s += 10) due = acc.addSample(at(s), 10);
    const held = placeHold(NOT_HELD, ref, due, at(1810)).state;
    store.setHold(ref, held, at(1810));
    expect(store.get(ref)?.hold).toEqual({ status: 'held', reason: 'budget_exceeded', heldAt: at(1810) });

    const input = { decision: 'release' as const, by: 'operator:anna', why: 'core 6 °C', at: at(2000) };
    const released = decideHold(held, ref, input, { zone: 'chilled', thawed: false }).state;
    store.setHold(ref, released, at(2000));
    store.save([{ ref, accumulator: acc }], at(2000));

    const [row] = store.loadedBetween(at(0), at(3600), at(2400));
    expect(row?.hold).toEqual({
      status: 'released',
      reason: 'budget_exceeded',
      heldAt: at(1810),
      decidedAt: at(2000),
      by: 'operator:anna',
      why: 'core 6 °C',
    });
    // still loaded: recorded up to `now`
    expect(row?.record).toMatchObject({ to: at(2400).toISOString(), breached: true });
    expect(store.loadedBetween(at(3600), at(7200), at(7200))).toEqual([]);
  });

  it('refuses a damaged account rather than continuing a wrong record', () => {
    const store = open();
    store.open(ref, start(), at(0));
    db.prepare('UPDATE cold_chain_accounts SET state = \'{"v":1}\'').run();
    expect(() => store.openAccounts()).toThrow(ColdChainError);
    expect(() => store.openAccounts()).toThrow(expect.objectContaining({ code: 'BAD_ACCOUNT_STATE' }));
    db.prepare("UPDATE cold_chain_accounts SET state = 'not json'").run();
    expect(() => store.openAccounts()).toThrow(/damaged cold-chain account/);
  });
});
