export * from './board/index.js';
export * from './gpio/index.js';
export * from './pty/index.js';
export * from './station-hardware/memory-hardware.js';
export * from './thermal/index.js';
