import type { StationConfigInput } from '@regiobox/edge';

/** The benchmark station: a wall of 48 compartments with 16 probes on one lock board. */
export const WALL_COMPARTMENTS = 48;
export const WALL_PROBES = 16;
export const BENCH_WALL_ID = 'bench-wall-48';

const ZONES = [
  { zone: 'ambient', from: 1, to: 16, probes: ['hall-air'] },
  {
    zone: 'chilled',
    from: 17,
    to: 32,
    probes: ['chill-1', 'chill-2', 'chill-3', 'chill-4', 'chill-5', 'chill-6'],
  },
  { zone: 'cold', from: 33, to: 40, probes: ['cold-1', 'cold-2', 'cold-3', 'cold-4'] },
  { zone: 'frozen', from: 41, to: 48, probes: ['freeze-1', 'freeze-2', 'freeze-3', 'freeze-4'] },
] as const;

const SIZES = ['S', 'M', 'L'] as const;

export const wallProbeIds = (): string[] => [...ZONES.flatMap((z) => z.probes), 'outside-air'];

export interface WallOptions {
  readonly stationId?: string;
  readonly dataDir: string;
  /** the serial device of the lock board */
  readonly serialPath: string;
  readonly brokerUrl: string;
  readonly logLevel?: StationConfigInput['logLevel'];
  /** default: no kiosk port in use (0 = any free port) */
  readonly kioskPort?: number;
  readonly mqtt?: Partial<NonNullable<StationConfigInput['mqtt']>>;
}

/** Compartments 1–16 ambient, 17–32 chilled, 33–40 cold, 41–48 frozen; every cooled group has probes. */
export const wallConfig = (o: WallOptions): StationConfigInput => {
  const probeIds = wallProbeIds();
  const compartments = ZONES.flatMap(({ zone, from, to, probes }) =>
    Array.from({ length: to - from + 1 }, (_, i) => {
      const no = from + i;
      return {
        no,
        lockChannel: no - 1,
        doorInput: no - 1,
        size: SIZES[no % SIZES.length] ?? 'M',
        zone,
        probes: [probes[i % probes.length] ?? probes[0]],
      };
    }),
  );
  return {
    stationId: o.stationId ?? BENCH_WALL_ID,
    dataDir: o.dataDir,
    logLevel: o.logLevel ?? 'info',
    compartments,
    probes: probeIds.map((id, boardIndex) => ({ id, boardIndex })),
    hardware: { driver: 'serial-board', path: o.serialPath, baudRate: 115200 },
    mqtt: { url: o.brokerUrl, ...o.mqtt },
    kiosk: { host: '127.0.0.1', port: o.kioskPort ?? 0 },
  };
};
