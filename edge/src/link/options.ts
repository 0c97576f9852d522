import type tls from 'node:tls';
import { type StateMessage, stationClientId } from '@regiobox/contract';
import type { Logger } from 'pino';
import { type BackoffOptions, DEFAULT_BACKOFF } from '../domain/backoff.js';
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
import { connectSocket, parseBrokerUrl, type SocketFactory } from './transport.js';

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
  /** default 1 s to 60 s */
  readonly backoff?: Partial<BackoffOptions>;
  /** a connection that lasted this long starts the backoff from its first step again; default 10 000 */
  readonly stableAfterMs?: number;
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
  readonly stableAfterMs: number;
}

export const resolveBroker = (
  stationId: string,
  b: BrokerOptions,
  socketFactory: SocketFactory = connectSocket,
): ResolvedBroker => ({
  connection: {
    target: parseBrokerUrl(b.url, b.tls),
    socketFactory,
    clientId: b.clientId ?? stationClientId(stationId),
    keepaliveSeconds: b.keepaliveSeconds ?? 30,
    connectTimeoutMs: b.connectTimeoutMs ?? 10_000,
    protocolVersion: b.protocolVersion ?? 4,
    ...(b.username !== undefined ? { username: b.username } : {}),
    ...(b.password !== undefined ? { password: b.password } : {}),
  },
  backoff: { ...DEFAULT_BACKOFF, ...b.backoff },
  stableAfterMs: b.stableAfterMs ?? 10_000,
});

export const resolveDrain = (d: Partial<DrainOptions> | undefined): DrainOptions => ({
  ...DEFAULT_DRAIN,
  ...d,
});
