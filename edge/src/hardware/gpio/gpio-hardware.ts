import {
  type GpioBackend,
  type GpioConfig,
  type GpioInputLine,
  type GpioOutputLine,
  gpioLineAddress,
  type HardwareHealth,
  type ProbeConfig,
  type StationHardware,
} from '@regiobox/hardware-api';
import type { Logger } from 'pino';
import { Backoff, RETRY_POLICIES } from '../../domain/backoff.js';
import { type Clock, systemClock } from '../../domain/clock.js';
import { cryptoRandom, type RandomSource, unitDraw } from '../../domain/random.js';
import { HealthState } from '../health.js';
import { OneWireThermometers } from '../onewire/thermometers.js';
import { createLibgpiodBackend } from './chardev-backend.js';
import { GpioDoorSwitches } from './door-switches.js';
import { guardRelaysOnExit } from './exit-guard.js';
import { createOnoffBackend } from './onoff-backend.js';
import { GpioRelays, type RelayLines } from './relays.js';

export type GpioHardwareConfig = GpioConfig;

export interface GpioHardwareDeps {
  readonly logger: Logger;
  /** injected in tests (the simulator's chip); otherwise chosen by `config.backend` */
  readonly backend?: GpioBackend;
  readonly clock?: Pick<Clock, 'now'>;
  /** solenoid protection; the config's door pulse is at most 2000 ms */
  readonly maxPulseMs?: number;
  /** backoff jitter; the OS's randomness by default */
  readonly random?: RandomSource;
}

/**
 * A station wired straight to the computer's header: relays for the locks, reed switches for the
 * doors, DS18B20s on one-wire. When the lines cannot be requested (wrong backend, pins busy) the
 * station still starts, reports the relays unreachable and keeps trying.
 */
export function createGpioHardware(
  config: GpioHardwareConfig,
  probes: readonly ProbeConfig[],
  deps: GpioHardwareDeps,
): StationHardware {
  const logger = deps.logger.child({ component: 'gpio' });
  const health = new HealthState(
    { reachable: false, detail: 'GPIO not started', occupancySensors: false },
    logger,
  );
  let outputs: GpioOutputLine[] | null = null;
  let inputs: GpioInputLine[] = [];
  let releaseExitGuard: (() => void) | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let stopped = false;
  const backoff = new Backoff(RETRY_POLICIES.gpio, unitDraw(deps.random ?? cryptoRandom));

  const relays = new GpioRelays({
    channelCount: config.relays.length,
    maxPulseMs: deps.maxPulseMs ?? 2000,
    lines: (): RelayLines =>
      outputs === null ? { ok: false, reason: health.get().detail } : { ok: true, lines: outputs },
    logger,
  });
  const doors = new GpioDoorSwitches({
    count: config.doorSwitches.length,
    debounceMs: config.debounceMs,
    clock: deps.clock ?? systemClock,
    logger,
  });
  const thermometers = new OneWireThermometers({
    path: config.oneWirePath,
    probes: probes.flatMap((p) => (p.oneWireId === undefined ? [] : [{ id: p.id, oneWireId: p.oneWireId }])),
    logger: logger.child({ component: 'one-wire' }),
  });

  let backendPromise: Promise<GpioBackend> | null = null;
  const backend = (): Promise<GpioBackend> => {
    if (deps.backend !== undefined) return Promise.resolve(deps.backend);
    backendPromise ??=
      config.backend === 'sysfs' ? createOnoffBackend() : Promise.resolve(createLibgpiodBackend({ logger }));
    return backendPromise;
  };

  const unavailable = (detail: string): HardwareHealth => ({
    reachable: false,
    detail,
    occupancySensors: false,
  });

  async function openLines(): Promise<void> {
    const gpio = await backend();
    const opened: Array<GpioOutputLine | GpioInputLine> = [];
    try {
      const outs: GpioOutputLine[] = [];
      for (const relay of config.relays) {
        const line = await gpio.openOutput({
          line: gpioLineAddress(relay, config),
          activeLow: relay.activeLow,
          maxActiveMs: deps.maxPulseMs ?? 2000,
        });
        opened.push(line);
        outs.push(line);
      }
      const ins: GpioInputLine[] = [];
      for (const sw of config.doorSwitches) {
        const line = await gpio.openInput({ line: gpioLineAddress(sw, config), activeLow: sw.activeLow });
        opened.push(line);
        ins.push(line);
      }
      await doors.attach(ins);
      outputs = outs;
      inputs = ins;
      releaseExitGuard = guardRelaysOnExit(outs);
      health.set({ reachable: true, detail: `GPIO via ${gpio.name}`, occupancySensors: false });
      backoff.reset();
      logger.info({ backend: gpio.name, relays: outs.length, doors: ins.length }, 'GPIO lines open');
    } catch (err) {
      await Promise.allSettled(opened.map((line) => line.close()));
      throw err;
    }
  }

  async function attempt(): Promise<void> {
    retryTimer = null;
    if (stopped) return;
    try {
      await openLines();
    } catch (err) {
      const delayMs = backoff.next();
      const reason = err instanceof Error ? err.message : String(err);
      health.set(unavailable(`GPIO lines unavailable (${reason}); retrying`));
      logger.warn({ err, retryInMs: delayMs }, 'GPIO lines unavailable');
      if (!stopped) retryTimer = setTimeout(() => void attempt(), delayMs);
    }
  }

  return {
    driver: 'gpio',
    locks: relays,
    doors,
    thermometers,
    health: () => health.get(),
    onHealthChange: (listener) => health.subscribe(listener),
    async start() {
      stopped = false;
      await attempt();
    },
    async stop() {
      stopped = true;
      if (retryTimer !== null) clearTimeout(retryTimer);
      retryTimer = null;
      await relays.releaseAll();
      doors.detach();
      const lines: Array<GpioOutputLine | GpioInputLine> = [...(outputs ?? []), ...inputs];
      outputs = null;
      inputs = [];
      await Promise.allSettled(lines.map((line) => line.close()));
      releaseExitGuard?.();
      releaseExitGuard = null;
      health.set(unavailable('GPIO stopped'));
    },
  };
}
