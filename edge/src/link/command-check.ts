import {
  CommandMessage,
  MAX_PAYLOAD_BYTES,
  type ReplyErrorCode,
  SIGNED_COMMANDS,
  verifyCommandSignature,
} from '@regiobox/contract';
import type { z } from 'zod';

export interface Rejection {
  /** the id of the refused command when it could be read, '' otherwise */
  readonly commandId: string;
  readonly code: ReplyErrorCode;
  readonly message: string;
  readonly details?: unknown;
}

export type Checked<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly rejection: Rejection };

export interface TimingRules {
  /** how far ahead of our clock `issuedAt` may be (the sender's clock runs fast, ours slow) */
  readonly maxClockSkewMs: number;
  /** how old a signed command may be: a captured one cannot be replayed later */
  readonly signedFreshnessMs: number;
}

export const DEFAULT_TIMING: TimingRules = { maxClockSkewMs: 60_000, signedFreshnessMs: 30_000 };

const reject = (commandId: string, code: ReplyErrorCode, message: string, details?: unknown) =>
  ({
    ok: false,
    rejection: { commandId, code, message, ...(details !== undefined ? { details } : {}) },
  }) as const;

const idOf = (value: unknown): string => {
  if (value === null || typeof value !== 'object') return '';
  const id = (value as Record<string, unknown>).id;
  return typeof id === 'string' && id.length <= 64 ? id : '';
};

const describeIssues = (issues: readonly z.core.$ZodIssue[]): string =>
  issues
    .slice(0, 5)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(message)'}: ${i.message}`)
    .join('; ');

/** Size, JSON, schema and addressee — everything that needs no clock and no state. */
export const parseCommand = (payload: Buffer, stationId: string): Checked<CommandMessage> => {
  if (payload.length > MAX_PAYLOAD_BYTES) {
    return reject('', 'MALFORMED', `payload of ${payload.length} bytes exceeds ${MAX_PAYLOAD_BYTES}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(payload.toString('utf8'));
  } catch {
    return reject('', 'MALFORMED', 'payload is not valid JSON');
  }
  const parsed = CommandMessage.safeParse(json);
  if (!parsed.success) {
    const details = parsed.error.issues
      .slice(0, 20)
      .map((i) => ({ path: i.path.map(String), message: i.message }));
    return reject(idOf(json), 'MALFORMED', describeIssues(parsed.error.issues), details);
  }
  const m = parsed.data;
  if (m.stationId !== stationId) {
    return reject(
      m.id,
      'MALFORMED',
      `stationId: command is for station ${m.stationId}, this is ${stationId}`,
    );
  }
  if (Date.parse(m.expiresAt) <= Date.parse(m.issuedAt)) {
    return reject(m.id, 'MALFORMED', 'expiresAt: must be later than issuedAt');
  }
  return { ok: true, value: m };
};

/** Expiry and the sender's clock; a command that queued at the broker past its expiry never runs. */
export const checkTiming = (m: CommandMessage, now: Date, rules: TimingRules): Checked<CommandMessage> => {
  if (Date.parse(m.expiresAt) <= now.getTime()) {
    return reject(m.id, 'EXPIRED', `command expired at ${m.expiresAt}; station time is ${now.toISOString()}`);
  }
  if (Date.parse(m.issuedAt) > now.getTime() + rules.maxClockSkewMs) {
    return reject(
      m.id,
      'NOT_YET_VALID',
      `issuedAt ${m.issuedAt} is ahead of station time ${now.toISOString()} by more than ${rules.maxClockSkewMs} ms`,
    );
  }
  return { ok: true, value: m };
};

/** Commands that open a door or release goods need the per-station key's signature and must be fresh. */
export const checkSignature = (
  m: CommandMessage,
  now: Date,
  key: Buffer | undefined,
  rules: TimingRules,
): Checked<CommandMessage> => {
  if (!SIGNED_COMMANDS.has(m.command.type)) return { ok: true, value: m };
  if (!key)
    return reject(m.id, 'UNAUTHORISED', `${m.command.type} needs a signature; no command key is configured`);
  if (!m.sig) return reject(m.id, 'UNAUTHORISED', `sig: ${m.command.type} must be signed`);
  if (!verifyCommandSignature(m, key)) return reject(m.id, 'UNAUTHORISED', 'sig: signature does not match');
  if (now.getTime() - Date.parse(m.issuedAt) > rules.signedFreshnessMs) {
    return reject(
      m.id,
      'UNAUTHORISED',
      `issuedAt: signed commands must be at most ${rules.signedFreshnessMs / 1000} s old`,
    );
  }
  return { ok: true, value: m };
};
