import type { UnlockReason } from '@regiobox/contract';
import type { HardwareError } from '@regiobox/hardware-api';
import type { CodeRow } from '../store/codes-repo.js';
import type { ParcelRow } from '../store/orders-repo.js';
import type {
  CodeOutcome,
  CodePurpose,
  MissingParcel,
  NotOpenedCompartment,
  OpenedCompartment,
} from './api.js';
import type { StationContext } from './context.js';
import type { TargetOutcome, UnlockTarget } from './unlocker.js';

export interface UnlockPlan {
  readonly purpose: CodePurpose;
  readonly reason: UnlockReason;
  readonly targets: readonly UnlockTarget[];
  readonly missing: readonly MissingParcel[];
  readonly blocked: readonly NotOpenedCompartment[];
}

const PURPOSE: Readonly<Record<CodeRow['kind'], CodePurpose>> = {
  pickup: 'pickup',
  qr: 'pickup',
  loading: 'loading',
  retrieval: 'retrieval',
  service: 'service',
};

const REASON: Readonly<Record<CodePurpose, UnlockReason>> = {
  pickup: 'pickup',
  loading: 'loading',
  retrieval: 'retrieval',
  service: 'service_local',
};

/** Which parcels a code may open now. */
const eligible = (code: CodeRow, p: ParcelRow): boolean => {
  switch (code.kind) {
    case 'pickup':
    case 'qr':
      return p.state === 'loaded';
    case 'loading':
      return p.parcelId === code.parcelId && p.state === 'reserved';
    case 'retrieval':
      return (
        p.parcelId === code.parcelId &&
        p.goodsInside &&
        ['expired', 'cancelled', 'discarded'].includes(p.state)
      );
    case 'service':
      return false;
  }
};

/** The compartments a valid code opens now, or the reason it opens none. */
export const planTargets = (ctx: StationContext, code: CodeRow): UnlockPlan | { rejection: CodeOutcome } => {
  const { store } = ctx;
  const purpose = PURPOSE[code.kind];
  const reason = REASON[purpose];
  if (code.kind === 'service') {
    const comp = code.compartmentNo === null ? null : store.compartments.get(code.compartmentNo);
    if (!comp)
      return {
        rejection: { ok: false, reason: 'NOTHING_TO_OPEN', message: 'This compartment no longer exists.' },
      };
    return { purpose, reason, targets: [{ compartment: comp, parcelId: null }], missing: [], blocked: [] };
  }
  const parcels = code.orderId ? store.orders.parcelsOf(code.orderId) : [];
  const missing: MissingParcel[] =
    purpose === 'pickup'
      ? parcels
          .filter((p) => p.state === 'reserved' || p.state === 'held')
          .map((p) => ({
            parcelId: p.parcelId,
            producer: p.producer,
            zone: p.zone,
            state: p.state as 'reserved' | 'held',
          }))
      : [];
  const targets: UnlockTarget[] = [];
  const blocked: NotOpenedCompartment[] = [];
  let busy = false;
  for (const p of parcels.filter((x) => eligible(code, x))) {
    const comp = store.compartments.get(p.compartmentNo);
    if (!comp) continue;
    const pending = store.pendingUnlocks.get(comp.no);
    if (pending && (pending.status === 'pulsing' || pending.status === 'opened')) busy = true;
    else if (comp.blockedReason !== null) blocked.push({ no: comp.no, reason: 'BLOCKED' });
    else targets.push({ compartment: comp, parcelId: p.parcelId });
  }
  if (targets.length > 0) return { purpose, reason, targets, missing, blocked };
  if (busy) return { rejection: { ok: false, reason: 'BUSY', message: 'Your compartment is being opened.' } };
  if (blocked.length > 0)
    return {
      rejection: {
        ok: false,
        reason: 'OUT_OF_SERVICE',
        message: 'Your compartment is out of service. Your code stays valid; the operator has been told.',
      },
    };
  if (missing.length === 0)
    return {
      rejection: {
        ok: false,
        reason: 'NOTHING_TO_OPEN',
        message: 'There is nothing to open with this code any more.',
      },
    };
  // the customer's goods exist but cannot be collected yet: the kiosk says which and why, not "collected"
  const held = missing.filter((p) => p.state === 'held').length;
  const message =
    held > 0
      ? `Nothing to collect yet: ${held} ${held === 1 ? 'parcel is' : 'parcels are'} held for a cold-chain check.`
      : `Nothing to collect yet: ${missing.length} ${missing.length === 1 ? 'parcel has' : 'parcels have'} not been loaded.`;
  return { rejection: { ok: false, reason: 'NOTHING_TO_OPEN', missing, message } };
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
