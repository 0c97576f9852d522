export * from './rtu-requests.js';
export * from './simulated-relay-board.js';
