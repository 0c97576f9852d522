import type { CompartmentSnapshot, EventBody, StatusMessage } from '@regiobox/contract';

/**
 * A small regional fleet as an operator would see it on a Tuesday afternoon: a village shop wall, a
 * cold box at a railway station, a farm shop that dropped off the network, and a market-square wall.
 * Times are minutes before "now", so the pages read "12 min ago" whenever the data is loaded.
 */

export interface DemoEvent {
  readonly minutesAgo: number;
  readonly body: EventBody;
}

export interface DemoStation {
  readonly stationId: string;
  readonly label: string;
  readonly driver: string;
  readonly compartments: readonly CompartmentSnapshot[];
  /** null: online; otherwise the minutes since it went offline */
  readonly offlineMinutes: number | null;
  readonly health?: StatusMessage['health'];
  readonly events: readonly DemoEvent[];
  /** compartments whose cooling fails: from when, and towards which temperature */
  readonly faults?: Readonly<Record<number, { minutesAgo: number; towardsCelsius: number }>>;
  /** compartments whose door stands open since */
  readonly openDoors?: Readonly<Record<number, number>>;
}

const slot = (
  no: number,
  zone: CompartmentSnapshot['zone'],
  size: CompartmentSnapshot['size'],
  over: Partial<CompartmentSnapshot> = {},
): CompartmentSnapshot => ({
  no,
  zone,
  size,
  state: 'free',
  doorOpen: false,
  occupied: null,
  celsius: null,
  orderId: null,
  blockedReason: null,
  ...over,
});

const healthy: StatusMessage['health'] = { board: 'ok', storage: 'ok', clock: 'synced', probesFaulty: [] };

const record = (
  compartment: number,
  zone: 'chilled' | 'frozen',
  fromMin: number,
  toMin: number,
  now: number,
) => ({
  compartment,
  zone,
  from: new Date(now - fromMin * 60_000).toISOString(),
  to: new Date(now - toMin * 60_000).toISOString(),
  samples: Math.round((fromMin - toMin) * 2),
  minCelsius: zone === 'chilled' ? 3.8 : -20.4,
  maxCelsius: zone === 'chilled' ? 6.1 : -17.9,
  minutesAboveLimit: 0,
  limitCelsius: zone === 'chilled' ? 7 : -18,
  breached: false,
});

