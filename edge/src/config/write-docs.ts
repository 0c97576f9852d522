import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderConfigDocs } from './docs.js';

// Regenerates edge/CONFIG.md: npx tsx --conditions=regiobox-source edge/src/config/write-docs.ts
const target = fileURLToPath(new URL('../../CONFIG.md', import.meta.url));
writeFileSync(target, renderConfigDocs());
process.stdout.write(`wrote ${target}\n`);
