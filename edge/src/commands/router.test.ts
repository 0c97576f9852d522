import type { CommandBody, CommandMessage, ReplyMessage } from '@regiobox/contract';
import { signCommand } from '@regiobox/contract';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandIntake } from '../link/command-intake.js';
import { CommandLog } from '../link/command-log.js';
import { readAudit } from '../parts/link.js';
import { producerLoads } from '../station/testing/actors.js';
import { ColdChainFeed } from '../station/testing/cold-chain-feed.js';
import { StationFixture } from '../station/testing/station-fixture.js';
import { AuditRepo } from '../store/audit-repo.js';
import { createCommandRouter } from './router.js';

const KEY = Buffer.from('a per-station command key of 32 bytes!!');
const notHere = async (): Promise<never> => {
  throw new Error('not part of this test');
};

describe('signed decide_hold commands from the marketplace', () => {
  let f: StationFixture;
  let intake: CommandIntake;
  let replies: ReplyMessage[];
  let sent = 0;

  beforeEach(async () => {
    f = new StationFixture();
    await f.start();
    replies = [];
    intake = new CommandIntake({
      stationId: f.config.stationId,
      log: new CommandLog(f.db),
      clock: f.clock.current,
      commandKey: KEY,
      logger: pino({ level: 'silent' }),
      handler: createCommandRouter({
        station: f.station,
        acknowledgeAlarm: notHere,
        setThresholds: notHere,
        resendState: notHere,
        setTour: notHere,
        readAudit: (query) => readAudit(new AuditRepo(f.db), query),
      }),
    });
    intake.setPublisher(async (reply) => {
      replies.push(reply);
    });
  });
  afterEach(() => f.close());

  /** Sends a signed command over the intake, as the link does, and returns its reply. */
  const send = async (command: CommandBody): Promise<ReplyMessage> => {
    const now = f.clock.current.now().getTime();
    const unsigned: Omit<CommandMessage, 'sig'> = {
      v: 1,
      id: `decide-${++sent}-of-test`,
      stationId: f.config.stationId,
      issuedAt: new Date(now).toISOString(),
      expiresAt: new Date(now + 30_000).toISOString(),
      command,
    };
    intake.receive(Buffer.from(JSON.stringify({ ...unsigned, sig: signCommand(unsigned, KEY) })));
    await intake.idle();
    const reply = replies.find((r) => r.commandId === unsigned.id);
    if (!reply) throw new Error(`no reply to ${unsigned.id}`);
    return reply;
  };

  it('a release of thawed frozen goods is answered THAWED_NOT_RELEASABLE_AS_FROZEN; a discard is done', async () => {
    const r = await f.station.reserve({
      orderId: 'O-1',
      parcels: [{ parcelId: 'ice', producer: 'Eismanufaktur', zone: 'frozen', size: 'L' }],
    });
    await producerLoads(f, r.parcels[0]?.loadingCode ?? '');
    await new ColdChainFeed(f).untilHeld('O-1', 'ice', { 7: -5 });
    const decision = { type: 'decide_hold', orderId: 'O-1', parcelId: 'ice', by: 'Anna' } as const;

    const refused = await send({ ...decision, decision: 'release', why: 'still hard' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'THAWED_NOT_RELEASABLE_AS_FROZEN' } });
    expect(f.parcel('O-1', 'ice')?.state).toBe('held');
    expect(f.eventsOf('parcel.hold_decided')).toEqual([]);

    const done = await send({ ...decision, decision: 'discard', why: 'thawed' });
    expect(done).toMatchObject({ ok: true, result: { parcelId: 'ice', decision: 'discard' } });
    expect(f.parcel('O-1', 'ice')?.state).toBe('discarded');
  });

  it('a hold decision and a moved deadline appear in the audit log that read_audit returns', async () => {
    const r = await f.station.reserve({
      orderId: 'O-2',
      parcels: [{ parcelId: 'milk', producer: 'Hof Sonnenwiese', zone: 'chilled', size: 'M' }],
    });
    const later = new Date(f.clock.current.now().getTime() + 3 * 86_400_000).toISOString();
    expect(await send({ type: 'extend', orderId: 'O-2', deadline: later, by: 'Anna' })).toMatchObject({
      ok: true,
    });
    await producerLoads(f, r.parcels[0]?.loadingCode ?? '');
    await new ColdChainFeed(f).untilHeld('O-2', 'milk', { [r.parcels[0]?.compartment ?? 0]: 12 });
    await send({
      type: 'decide_hold',
      orderId: 'O-2',
      parcelId: 'milk',
      decision: 'discard',
      by: 'Anna',
      why: 'too warm',
    });

    const reply = await send({ type: 'read_audit', limit: 50 });
    if (!reply.ok) throw new Error(reply.error.message);
    const entries = reply.result.entries as {
      action: string;
      by: string | null;
      reason: string | null;
      detail: string | null;
    }[];
    expect(entries.find((e) => e.action === 'deadline_extended')).toMatchObject({
      by: 'Anna',
      detail: later,
    });
    expect(entries.find((e) => e.action === 'hold_decided')).toMatchObject({
      by: 'Anna',
      reason: 'too warm',
      detail: 'discard',
    });
  });
});
