import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CommandMessage } from './commands.js';

/**
 * The string that is signed: fields joined by newlines, the command body as JSON with sorted keys.
 * Both sides build it from the parsed message, so key order on the wire does not matter.
 */
export const signingString = (m: Omit<CommandMessage, 'sig'>): string =>
  ['regiobox-cmd-v1', m.id, m.stationId, m.issuedAt, m.expiresAt, canonicalJson(m.command)].join('\n');

export const signCommand = (m: Omit<CommandMessage, 'sig'>, key: Buffer): string =>
  createHmac('sha256', key).update(signingString(m)).digest('hex');

export const verifyCommandSignature = (m: CommandMessage, key: Buffer): boolean => {
  if (!m.sig) return false;
  const expected = Buffer.from(signCommand(m, key), 'hex');
  const given = Buffer.from(m.sig, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
};

export const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
};
