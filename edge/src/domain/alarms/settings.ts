import { z } from 'zod';

const seconds = (max: number) => z.number().int().min(1).max(max);

/**
 * Station-level alarm settings; every field has a default, so `AlarmSettings.parse({})` is the
 * shipped behaviour. Temperature limits live per zone in coldchain/zones.ts.
 */
export const AlarmSettings = z.object({
  /** a door open longer than this raises door_left_open; loading a wall compartment takes 1–2 min */
  doorOpenLimitSeconds: seconds(86_400).default(180),
  /** a door that opens within this time after its lock was pulsed opened for that unlock */
  unlockGraceSeconds: seconds(600).default(30),
  /** no usable reading from a probe for this long raises probe_missing (6 samples at 10 s) */
  probeMissingAfterSeconds: seconds(86_400).default(60),
  /**
   * A probe whose value has not changed at all, not even in its last bit, for this long is stuck:
   * a real DS18B20 in a thermostat-cycled compartment moves by 0.0625 °C within minutes.
   */
  probeStuckAfterSeconds: seconds(7 * 86_400).default(7200),
  /** the DS18B20's measuring range; anything outside is not a temperature */
  probeMinCelsius: z.number().default(-55),
  probeMaxCelsius: z.number().default(125),
  /**
   * A change larger than this between two readings at most `probeJumpWindowSeconds` apart is
   * implausible: even a door opened on a frozen compartment moves the air slower, and a probe in a
   * sleeve lags the air further.
   */
  probeMaxJumpCelsius: z.number().positive().default(15),
  probeJumpWindowSeconds: seconds(3600).default(30),
  /** implausible readings needed within the window to raise; one glitch on a long bus is not an alarm */
  probeImplausibleCount: z.number().int().min(1).max(100).default(3),
  /** the window for counting, and the quiet time after which probe_implausible clears */
  probeImplausibleWindowSeconds: seconds(86_400).default(600),
  /** the board's driver retries for a while (a USB reset takes seconds) before this raises */
  boardUnreachableAfterSeconds: seconds(86_400).default(30),
  /**
   * Frames thrown away on the board's serial line within `serialLineWindowSeconds` that raise
   * serial_line_noisy; it clears at a fifth of that. A healthy line loses none, a board rebooting
   * with a boot banner one or two; at 10 a minute about every third heartbeat is lost.
   */
  serialLineNoisyFrames: z.number().int().min(1).max(100_000).default(10),
  serialLineWindowSeconds: seconds(3600).default(60),
  /** code lockouts within the window that raise wrong_codes; it clears after a quiet window */
  wrongCodeLockouts: z.number().int().min(1).max(1000).default(3),
  wrongCodeWindowSeconds: seconds(7 * 86_400).default(3600),
  /** an outage shorter than this is a restart (update, crash) and raises nothing */
  powerGapMinSeconds: seconds(86_400).default(120),
});
export type AlarmSettings = z.infer<typeof AlarmSettings>;

export const DEFAULT_ALARM_SETTINGS: AlarmSettings = AlarmSettings.parse({});
