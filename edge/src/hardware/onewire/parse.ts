/**
 * Parsers for what the kernel's w1_therm driver prints for a DS18B20. A reading is either a
 * temperature or a fault with a reason a technician can act on.
 */
export type ParsedProbe =
  | { readonly status: 'ok'; readonly celsius: number }
  | { readonly status: 'fault'; readonly reason: string };

/** The DS18B20's measuring range; anything outside is a broken probe or a damaged transfer. */
const MIN_MILLI = -55_000;
const MAX_MILLI = 125_000;
/** The scratchpad's value after power-on: the probe lost power and never converted. */
const POWER_ON_RESET_MILLI = 85_000;

/**
 * `w1_slave` has two lines:
 *   `72 01 4b 46 7f ff 0e 10 57 : crc=57 YES`
 *   `72 01 4b 46 7f ff 0e 10 57 t=23125`
 */
export function parseW1Slave(text: string): ParsedProbe {
  const [first, second] = text.trim().split('\n');
  const verdict = first?.match(/crc=[0-9a-f]{2} (YES|NO)\s*$/i);
  if (first === undefined || second === undefined || verdict === null || verdict === undefined) {
    return { status: 'fault', reason: 'unreadable w1_slave output' };
  }
  if (verdict[1]?.toUpperCase() !== 'YES')
    return { status: 'fault', reason: 'CRC error on the one-wire bus' };
  const bytes = first.split(':')[0]?.trim().split(/\s+/) ?? [];
  if (bytes.length === 9 && bytes.every((b) => b === '00')) {
    return { status: 'fault', reason: 'all-zero scratchpad (data line shorted)' };
  }
  const t = second.match(/t=(-?\d+)\s*$/);
  if (t === null || t[1] === undefined)
    return { status: 'fault', reason: 'no temperature in w1_slave output' };
  return judgeMilli(Number.parseInt(t[1], 10));
}

/** The newer `temperature` file: millidegrees, or empty when the conversion or its CRC failed. */
export function parseTemperatureFile(text: string): ParsedProbe {
  const trimmed = text.trim();
  if (!/^-?\d+$/.test(trimmed)) return { status: 'fault', reason: 'conversion failed (empty temperature)' };
  return judgeMilli(Number.parseInt(trimmed, 10));
}

function judgeMilli(milli: number): ParsedProbe {
  if (milli === POWER_ON_RESET_MILLI) {
    return { status: 'fault', reason: '85 °C power-on value: the probe lost power or was never converted' };
  }
  if (milli < MIN_MILLI || milli > MAX_MILLI) {
    return { status: 'fault', reason: `implausible reading ${milli / 1000} °C` };
  }
  return { status: 'ok', celsius: milli / 1000 };
}
