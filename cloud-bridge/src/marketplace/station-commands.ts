import type { CommandBody, Tour, Zone, ZoneThresholdsOverride } from '@regiobox/contract';
import type { CommandCenter } from '../commands/command-center.js';
import type { CommandRecord, CommandStore } from '../commands/command-store.js';
import { type OrderKey, orderFields } from '../domain/orders.js';
import { BridgeError } from '../errors.js';
import type { FleetStore } from '../store/fleet-store.js';
import { type CommandOutcome, outcomeOf } from './outcome.js';
import type { Reservations } from './reservations.js';
import type { StationDirectory } from './stations.js';

export interface StationCommandsOptions {
  readonly store: FleetStore;
  readonly commands: CommandCenter;
  readonly commandStore: CommandStore;
  readonly reservations: Reservations;
  readonly stations: StationDirectory;
  readonly ttlMs: number;
  /**
   * The life of signed commands (service_open, decide_hold): opening a door or releasing goods
   * hours later would surprise everyone, and the station refuses signed commands older than 30 s.
   */
  readonly serviceOpenTtlMs: number;
  readonly waitMs: number;
}

export type CancelOutcome = CommandOutcome | { readonly kind: 'withdrawn'; readonly record: CommandRecord };

/** The marketplace's and operators' commands to a station, each waited on for a bounded time. */
export class StationCommands {
  constructor(private readonly o: StationCommandsOptions) {}

  /** Order commands name the order within its tenant; another tenant's order is UNKNOWN_ORDER. */
  async cancel(order: OrderKey, reason: string): Promise<CancelOutcome> {
    const withdrawn = await this.o.reservations.withdraw(order);
    if (withdrawn) return { kind: 'withdrawn', record: withdrawn };
    return this.send(
      await this.stationOfOrder(order),
      { type: 'cancel', ...orderFields(order), reason },
      this.o.ttlMs,
    );
  }

  async extend(order: OrderKey, deadline: string, by?: string): Promise<CommandOutcome> {
    return this.send(
      await this.stationOfOrder(order),
      { type: 'extend', ...orderFields(order), deadline, ...(by ? { by } : {}) },
      this.o.ttlMs,
    );
  }

  /** Takes a compartment out of service (or back in); both are recorded in the station's audit log. */
  async block(stationId: string, compartment: number, reason: string, by: string): Promise<CommandOutcome> {
    await this.knownCompartment(stationId, compartment);
    return this.send(stationId, { type: 'block', compartment, reason, by }, this.o.ttlMs);
  }

  async unblock(stationId: string, compartment: number, by: string): Promise<CommandOutcome> {
    await this.knownCompartment(stationId, compartment);
    return this.send(stationId, { type: 'unblock', compartment, by }, this.o.ttlMs);
  }

  /**
   * Reads the station's audit log. Only worth it while the station answers: a queued read would
   * answer long after anyone looked, so it lives as long as a signed command does.
   */
  async readAudit(stationId: string, limit: number): Promise<CommandOutcome> {
    if (!(await this.o.stations.knows(stationId))) {
      throw new BridgeError('UNKNOWN_STATION', `station ${stationId} is not known`);
    }
    return this.send(stationId, { type: 'read_audit', limit }, this.o.serviceOpenTtlMs);
  }

  async ackAlarm(alarmId: string, by: string, note: string, stationId?: string): Promise<CommandOutcome> {
    const found = (await this.o.store.findAlarms(alarmId)).filter(
      (a) => !stationId || a.stationId === stationId,
    );
    const [alarm, ...others] = found;
    if (!alarm) throw new BridgeError('UNKNOWN_ALARM', `alarm ${alarmId} is not known`);
    if (others.length > 0) {
      throw new BridgeError(
        'AMBIGUOUS_ALARM',
        `alarm id ${alarmId} exists at several stations; give stationId`,
      );
    }
    return this.send(alarm.stationId, { type: 'ack_alarm', alarmId, by, note }, this.o.ttlMs);
  }

