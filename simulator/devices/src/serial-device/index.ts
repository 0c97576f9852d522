export * from './device-line.js';
