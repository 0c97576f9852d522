import type { SimClock, SolenoidPulse } from '@regiobox/simulated-devices';
import type { SiteCompartment, StationSite } from '../station/site.js';
import type { CodeSource, TerminalOutcome } from '../station/terminal.js';

/** real ms from the lock's click to the pull on the handle; pulses last 400 ms by default */
const REACTION_MS = 40;

export interface DoorVisit {
  /** what the person does while the door is open (put goods in, take them out) */
  readonly inside?: (compartment: SiteCompartment) => void;
  /** simulated ms each door stays open */
  readonly holdMs: number;
}

export type VisitResult =
  | { readonly kind: 'station_down' }
  | {
      readonly kind: 'answered';
      readonly outcome: TerminalOutcome;
      /** doors the person opened (and closed again) */
      readonly opened: readonly SiteCompartment[];
      /** compartments the station named whose door stayed shut when pulled */
      readonly stuck: readonly number[];
    };

/**
 * A person at the station: types or scans `code`, pulls each door as its lock clicks (the latch is
 * released only for the solenoid's pulse), does their business inside, and pushes the doors shut.
 * Takes the keypad for the whole visit, as people queue at a real station.
 */
export function visitWithCode(
  site: StationSite,
  clock: SimClock,
  code: string,
  source: CodeSource,
  visit: DoorVisit,
): Promise<VisitResult> {
  return site.keypad.use(async () => {
    const terminal = site.terminal();
    if (!terminal) return { kind: 'station_down' } as const;
    const byChannel = new Map(site.compartments.map((c) => [c.lockChannel, c]));
    const opened = new Map<number, SiteCompartment>();
    const board = site.rig.board;
    const pulls: Promise<void>[] = [];
    // a person pulls the handle a moment after the click, well within the solenoid's pulse
    const onPulse = (pulse: SolenoidPulse) => {
      const c = byChannel.get(pulse.channel);
      if (!c) return;
      pulls.push(
        new Promise<void>((resolve) =>
          setTimeout(() => {
            if (board.openDoor(c.doorInput)) opened.set(c.no, c);
            resolve();
          }, REACTION_MS),
        ),
      );
    };
    board.on('pulse', onPulse);
    let outcome: TerminalOutcome;
    try {
      outcome = await terminal.enterCode(code, source);
    } finally {
      board.off('pulse', onPulse);
    }
    await Promise.all(pulls);
    const stuck: number[] = [];
    if (outcome.ok) {
      for (const { no } of outcome.compartments) {
        const c = site.compartments.find((x) => x.no === no);
        if (!c || opened.has(no)) continue;
        // a late pull: the door opens only if the latch is still released
        if (board.openDoor(c.doorInput)) opened.set(no, c);
        else stuck.push(no);
      }
    }
    for (const c of opened.values()) visit.inside?.(c);
    if (opened.size > 0) await clock.sleep(visit.holdMs);
    for (const c of opened.values()) board.closeDoor(c.doorInput);
    return { kind: 'answered', outcome, opened: [...opened.values()], stuck };
  });
}

/** Whether the board has an occupancy sensor behind door input `input`. */
export const hasOccupancySensor = (site: StationSite, input: number): boolean =>
  site.rig.board.capabilities.occupancySensors[input] === true;

/** Goods go in: the occupancy sensor sees them and the thermal model gets their (warm) mass. */
export function putGoods(
  site: StationSite,
  c: SiteCompartment,
  goods: { id: string; massKg: number; celsius: number },
): void {
  if (hasOccupancySensor(site, c.doorInput)) site.rig.board.setOccupancy(c.doorInput, true);
  site.rig.thermal.loadGoods(c.no, goods);
}

/** Goods come out. */
export function takeGoods(site: StationSite, c: SiteCompartment, goodsId: string): void {
  if (hasOccupancySensor(site, c.doorInput)) site.rig.board.setOccupancy(c.doorInput, false);
  site.rig.thermal.unloadGoods(c.no, goodsId);
}
