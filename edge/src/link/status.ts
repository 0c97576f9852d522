import {
  type CompartmentLimits,
  type StationCapabilities,
  type StationHealth,
  type StationKind,
  StatusMessage,
} from '@regiobox/contract';
import type { LinkSession } from './session.js';

/** What the station says about itself in its birth; the link adds identity, session and lastSeq. */
export interface StationStatusInfo {
  /** absent: the receiver takes `locker` */
  readonly kind?: StationKind;
  readonly capabilities: StationCapabilities;
  readonly health: StationHealth;
  readonly limits?: readonly CompartmentLimits[];
}

export const birthMessage = (
  stationId: string,
  session: LinkSession,
  info: StationStatusInfo,
  lastSeq: number,
  at: Date,
): StatusMessage => ({
  v: 1,
  stationId,
  state: 'online',
  session: session.session,
  sessionId: session.sessionId,
  at: at.toISOString(),
  lastSeq,
  ...(info.kind ? { kind: info.kind } : {}),
  capabilities: info.capabilities,
  health: info.health,
  ...(info.limits ? { limits: [...info.limits] } : {}),
});

/**
 * The last will, registered with CONNECT. Its `at` is the moment the connection began (the broker
 * publishes it later, unchanged); receivers should use their own receive time for "offline since".
 */
export const willMessage = (stationId: string, session: LinkSession, at: Date): StatusMessage => ({
  v: 1,
  stationId,
  state: 'offline',
  session: session.session,
  sessionId: session.sessionId,
  at: at.toISOString(),
});

/**
 * A receiver keeps the status with the highest session; for the station this means: a retained
 * status of an older session (a will the broker published late) must be overwritten by our birth.
 * Returns that stale status, or undefined for anything else (our own birth, garbage).
 */
export const staleStatus = (payload: Buffer, current: LinkSession): StatusMessage | undefined => {
  let json: unknown;
  try {
    json = JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
  const received = StatusMessage.safeParse(json);
  return received.success && received.data.session < current.session ? received.data : undefined;
};
