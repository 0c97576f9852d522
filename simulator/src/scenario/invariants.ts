import type { ParcelState } from '@regiobox/contract';
import { type Check, check, type Evidence, hhmm } from './check.js';

const FORWARDED = /^(order|parcel|alarm)\.|^codes\.issued$/;

/** Every event the stations wrote reached the bridge exactly once (after dedup), with no seq gaps. */
export function eventsExactlyOnce(e: Evidence): Check {
  const problems: string[] = [];
  const parts: string[] = [];
  const webhookIds = new Map(e.webhooks.map((w) => [w.id, w]));
  let forwarded = 0;
  for (const s of e.stations) {
    const seqs = s.events.map((x) => x.seq);
    const unique = new Set(seqs);
    if (unique.size !== seqs.length) problems.push(`${s.stationId}: the bridge holds a seq twice`);
    const missing: number[] = [];
    for (let seq = 1; seq <= s.records.lastSeq; seq++) if (!unique.has(seq)) missing.push(seq);
    if (missing.length > 0)
      problems.push(
        `${s.stationId}: seq ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ' …' : ''} never reached the bridge`,
      );
    const beyond = seqs.filter((q) => q > s.records.lastSeq);
    if (beyond.length > 0)
      problems.push(`${s.stationId}: the bridge has seq ${beyond.join(', ')} the station never wrote`);
    if (s.records.undelivered > 0)
      problems.push(`${s.stationId}: ${s.records.undelivered} events still in the outbox`);
    for (const ev of s.events) {
      if (!FORWARDED.test(ev.type)) continue;
      forwarded += 1;
      if (!webhookIds.has(ev.eventId))
        problems.push(`${s.stationId}: ${ev.type} seq ${ev.seq} never reached the marketplace's webhook`);
    }
    parts.push(`${s.stationId} seq 1..${s.records.lastSeq}`);
  }
  return check(
    'every event reached the bridge exactly once after dedup',
    problems,
    `${parts.join(', ')}; ${forwarded} forwarded as webhooks (${e.webhookDuplicates} redeliveries dropped by id)`,
  );
}

const NEXT: Readonly<Record<string, Partial<Record<ParcelState, ParcelState>>>> = {
  'parcel.loaded': { reserved: 'loaded' },
  'parcel.picked_up': { loaded: 'picked_up' },
  'parcel.expired': { reserved: 'expired', loaded: 'expired' },
  'parcel.retrieved': { expired: 'retrieved', cancelled: 'retrieved', discarded: 'retrieved' },
  'parcel.held': { loaded: 'held' },
};

/**
 * Every order ended in a legal state: replaying the bridge's event history through the parcel
 * lifecycle takes only legal steps and ends where the station's own database says the parcel is,
 * and what the people did agrees (a customer who took goods left a picked-up parcel).
 */
