#!/usr/bin/env node
import module from 'node:module';

/**
 * What the systemd unit runs (as dist/bundle/regiobox-edge.mjs): turns on Node's compile cache
 * (Node 22.1 and later; Node 20 has none) before the station's code is loaded, so that from the
 * second start on V8 reads the compiled bundle from disk instead of compiling it again. The cache
 * lives in systemd's CacheDirectory= ($CACHE_DIRECTORY), else in Node's default under the temp dir.
 * This file must stay tiny and import nothing of the station: everything it imports is compiled
 * before the cache is on.
 */
const enableCompileCache = (module as { enableCompileCache?: (dir?: string) => unknown }).enableCompileCache;
enableCompileCache?.(process.env.CACHE_DIRECTORY || undefined);
await import('./main.js');
