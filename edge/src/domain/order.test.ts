import { describe, expect, it } from 'vitest';
import type { DomainError } from './errors.js';
import { deriveOrderStatus, isClosed, parcelDeadline, reminderDue } from './order.js';

const windows = {
  ambient: { pickupWindowHours: 72, reminderLeadHours: 12 },
  chilled: { pickupWindowHours: 48, reminderLeadHours: 6 },
  cold: { pickupWindowHours: 24, reminderLeadHours: 4 },
  frozen: { pickupWindowHours: 72, reminderLeadHours: 0 },
};
const now = new Date('2026-03-02T10:00:00Z');

describe('order status follows its parcels', () => {
  it.each([
    [['reserved', 'reserved'], false, 'reserved'],
    [['loaded', 'reserved'], false, 'partly_loaded'],
    [['loaded', 'loaded'], false, 'loaded'],
    [['loaded', 'held'], false, 'loaded'],
    [['picked_up', 'reserved'], false, 'partly_loaded'],
    [['picked_up', 'loaded'], false, 'loaded'],
    [['picked_up', 'picked_up'], false, 'picked_up'],
    [['picked_up', 'expired'], false, 'expired'],
    [['retrieved', 'expired'], false, 'expired'],
    [['cancelled', 'cancelled'], true, 'cancelled'],
    [['cancelled', 'retrieved'], true, 'cancelled'],
  ] as const)('%o (cancelled=%s) is %s', (parcels, cancelled, status) => {
    expect(deriveOrderStatus(parcels, cancelled)).toBe(status);
  });

  it('closed orders are picked up, expired or cancelled', () => {
    expect(isClosed('picked_up')).toBe(true);
    expect(isClosed('expired')).toBe(true);
    expect(isClosed('cancelled')).toBe(true);
    expect(isClosed('partly_loaded')).toBe(false);
  });
});

describe('deadlines', () => {
  it('fresh fish (cold) gets a shorter default window than bread (ambient)', () => {
    expect(parcelDeadline(undefined, 'cold', windows, now).toISOString()).toBe('2026-03-03T10:00:00.000Z');
    expect(parcelDeadline(undefined, 'ambient', windows, now).toISOString()).toBe('2026-03-05T10:00:00.000Z');
  });

  it('the marketplace deadline wins when it lies in the future', () => {
    expect(parcelDeadline('2026-03-02T18:00:00+01:00', 'cold', windows, now).toISOString()).toBe(
      '2026-03-02T17:00:00.000Z',
    );
  });

  it('a deadline in the past is refused', () => {
    expect(() => parcelDeadline('2026-03-02T09:00:00Z', 'chilled', windows, now)).toThrowError(
      expect.objectContaining({ code: 'INVALID_DEADLINE' }) as DomainError,
    );
  });

  it('reminders come the zone’s lead time before the deadline, or not at all', () => {
    const deadline = new Date('2026-03-04T10:00:00Z');
    expect(reminderDue(deadline, 'chilled', windows)?.toISOString()).toBe('2026-03-04T04:00:00.000Z');
    expect(reminderDue(deadline, 'frozen', windows)).toBeNull();
  });
});
