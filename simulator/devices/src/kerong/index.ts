export * from './simulated-kerong-bus.js';
