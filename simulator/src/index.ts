export * from './actors/at-the-station.js';
export * from './station/shapes.js';
export * from './station/simulated-station.js';
export * from './station/site.js';
export * from './station/terminal.js';