export function legalEndStates(e: Evidence): Check {
  const problems: string[] = [];
  const tally = new Map<string, number>();
  for (const s of e.stations) {
    const replayed = new Map<string, ParcelState>();
    const key = (orderId: unknown, parcelId: unknown) => `${String(orderId)}/${String(parcelId)}`;
    for (const ev of s.events) {
      const d = ev.event;
      if (ev.type === 'order.reserved') {
        for (const p of d.parcels as { parcelId: string }[])
          replayed.set(key(d.orderId, p.parcelId), 'reserved');
        continue;
      }
      if (ev.type === 'order.cancelled') {
        for (const [k, state] of replayed)
          if (k.startsWith(`${String(d.orderId)}/`) && (state === 'reserved' || state === 'loaded'))
            replayed.set(k, 'cancelled');
        continue;
      }
      const k = key(d.orderId, d.parcelId);
      const from = replayed.get(k);
      let to: ParcelState | undefined;
      if (ev.type === 'parcel.hold_decided')
        to = from === 'held' ? (d.decision === 'release' ? 'loaded' : 'discarded') : undefined;
      else if (NEXT[ev.type]) to = from ? NEXT[ev.type]?.[from] : undefined;
      else continue;
      if (!to)
        problems.push(`${s.stationId} ${k}: ${ev.type} (seq ${ev.seq}) is illegal from ${from ?? 'nothing'}`);
      else replayed.set(k, to);
    }
    for (const p of s.records.parcels) {
      const k = key(p.orderId, p.parcelId);
      const atBridge = replayed.get(k);
      if (atBridge !== p.state)
        problems.push(
          `${s.stationId} ${k}: station says ${p.state}, the bridge's history ends at ${atBridge ?? 'nothing'}`,
        );
      tally.set(p.state, (tally.get(p.state) ?? 0) + 1);
    }
    const byOrder = new Map<string, string[]>();
    for (const p of s.records.parcels) byOrder.set(p.orderId, [...(byOrder.get(p.orderId) ?? []), p.state]);
    for (const story of e.journal.stories().filter((x) => x.stationId === s.stationId)) {
      const states = byOrder.get(story.orderId) ?? [];
      if (story.story === 'picked_up' && !states.includes('picked_up'))
        problems.push(
          `${s.stationId} ${story.orderId}: the customer took the goods, the station says ${states.join(', ')}`,
        );
      if (story.story === 'retrieved' && !states.includes('retrieved'))
        problems.push(
          `${s.stationId} ${story.orderId}: the producer took the goods back, the station says ${states.join(', ')}`,
        );
    }
  }
  const summary = [...tally].map(([state, n]) => `${n} ${state}`).join(', ') || 'no parcels';
  return check('every order ended in a legal state', problems, `parcels: ${summary}`);
}

/**
 * No door opened without a valid reason: each pulse on the board matches an unlock the station
 * audited for a code a person typed (loading, pickup, retrieval), each door that opened on its latch
 * followed a pulse, and every forced door was a fault the scenario injected.
 */
export function doorsWithReason(e: Evidence): Check {
  const problems: string[] = [];
  let pulses = 0;
  let openings = 0;
  let forced = 0;
  for (const s of e.stations) {
    const codes = e.journal.codes().filter((c) => c.stationId === s.stationId && c.purpose !== 'wrong');
    for (const c of s.compartments) {
      const pulsed = s.truth.pulses.filter((p) => p.channel === c.lockChannel).length;
      const requested = s.records.unlocksRequested.filter((u) => u.compartment === c.no).length;
      const opened = s.truth.doors.filter(
        (d) => d.input === c.doorInput && d.open && d.cause === 'unlocked',
      ).length;
      pulses += pulsed;
      openings += opened;
      if (pulsed > requested)
        problems.push(
          `${s.stationId} compartment ${c.no}: ${pulsed} pulses but ${requested} audited unlocks`,
        );
      if (opened > pulsed)
        problems.push(
          `${s.stationId} compartment ${c.no}: ${opened} openings on the latch but ${pulsed} pulses`,
        );
    }
    for (const u of s.records.unlocksRequested) {
      const typed = codes.some((c) => c.orderId === u.orderId && c.purpose === u.reason);
      if (!typed)
        problems.push(
          `${s.stationId} compartment ${u.compartment}: unlock for ${u.reason} ${u.orderId ?? ''} at ${u.at} without anyone typing that code`,
        );
    }
    for (const d of s.truth.doors.filter((x) => x.cause === 'forced')) {
      forced += 1;
      const c = s.compartments.find((x) => x.doorInput === d.input);
      const injected = e.journal
        .faults()
        .some(
          (f) =>
            f.stationId === s.stationId &&
            f.fault === 'door_forced' &&
            f.compartment === c?.no &&
            Math.abs(f.from - d.at) <= e.slackMs,
        );
      if (!injected)
        problems.push(
          `${s.stationId} door ${c?.no ?? d.input} forced open at ${hhmm(d.at)} by nobody the scenario sent`,
        );
    }
  }
  return check(
    'no door opened without a valid reason',
    problems,
    `${pulses} pulses, ${openings} doors opened on a released latch, ${forced} forced by injected faults`,
  );
}