  /**
   * The recorded decision that lifts a cold-chain hold. Refused here when the bridge knows better
   * than to send it: no such parcel, or a parcel the station reported as not held.
   */
  async decideHold(
    key: OrderKey,
    parcelId: string,
    decision: 'release' | 'discard',
    by: string,
    why: string,
  ): Promise<CommandOutcome> {
    const { orderId } = key;
    const order = await this.o.store.getOrder(key.tenant, orderId);
    const parcel = order?.parcels.find((p) => p.parcelId === parcelId);
    if (order && !parcel) {
      throw new BridgeError('UNKNOWN_PARCEL', `order ${orderId} has no parcel ${parcelId}`);
    }
    if (parcel && parcel.state !== 'held') {
      throw new BridgeError(
        'PARCEL_NOT_HELD',
        `parcel ${parcelId} of order ${orderId} is not held (it is ${parcel.state}); there is nothing to decide`,
      );
    }
    return this.send(
      await this.stationOfOrder(key),
      { type: 'decide_hold', ...orderFields(key), parcelId, decision, by, why },
      this.o.serviceOpenTtlMs,
    );
  }

  async serviceOpen(
    stationId: string,
    compartment: number,
    operator: string,
    reason: string,
  ): Promise<CommandOutcome> {
    await this.knownCompartment(stationId, compartment);
    return this.send(
      stationId,
      { type: 'service_open', compartment, operator, reason },
      this.o.serviceOpenTtlMs,
    );
  }

  private async knownCompartment(stationId: string, compartment: number): Promise<void> {
    if (!(await this.o.stations.knows(stationId))) {
      throw new BridgeError('UNKNOWN_STATION', `station ${stationId} is not known`);
    }
    const station = await this.o.store.getStation(stationId);
    if (
      station &&
      station.compartments.length > 0 &&
      !station.compartments.some((c) => c.no === compartment)
    ) {
      throw new BridgeError('UNKNOWN_COMPARTMENT', `station ${stationId} has no compartment ${compartment}`);
    }
  }

  /** One zone's limits at a station (`set_thresholds`, signed; the station audits it). */
  async setThresholds(
    stationId: string,
    zone: Zone,
    limits: ZoneThresholdsOverride,
    by: string,
  ): Promise<CommandOutcome> {
    if (!(await this.o.stations.knows(stationId))) {
      throw new BridgeError('UNKNOWN_STATION', `station ${stationId} is not known`);
    }
    return this.send(stationId, { type: 'set_thresholds', zone, limits, by }, this.o.ttlMs);
  }

  /** A sales van's tour (signed `set_tour`); the van answers NOT_A_VAN when it is none. */
  async setTour(stationId: string, tour: Tour): Promise<CommandOutcome> {
    if (!(await this.o.stations.knows(stationId))) {
      throw new BridgeError('UNKNOWN_STATION', `station ${stationId} is not known`);
    }
    return this.send(stationId, { type: 'set_tour', tour }, this.o.ttlMs);
  }

  private async send(stationId: string, body: CommandBody, ttlMs: number): Promise<CommandOutcome> {
    const { record, reply } = await this.o.commands.issueAndWait(stationId, body, ttlMs, this.o.waitMs);
    return outcomeOf(record, reply);
  }

  private async stationOfOrder(key: OrderKey): Promise<string> {
    const order = await this.o.store.getOrder(key.tenant, key.orderId);
    if (order) return order.stationId;
    const reservation = await this.o.commandStore.latestReservation(key.tenant, key.orderId);
    if (reservation && (reservation.state === 'sent' || reservation.reply?.ok)) return reservation.stationId;
    // the same answer whether the id is unused or another tenant's: nothing leaks
    throw new BridgeError('UNKNOWN_ORDER', `order ${key.orderId} is not known`);
  }
}
