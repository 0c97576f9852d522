export * from './ambient.js';
export * from './compartment.js';
export * from './presets.js';
export * from './probe.js';
export * from './world.js';
