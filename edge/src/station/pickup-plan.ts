import type { UnlockReason } from '@regiobox/contract';
import type { HardwareError } from '@regiobox/hardware-api';
import { type CodeEntitlement, decidePickup, type PickupDecision } from '../domain/pickup.js';
import type { CodeRow } from '../store/codes-repo.js';
import type { CoreStore } from '../store/core-store.js';
import type {
  CodeOutcome,
  CodePurpose,
  MissingParcel,
  NotOpenedCompartment,
  OpenedCompartment,
} from './api.js';
import type { TargetOutcome, UnlockTarget } from './unlocker.js';

export interface UnlockPlan {
  readonly purpose: CodePurpose;
  readonly reason: UnlockReason;
  readonly targets: readonly UnlockTarget[];
  readonly missing: readonly MissingParcel[];
  readonly blocked: readonly NotOpenedCompartment[];
}

/** What a stored code entitles to, in the domain's terms. */
export const entitlementOf = (code: CodeRow): CodeEntitlement => ({
  kind: code.kind,
  parcelId: code.parcelId,
  compartmentNo: code.compartmentNo,
  validUntil: new Date(code.validUntil),
});

const NOTHING = 'There is nothing to open with this code any more.';

const refusal = (d: Extract<PickupDecision, { open: false }>): CodeOutcome => {
  const n = d.missing.length;
  switch (d.refusal) {
    case 'COMPARTMENT_GONE':
      return { ok: false, reason: 'NOTHING_TO_OPEN', message: 'This compartment no longer exists.' };
    case 'EXPIRED':
      return { ok: false, reason: 'EXPIRED', message: 'This code has expired.' };
    case 'BUSY':
      return { ok: false, reason: 'BUSY', message: 'Your compartment is being opened.' };
    case 'OUT_OF_SERVICE':
      return {
        ok: false,
        reason: 'OUT_OF_SERVICE',
        message: 'Your compartment is out of service. Your code stays valid; the operator has been told.',
      };
    case 'NOTHING_TO_OPEN': {
      if (n === 0) return { ok: false, reason: 'NOTHING_TO_OPEN', message: NOTHING };
      // the customer's goods exist but cannot be collected yet: the kiosk says which and why, not "collected"
      const held = d.missing.filter((p) => p.state === 'held').length;
      const message =
        held > 0
          ? `Nothing to collect yet: ${held} ${held === 1 ? 'parcel is' : 'parcels are'} held for a cold-chain check.`
          : `Nothing to collect yet: ${n} ${n === 1 ? 'parcel has' : 'parcels have'} not been loaded.`;
      return { ok: false, reason: 'NOTHING_TO_OPEN', missing: d.missing, message };
    }
  }
};

/**
 * The compartments a valid code opens now, or the reason it opens none: the store's rows turned
 * into the domain's facts, `decidePickup` decides, and its answer is turned back into rows to pulse.
 */
export const planTargets = (
  store: Pick<CoreStore, 'orders' | 'compartments' | 'pendingUnlocks'>,
  code: CodeRow,
  judgedNow: Date | null,
): UnlockPlan | { rejection: CodeOutcome } => {
  const rows = new Map(store.compartments.list().map((c) => [c.no, c]));
  const compartments = new Map(
    [...rows.values()].map((c) => {
      const pending = store.pendingUnlocks.get(c.no)?.status;
      return [
        c.no,
        {
          no: c.no,
          blocked: c.blockedReason !== null,
          opening: pending === 'pulsing' || pending === 'opened',
        },
      ];
    }),
  );
  const parcels = code.kind !== 'service' && code.orderId ? store.orders.parcelsOf(code.orderId) : [];
  const decision = decidePickup(entitlementOf(code), parcels, compartments, judgedNow);
  if (!decision.open) return { rejection: refusal(decision) };
  const targets = decision.targets.flatMap((t) => {
    const compartment = rows.get(t.no);
    return compartment ? [{ compartment, parcelId: t.parcelId }] : [];
  });
  const blocked = decision.blocked.map((no): NotOpenedCompartment => ({ no, reason: 'BLOCKED' }));
  return { purpose: decision.purpose, reason: decision.reason, targets, missing: decision.missing, blocked };
};

const listNos = (nos: readonly number[]): string =>
  nos.length === 1
    ? `Compartment ${nos[0]} is`
    : `Compartments ${nos.slice(0, -1).join(', ')} and ${nos.at(-1)} are`;

/** The kiosk's answer after the pulses. */
const notOpenedFor = (no: number, error: HardwareError): NotOpenedCompartment =>
  error.code === 'SOLENOID_COOLDOWN'
    ? { no, reason: 'COOLING_DOWN', retryAfterMs: error.retryAfterMs ?? 0 }
    : { no, reason: 'BOARD_UNREACHABLE' };

export const describeOpened = (
  code: CodeRow,
  plan: UnlockPlan,
  results: readonly TargetOutcome[],
): CodeOutcome => {
  const opened: OpenedCompartment[] = [];
  const notOpened: NotOpenedCompartment[] = [...plan.blocked];
  for (const r of results) {
    const t = plan.targets.find((x) => x.compartment.no === r.no);
    if (!t) continue;
    if (r.outcome === 'failed') notOpened.push(notOpenedFor(r.no, r.error));
    else
      opened.push({
        no: r.no,
        zone: t.compartment.zone,
        location: t.compartment.location,
        parcelId: t.parcelId,
        outcome: r.outcome,
      });
  }
  const resting = notOpened.filter((n) => n.reason === 'COOLING_DOWN');
  // the board answered and nothing is broken: the customer waits a few seconds, not "out of order"
  if (opened.length === 0 && resting.length > 0 && resting.length === results.length) {
    const waitMs = Math.max(...resting.map((n) => n.retryAfterMs ?? 0));
    return {
      ok: false,
      reason: 'DOOR_COOLING_DOWN',
      retryAfterMs: waitMs,
      message: `The door needs a short rest. Please try again in ${Math.ceil(waitMs / 1000)} s. Your code stays valid.`,
    };
  }
  if (opened.length === 0)
    return {
      ok: false,
      reason: 'BOARD_UNREACHABLE',
      message: 'The door could not be opened. Your code stays valid; please try again in a moment.',
    };
  const parts = [`${listNos(opened.map((o) => o.no))} open.`];
  if (plan.missing.length > 0)
    parts.push(
      `${plan.missing.length} ${plan.missing.length === 1 ? 'parcel is' : 'parcels are'} not here yet.`,
    );
  if (notOpened.length > 0)
    parts.push(`${listNos(notOpened.map((n) => n.no))} not available now; your code stays valid.`);
  return {
    ok: true,
    purpose: plan.purpose,
    orderId: code.orderId,
    compartments: opened,
    missing: plan.missing,
    notOpened,
    message: parts.join(' '),
  };
};
