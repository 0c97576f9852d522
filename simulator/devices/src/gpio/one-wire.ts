import fs from 'node:fs';
import path from 'node:path';

export type OneWireFault =
  /** the scratchpad arrived damaged: the kernel prints `crc=.. NO` */
  | 'crc'
  /** the probe lost power and reports its power-on value, 85 °C */
  | 'power-on-reset'
  /** the data line is shorted: all bytes zero, which the CRC happens to accept */
  | 'bus-short';

export interface SimulatedOneWireOptions {
  /** also write the newer `temperature` file beside `w1_slave` */
  readonly temperatureFile?: boolean;
  /** offer `w1_bus_master1/therm_bulk_read`, as kernels since 5.10 do */
  readonly bulkRead?: boolean;
}

/**
 * DS18B20 probes laid out in a directory the way the kernel's w1_therm driver lays them out under
 * /sys/bus/w1/devices, so the one-wire driver reads them exactly as on a Raspberry Pi.
 */
export class SimulatedOneWireBus {
  constructor(
    readonly root: string,
    private readonly options: SimulatedOneWireOptions = {},
  ) {
    const master = path.join(root, 'w1_bus_master1');
    fs.mkdirSync(master, { recursive: true });
    if (options.bulkRead === true) fs.writeFileSync(path.join(master, 'therm_bulk_read'), '0\n');
  }

  /** Plugs a probe in (or changes its temperature). */
  setProbe(id: string, celsius: number): void {
    const raw = Math.round(celsius * 16);
    this.write(id, scratchpad(raw), true);
  }

  setFault(id: string, fault: OneWireFault): void {
    if (fault === 'crc') {
      const bytes = scratchpad(Math.round(21.5 * 16));
      bytes[8] = (bytes[8] ?? 0) ^ 0x5a;
      this.write(id, bytes, false);
    } else if (fault === 'power-on-reset') {
      this.write(id, scratchpad(85 * 16), true);
    } else {
      this.write(id, new Array<number>(9).fill(0), true);
    }
  }

  /** Unplugs a probe: the kernel removes its directory. */
  remove(id: string): void {
    fs.rmSync(path.join(this.root, id), { recursive: true, force: true });
  }

  /** What the driver last wrote to `therm_bulk_read` ("trigger" after a bulk conversion request). */
  bulkReadRequest(): string {
    return fs.readFileSync(path.join(this.root, 'w1_bus_master1', 'therm_bulk_read'), 'utf8').trim();
  }

  private write(id: string, bytes: number[], crcOk: boolean): void {
    const dir = path.join(this.root, id);
    fs.mkdirSync(dir, { recursive: true });
    const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const crc = (bytes[8] ?? 0).toString(16).padStart(2, '0');
    const raw = ((((bytes[1] ?? 0) << 8) | (bytes[0] ?? 0)) << 16) >> 16;
    const milli = Math.trunc((raw * 1000) / 16);
    const verdict = crcOk && dallasCrc8(bytes.slice(0, 8)) === bytes[8] ? 'YES' : 'NO';
    fs.writeFileSync(path.join(dir, 'w1_slave'), `${hex} : crc=${crc} ${verdict}\n${hex} t=${milli}\n`);
    if (this.options.temperatureFile === true) {
      // The kernel's `temperature` file checks the CRC itself and reads empty when it fails.
      fs.writeFileSync(path.join(dir, 'temperature'), verdict === 'YES' ? `${milli}\n` : '');
    }
  }
}

/** The nine scratchpad bytes of a DS18B20 at 12-bit resolution, with a valid CRC. */
function scratchpad(raw: number): number[] {
  const bytes = [raw & 0xff, (raw >> 8) & 0xff, 0x4b, 0x46, 0x7f, 0xff, 0x0c, 0x10];
  return [...bytes, dallasCrc8(bytes)];
}

/** Maxim/Dallas CRC-8 (polynomial x^8 + x^5 + x^4 + 1, reflected). */
export function dallasCrc8(bytes: readonly number[]): number {
  let crc = 0;
  for (const byte of bytes) {
    let b = byte;
    for (let i = 0; i < 8; i += 1) {
      const mix = (crc ^ b) & 0x01;
      crc >>= 1;
      if (mix !== 0) crc ^= 0x8c;
      b >>= 1;
    }
  }
  return crc;
}
