export * from './gpsfake.js';
export * from './nmea-track.js';
