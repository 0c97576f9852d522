import { type ReplyErrorCode, ReserveResult, type Size, type Zone } from '@regiobox/contract';
import type { Clock } from '../clock.js';
import type { CommandCenter } from '../commands/command-center.js';
import type { CommandRecord, CommandStore } from '../commands/command-store.js';
import { type OrderKey, orderFields } from '../domain/orders.js';
import { BridgeError } from '../errors.js';
import type { FleetStore } from '../store/fleet-store.js';
import { type CommandOutcome, outcomeOf, pendingDetail } from './outcome.js';
import type { StationDirectory } from './stations.js';

export interface ReservationInput {
  readonly orderId: string;
  readonly parcels: readonly {
    readonly parcelId: string;
    readonly producer: string;
    readonly zone: Zone;
    readonly size: Size;
    readonly deadline: string;
  }[];
}

export type ReservationStatus =
  | 'queued'
  | 'sent'
  | 'reserved'
  | 'rejected'
  | 'expired'
  | 'unanswered'
  | 'withdrawn';

export interface ReservationView {
  readonly reservationId: string;
  readonly orderId: string;
  readonly stationId: string;
  readonly status: ReservationStatus;
  readonly expiresAt: string;
  readonly detail: string;
  readonly pickupPin?: string;
  readonly qrToken?: string;
  readonly parcels?: ReserveResult['parcels'];
  readonly error?: { readonly code: ReplyErrorCode; readonly message: string };
}

export interface ReservationsOptions {
  readonly store: FleetStore;
  readonly commands: CommandCenter;
  readonly commandStore: CommandStore;
  readonly stations: StationDirectory;
  readonly clock: Clock;
  /** a queued reservation waits at most this long (and never past its earliest deadline) */
  readonly ttlMs: number;
  readonly waitMs: number;
}

/** Reservations are `reserve` commands; their id is the command id. */
export class Reservations {
  constructor(private readonly o: ReservationsOptions) {}

  async create(
    tenant: string,
    stationId: string,
    input: ReservationInput,
  ): Promise<{ outcome: CommandOutcome | undefined; view: ReservationView }> {
    if (!(await this.o.stations.knows(stationId))) {
      throw new BridgeError('UNKNOWN_STATION', `station ${stationId} is not known`);
    }
    const key = { tenant, orderId: input.orderId };
    const previous = await this.o.commandStore.latestReservation(tenant, input.orderId);
    if (
      previous &&
      (previous.state === 'pending' || previous.state === 'sent') &&
      previous.stationId === stationId
    ) {
      // The marketplace repeated its request (e.g. after a timeout): the same reservation answers.
      return { outcome: undefined, view: viewOf(previous) };
    }
    if (
      (previous && (previous.state === 'pending' || previous.state === 'sent' || isReserved(previous))) ||
      (await this.o.store.getOrder(tenant, input.orderId))
    ) {
      throw new BridgeError('DUPLICATE_ORDER', `order ${input.orderId} exists already`);
    }
    const now = this.o.clock.now().getTime();
    const earliest = Math.min(...input.parcels.map((p) => Date.parse(p.deadline)));
    if (earliest <= now) {
      const index = input.parcels.findIndex((p) => Date.parse(p.deadline) === earliest);
      throw new BridgeError('DEADLINE_PASSED', 'the pickup deadline lies in the past', {
        field: `parcels.${index}.deadline`,
      });
    }
    const ttl = Math.min(this.o.ttlMs, earliest - now);
    const { record, reply } = await this.o.commands.issueAndWait(
      stationId,
      { type: 'reserve', ...orderFields(key), parcels: input.parcels.map((p) => ({ ...p })) },
      ttl,
      this.o.waitMs,
    );
    const outcome = outcomeOf(record, reply);
    if (outcome.kind === 'done') {
      const result = ReserveResult.safeParse(outcome.result);
      if (result.success) return { outcome, view: { ...viewOf(record), ...result.data } };
    }
    return { outcome, view: viewOf(record) };
  }

  /**
   * The codes come along only if nobody has received them yet, and only this once. Another tenant's
   * reservation is not found, exactly like an unknown one.
   */
  async get(tenant: string, reservationId: string): Promise<ReservationView | undefined> {
    const record = await this.o.commandStore.get(reservationId);
    if (record?.type !== 'reserve' || record.tenant !== tenant) return undefined;
    const view = viewOf(record);
    const kept = await this.o.commandStore.takeUndeliveredResult(reservationId);
    if (!kept) return view;
    const result = ReserveResult.safeParse(JSON.parse(kept));
    return result.success ? { ...view, ...result.data } : view;
  }

  /** Withdraws a reservation that has not reached the station yet. */
  async withdraw(order: OrderKey): Promise<CommandRecord | undefined> {
    const r = await this.o.commandStore.latestReservation(order.tenant, order.orderId);
    if (r?.state === 'pending' && (await this.o.commandStore.withdraw(r.id))) return r;
    return undefined;
  }
}

const isReserved = (r: CommandRecord): boolean => r.state === 'replied' && r.reply?.ok === true;

const STATUS: Record<CommandRecord['state'], ReservationStatus> = {
  pending: 'queued',
  sent: 'sent',
  replied: 'reserved',
  expired: 'expired',
  unanswered: 'unanswered',
  withdrawn: 'withdrawn',
};

/** Without codes: those are added only by the caller that may hand them out. */
export const viewOf = (r: CommandRecord): ReservationView => {
  const base = {
    reservationId: r.id,
    orderId: r.orderId ?? '',
    stationId: r.stationId,
    expiresAt: r.expiresAt,
  };
  if (r.reply && !r.reply.ok) {
    return { ...base, status: 'rejected', detail: r.reply.error.message, error: r.reply.error };
  }
  if (r.reply?.ok) {
    const parsed = ReserveResult.safeParse(r.reply.result);
    return {
      ...base,
      status: 'reserved',
      detail: 'reserved; codes are handed out once',
      ...(parsed.success ? { parcels: parsed.data.parcels } : {}),
    };
  }
  const status = STATUS[r.state];
  const detail =
    status === 'queued' || status === 'sent'
      ? pendingDetail(status === 'queued' ? { kind: 'queued', record: r } : { kind: 'sent', record: r })
      : status === 'expired'
        ? `the station did not come online before ${r.expiresAt}; nothing was reserved`
        : status === 'withdrawn'
          ? 'withdrawn before it reached the station'
          : 'the station did not answer before the reservation expired';
  return { ...base, status, detail };
};
