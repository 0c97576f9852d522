export * from './board-on-pty.js';
export * from './pty-pair.js';
