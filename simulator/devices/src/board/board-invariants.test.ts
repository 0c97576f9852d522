import { BoardClient, BoardNackError, createDuplexPair } from '@regiobox/firmware-proto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SimulatedBoard } from './simulated-board.js';
import { ManualTimers } from './timers.js';

type Step =
  | { kind: 'unlock'; channel: number; pulseMs: number; commandId: number }
  | { kind: 'advance'; ms: number }
  | { kind: 'pull'; input: number }
  | { kind: 'push'; input: number }
  | { kind: 'releaseAll' };

const CHANNELS = 3;
const MAX_PULSE = 1000;
const COOLDOWN = 400;

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('unlock' as const),
    channel: fc.integer({ min: 0, max: CHANNELS }),
    pulseMs: fc.integer({ min: 0, max: MAX_PULSE + 200 }),
    commandId: fc.integer({ min: 1, max: 8 }),
  }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 1500 }) }),
  fc.record({ kind: fc.constant('pull' as const), input: fc.integer({ min: 0, max: CHANNELS - 1 }) }),
  fc.record({ kind: fc.constant('push' as const), input: fc.integer({ min: 0, max: CHANNELS - 1 }) }),
  fc.constant<Step>({ kind: 'releaseAll' }),
);

describe('SimulatedBoard invariants over the protocol', () => {
  it('no door opens without a pulse, no pulse outlasts its limit, and every channel rests between pulses', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 30 }), async (steps) => {
        const timers = new ManualTimers();
        const board = new SimulatedBoard(
          { lockChannels: CHANNELS, maxPulseMs: MAX_PULSE, cooldownMs: COOLDOWN, watchdogMs: 60_000 },
          { timers },
        );
        const [hostEnd, boardEnd] = createDuplexPair();
        board.attach(boardEnd);
        const client = new BoardClient(hostEnd, { replyTimeoutMs: 5000, retries: 0 });
        // judged in the order things happened, not by timestamps: several happen in the same millisecond
        const energised = new Set<number>();
        const doorsOpenedLocked: number[] = [];
        board.on('pulse', (p) => energised.add(p.channel));
        board.on('pulseEnd', (p) => energised.delete(p.channel));
        board.on('door', (change) => {
          if (change.cause === 'unlocked' && !energised.has(change.input))
            doorsOpenedLocked.push(change.input);
        });
        try {
          for (const s of steps) {
            if (s.kind === 'unlock') {
              await client.unlock(s.channel, s.pulseMs, s.commandId).catch((error: unknown) => {
                if (!(error instanceof BoardNackError)) throw error;
              });
            } else if (s.kind === 'advance') timers.advance(s.ms);
            else if (s.kind === 'pull') board.openDoor(s.input);
            else if (s.kind === 'push') board.closeDoor(s.input);
            else await client.releaseAll();
          }
          const pulses = board.pulses();
          expect(doorsOpenedLocked, 'doors opened while their latch was closed').toEqual([]);
          for (const p of pulses) {
            expect(p.pulseMs).toBeGreaterThanOrEqual(1);
            expect(p.pulseMs).toBeLessThanOrEqual(MAX_PULSE);
            if (p.endedAt !== undefined) expect(p.endedAt - p.startedAt).toBeLessThanOrEqual(p.pulseMs);
          }
          for (let channel = 0; channel < CHANNELS; channel++) {
            const own = pulses.filter((p) => p.channel === channel);
            for (let i = 1; i < own.length; i++) {
              const previousEnd = own[i - 1]!.endedAt;
              expect(previousEnd).toBeDefined();
              expect(own[i]!.startedAt - previousEnd!).toBeGreaterThanOrEqual(COOLDOWN);
            }
          }
          // a command id pulses at most once (the board remembers more ids than this test uses)
          const ids = pulses.map((p) => p.commandId);
          expect(new Set(ids).size).toBe(ids.length);
        } finally {
          client.close();
          board.stop();
          hostEnd.destroy();
        }
      }),
      { numRuns: 60 },
    );
  });
});
