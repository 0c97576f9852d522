import { MAX_PAYLOAD_BYTES } from '@regiobox/contract';

/** Limits that keep one slow, stuck or hostile client from stalling the broker for everyone else. */
export interface BrokerLimits {
  /** a client whose socket does not drain within this time is disconnected (aedes `drainTimeout`) */
  readonly drainTimeoutMs: number;
  /** a connection that sends no CONNECT (or finishes no TLS handshake) within this time is closed */
  readonly connectTimeoutMs: number;
  /** clients must use a keepalive between 1 s and this; keepalive 0 would hide a dead station forever */
  readonly keepaliveLimitS: number;
  /** largest MQTT packet (remaining length) accepted; the contract's payload limit plus room for the topic */
  readonly maxPacketBytes: number;
  /** topics deeper than this are refused before routing (ours have five levels) */
  readonly maxTopicLevels: number;
  /** packets a client may queue before its session is established */
  readonly queueLimit: number;
  /** messages aedes delivers concurrently; with drainTimeout a frozen subscriber frees its slots */
  readonly concurrency: number;
  /** open connections accepted by the listener */
  readonly maxConnections: number;
}

export const DEFAULT_BROKER_LIMITS: BrokerLimits = {
  drainTimeoutMs: 10_000,
  connectTimeoutMs: 10_000,
  keepaliveLimitS: 900,
  maxPacketBytes: MAX_PAYLOAD_BYTES + 1024,
  maxTopicLevels: 8,
  queueLimit: 42,
  concurrency: 100,
  maxConnections: 10_000,
};
