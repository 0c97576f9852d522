/**
 * The three small interfaces the station drives: locks, doors, thermometers. Drivers (board over
 * serial, GPIO, one-wire) and the simulator implement them; the station never knows which it has.
 */

export type HardwareErrorCode =
  | 'BOARD_UNREACHABLE'
  | 'BOARD_TIMEOUT'
  | 'SOLENOID_COOLDOWN'
  | 'UNKNOWN_CHANNEL'
  | 'OUTCOME_UNKNOWN'
  | 'DEVICE_MISSING'
  /** the board answered and refused (a NACK other than cooldown/unknown channel): nothing happened */
  | 'BOARD_REFUSED';

export class HardwareError extends Error {
  constructor(
    readonly code: HardwareErrorCode,
    message: string,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HardwareError';
  }
}

export interface Locks {
  /**
   * Energises one lock channel for `pulseMs` and resolves when the hardware confirms the pulse.
   * Rejects with HardwareError; `OUTCOME_UNKNOWN` means the pulse may or may not have happened
   * (the caller reconciles from the door switch and never pulses a second time for it).
   */
  pulse(channel: number, pulseMs: number): Promise<void>;
  /** Drives every lock output off: at start, after a reconnect, and on shutdown. */
  releaseAll(): Promise<void>;
}

export interface InputSnapshot {
  /** true = open, by door input index (0-based); null when unknown */
  readonly doors: readonly (boolean | null)[];
  /** true = goods inside, by input index; null where the board has no occupancy sensor */
  readonly occupancy: readonly (boolean | null)[];
}

export interface DoorChange {
  readonly input: number;
  readonly open: boolean;
  readonly at: Date;
}

export interface Doors {
  read(): Promise<InputSnapshot>;
  /** Returns an unsubscribe function. */
  onChange(listener: (change: DoorChange) => void): () => void;
}

export type ProbeStatus = 'ok' | 'missing' | 'fault';

export interface ProbeReading {
  readonly probeId: string;
  readonly celsius: number | null;
  readonly status: ProbeStatus;
}

export interface Thermometers {
  /** Reads every probe the driver knows; never blocks the event loop for a conversion. */
  read(): Promise<ProbeReading[]>;
}

/**
 * What a serial line carried since the driver started, over every reconnect. A healthy line shows
 * zeros beside `framesReceived`; noise shows as garbage bytes and damaged frames.
 */
export interface SerialLineStats {
  /** frames that arrived intact */
  readonly framesReceived: number;
  /** blocks between frame delimiters that were thrown away: each one a resynchronisation */
  readonly framesDamaged: number;
  /** bytes thrown away with them: noise, cut or corrupted frames */
  readonly garbageBytes: number;
  /** damaged frames whose CRC (or a commercial board's checksum) did not match */
  readonly crcErrors: number;
  /** requests the device did not answer in time, retries included */
  readonly timeouts: number;
}

export interface HardwareHealth {
  readonly reachable: boolean;
  readonly detail: string;
  readonly firmware?: string;
  readonly occupancySensors: boolean;
  /** serial drivers: the line's quality counters, read when health() is called (they change without an onHealthChange) */
  readonly line?: SerialLineStats;
}

/** A whole driver: what `station.ts` gets from the driver factory. */
export interface StationHardware {
  readonly driver: string;
  readonly locks: Locks;
  readonly doors: Doors;
  readonly thermometers: Thermometers;
  health(): HardwareHealth;
  onHealthChange(listener: (health: HardwareHealth) => void): () => void;
  /** Opens devices; resolves even when a device is missing (the driver keeps retrying). */
  start(): Promise<void>;
  /** Releases every lock and closes devices. */
  stop(): Promise<void>;
}
