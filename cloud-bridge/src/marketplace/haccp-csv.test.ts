import { describe, expect, it } from 'vitest';
import type { StationDetail } from '../store/fleet-store.js';
import { HACCP_COLUMNS, haccpCsv } from './haccp-csv.js';

const station: StationDetail = {
  stationId: 'hof-1',
  kind: 'locker',
  state: 'online',
  session: 1,
  statusAt: null,
  lastSeenAt: null,
  lastSeq: 0,
  capabilities: null,
  health: null,
  limits: null,
  availability: [],
  openAlarms: 0,
  probes: [],
  compartments: [
    {
      no: 3,
      zone: 'cold',
      size: 'M',
      state: 'free',
      doorOpen: false,
      occupied: null,
      celsius: 3,
      orderId: null,
      tenant: null,
      blockedReason: null,
      tenants: null,
      updatedAt: '2026-01-01T08:00:00.000Z',
    },
  ],
};

describe('the HACCP CSV export', () => {
  it('has one row per sample bucket and per order record, in time order, with the documented columns', () => {
    const csv = haccpCsv(
      station,
      [
        {
          probeId: 'p3',
          compartment: 3,
          at: '2026-01-01T08:00:00.000Z',
          samples: 30,
          minCelsius: 2.5,
          avgCelsius: 3.1,
          maxCelsius: 3.9,
        },
        {
          probeId: 'p3',
          compartment: 3,
          at: '2026-01-01T08:10:00.000Z',
          samples: 30,
          minCelsius: 3,
          avgCelsius: 3.5,
          maxCelsius: 4.2,
        },
      ],
      [
        {
          stationId: 'hof-1',
          tenant: 'default',
          orderId: 'o-1',
          parcelId: 'p-"1"',
          kind: 'pickup',
          eventId: 'e-1',
          compartment: 3,
          zone: 'cold',
          from: '2026-01-01T08:05:00.000Z',
          to: '2026-01-01T09:00:00.000Z',
          samples: 330,
          minCelsius: 2.5,
          maxCelsius: 4.2,
          minutesAboveLimit: 1.5,
          minutesUnknown: 0,
          limitCelsius: 4,
          breached: false,
        },
      ],
      300,
    );
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(HACCP_COLUMNS.join(','));
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['sample', 'record', 'sample']);
    expect(lines[1]).toBe(
      'sample,hof-1,3,cold,p3,2026-01-01T08:00:00.000Z,2026-01-01T08:05:00.000Z,30,2.5,3.1,3.9,,,,,,,',
    );
    expect(lines[2]).toBe(
      'record,hof-1,3,cold,,2026-01-01T08:05:00.000Z,2026-01-01T09:00:00.000Z,330,2.5,,4.2,4,1.5,0,false,o-1,"p-""1""",pickup',
    );
    expect(lines.every((l) => l.split(',').length >= HACCP_COLUMNS.length)).toBe(true);
  });

  it('neutralises cells a spreadsheet would run as a formula', () => {
    const csv = haccpCsv(
      station,
      [
        {
          probeId: '=HYPERLINK("x")',
          compartment: null,
          at: '2026-01-01T08:00:00.000Z',
          samples: 1,
          minCelsius: -18,
          avgCelsius: -18,
          maxCelsius: -18,
        },
      ],
      [],
      300,
    );
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv).toContain(',-18,-18,-18,');
  });
});
