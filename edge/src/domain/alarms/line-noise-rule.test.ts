import { describe, expect, it } from 'vitest';
import { LineNoiseRule } from './line-noise-rule.js';
import { AlarmSettings } from './settings.js';

const T0 = Date.parse('2026-05-04T06:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const line = (framesDamaged: number) => ({ framesDamaged, garbageBytes: framesDamaged * 40, crcErrors: 0 });

describe('serial_line_noisy', () => {
  it('is raised once when 10 frames are thrown away within a minute, and cleared once after a quiet minute', () => {
    const rule = new LineNoiseRule(AlarmSettings.parse({}));
    const signals = [];
    let damaged = 0;
    // a healthy line, then a bad minute: a damaged frame every 5 s, then nothing
    for (let s = 0; s <= 60; s += 5) signals.push(...rule.line(at(s), line(damaged)));
    for (let s = 65; s <= 180; s += 5) {
      if (s <= 125) damaged += 1;
      signals.push(...rule.line(at(s), line(damaged)));
    }
    for (let s = 185; s <= 300; s += 5) signals.push(...rule.line(at(s), line(damaged)));

    expect(signals.map((x) => x.type)).toEqual(['raise', 'clear']);
    expect(signals[0]).toMatchObject({ kind: 'serial_line_noisy', severity: 'warning', at: at(110) });
    expect(signals[0]?.type === 'raise' && signals[0].detail).toContain(
      '10 damaged frames (400 bytes of garbage',
    );
  });

  it('does not flap on a line hovering at the threshold: it clears only at a fifth of it', () => {
    const rule = new LineNoiseRule(AlarmSettings.parse({}));
    const signals = [];
    let damaged = 0;
    // 12 a minute, then 5 a minute (below 10, above 2) for ten minutes
    for (let s = 0; s <= 60; s += 5) {
      damaged += 1;
      signals.push(...rule.line(at(s), line(damaged)));
    }
    for (let s = 65; s <= 660; s += 12) {
      damaged += 1;
      signals.push(...rule.line(at(s), line(damaged)));
    }

    expect(signals.map((x) => x.type)).toEqual(['raise']);
  });

  it('judges nothing for a driver without a serial line', () => {
    const rule = new LineNoiseRule(AlarmSettings.parse({ serialLineNoisyFrames: 1 }));
    expect(rule.line(at(0), undefined)).toEqual([]);
    expect(rule.noisy).toBe(false);
  });
});
