import { setTimeout as sleep } from 'node:timers/promises';
import { type CommandMessage, stationTopics } from '@regiobox/contract';
import mqtt from 'mqtt';
import type { BenchArgs } from './support/args.js';
import { freePort } from './support/brokers.js';
import { startWallRig } from './support/idle-station.js';
import { isMain, runAsProgram } from './support/main.js';
import { mb, sampleProcess } from './support/proc-stats.js';
import { type BenchResult, emit, round, verdict } from './support/report.js';
import { until } from './support/until.js';
import { BENCH_WALL_ID } from './support/wall-config.js';

/** issue 20: RSS after 1,000 door cycles (load, pickup) at most 5 MB over idle */
export const DOOR_CYCLES_GOAL = { growthMb: 5 } as const;
const SETTLE_MS = 15_000;

interface Reserved {
  readonly pickupPin: string;
  readonly parcels: readonly {
    readonly compartment: number;
    readonly loadingCode: string;
    readonly parcelId: string;
  }[];
}

/**
 * A day's traffic, compressed: the marketplace reserves a compartment over MQTT, the producer types
 * the loading code at the kiosk, opens and closes the door; the customer types the PIN, opens and
 * closes it. RSS of the station process idle before, and 15 s after the last of `count` cycles.
 */
export const doorCycles = async (args: BenchArgs): Promise<BenchResult[]> => {
  const count = args.count ?? (args.quick ? 100 : 1000);
  const kioskPort = await freePort();
  // the shortest pulse the config allows: a cycle waits for two pulses, the memory does not care
  const rig = await startWallRig(args, { kioskPort, occupancySensors: false, cooldownMs: 0, pulseMs: 50 });
  const topics = stationTopics(BENCH_WALL_ID);
  const client = await mqtt.connectAsync(rig.broker.url, { clientId: 'bench-marketplace', clean: true });
  const replies = new Map<string, { ok: boolean; result?: Reserved; error?: { code: string } }>();
  const events: string[] = [];
  client.on('message', (topic, payload) => {
    const m = JSON.parse(payload.toString()) as {
      commandId?: string;
      ok?: boolean;
      event?: { type: string; parcelId?: string };
    };
    if (topic === topics.replies && m.commandId) replies.set(m.commandId, m as never);
    if (topic === topics.events && m.event?.parcelId) events.push(`${m.event.type} ${m.event.parcelId}`);
  });
  await client.subscribeAsync([topics.replies, topics.events], { qos: 1 });
  let busy = 0;
  const code = async (value: string) => {
    // BUSY: the previous opening of this compartment is still being recorded; a person presses again
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`http://127.0.0.1:${kioskPort}/api/code`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: value, source: 'keypad' }),
      });
      const outcome = (await res.json()) as { ok: boolean; reason?: string };
      if (outcome.ok) return;
      if (outcome.reason !== 'BUSY' || attempt >= 100)
        throw new Error(`the kiosk refused a valid code: ${outcome.reason}`);
      busy++;
      await sleep(20);
    }
  };
  // the person pulls the door while the latch is released: on the board, in the tick it energises
  // the solenoid (polling from here can miss a 400 ms pulse on a loaded machine)
  rig.board.on('traffic', ({ direction, frame }) => {
    if (direction === 'in' && frame.message.type === 'UNLOCK') {
      const channel = frame.message.channel;
      setImmediate(() => rig.board.openDoor(channel));
    }
  });
  const useDoor = async (compartment: number) => {
    await until(`door ${compartment} to open`, () => rig.board.isDoorOpen(compartment - 1), 5000, 2);
    await sleep(5);
    rig.board.closeDoor(compartment - 1);
  };
  try {
    await sleep(SETTLE_MS);
    const pid = rig.process.pid;
    const idle = sampleProcess(pid);
    // the first cycles load and compile the kiosk's and the link's paths: growth after them is the leak
    const warmup = Math.max(1, Math.floor(count / 10));
    let warm = idle;
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      const now = Date.now();
      const id = `bench-cycle-${i.toString().padStart(6, '0')}`;
      const command: CommandMessage = {
        v: 1,
        id,
        stationId: BENCH_WALL_ID,
        issuedAt: new Date(now).toISOString(),
        expiresAt: new Date(now + 60_000).toISOString(),
        command: {
          type: 'reserve',
          orderId: `order-${i}`,
          parcels: [
            {
              parcelId: `parcel-${i}`,
              producer: 'Hof Bench',
              zone: 'ambient',
              size: 'M',
              deadline: new Date(now + 86_400_000).toISOString(),
            },
          ],
        },
      };
      await client.publishAsync(topics.commands, JSON.stringify(command), { qos: 1 });
      const reply = await until(`the reply to ${id}`, () => replies.get(id), 10_000, 1);
      replies.delete(id);
      if (!reply.ok || !reply.result) throw new Error(`reserve refused: ${reply.error?.code}`);
      const parcel = reply.result.parcels[0];
      if (!parcel) throw new Error('reserve reply without a parcel');
      await code(parcel.loadingCode);
      await useDoor(parcel.compartment);
      await until(`parcel-${i} loaded`, () => events.includes(`parcel.loaded parcel-${i}`), 10_000, 1);
      await code(reply.result.pickupPin);
      await useDoor(parcel.compartment);
      await until(`parcel-${i} picked up`, () => events.includes(`parcel.picked_up parcel-${i}`), 10_000, 1);
      events.length = 0;
      if (i === warmup - 1) warm = sampleProcess(pid);
    }
    const seconds = (performance.now() - started) / 1000;
    const rssMaxDuring = mb(sampleProcess(pid).rssBytes);
    await sleep(SETTLE_MS);
    const after = sampleProcess(pid);
    const growthMb = mb(after.rssBytes - idle.rssBytes);
    const pass = growthMb <= DOOR_CYCLES_GOAL.growthMb;
    const result: BenchResult = {
      bench: 'door-cycles',
      runtime: rig.station.runtime,
      node: process.version,
      cycles: count,
      cyclesPerSecond: round(count / seconds, 1),
      busyRetries: busy,
      rssIdleMb: mb(idle.rssBytes),
      rssAtLastCycleMb: rssMaxDuring,
      rssAfterMb: mb(after.rssBytes),
      growthMb,
      warmupCycles: warmup,
      rssAfterWarmupMb: mb(warm.rssBytes),
      growthAfterWarmupMb: mb(after.rssBytes - warm.rssBytes),
      misses: pass ? {} : { growthMb: round(growthMb - DOOR_CYCLES_GOAL.growthMb, 1) },
      budget: { metric: 'growthMb (RSS 15 s after the last cycle − idle)', max: DOOR_CYCLES_GOAL.growthMb },
      pass,
    };
    emit(
      [
        `door-cycles (${rig.station.runtime}, ${process.version}): ${count} reserve → load → pickup cycles through MQTT, the kiosk and the board, ${result.cyclesPerSecond}/s`,
        `  RSS ${result.rssIdleMb} MB idle, ${result.rssAfterWarmupMb} MB after ${warmup} cycles, ${rssMaxDuring} MB after the last cycle, ${result.rssAfterMb} MB 15 s later (+${growthMb} over idle, +${result.growthAfterWarmupMb} after the first ${warmup})`,
        `  goal ≤ +${DOOR_CYCLES_GOAL.growthMb} MB over idle: ${verdict(pass)}`,
      ],
      result,
    );
    return [result];
  } finally {
    await client.endAsync();
    await rig.close();
  }
};

if (isMain(import.meta.url)) runAsProgram(doorCycles);
