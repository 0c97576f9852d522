import { DEFAULT_ZONE_THRESHOLDS } from '@regiobox/contract';
import type { Alarm } from '../actors/marketplace-api.js';
import { type Check, check, type Evidence, hhmm, type StationEvidence } from './check.js';

/** A probe's reading stayed above the zone's upper limit over [from, to] (simulated ms). */
interface Excursion {
  readonly stationId: string;
  readonly probeId: string;
  readonly from: number;
  readonly to: number;
  readonly delayMs: number;
}

/** Readings this far beyond the limit count as a real excursion; nearer ones may go either way. */
const MARGIN_C = 0.5;
/** Faults that blind the station for a while: what it could not see it need not have alarmed. */
const BLINDING = new Set(['station_kill', 'station_restart', 'serial_unplug', 'serial_noise', 'power_cut']);

const zoneOfProbe = (s: StationEvidence, probeId: string) =>
  s.compartments.find((c) => c.probes.includes(probeId))?.zone;

function excursions(s: StationEvidence, endMs: number): Excursion[] {
  const found: Excursion[] = [];
  for (const [probeId, series] of s.truth.readings) {
    const zone = zoneOfProbe(s, probeId);
    const t = zone ? DEFAULT_ZONE_THRESHOLDS[zone] : undefined;
    if (!t || t.upperCelsius === null) continue;
    let from: number | null = null;
    for (const r of series) {
      const above = r.celsius !== null && r.celsius > t.upperCelsius + MARGIN_C;
      if (above && from === null) from = r.at;
      if (!above && from !== null) {
        found.push({ stationId: s.stationId, probeId, from, to: r.at, delayMs: t.delaySeconds * 1000 });
        from = null;
      }
    }
    if (from !== null)
      found.push({ stationId: s.stationId, probeId, from, to: endMs, delayMs: t.delaySeconds * 1000 });
  }
  return found;
}

/** The longest part of [from, to] outside every interval of `cuts`. */
function longestClearStretch(from: number, to: number, cuts: readonly (readonly [number, number])[]) {
  let best = { from, to: from };
  let start = from;
  const sorted = cuts.filter(([a, b]) => a <= to && b >= from).sort((p, q) => p[0] - q[0]);
  for (const [a, b] of [...sorted, [to, to] as const]) {
    if (a - start > best.to - best.from) best = { from: start, to: Math.min(a, to) };
    start = Math.max(start, b);
    if (start >= to) break;
  }
  return best;
}

const alarmSpan = (a: Alarm, endMs: number) =>
  [Date.parse(a.raisedAt), a.clearedAt ? Date.parse(a.clearedAt) : endMs] as const;

/** Every real excursion the station could see for longer than its delay raised temperature_high. */
export function excursionsAlarmed(e: Evidence): Check {
  const problems: string[] = [];
  let counted = 0;
  let blind = 0;
  for (const s of e.stations) {
    const blinding = e.journal
      .faults()
      .filter((f) => f.stationId === s.stationId && BLINDING.has(f.fault))
      .map((f) => [f.from, (f.until ?? e.endMs) + e.slackMs] as const);
    for (const x of excursions(s, e.endMs)) {
      // what the station could see: the longest stretch of the excursion no blinding fault touched
      const seen = longestClearStretch(x.from, x.to, blinding);
      const seenFrom = seen.from;
      const probeFault = e.journal
        .faults()
        .some(
          (f) =>
            f.stationId === s.stationId &&
            f.probeId === x.probeId &&
            f.from <= x.to &&
            (f.until ?? e.endMs) >= x.from,
        );
      if (probeFault || seen.to - seen.from < x.delayMs + e.slackMs) {
        if (x.to - x.from >= x.delayMs + e.slackMs) blind += 1;
        continue;
      }
      counted += 1;
      const hit = e.alarms.some((a) => {
        if (a.stationId !== s.stationId || a.kind !== 'temperature_high' || a.probeId !== x.probeId)
          return false;
        const [raised, cleared] = alarmSpan(a, e.endMs);
        return raised <= seen.to + e.slackMs && cleared >= seenFrom;
      });
      if (!hit)
        problems.push(
          `${s.stationId} probe ${x.probeId}: above the limit ${hhmm(x.from)}–${hhmm(x.to)} and no temperature_high`,
        );
    }
  }
  return check(
    'every real excursion raised an alarm',
    problems,
    `${counted} excursions longer than their delay, ${blind} hidden by station faults`,
  );
}

