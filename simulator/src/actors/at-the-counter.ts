import type { CounterTerminal } from '../station/counter-terminal.js';
import type { StationSite } from '../station/site.js';
import type { CodeSource } from '../station/terminal.js';
import type { DoorVisit, VisitResult } from './at-the-station.js';

/**
 * A person at a shop's counter: they give their code to whoever of the staff serves them, who looks
 * it up on the tablet and, parcel by parcel, fetches it from its place and hands it over (a pickup,
 * a producer's retrieval) or takes a producer's delivery and puts it into the planned place. The
 * queue at the till is the station's one keypad queue.
 */
export function visitCounter(
  site: StationSite,
  clerk: CounterTerminal | null,
  code: string,
  source: CodeSource,
  visit: DoorVisit,
  say: (line: string) => void,
): Promise<VisitResult> {
  return site.keypad.use(async () => {
    if (!clerk) return { kind: 'station_down' } as const;
    const lookup = await clerk.lookUp(code, source);
    if (!lookup.ok)
      return {
        kind: 'answered',
        outcome: {
          ok: false,
          reason: lookup.reason,
          message: lookup.message,
          ...(lookup.retryAfterMs === undefined ? {} : { retryAfterMs: lookup.retryAfterMs }),
        },
        opened: [],
        stuck: [],
      } as const;
    const served = [];
    for (const p of lookup.parcels) {
      const place = site.compartments.find((c) => c.no === p.place);
      if (!place) continue;
      if (lookup.purpose === 'loading') {
        visit.inside?.(place);
        if (await clerk.book(lookup.ticket, p.parcelId, place.no)) served.push(place);
      } else if (await clerk.handOver(lookup.ticket, p.parcelId)) {
        visit.inside?.(place);
        served.push(place);
      }
    }
    const what = lookup.purpose === 'loading' ? 'books the delivery into' : 'hands over from';
    say(`${lookup.orderId}: ${clerk.staff.name} (staff) ${what} place ${served.map((c) => c.no).join(', ')}`);
    return {
      kind: 'answered',
      outcome: {
        ok: true,
        purpose: lookup.purpose,
        orderId: lookup.orderId,
        compartments: served.map((c) => ({ no: c.no, outcome: 'confirmed' as const })),
        message: `${served.length} parcel(s) over the counter`,
      },
      opened: served,
      stuck: [],
    } as const;
  });
}
