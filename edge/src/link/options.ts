import type tls from 'node:tls';
import { type StateMessage, stationClientId } from '@regiobox/contract';
import type { Logger } from 'pino';
import { type BackoffOptions, PROBE_INTERVALS, RETRY_POLICIES } from '../domain/backoff.js';
import type { Clock } from '../domain/clock.js';
import type { RandomSource } from '../domain/random.js';
import type { Db } from '../store/database.js';
import type { Outbox } from '../store/outbox.js';
import type { TimingRules } from './command-check.js';
import type { CommandHandler } from './command-intake.js';
import type { ConnectionOptions } from './connection.js';
import { DEFAULT_DRAIN, type DrainOptions } from './outbox-drain.js';
import type { RateLimit } from './rate-limit.js';
import type { StationStatusInfo } from './status.js';
import {
  type BrokerProbe,
  connectSocket,
  parseBrokerUrl,
  probeTcp,
  type SocketFactory,
} from './transport.js';

export interface BrokerOptions {
  /** `mqtt://host:1883` or `mqtts://host:8883` */
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  readonly tls?: tls.ConnectionOptions;
  /** stable across restarts, so the broker keeps the session's queued commands; default `regiobox-<stationId>` (MQTT.md) */
  readonly clientId?: string;
  /** a silent partition is noticed after at most 1.5 × this; default 30 */
  readonly keepaliveSeconds?: number;
  /** default 10 000 */
  readonly connectTimeoutMs?: number;
  /** 4 = MQTT 3.1.1 (every broker, aedes included), 5 = MQTT 5; default 4 */
  readonly protocolVersion?: 4 | 5;
  /** after a CONNECT that failed once the broker took the TCP connection; default 0.5 s to 4 s */
  readonly backoff?: Partial<BackoffOptions>;
  /** after the broker refused the CONNECT (credentials, client id); default 1 s to 60 s */
  readonly refusedBackoff?: Partial<BackoffOptions>;
  /** while the broker is unreachable, a TCP connect to it every 0.5–1 × this; default 1 000 */
  readonly probeIntervalMs?: number;
  /** default: a bare TCP connect to the broker's port (none with a custom socketFactory) */
  readonly probe?: BrokerProbe;
}

export interface CommandOptions {
  readonly handler: CommandHandler;
  /** per-station HMAC key for SIGNED_COMMANDS */
  readonly commandKey?: Buffer;
  readonly serviceOpenLimit?: RateLimit;
  readonly timing?: TimingRules;
  readonly retentionMs?: number;
}

/** The compartments and open alarms, read synchronously so that they match the outbox's lastSeq. */
export type StateSnapshot = Pick<StateMessage, 'compartments' | 'openAlarms'>;

export interface MqttLinkOptions {
  readonly stationId: string;
  readonly broker: BrokerOptions;
  readonly db: Db;
  readonly outbox: Outbox;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** for the backoff jitter; default the OS's randomness */
  readonly random?: RandomSource;
  /** capabilities and health for the birth; called on every connect and on publishStatus() */
  readonly status: () => StationStatusInfo;
  /** called on every connect, on publishState() and on the resend_state command */
  readonly state: () => StateSnapshot;
  readonly commands: CommandOptions;
  readonly drain?: Partial<DrainOptions>;
  /** default: TCP/TLS with noDelay */
  readonly socketFactory?: SocketFactory;
}

export interface ResolvedBroker {
  /** everything a connection attempt needs but its will */
  readonly connection: Omit<ConnectionOptions, 'will'>;
  readonly backoff: BackoffOptions;
  readonly refusedBackoff: BackoffOptions;
  readonly probeIntervalMs: number;
  /** true when the broker takes a TCP connection: worth a real CONNECT */
  readonly probe: () => Promise<boolean>;
}

export const resolveBroker = (
  stationId: string,
  b: BrokerOptions,
  socketFactory: SocketFactory = connectSocket,
): ResolvedBroker => {
  const target = parseBrokerUrl(b.url, b.tls);
  // a custom socket factory may tunnel: a TCP connect to the target would say nothing about it
  const probe = b.probe ?? (socketFactory === connectSocket ? probeTcp : async () => true);
  return {
    connection: {
      target,
      socketFactory,
      clientId: b.clientId ?? stationClientId(stationId),
      keepaliveSeconds: b.keepaliveSeconds ?? 30,
      connectTimeoutMs: b.connectTimeoutMs ?? 10_000,
      protocolVersion: b.protocolVersion ?? 4,
      ...(b.username !== undefined ? { username: b.username } : {}),
      ...(b.password !== undefined ? { password: b.password } : {}),
    },
    backoff: { ...RETRY_POLICIES.brokerAttempt, ...b.backoff },
    refusedBackoff: { ...RETRY_POLICIES.brokerRefused, ...b.refusedBackoff },
    probeIntervalMs: b.probeIntervalMs ?? PROBE_INTERVALS.brokerMs,
    probe: () => probe(target),
  };
};

export const resolveDrain = (d: Partial<DrainOptions> | undefined): DrainOptions => ({
  ...DEFAULT_DRAIN,
  ...d,
});
