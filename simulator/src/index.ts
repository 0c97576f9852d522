export * from './board/index.js';
export * from './gpio/index.js';
export * from './station-hardware/memory-hardware.js';
