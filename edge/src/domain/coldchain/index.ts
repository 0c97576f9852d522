export * from './errors.js';
export * from './haccp-csv.js';
export * from './hold.js';
export * from './intervals.js';
export * from './ledger.js';
export * from './limits.js';
export * from './record.js';
export * from './zones.js';
