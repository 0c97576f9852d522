import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProbeReading, Thermometers } from '@regiobox/hardware-api';
import type { Logger } from 'pino';
import { type ParsedProbe, parseTemperatureFile, parseW1Slave } from './parse.js';

export interface OneWireProbe {
  /** the station's probe id */
  readonly id: string;
  /** the kernel's device id, e.g. 28-0316a2790dff */
  readonly oneWireId: string;
}

export interface OneWireThermometersOptions {
  /** /sys/bus/w1/devices on a Raspberry Pi; a temp dir laid out the same way in tests */
  readonly path: string;
  readonly probes: readonly OneWireProbe[];
  readonly logger: Logger;
  /** how long to wait for a bulk conversion before reading anyway; 12-bit takes 750 ms */
  readonly bulkTimeoutMs?: number;
}

/**
 * DS18B20 probes through the kernel's w1_therm driver. Every read is async file I/O, all probes in
 * parallel, so the 750 ms conversion happens in the kernel and libuv's pool, never on the event
 * loop. Where the bus master offers `therm_bulk_read`, one command converts every probe at once.
 */
export class OneWireThermometers implements Thermometers {
  private inFlight: Promise<ProbeReading[]> | null = null;
  private readonly lastStatus = new Map<string, string>();

  constructor(private readonly options: OneWireThermometersOptions) {}

  /** Concurrent callers share one bus round, so conversions never overlap. */
  read(): Promise<ProbeReading[]> {
    this.inFlight ??= this.readAll().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async readAll(): Promise<ProbeReading[]> {
    const bulk = await this.triggerBulkConversion();
    return Promise.all(this.options.probes.map((probe) => this.readProbe(probe, bulk)));
  }

  private async readProbe(probe: OneWireProbe, afterBulk: boolean): Promise<ProbeReading> {
    const dir = path.join(this.options.path, probe.oneWireId);
    const exists = await stat(dir).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!exists)
      return this.report(probe, { status: 'missing', reason: `no device ${probe.oneWireId} on the bus` });
    // After a bulk conversion `temperature` returns the converted value without a second conversion;
    // otherwise `w1_slave` works on every kernel and shows the CRC verdict.
    const order = afterBulk ? (['temperature', 'w1_slave'] as const) : (['w1_slave', 'temperature'] as const);
    for (const file of order) {
      let text: string;
      try {
        text = await readFile(path.join(dir, file), 'utf8');
      } catch (err) {
        if (isNotFound(err)) continue;
        return this.report(probe, { status: 'fault', reason: `read failed: ${errorCode(err)}` });
      }
      return this.report(probe, file === 'w1_slave' ? parseW1Slave(text) : parseTemperatureFile(text));
    }
    return this.report(probe, { status: 'missing', reason: `device ${probe.oneWireId} offers no reading` });
  }

  private report(
    probe: OneWireProbe,
    parsed: ParsedProbe | { status: 'missing'; reason: string },
  ): ProbeReading {
    const summary = parsed.status === 'ok' ? 'ok' : `${parsed.status}: ${parsed.reason}`;
    const previous = this.lastStatus.get(probe.id) ?? 'ok';
    if (previous !== summary) {
      // Log transitions only: a probe read every few seconds would otherwise flood the log.
      const fields = { probeId: probe.id, oneWireId: probe.oneWireId, status: summary };
      if (parsed.status === 'ok') this.options.logger.info(fields, 'probe recovered');
      else this.options.logger.warn(fields, 'probe not ok');
    }
    this.lastStatus.set(probe.id, summary);
    return {
      probeId: probe.id,
      celsius: parsed.status === 'ok' ? parsed.celsius : null,
      status: parsed.status,
    };
  }

  /** Returns true when a bulk conversion was triggered and has finished (or timed out). */
  private async triggerBulkConversion(): Promise<boolean> {
    const masters = await readdir(this.options.path).then(
      (names) => names.filter((n) => n.startsWith('w1_bus_master')),
      () => [],
    );
    const triggered = await Promise.all(
      masters.map(async (master) => {
        const file = path.join(this.options.path, master, 'therm_bulk_read');
        try {
          await writeFile(file, 'trigger\n', { flag: 'r+' });
        } catch {
          return null;
        }
        return file;
      }),
    );
    const files = triggered.filter((f): f is string => f !== null);
    if (files.length === 0) return false;
    const deadline = performance.now() + (this.options.bulkTimeoutMs ?? 1500);
    for (const file of files) {
      // -1 means "at least one probe still converting"; anything else means done or nothing pending.
      while ((await readFile(file, 'utf8').catch(() => '')).trim() === '-1' && performance.now() < deadline) {
        await sleep(50);
      }
    }
    return true;
  }
}

function isNotFound(err: unknown): boolean {
  return errorCode(err) === 'ENOENT';
}

function errorCode(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : String(err);
}
