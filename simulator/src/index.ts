export * from './gpio/index.js';
