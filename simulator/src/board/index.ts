export * from './board-options.js';
export * from './door-inputs.js';
export * from './line-faults.js';
export * from './random.js';
export * from './serial-binding.js';
export * from './simulated-board.js';
export * from './solenoids.js';
export * from './timers.js';
