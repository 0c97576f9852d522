export * from './config.js';
export * from './gpio-backend.js';
export * from './gpio-config.js';
export * from './types.js';
export * from './vendor-config.js';
