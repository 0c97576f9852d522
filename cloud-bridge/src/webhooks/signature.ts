import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-regiobox-signature';
export const TIMESTAMP_HEADER = 'x-regiobox-timestamp';

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`, the timestamp in Unix seconds. */
export const signWebhook = (secret: string, timestamp: number, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

export interface WebhookVerification {
  readonly secret: string;
  /** the raw request body, byte for byte as received */
  readonly body: string;
  readonly signature: string | undefined;
  readonly timestamp: string | undefined;
  /** default: the current time */
  readonly now?: Date;
  /** how old (or early) a delivery may be; default 300 s, which bounds replays */
  readonly toleranceSeconds?: number;
}

/** For receivers: true when the delivery is authentic and fresh. Compares in constant time. */
export const verifyWebhookSignature = (v: WebhookVerification): boolean => {
  if (!v.signature || !v.timestamp || !/^\d{1,12}$/.test(v.timestamp)) return false;
  const ts = Number(v.timestamp);
  const now = Math.floor((v.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - ts) > (v.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhook(v.secret, ts, v.body));
  const given = Buffer.from(v.signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
};