/** Why an alarm of `a.kind` could rightly have been raised at that time; null when nothing explains it. */
function cause(e: Evidence, s: StationEvidence, a: Alarm): string | null {
  const raised = Date.parse(a.raisedAt);
  const faults = e.journal.faults().filter((f) => f.stationId === s.stationId || f.stationId === null);
  const during = (kinds: string[], beforeMs: number) =>
    faults.find(
      (f) =>
        kinds.includes(f.fault) &&
        f.from - e.slackMs <= raised &&
        (f.until ?? e.endMs) + beforeMs + e.slackMs >= raised,
    );
  const probeFault = (beforeMs: number) =>
    faults.some(
      (f) =>
        f.fault === 'probe_fault' &&
        f.probeId === a.probeId &&
        f.from - e.slackMs <= raised &&
        (f.until ?? e.endMs) + beforeMs + e.slackMs >= raised,
    );
  const readings = a.probeId ? (s.truth.readings.get(a.probeId) ?? []) : [];
  const zone = a.probeId
    ? zoneOfProbe(s, a.probeId)
    : s.compartments.find((c) => c.no === a.compartment)?.zone;
  const t = zone ? DEFAULT_ZONE_THRESHOLDS[zone] : undefined;
  switch (a.kind) {
    case 'temperature_high':
    case 'temperature_low': {
      const limit = a.kind === 'temperature_high' ? t?.upperCelsius : t?.lowerCelsius;
      if (limit === null || limit === undefined) return null;
      const window = (t?.delaySeconds ?? 0) * 1000 + 2 * e.slackMs;
      const seen = readings.some(
        (r) =>
          r.at >= raised - window &&
          r.at <= raised + e.slackMs &&
          r.celsius !== null &&
          (a.kind === 'temperature_high' ? r.celsius > limit - MARGIN_C : r.celsius < limit + MARGIN_C),
      );
      if (seen) return 'the probe read beyond the limit';
      return probeFault(0) ? 'an injected fault of this probe' : null;
    }
    case 'cold_chain_breach': {
      const c = s.compartments.find((x) => x.no === a.compartment);
      const limit = t?.upperCelsius;
      const probes = c?.probes ?? [];
      const warm =
        limit !== null &&
        limit !== undefined &&
        probes.some((p) =>
          (s.truth.readings.get(p) ?? []).some(
            (r) => r.at <= raised && r.celsius !== null && r.celsius > limit - MARGIN_C,
          ),
        );
      return warm ? 'the compartment was above its limit while loaded' : null;
    }
    case 'door_left_open': {
      const c = s.compartments.find((x) => x.no === a.compartment);
      const opens = s.truth.doors.filter((d) => d.input === c?.doorInput);
      const openAtRaise = opens.filter((d) => d.at <= raised + e.slackMs).at(-1)?.open;
      return openAtRaise ? 'the door was open' : null;
    }
    case 'door_forced':
      return during(['door_forced'], 0) ? 'an injected forced door' : null;
    case 'probe_missing':
    case 'probe_stuck':
    case 'probe_implausible':
      // a noisy line truly leaves the station without readings; an unplugged board does not make
      // probes missing (that is board_unreachable's alarm: the probes are unknown, not missing)
      if (during(['power_cut', 'serial_noise'], 600_000)) return 'a power cut or a noisy line';
      return probeFault(600_000) ? 'an injected fault of this probe' : null;
    case 'board_unreachable':
      return during(['serial_unplug', 'serial_noise', 'power_cut', 'station_kill'], 60_000)
        ? 'the serial line was cut or noisy'
        : null;
    case 'serial_line_noisy':
      return during(['serial_noise', 'serial_unplug', 'power_cut'], 120_000)
        ? 'the serial line was noisy'
        : null;
    case 'power_restored':
      return during(['station_kill', 'power_cut', 'station_restart'], 600_000)
        ? 'the station was down'
        : null;
    case 'wrong_codes':
      return e.journal
        .codes()
        .some((c) => c.stationId === s.stationId && c.purpose === 'wrong' && c.at <= raised + e.slackMs)
        ? 'wrong codes were typed'
        : null;
    case 'occupancy_mismatch':
      return e.journal
        .codes()
        .some((c) => c.stationId === s.stationId && c.opened.includes(a.compartment ?? -1))
        ? 'a person used the compartment'
        : null;
    default:
      return null;
  }
}

/** No alarm without a cause: each alarm the bridge knows is explained by the truth or an injected fault. */
export function alarmsCaused(e: Evidence): Check {
  const problems: string[] = [];
  const kinds = new Map<string, number>();
  for (const a of e.alarms) {
    const s = e.stations.find((x) => x.stationId === a.stationId);
    kinds.set(a.kind, (kinds.get(a.kind) ?? 0) + 1);
    if (!s || cause(e, s, a) === null)
      problems.push(
        `${a.stationId}: ${a.kind}${a.compartment ? ` at compartment ${a.compartment}` : ''}${a.probeId ? ` (${a.probeId})` : ''} raised ${hhmm(Date.parse(a.raisedAt))} without a cause: ${a.detail}`,
      );
  }
  const summary = [...kinds].map(([k, n]) => `${n} ${k}`).join(', ') || 'no alarms';
  return check('no alarm without a cause', problems, summary);
}
