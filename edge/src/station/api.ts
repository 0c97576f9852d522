/**
 * The station's local programmatic API: what the kiosk page, the MQTT command router, the jobs and
 * the tests call. One facade over the application services; every method that changes state commits
 * that change and its outbox event(s) in one SQLite transaction.
 *
 * Errors: methods reject with `DomainError` (stable `code`, see domain/errors.ts) or `StorageError`
 * (`STORAGE_FAULT`). `submitCode` never rejects for a customer's mistake: it resolves a `CodeOutcome`.
 */
import type {
  ColdChainRecord,
  CompartmentSnapshot,
  ReserveResult,
  Size,
  UnlockReason,
  Zone,
} from '@regiobox/contract';
import type { LocalizedText } from '../domain/localized-text.js';

export type { ReserveResult } from '@regiobox/contract';

export interface ReserveParcelInput {
  readonly parcelId: string;
  readonly producer: string;
  readonly zone: Zone;
  readonly size: Size;
  /** ISO time; when omitted the zone's default pickup window from the config applies */
  readonly deadline?: string;
}

export interface ReserveInput {
  /** whose order: it gets only compartments this tenant may use (config `tenants`); default `default` */
  readonly tenant?: string;
  /** the station's local order key (domain/order-key.ts); for the default tenant the order id itself */
  readonly orderId: string;
  readonly parcels: readonly ReserveParcelInput[];
}

/** How a code reached the station: typed on the keypad or typed by the USB barcode scanner. */
export type CodeSource = 'keypad' | 'scanner';
export type { CodePurpose, MissingParcel } from '../domain/pickup.js';

import type { CodePurpose, MissingParcel } from '../domain/pickup.js';

export interface OpenedCompartment {
  readonly no: number;
  readonly zone: Zone;
  /** where the customer finds it, e.g. "top row, 3rd from left", per language or one for all; null when not configured */
  readonly location: LocalizedText | null;
  readonly parcelId: string | null;
  /** 'unknown' when the board could not confirm the pulse; the door switch decides later */
  readonly outcome: 'confirmed' | 'unknown';
}

export interface NotOpenedCompartment {
  readonly no: number;
  /** COOLING_DOWN: the board answered that the solenoid must rest; try again after `retryAfterMs` */
  readonly reason: 'BOARD_UNREACHABLE' | 'BLOCKED' | 'COOLING_DOWN';
  readonly retryAfterMs?: number;
}

export type CodeRejection =
  | 'WRONG_CODE'
  | 'LOCKED_OUT'
  | 'EXPIRED'
  | 'NOTHING_TO_OPEN'
  | 'BUSY'
  | 'DOOR_COOLING_DOWN'
  | 'BOARD_UNREACHABLE'
  | 'OUT_OF_SERVICE'
  /** a van: the order is handed out at another stop, or at this one at another time */
  | 'WRONG_STOP';

/** Where and when a van hands an order out: what the kiosk tells a customer who came too early or elsewhere. */
export interface OrderStop {
  readonly stopId: string;
  readonly name: string;
  readonly from: string;
  readonly to: string;
  /** `elsewhere`: the van is not at this stop now; `early`/`late`: it is, outside the window and grace */
  readonly why: 'elsewhere' | 'early' | 'late';
}

export type CodeOutcome =
  | {
      readonly ok: true;
      readonly purpose: CodePurpose;
      readonly orderId: string | null;
      /** every compartment that was unlocked, in the order they were pulsed */
      readonly compartments: readonly OpenedCompartment[];
      /** pickup: parcels of the order that are not (yet) collectable */
      readonly missing: readonly MissingParcel[];
      /** compartments the code entitles to but that could not be opened now; the code stays valid for them */
      readonly notOpened: readonly NotOpenedCompartment[];
      /** a sentence for the kiosk, e.g. "Compartment 7 is open" */
      readonly message: string;
    }
  | {
      readonly ok: false;
      readonly reason: CodeRejection;
      /** wrong tries left before the keypad backs off */
      readonly triesLeft?: number;
      /** LOCKED_OUT and WRONG_CODE: how long the keypad stays locked; DOOR_COOLING_DOWN: how long the door rests */
      readonly retryAfterMs?: number;
      /** NOTHING_TO_OPEN for a pickup code: the order's parcels that are not collectable yet (not loaded, or held) */
      readonly missing?: readonly MissingParcel[];
      /** WRONG_STOP: where and when the van hands this order out */
      readonly stop?: OrderStop;
      readonly message: string;
    };

export interface ServiceOpenInput {
  readonly compartment: number;
  /** operator name or id, for the audit log */
  readonly by: string;
  readonly reason: string;
  readonly source: 'local' | 'remote';
}

