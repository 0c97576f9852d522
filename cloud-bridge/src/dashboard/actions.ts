import type { AuditRecord, Zone, ZoneThresholdsOverride } from '@regiobox/contract';
import type { OrderKey } from '../domain/orders.js';
import type { CommandOutcome } from '../marketplace/outcome.js';

/**
 * What became of a command within the time the request waited: carried out (with the station's
 * result), sent but not yet answered, queued for an offline station, or refused by the station
 * (`code` is the station's, e.g. THAWED_NOT_RELEASABLE_AS_FROZEN, so the page can explain it).
 */
export type ActionOutcome =
  | { readonly kind: 'done'; readonly commandId: string; readonly result: Record<string, unknown> }
  | { readonly kind: 'sent'; readonly commandId: string }
  | { readonly kind: 'queued'; readonly commandId: string; readonly expiresAt: string }
  | { readonly kind: 'refused'; readonly code: string; readonly message: string };

/** The bridge's command paths the dashboard's buttons use (`StationCommands`); `by` is the session's operator. */
export interface StationActions {
  decideHold(
    order: OrderKey,
    parcelId: string,
    decision: 'release' | 'discard',
    by: string,
    why: string,
  ): Promise<ActionOutcome>;
  block(stationId: string, compartment: number, reason: string, by: string): Promise<ActionOutcome>;
  unblock(stationId: string, compartment: number, by: string): Promise<ActionOutcome>;
  extend(order: OrderKey, deadline: string, by: string): Promise<ActionOutcome>;
  serviceOpen(stationId: string, compartment: number, by: string, reason: string): Promise<ActionOutcome>;
  readAudit(stationId: string, limit: number): Promise<ActionOutcome>;
  setThresholds(
    stationId: string,
    zone: Zone,
    limits: ZoneThresholdsOverride,
    by: string,
  ): Promise<ActionOutcome>;
}

export const actionOutcome = (o: CommandOutcome): ActionOutcome => {
  switch (o.kind) {
    case 'refused':
      return { kind: 'refused', code: o.error.code, message: o.error.message };
    case 'queued':
      return { kind: 'queued', commandId: o.record.id, expiresAt: o.record.expiresAt };
    case 'sent':
      return { kind: 'sent', commandId: o.record.id };
    case 'done':
      return { kind: 'done', commandId: o.record.id, result: o.result };
  }
};

/** Structurally `StationCommands`. */
export interface CommandPaths {
  decideHold(
    order: OrderKey,
    parcelId: string,
    decision: 'release' | 'discard',
    by: string,
    why: string,
  ): Promise<CommandOutcome>;
  block(stationId: string, compartment: number, reason: string, by: string): Promise<CommandOutcome>;
  unblock(stationId: string, compartment: number, by: string): Promise<CommandOutcome>;
  extend(order: OrderKey, deadline: string, by?: string): Promise<CommandOutcome>;
  serviceOpen(
    stationId: string,
    compartment: number,
    operator: string,
    reason: string,
  ): Promise<CommandOutcome>;
  readAudit(stationId: string, limit: number): Promise<CommandOutcome>;
  setThresholds(
    stationId: string,
    zone: Zone,
    limits: ZoneThresholdsOverride,
    by: string,
  ): Promise<CommandOutcome>;
}

export const stationActions = (c: CommandPaths): StationActions => ({
  decideHold: async (...a) => actionOutcome(await c.decideHold(...a)),
  block: async (...a) => actionOutcome(await c.block(...a)),
  unblock: async (...a) => actionOutcome(await c.unblock(...a)),
  extend: async (...a) => actionOutcome(await c.extend(...a)),
  serviceOpen: async (...a) => actionOutcome(await c.serviceOpen(...a)),
  readAudit: async (...a) => actionOutcome(await c.readAudit(...a)),
  setThresholds: async (...a) => actionOutcome(await c.setThresholds(...a)),
});

export type AuditEntries = readonly AuditRecord[];
