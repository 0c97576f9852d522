export * from './registers.js';
