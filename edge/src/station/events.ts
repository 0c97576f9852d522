import type { DoorChange, HardwareHealth, ProbeReading } from '@regiobox/hardware-api';
import type { ClockStatus } from '../domain/clock-trust.js';
import { EventBus } from '../events/bus.js';
import type { StationNotice } from './api.js';

type NoticeEvents = { [N in StationNotice as N['type']]: N };

/** What the station's parts tell each other: every notice by its type, and the devices' and health news. */
export interface StationEventMap extends NoticeEvents {
  /** a door switch changed, as the driver reports it (the station turns it into a `door` notice) */
  'hardware.door': DoorChange;
  'hardware.health': HardwareHealth;
  'clock.status': ClockStatus;
  /** storage, the probes or the serial line changed health: the status birth and the kiosk screen are due again */
  'health.changed':
    | { readonly part: 'storage'; readonly ok: boolean }
    | { readonly part: 'probes' | 'serial_line' | 'limits' };
  /** a sampling cycle read the probes; null: nothing could be read (the board is unreachable) */
  'probes.read': { readonly at: Date; readonly readings: readonly ProbeReading[] | null };
  /** the alarm rules judged a cycle's readings: each compartment's temperature, null when unknown */
  'temperatures.judged': {
    readonly at: Date;
    readonly celsiusByCompartment: ReadonlyMap<number, number | null>;
  };
}

const NOTICE_TYPES = [
  'door',
  'door_forced',
  'unlocked',
  'unlock_not_used',
  'code_rejected',
  'occupancy_mismatch',
  'compartments_changed',
  'parcel_held',
  'hold_decided',
  'storage_fault',
] as const satisfies readonly StationNotice['type'][];
// a notice type added to StationNotice but not here fails to compile: onNotice would not hear it
const everyNotice: Exclude<StationNotice['type'], (typeof NOTICE_TYPES)[number]> extends never
  ? true
  : never = true;
void everyNotice;

/** The station's one event bus (edge/README.md: parts talk over it, not through listener sets). */
export class StationEvents extends EventBus<StationEventMap> {
  notify(notice: StationNotice): void {
    this.emit(notice.type, notice);
  }

  /** Every notice, whatever its type: for the kiosk, the link and the tests. */
  onNotice(listener: (notice: StationNotice) => void): () => void {
    const offs = NOTICE_TYPES.map((type) => this.on(type, listener));
    return () => {
      for (const off of offs) off();
    };
  }
}