export const demoFleet = (now: Date): DemoStation[] => {
  const n = now.getTime();
  return [
    {
      stationId: 'lindenau-dorfladen',
      label: 'Dorfladen Lindenau',
      driver: 'serial-board',
      health: healthy,
      offlineMinutes: null,
      compartments: [
        slot(1, 'ambient', 'L', { state: 'loaded', orderId: 'ORD-24-1187' }),
        slot(2, 'ambient', 'L'),
        slot(3, 'chilled', 'M', { state: 'reserved', orderId: 'ORD-24-1203' }),
        slot(4, 'chilled', 'S', { state: 'loaded', orderId: 'ORD-24-1191' }),
        slot(5, 'chilled', 'M', { state: 'loaded', orderId: 'ORD-24-1195' }),
        slot(6, 'chilled', 'S'),
        slot(7, 'chilled', 'L'),
        slot(8, 'cold', 'S', { state: 'loaded', orderId: 'ORD-24-1199' }),
        slot(9, 'frozen', 'M'),
        slot(10, 'frozen', 'M', { state: 'reserved', orderId: 'ORD-24-1203' }),
      ],
      faults: { 5: { minutesAgo: 48, towardsCelsius: 12 } },
      events: [
        {
          minutesAgo: 1570,
          body: {
            type: 'alarm.raised',
            alarmId: 'al-lin-0412',
            kind: 'door_left_open',
            severity: 'warning',
            compartment: 7,
            probeId: null,
            detail: 'Door open for 3 min after a pickup',
          },
        },
        {
          minutesAgo: 1566,
          body: {
            type: 'alarm.acknowledged',
            alarmId: 'al-lin-0412',
            by: 'mara.kühn',
            note: 'Called the shop; door closed by staff.',
          },
        },
        { minutesAgo: 1565, body: { type: 'alarm.cleared', alarmId: 'al-lin-0412', kind: 'door_left_open' } },
        {
          minutesAgo: 420,
          body: {
            type: 'order.reserved',
            orderId: 'ORD-24-1195',
            parcels: [
              {
                parcelId: 'P-1195-1',
                compartment: 5,
                zone: 'chilled',
                size: 'M',
                deadline: new Date(n + 20 * 3_600_000).toISOString(),
              },
            ],
          },
        },
        {
          minutesAgo: 419,
          body: {
            type: 'codes.issued',
            orderId: 'ORD-24-1195',
            pickupPin: '48213907',
            loadingCodes: [{ parcelId: 'P-1195-1', code: '77120455' }],
            retrievalCodes: [],
            validUntil: new Date(n + 20 * 3_600_000).toISOString(),
          },
        },
        {
          minutesAgo: 186,
          body: {
            type: 'compartment.unlocked',
            compartment: 5,
            reason: 'loading',
            orderId: 'ORD-24-1195',
            by: 'Biohof Schulze',
            outcome: 'confirmed',
          },
        },
        { minutesAgo: 186, body: { type: 'compartment.door', compartment: 5, open: true } },
        {
          minutesAgo: 185,
          body: { type: 'parcel.loaded', orderId: 'ORD-24-1195', parcelId: 'P-1195-1', compartment: 5 },
        },
        { minutesAgo: 185, body: { type: 'compartment.door', compartment: 5, open: false } },
        {
          minutesAgo: 131,
          body: {
            type: 'compartment.unlocked',
            compartment: 6,
            reason: 'pickup',
            orderId: 'ORD-24-1172',
            by: null,
            outcome: 'confirmed',
          },
        },
        {
          minutesAgo: 130,
          body: {
            type: 'parcel.picked_up',
            orderId: 'ORD-24-1172',
            parcelId: 'P-1172-1',
            compartment: 6,
            coldChain: record(6, 'chilled', 1210, 131, n),
          },
        },
        { minutesAgo: 130, body: { type: 'order.picked_up', orderId: 'ORD-24-1172' } },
        { minutesAgo: 64, body: { type: 'code.rejected', attempts: 2, lockedForMs: 0 } },
        {
          minutesAgo: 27,
          body: {
            type: 'alarm.raised',
            alarmId: 'al-lin-0419',
            kind: 'temperature_high',
            severity: 'critical',
            compartment: 5,
            probeId: 'probe-5',
            detail: 'Compartment 5 at 8.6 °C, above 7 °C for 12 min',
          },
        },
      ],
    },
    {
      stationId: 'burg-bahnhof',
      label: 'Burg (Spreewald) Bahnhof',
      driver: 'gpio',
      health: healthy,
      offlineMinutes: null,
      compartments: [
        slot(1, 'chilled', 'L', { state: 'open', doorOpen: true, orderId: 'ORD-24-1201' }),
        slot(2, 'frozen', 'M'),
      ],
      openDoors: { 1: 7 },
      events: [
        {
          minutesAgo: 9,
          body: {
            type: 'compartment.unlocked',
            compartment: 1,
            reason: 'pickup',
            orderId: 'ORD-24-1201',
            by: null,
            outcome: 'confirmed',
          },
        },
        { minutesAgo: 8, body: { type: 'compartment.door', compartment: 1, open: true } },
        {
          minutesAgo: 4,
          body: {
            type: 'alarm.raised',
            alarmId: 'al-burg-0077',
            kind: 'door_left_open',
            severity: 'warning',
            compartment: 1,
            probeId: null,
            detail: 'Door open for 4 min',
          },
        },
      ],
    },
    {
      stationId: 'billerbeck-hof-mertens',
      label: 'Hofladen Mertens, Billerbeck',
      driver: 'serial-board',
      health: { board: 'ok', storage: 'ok', clock: 'synced', probesFaulty: ['probe-3'] },
      offlineMinutes: 164,
      compartments: [
        slot(1, 'chilled', 'M', { state: 'loaded', orderId: 'ORD-24-1179' }),
        slot(2, 'chilled', 'M'),
        slot(3, 'chilled', 'L'),
        slot(4, 'frozen', 'M'),
        slot(5, 'frozen', 'M', { state: 'loaded', orderId: 'ORD-24-1183' }),
        slot(6, 'ambient', 'L'),
      ],
      events: [
        {
          minutesAgo: 305,
          body: {
            type: 'alarm.raised',
            alarmId: 'al-mer-0031',
            kind: 'probe_missing',
            severity: 'warning',
            compartment: 3,
            probeId: 'probe-3',
            detail: 'No reading from probe-3 for 5 min',
          },
        },
        {
          minutesAgo: 290,
          body: {
            type: 'alarm.acknowledged',
            alarmId: 'al-mer-0031',
            by: 'jonas.b',
            note: 'New probe ordered; compartment 3 stays empty until it is fitted.',
          },
        },
      ],
    },
    {
      stationId: 'luebben-markt',
      label: 'Lübben Marktplatz',
      driver: 'serial-board',
      health: healthy,
      offlineMinutes: null,
      compartments: [
        slot(1, 'chilled', 'M'),
        slot(2, 'chilled', 'M', { state: 'loaded', orderId: 'ORD-24-1188' }),
        slot(3, 'chilled', 'S'),
        slot(4, 'chilled', 'S', { state: 'blocked', blockedReason: 'Door switch replaced, awaiting test' }),
        slot(5, 'cold', 'M'),
        slot(6, 'frozen', 'M'),
        slot(7, 'frozen', 'L'),
        slot(8, 'ambient', 'L', { state: 'reserved', orderId: 'ORD-24-1204' }),
      ],
      events: [
        {
          minutesAgo: 2900,
          body: {
            type: 'compartment.blocked',
            compartment: 4,
            reason: 'Door switch replaced, awaiting test',
            by: 'jonas.b',
          },
        },
        {
          minutesAgo: 75,
          body: { type: 'parcel.loaded', orderId: 'ORD-24-1188', parcelId: 'P-1188-1', compartment: 2 },
        },
      ],
    },
  ];
};

/** The demo stations' human names, for `stationLabels` in the dashboard config. */
export const demoLabels = (): Record<string, string> =>
  Object.fromEntries(demoFleet(new Date(0)).map((s) => [s.stationId, s.label]));
