import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface ApiKeyConfig {
  readonly name: string;
  /** the key itself (from config or environment) … */
  readonly key?: string;
  /** … or, better, only its SHA-256 in hex, so the config file holds no secret */
  readonly sha256?: string;
}

const sha256 = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Checks `Authorization: Bearer <key>` or `X-Api-Key: <key>` against hashed keys in constant time. */
export class ApiKeys {
  private readonly keys: { name: string; hash: Buffer }[];

  constructor(keys: readonly ApiKeyConfig[]) {
    this.keys = keys.map((k) => ({
      name: k.name,
      hash: k.sha256 ? Buffer.from(k.sha256, 'hex') : sha256(k.key ?? ''),
    }));
  }

  /** The name of the matching key, or undefined. Every configured key is compared, always. */
  identify(headers: IncomingHttpHeaders): string | undefined {
    const presented = presentedKey(headers);
    if (!presented) return undefined;
    const hash = sha256(presented);
    let match: string | undefined;
    for (const k of this.keys) {
      if (k.hash.length === hash.length && timingSafeEqual(k.hash, hash)) match ??= k.name;
    }
    return match;
  }
}

const presentedKey = (headers: IncomingHttpHeaders): string | undefined => {
  const auth = headers.authorization;
  if (auth?.toLowerCase().startsWith('bearer ')) return auth.slice(7).trim() || undefined;
  const x = headers['x-api-key'];
  return (Array.isArray(x) ? x[0] : x)?.trim() || undefined;
};
