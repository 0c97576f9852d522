import type { SerialLineStats } from '@regiobox/hardware-api';

export const NO_LINE_TRAFFIC: SerialLineStats = {
  framesReceived: 0,
  framesDamaged: 0,
  garbageBytes: 0,
  crcErrors: 0,
  timeouts: 0,
};

const combine = (
  a: SerialLineStats,
  b: SerialLineStats,
  op: (x: number, y: number) => number,
): SerialLineStats => ({
  framesReceived: op(a.framesReceived, b.framesReceived),
  framesDamaged: op(a.framesDamaged, b.framesDamaged),
  garbageBytes: op(a.garbageBytes, b.garbageBytes),
  crcErrors: op(a.crcErrors, b.crcErrors),
  timeouts: op(a.timeouts, b.timeouts),
});

export const addLineStats = (a: SerialLineStats, b: SerialLineStats): SerialLineStats =>
  combine(a, b, (x, y) => x + y);

/** `now` minus `before`, per counter: what the line carried in between. */
export const lineStatsSince = (now: SerialLineStats, before: SerialLineStats): SerialLineStats =>
  combine(now, before, (x, y) => Math.max(0, x - y));
