import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from './signature.js';

const secret = 'a-long-webhook-secret-0123456789';
const body = '{"id":"e-1","type":"order.picked_up"}';
const now = new Date('2026-01-01T08:00:00.000Z');
const ts = Math.floor(now.getTime() / 1000);

describe('webhook signatures', () => {
  it('verifies a delivery signed with the shared secret', () => {
    const signature = signWebhook(secret, ts, body);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature({ secret, body, signature, timestamp: String(ts), now })).toBe(true);
  });

  it('rejects a changed body, another secret, and a replay outside the tolerance', () => {
    const signature = signWebhook(secret, ts, body);
    const base = { secret, body, signature, timestamp: String(ts), now };
    expect(verifyWebhookSignature({ ...base, body: body.replace('picked_up', 'expired') })).toBe(false);
    expect(verifyWebhookSignature({ ...base, secret: `${secret}x` })).toBe(false);
    expect(verifyWebhookSignature({ ...base, now: new Date(now.getTime() + 301_000) })).toBe(false);
    expect(verifyWebhookSignature({ ...base, timestamp: String(ts + 1) })).toBe(false);
    expect(verifyWebhookSignature({ ...base, signature: undefined })).toBe(false);
  });
});