export interface UnlockResult {
  readonly compartment: number;
  readonly outcome: 'confirmed' | 'unknown';
}

export interface IssuedServiceCode {
  /** the clear code: shown to the caller once, never stored or logged */
  readonly code: string;
  readonly compartment: number;
  readonly validUntil: string;
}

export interface DeadlineRun {
  readonly reminded: number;
  readonly expiredParcels: number;
  readonly expiredCodes: number;
}

/** In-process notices for the alarm engine and the kiosk; the outbox events are the durable record. */
export type StationNotice =
  | { readonly type: 'door'; readonly compartment: number; readonly open: boolean; readonly at: Date }
  | { readonly type: 'door_forced'; readonly compartment: number; readonly at: Date }
  | {
      readonly type: 'unlocked';
      readonly compartment: number;
      readonly reason: UnlockReason;
      readonly outcome: 'confirmed' | 'unknown';
      readonly at: Date;
    }
  | {
      readonly type: 'unlock_not_used';
      readonly compartment: number;
      readonly at: Date;
    }
  | {
      readonly type: 'code_rejected';
      readonly attempts: number;
      readonly lockedForMs: number;
      readonly at: Date;
    }
  | {
      readonly type: 'occupancy_mismatch';
      readonly compartment: number;
      readonly expected: 'empty' | 'occupied';
      readonly actual: 'empty' | 'occupied';
      readonly at: Date;
    }
  | { readonly type: 'compartments_changed'; readonly at: Date }
  /** a loaded parcel was held after a cold-chain excursion; its compartment opens for nobody now */
  | {
      readonly type: 'parcel_held';
      readonly orderId: string;
      readonly parcelId: string;
      readonly compartment: number;
      readonly zone: Zone;
      readonly reason: string;
      readonly at: Date;
    }
  /** someone decided about a held parcel (released or discarded) */
  | {
      readonly type: 'hold_decided';
      readonly orderId: string;
      readonly parcelId: string;
      readonly compartment: number;
      readonly at: Date;
    }
  /** a commit failed in SQLite (disk full, read-only, locked): nothing of it was written */
  | { readonly type: 'storage_fault'; readonly error: Error; readonly at: Date };

export interface StationApi {
  /**
   * Start-up reconciliation: drives every lock output off, reads the real door states, resolves any
   * unlock a crash interrupted from its door switch, then subscribes to door changes.
   */
  start(): Promise<void>;
  stop(): Promise<void>;

  /** All-or-nothing allocation; rejects NO_FREE_COMPARTMENT (details.parcelId), DUPLICATE_ORDER. */
  reserve(input: ReserveInput): Promise<ReserveResult>;
  /** Rejects UNKNOWN_ORDER, ILLEGAL_TRANSITION (already picked up / closed). */
  cancel(orderId: string, reason: string): Promise<void>;
  /** New deadline for every open parcel of the order; rejects UNKNOWN_ORDER, INVALID_DEADLINE, ILLEGAL_TRANSITION. */
  extend(orderId: string, deadline: string, by?: string): Promise<void>;

  submitCode(code: string, source: CodeSource): Promise<CodeOutcome>;
  /** Opens exactly one compartment; rejects UNKNOWN_COMPARTMENT, BOARD_UNREACHABLE. */
  serviceOpen(input: ServiceOpenInput): Promise<UnlockResult>;
  /** A one-compartment service code for an operator on site; single-use, expiring. */
  issueServiceCode(input: {
    compartment: number;
    by: string;
    validMinutes?: number;
  }): Promise<IssuedServiceCode>;

  /** Out of service: no code opens it and allocation skips it. Rejects UNKNOWN_COMPARTMENT. */
  block(no: number, reason: string, by: string): Promise<void>;
  unblock(no: number, by: string): Promise<void>;

  /** Cold-chain hook: a loaded parcel whose goods may be spoiled; its compartment no longer opens for pickup. */
  holdParcel(input: {
    orderId: string;
    parcelId: string;
    reason: string;
    coldChain: ColdChainRecord;
  }): Promise<void>;
  /** The recorded corrective action: release → loaded again; discard → producer retrieval. */
  decideHold(input: {
    orderId: string;
    parcelId: string;
    decision: 'release' | 'discard';
    by: string;
    why: string;
  }): Promise<void>;

  /** Reminders before deadlines, expiry at deadlines (retrieval codes), expired codes. For the scheduler. */
  processDeadlines(): Promise<DeadlineRun>;

  /** Compartments for the retained state message and the kiosk. */
  snapshot(): CompartmentSnapshot[];
  /** Subscribe to in-process notices; returns an unsubscribe function. */
  onNotice(listener: (notice: StationNotice) => void): () => void;
}
