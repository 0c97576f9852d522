import type { RateLimit } from '../domain/token-bucket.js';

export { type RateLimit, TokenBucket } from '../domain/token-bucket.js';

/** Three remote door openings at once, then one a minute: a stolen key cannot empty a station quickly. */
export const DEFAULT_SERVICE_OPEN_LIMIT: RateLimit = { burst: 3, refillMs: 60_000 };
