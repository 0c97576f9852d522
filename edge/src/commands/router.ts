import { type AuditRecord, type CommandBody, type Tour, tenantOf, type Zone } from '@regiobox/contract';
import { localOrderKey } from '../domain/order-key.js';
import type { CommandHandler } from '../link/index.js';
import type { StationApi } from '../station/index.js';

const keyOf = (command: { readonly tenant?: string; readonly orderId: string }): string =>
  localOrderKey(tenantOf(command), command.orderId);

/** replay_events is the link's own business (link/replay.ts) and never reaches the station. */
export class ReplayNotRoutedError extends Error {
  readonly code = 'INTERNAL';
  constructor() {
    super('replay_events is answered by the link, not by the station');
    this.name = 'ReplayNotRoutedError';
  }
}

/** The parts of the station a remote command can reach besides the station service itself. */
export interface CommandTargets {
  readonly station: StationApi;
  /** Rejects with code UNKNOWN_ALARM for an id the station does not know. */
  acknowledgeAlarm(alarmId: string, by: string, note: string): Promise<void>;
  /** Rejects with code INVALID_THRESHOLDS. */
  setThresholds(
    zone: Zone,
    limits: Extract<CommandBody, { type: 'set_thresholds' }>['limits'],
    by?: string,
  ): Promise<void>;
  /** The newest audit entries, newest last; one compartment's when given. */
  readAudit(query: { limit: number; compartment?: number }): readonly AuditRecord[];
  /** A van's new tour; rejects with code NOT_A_VAN at any other station. */
  setTour(tour: Tour): { tourId: string; stops: number } | Promise<{ tourId: string; stops: number }>;
  /** Republishes the retained state; resolves false when the link is not online. */
  resendState(): Promise<boolean>;
}

/**
 * Maps each validated, authorised, fresh command onto the station. The link has already checked
 * schema, expiry, signature, rate limit and duplicate ids; errors thrown here carry a `code` that the
 * link turns into the error reply.
 */
export const createCommandRouter =
  (targets: CommandTargets): CommandHandler =>
  async (command) => {
    const { station } = targets;
    switch (command.type) {
      case 'reserve': {
        const tenant = tenantOf(command);
        const result = await station.reserve({
          tenant,
          orderId: localOrderKey(tenant, command.orderId),
          parcels: command.parcels,
        });
        return { ...result, orderId: command.orderId };
      }
      // an order command finds the order within its own tenant only
      case 'cancel':
        await station.cancel(keyOf(command), command.reason);
        return { orderId: command.orderId, state: 'cancelled' };
      case 'extend':
        await station.extend(keyOf(command), command.deadline, command.by);
        return { orderId: command.orderId, deadline: command.deadline };
      case 'service_open': {
        const result = await station.serviceOpen({
          compartment: command.compartment,
          by: command.operator,
          reason: command.reason,
          source: 'remote',
        });
        return { ...result };
      }
      case 'block':
        await station.block(command.compartment, command.reason, command.by);
        return { compartment: command.compartment, state: 'blocked' };
      case 'unblock':
        await station.unblock(command.compartment, command.by);
        return { compartment: command.compartment, state: 'unblocked' };
      case 'set_thresholds':
        await targets.setThresholds(command.zone, command.limits, command.by);
        return { zone: command.zone };
      case 'ack_alarm':
        await targets.acknowledgeAlarm(command.alarmId, command.by, command.note);
        return { alarmId: command.alarmId, acknowledged: true };
      case 'decide_hold':
        await station.decideHold({ ...command, orderId: keyOf(command) });
        return { orderId: command.orderId, parcelId: command.parcelId, decision: command.decision };
      case 'set_tour':
        return { ...(await targets.setTour(command.tour)) };
      case 'resend_state':
        return { published: await targets.resendState() };
      case 'read_audit':
        return {
          entries: targets.readAudit({
            limit: command.limit,
            ...(command.compartment !== undefined ? { compartment: command.compartment } : {}),
          }),
        };
      case 'replay_events':
        // The link answers it from the events it kept after delivery; the station has nothing to add.
        throw new ReplayNotRoutedError();
    }
  };
