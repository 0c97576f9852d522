import { setTimeout as sleep } from 'node:timers/promises';
import { readStationRecords, type StationRecords } from '@regiobox/edge';
import type { StoredEvent } from '../actors/marketplace-api.js';
import type { Recorder } from '../world/recorder.js';
import type { World } from '../world/world.js';
import type { Evidence, StationEvidence } from './check.js';

const FORWARDED = /^(order|parcel|alarm)\.|^codes\.issued$/;

/**
 * Waits (real time, bounded) until every station's outbox is empty and the bridge holds as many
 * events as the station wrote, and the marketplace's webhook endpoint has heard every forwarded one.
 * Returns whether that state was reached; the checks then say what is missing.
 */
export async function awaitDelivery(world: World, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    let settled = true;
    for (const s of world.stations.values()) {
      const records = readStationRecords(s.dataDir);
      const events = await world.marketplace.allEvents(s.stationId).catch(() => [] as StoredEvent[]);
      const heard = new Set(world.inbox.events().map((w) => w.id));
      const forwardedMissing = events.some((ev) => FORWARDED.test(ev.type) && !heard.has(ev.eventId));
      if (records.undelivered > 0 || events.length < records.lastSeq || forwardedMissing) settled = false;
    }
    if (settled) return true;
    await sleep(500);
  }
  return false;
}

/**
 * What the stations, the bridge and the marketplace know at the end. Stations keep living (an alarm
 * clears, a summary is written), so the snapshot is retaken until station and bridge agree or the
 * deadline passes; the checks then report whatever still disagrees.
 */
export async function gatherEvidence(
  world: World,
  recorder: Recorder,
  slackMs: number,
  timeoutMs = 30_000,
): Promise<Evidence> {
  const deadline = Date.now() + timeoutMs;
  let stations: StationEvidence[] = [];
  for (;;) {
    stations = [];
    for (const s of world.stations.values()) {
      const records: StationRecords = readStationRecords(s.dataDir);
      const events = await world.marketplace.allEvents(s.stationId);
      stations.push({
        stationId: s.stationId,
        compartments: s.compartments,
        records,
        events,
        truth: recorder.of(s.stationId),
      });
    }
    const consistent = stations.every(
      (s) => s.records.undelivered === 0 && s.events.length === s.records.lastSeq,
    );
    if (consistent || Date.now() > deadline) break;
    await sleep(500);
  }
  return {
    stations,
    alarms: await world.marketplace.alarms({ state: 'all' }),
    webhooks: world.inbox.events(),
    webhookDuplicates: world.inbox.duplicates,
    journal: world.journal,
    slackMs,
    endMs: world.clock.nowMs(),
  };
}
