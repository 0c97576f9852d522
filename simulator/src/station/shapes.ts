import type { StationConfigInput } from '@regiobox/edge';

export const STATION_SHAPES = ['cold-box', 'mixed-wall-12', 'wall-24', 'van', 'shop-counter'] as const;
export type StationShape = (typeof STATION_SHAPES)[number];

type Zone = 'ambient' | 'chilled' | 'cold' | 'frozen';
type Size = 'S' | 'M' | 'L';
type Compartment = NonNullable<StationConfigInput['compartments']>[number];
type Probe = NonNullable<StationConfigInput['probes']>[number];

const door = (no: number, size: Size, zone: Zone, probes: string[], location: string): Compartment => ({
  no,
  lockChannel: no - 1,
  doorInput: no - 1,
  size,
  zone,
  probes,
  location,
});

const probesById = (ids: string[]): Probe[] => ids.map((id, boardIndex) => ({ id, boardIndex }));

/** A single cold box at a bus stop: one chilled door, one probe. */
const coldBox = (): Pick<StationConfigInput, 'compartments' | 'probes'> => ({
  compartments: [door(1, 'L', 'chilled', ['box-air'], 'the only door')],
  probes: probesById(['box-air']),
});

/** The village-hall wall of edge/examples/mixed-wall-12.yaml: ambient shelves, chilled, cold, two freezers. */
const mixedWall12 = (): Pick<StationConfigInput, 'compartments' | 'probes'> => {
  const row = ['top row', 'middle row', 'bottom row'];
  const at = (no: number) => `${row[Math.floor((no - 1) / 4)]}, ${((no - 1) % 4) + 1}. from left`;
  const plan: [Size, Zone, string[]][] = [
    ['S', 'ambient', []],
    ['S', 'ambient', []],
    ['M', 'ambient', []],
    ['L', 'ambient', []],
    ['S', 'chilled', ['chill-a']],
    ['M', 'chilled', ['chill-a']],
    ['M', 'chilled', ['chill-b']],
    ['M', 'cold', ['cold-a']],
    ['L', 'cold', ['cold-a']],
    ['L', 'chilled', ['chill-b']],
    ['M', 'frozen', ['freeze-11']],
    ['L', 'frozen', ['freeze-12']],
  ];
  return {
    compartments: plan.map(([size, zone, probes], i) => door(i + 1, size, zone, probes, at(i + 1))),
    probes: probesById(['chill-a', 'chill-b', 'cold-a', 'freeze-11', 'freeze-12', 'hall-air']),
  };
};

/** A 24-door wall at a farm shop: 8 ambient, 8 chilled, 4 cold, 4 frozen, in four rows of six. */
const wall24 = (): Pick<StationConfigInput, 'compartments' | 'probes'> => {
  const sizes: Size[] = ['S', 'S', 'M', 'M', 'L', 'L'];
  const compartments: Compartment[] = [];
  for (let no = 1; no <= 24; no++) {
    const size = sizes[(no - 1) % 6] ?? 'M';
    const zone: Zone = no <= 8 ? 'ambient' : no <= 16 ? 'chilled' : no <= 20 ? 'cold' : 'frozen';
    const probes =
      zone === 'chilled'
        ? [no <= 12 ? 'chill-1' : 'chill-2']
        : zone === 'cold'
          ? ['cold-1']
          : zone === 'frozen'
            ? [no <= 22 ? 'freeze-1' : 'freeze-2']
            : [];
    const location = `row ${Math.floor((no - 1) / 6) + 1}, ${((no - 1) % 6) + 1}. from left`;
    compartments.push(door(no, size, zone, probes, location));
  }
  return {
    compartments,
    probes: probesById(['chill-1', 'chill-2', 'cold-1', 'freeze-1', 'freeze-2', 'shop-air']),
  };
};

/** A sales van: a chilled cold box and three small ambient lockers. */
const van = (): Pick<StationConfigInput, 'compartments' | 'probes'> => ({
  compartments: [
    door(1, 'M', 'chilled', ['coldbox'], 'cold box, rear door'),
    door(2, 'S', 'ambient', [], 'side, top'),
    door(3, 'S', 'ambient', [], 'side, middle'),
    door(4, 'S', 'ambient', [], 'side, bottom'),
  ],
  probes: probesById(['coldbox']),
});

/** A farm shop's counter: two shelves, two fridges and a chest freezer; staff hand the parcels over. */
const shopCounter = (): Pick<StationConfigInput, 'places' | 'probes' | 'compartments'> => ({
  compartments: [],
  places: [
    { no: 1, type: 'shelf', name: { de: 'Regal am Fenster', en: 'Shelf by the window' } },
    { no: 2, type: 'shelf', name: { de: 'Regal hinten', en: 'Back shelf' } },
    { no: 3, type: 'fridge', name: { de: 'Kühlschrank', en: 'Fridge' }, probes: ['fridge-1'] },
    {
      no: 4,
      type: 'fridge',
      zone: 'cold',
      name: { de: 'Fleischkühlung', en: 'Meat cooler' },
      probes: ['fridge-2'],
    },
    { no: 5, type: 'freezer', name: { de: 'Tiefkühltruhe', en: 'Chest freezer' }, probes: ['freezer'] },
  ],
  probes: probesById(['fridge-1', 'fridge-2', 'freezer']),
});

export interface ShapeSettings {
  readonly stationId: string;
  readonly dataDir: string;
  readonly mqtt: NonNullable<StationConfigInput['mqtt']>;
  /** 0 (default): any free port */
  readonly kioskPort?: number;
  readonly logLevel?: StationConfigInput['logLevel'];
  readonly doors?: StationConfigInput['doors'];
  readonly codes?: StationConfigInput['codes'];
  /** `simulated` (in-process board) or a serial path (a board on a PTY) */
  readonly serialPath?: string;
  /** a shop counter's staff logins, hashed */
  readonly staff?: StationConfigInput['staff'];
}

/** A complete station config (input form) of one of the three shapes, on simulated hardware. */
export function shapeConfig(shape: StationShape, s: ShapeSettings): StationConfigInput {
  const layout =
    shape === 'cold-box'
      ? coldBox()
      : shape === 'mixed-wall-12'
        ? mixedWall12()
        : shape === 'van'
          ? van()
          : shape === 'shop-counter'
            ? shopCounter()
            : wall24();
  return {
    stationId: s.stationId,
    dataDir: s.dataDir,
    logLevel: s.logLevel ?? 'warn',
    ...layout,
    hardware: s.serialPath
      ? { driver: 'serial-board', path: s.serialPath }
      : { driver: 'simulated', occupancySensors: true },
    mqtt: s.mqtt,
    kiosk: { host: '127.0.0.1', port: s.kioskPort ?? 0 },
    ...(s.doors ? { doors: s.doors } : {}),
    ...(s.codes ? { codes: s.codes } : {}),
    // the simulated van's position is steered by its tour actor, not gpsd; its fixes come once a
    // simulated half-minute, so a fix counts as fresh for ten simulated minutes
    ...(shape === 'shop-counter' ? { kind: 'counter' as const, staff: s.staff ?? [] } : {}),
    ...(shape === 'van' ? { kind: 'van' as const, van: { gpsd: null, fixMaxAgeSeconds: 600 } } : {}),
  };
}
