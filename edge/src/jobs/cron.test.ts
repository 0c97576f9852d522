import { describe, expect, it } from 'vitest';
import { CronError, parseCron } from './cron.js';

const local = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => new Date(y, mo - 1, d, h, mi, s);

describe('the station jobs’ cron expressions', () => {
  it('runs the deadlines job on every half minute', () => {
    const cron = parseCron('*/30 * * * * *');
    expect(cron.next(local(2026, 7, 1, 10, 0, 0))).toEqual(local(2026, 7, 1, 10, 0, 30));
    expect(cron.next(local(2026, 7, 1, 10, 0, 45))).toEqual(local(2026, 7, 1, 10, 1, 0));
  });

  it('runs the hourly retention job at minute 41 of each hour, local time', () => {
    const cron = parseCron('41 * * * *');
    expect(cron.next(local(2026, 7, 1, 10, 41, 0))).toEqual(local(2026, 7, 1, 11, 41, 0));
    expect(cron.next(local(2026, 7, 1, 23, 50))).toEqual(local(2026, 7, 2, 0, 41));
  });

  it('runs the daily summary five minutes after midnight, also across a month and a year end', () => {
    const cron = parseCron('5 0 * * *');
    expect(cron.next(local(2026, 12, 31, 0, 5))).toEqual(local(2027, 1, 1, 0, 5));
    expect(cron.next(local(2026, 2, 28, 12))).toEqual(local(2026, 3, 1, 0, 5));
  });

  it('takes lists, ranges, steps and Sunday as 0 or 7, and a day matching either day field', () => {
    expect(parseCron('0 9-17/4 * * 1-5').next(local(2026, 7, 3, 17, 30))).toEqual(local(2026, 7, 6, 9));
    expect(parseCron('0 8 * * 7').next(local(2026, 7, 1))).toEqual(local(2026, 7, 5, 8));
    expect(parseCron('0 8 1 * 0').next(local(2026, 7, 1, 9))).toEqual(local(2026, 7, 5, 8));
    expect(parseCron('0,30 12 * * *').next(local(2026, 7, 1, 12, 0))).toEqual(local(2026, 7, 1, 12, 30));
  });

  it('refuses an expression it cannot run, naming the part', () => {
    expect(() => parseCron('61 * * * *')).toThrow(CronError);
    expect(() => parseCron('61 * * * *')).toThrow(/"61" is outside 0-59/);
    expect(() => parseCron('every minute')).toThrow(/5 or 6 fields/);
    expect(() => parseCron('*/0 * * * *')).toThrow(/outside/);
    expect(() => parseCron('0 0 31 2 *')).toThrow(/never matches/);
  });
});
