import { setTimeout as sleep } from 'node:timers/promises';
import { stationTopics } from '@regiobox/contract';
import mqtt from 'mqtt';
import type { BenchArgs } from './support/args.js';
import { startWallRig } from './support/idle-station.js';
import { isMain, runAsProgram } from './support/main.js';
import { mb, sampleProcess } from './support/proc-stats.js';
import { type BenchResult, emit, round, verdict } from './support/report.js';
import { until } from './support/until.js';
import { BENCH_WALL_ID } from './support/wall-config.js';

/** issue 20: RSS growth while answering 10,000 malformed commands, and after, each ≤ +5 MB */
export const FLOOD_GOAL = { growthDuringMb: 5, growthAfterMb: 5 } as const;
const SETTLE_MS = 15_000;
const BATCH = 200;

/** Ten kinds of bad command, as an attacker or a broken marketplace would send them. */
export const malformedCommand = (i: number, stationId: string): Buffer => {
  const now = Date.now();
  const id = `flood-${i}-${'x'.repeat(i % 40)}`;
  const base = {
    v: 1,
    id,
    stationId,
    issuedAt: new Date(now).toISOString(),
    expiresAt: new Date(now + 60_000).toISOString(),
  };
  switch (i % 10) {
    case 0:
      return Buffer.from([0xff, 0xfe, i & 0xff, 0x00, 0x7b]);
    case 1:
      return Buffer.from(`{"id":"${id}","command":`);
    case 2:
      return Buffer.from(JSON.stringify({ ...base, command: { type: 'open_all' } }));
    case 3:
      return Buffer.from(
        JSON.stringify({ ...base, command: { type: 'service_open', compartment: 'seven' } }),
      );
    case 4:
      return Buffer.from(JSON.stringify({ ...base, stationId: 'someone-else' }));
    case 5:
      return Buffer.from(
        JSON.stringify({ ...base, expiresAt: base.issuedAt, command: { type: 'resend_state' } }),
      );
    case 6:
      return Buffer.from(
        JSON.stringify({
          ...base,
          command: { type: 'service_open', compartment: 7, reason: 'x' },
          sig: 'AAAA',
        }),
      );
    case 7:
      return Buffer.from(JSON.stringify({ ...base, extra: 'y'.repeat(2000 + (i % 500)) }));
    case 8:
      return Buffer.from(JSON.stringify([base, base, base]));
    default:
      return Buffer.from(
        JSON.stringify({ ...base, issuedAt: 'yesterday', command: { type: 'resend_state' } }),
      );
  }
};

/**
 * The station under a flood of malformed MQTT commands: its RSS when idle, the largest RSS while it
 * answers 10,000 of them (each refused with a reply), and its RSS 15 s after the last reply.
 */
export const commandFlood = async (args: BenchArgs): Promise<BenchResult[]> => {
  const count = args.count ?? (args.quick ? 2000 : 10_000);
  const rig = await startWallRig(args);
  const topics = stationTopics(BENCH_WALL_ID);
  const client = await mqtt.connectAsync(rig.broker.url, { clientId: 'bench-flood', clean: true });
  try {
    let replies = 0;
    await client.subscribeAsync(topics.replies, { qos: 1 });
    client.on('message', () => {
      replies++;
    });
    await sleep(SETTLE_MS);
    const pid = rig.process.pid;
    const before = sampleProcess(pid);
    let maxRss = before.rssBytes;
    const sampler = setInterval(() => {
      maxRss = Math.max(maxRss, sampleProcess(pid).rssBytes);
    }, 100);
    const started = performance.now();
    for (let i = 0; i < count; i += BATCH) {
      const batch = [];
      for (let j = i; j < Math.min(count, i + BATCH); j++)
        batch.push(client.publishAsync(topics.commands, malformedCommand(j, BENCH_WALL_ID), { qos: 1 }));
      await Promise.all(batch);
    }
    await until(`${count} replies`, () => replies >= count, 120_000, 50);
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const during = mb(maxRss - before.rssBytes);
    await sleep(SETTLE_MS);
    const after = sampleProcess(pid);
    const growthAfterMb = mb(after.rssBytes - before.rssBytes);
    const pass = during <= FLOOD_GOAL.growthDuringMb && growthAfterMb <= FLOOD_GOAL.growthAfterMb;
    const result: BenchResult = {
      bench: 'command-flood',
      runtime: rig.station.runtime,
      node: process.version,
      commands: count,
      replies,
      commandsPerSecond: round(count / seconds, 0),
      rssBeforeMb: mb(before.rssBytes),
      rssMaxDuringMb: mb(maxRss),
      growthDuringMb: during,
      rssAfterMb: mb(after.rssBytes),
      growthAfterMb,
      misses: Object.fromEntries(
        [
          ['growthDuringMb', during - FLOOD_GOAL.growthDuringMb],
          ['growthAfterMb', growthAfterMb - FLOOD_GOAL.growthAfterMb],
        ]
          .filter(([, over]) => (over as number) > 0)
          .map(([k, over]) => [k, round(over as number, 1)]),
      ),
      budget: { metric: 'growthDuringMb and growthAfterMb', max: FLOOD_GOAL.growthDuringMb },
      pass,
    };
    emit(
      [
        `command-flood (${rig.station.runtime}, ${process.version}): ${count} malformed commands, ${replies} refusals back, ${result.commandsPerSecond}/s`,
        `  RSS ${result.rssBeforeMb} MB idle, ${result.rssMaxDuringMb} MB at most during (+${during}), ${result.rssAfterMb} MB 15 s after (+${growthAfterMb})`,
        `  goal ≤ +${FLOOD_GOAL.growthDuringMb} MB during and after: ${verdict(pass)}`,
      ],
      result,
    );
    return [result];
  } finally {
    await client.endAsync();
    await rig.close();
  }
};

if (isMain(import.meta.url)) runAsProgram(commandFlood);
