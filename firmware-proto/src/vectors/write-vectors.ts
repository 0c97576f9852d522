import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildTestVectors } from './vector-cases.js';

// Regenerates firmware-proto/test-vectors.json: `npm run vectors -w firmware-proto`.
const target = fileURLToPath(new URL('../../test-vectors.json', import.meta.url));
const vectors = buildTestVectors();
writeFileSync(target, `${JSON.stringify(vectors, null, 2)}\n`);
process.stdout.write(`wrote ${vectors.length} vectors to ${target}\n`);
