import type { StationHardware } from '@regiobox/hardware-api';
import type { Logger } from 'pino';
import type { AlarmSettings } from '../domain/alarms/settings.js';
import type { BackoffOptions } from '../domain/backoff.js';
import type { Clock } from '../domain/clock.js';
import type { RandomSource } from '../domain/random.js';
import type { HardwareDeps } from '../hardware/index.js';
import type { TimeService } from '../monitoring/clock-watch.js';
import type { PositionSource } from '../van/position.js';

/** What tests, the simulator and the CLI may replace: time, randomness, and the devices. */
export interface StationOverrides {
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly random?: RandomSource;
  readonly hardware?: StationHardware;
  readonly binding?: HardwareDeps['binding'];
  readonly gpioBackend?: HardwareDeps['gpioBackend'];
  /** false: no kiosk page (a headless test or a simulated station in the demo) */
  readonly kiosk?: boolean;
  readonly sampleIntervalMs?: number;
  /** the monitor's tick: clock check, alarm timers, storage probe; default 5 s */
  readonly tickIntervalMs?: number;
  /**
   * Where the OS says its clock is synchronised; null: none. Default: systemd-timesyncd's marker with
   * the system clock, none with an injected clock (the host's time service knows nothing of it).
   */
  readonly timeService?: TimeService | null;
  /** how long an unsynchronised clock is tolerated before clock_unsynced; default 2 min */
  readonly clockAlarmAfterMs?: number;
  readonly alarmSettings?: Partial<AlarmSettings>;
  /** the MQTT link's backoff after a failed CONNECT to a reachable broker; default 0.5 s to 4 s */
  readonly mqttBackoff?: Partial<BackoffOptions>;
  /** a van's position instead of gpsd (the demo's driving van); only with a `van` config section */
  readonly position?: PositionSource;
}
