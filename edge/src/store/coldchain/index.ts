export * from './account-store.js';
export * from './alarm-store.js';
export * from './transaction.js';
