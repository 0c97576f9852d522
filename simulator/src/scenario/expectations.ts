import type { OrderStory } from '../actors/order-life.js';
import { alarmsCaused, excursionsAlarmed } from './alarm-checks.js';
import { type Check, check, type Evidence } from './check.js';
import { doorsWithReason, eventsExactlyOnce, legalEndStates } from './invariants.js';
import type { Scenario } from './schema.js';

export type StoryTally = Partial<Record<OrderStory | 'failed', number>>;

const UNFINISHED: readonly string[] = ['not_loaded', 'not_collected', 'cut_short', 'failed'];

/** The scenario's own expectations, then (unless switched off) the five chaos invariants. */
export function evaluate(
  scenario: Scenario,
  evidence: Evidence,
  stories: StoryTally,
  delivered: boolean,
): Check[] {
  const x = scenario.expect;
  const reserved = evidence.journal.entries.filter((e) => e.kind === 'reserved').length;
  const count = (s: OrderStory | 'failed') => stories[s] ?? 0;
  const unfinished = UNFINISHED.reduce((n, s) => n + (stories[s as OrderStory] ?? 0), 0);
  const checks: Check[] = [
    check(
      'orders reached the stations',
      reserved >= x.minOrders ? [] : [`${reserved} < ${x.minOrders}`],
      `${reserved} reserved`,
    ),
    check(
      'customers collected',
      count('picked_up') >= x.minPickups ? [] : [`${count('picked_up')} < ${x.minPickups}`],
      `${count('picked_up')} orders picked up`,
    ),
    check(
      'producers took back what was not collected',
      count('retrieved') >= x.minRetrievals ? [] : [`${count('retrieved')} < ${x.minRetrievals}`],
      `${count('retrieved')} orders retrieved`,
    ),
    check(
      'no order was left unfinished',
      unfinished <= x.maxUnfinished ? [] : [`${unfinished} unfinished orders (at most ${x.maxUnfinished})`],
      `${unfinished} unfinished`,
    ),
    check(
      'the station outboxes drained to the bridge',
      delivered ? [] : ['not every event was delivered before the deadline'],
      delivered ? 'all delivered' : 'timed out',
    ),
  ];
  for (const a of x.alarms) {
    const n = evidence.alarms.filter(
      (al) =>
        al.kind === a.kind &&
        (a.station === undefined || al.stationId === a.station) &&
        (a.compartment === undefined || al.compartment === a.compartment),
    ).length;
    const ok = n >= a.min && (a.max === undefined || n <= a.max);
    const where = `${a.station ?? 'any station'}${a.compartment ? ` compartment ${a.compartment}` : ''}`;
    checks.push(
      check(
        `${a.kind} alarms at ${where}`,
        ok ? [] : [`${n} raised, expected ${a.min}${a.max === undefined ? '+' : `–${a.max}`}`],
        `${n} raised`,
      ),
    );
  }
  if (x.invariants)
    checks.push(
      legalEndStates(evidence),
      doorsWithReason(evidence),
      eventsExactlyOnce(evidence),
      excursionsAlarmed(evidence),
      alarmsCaused(evidence),
    );
  return checks;
}
