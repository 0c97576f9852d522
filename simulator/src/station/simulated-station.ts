import { type PositionSource, type Station, type StationConfig, startStation } from '@regiobox/edge';
import type { SimulatedRig, SimulatedRigOptions } from '@regiobox/simulated-devices';
import { prepareSimulatedRig, SimClock } from '@regiobox/simulated-devices';
import type { Logger } from 'pino';
import { CounterTerminal, type StaffLogin } from './counter-terminal.js';
import type { HostedStation } from './hosted-station.js';
import { Keypad } from './site.js';
import { KioskTerminal, ServiceTerminal, type StationTerminal } from './terminal.js';

export interface SimulatedStationOptions {
  /** a parsed station config with `hardware.driver: simulated` */
  readonly config: StationConfig;
  /** shared by the scenario: stations, bridge, actors and thermal model run on it; real time by default */
  readonly clock?: SimClock;
  readonly logger?: Logger;
  /** serve the kiosk page (on `config.kiosk`); actors then type their codes over its HTTP API */
  readonly kiosk?: boolean;
  /** real ms between probe samples; default 10 simulated seconds, at least 200 ms */
  readonly sampleIntervalMs?: number;
  readonly ambient?: SimulatedRigOptions['ambient'];
  readonly seed?: number;
  /** a van's position (the demo steers it along the tour); gpsd otherwise */
  readonly position?: PositionSource;
  /** a shop counter: its staff, who serve the people at the till through the staff page */
  readonly staff?: readonly StaffLogin[];
}

/**
 * A whole station on simulated hardware: the real edge service (SQLite, monitor, link, kiosk) on
 * edge's serial-board driver, talking firmware-proto to a simulated board whose probes follow the
 * station's thermal model. Doors opened on the board let heat in; goods loaded warm warm the air.
 */
export class SimulatedStation implements HostedStation {
  readonly kind = 'in-process' as const;
  readonly stationId: string;
  readonly keypad = new Keypad();
  private running: Station | null = null;
  private clerks: CounterTerminal[] = [];
  private turn = 0;

  private constructor(
    readonly config: StationConfig,
    readonly rig: SimulatedRig,
    readonly clock: SimClock,
    private readonly options: SimulatedStationOptions,
  ) {
    this.stationId = config.stationId;
  }

  static async start(options: SimulatedStationOptions): Promise<SimulatedStation> {
    const { config } = options;
    if (config.hardware.driver !== 'simulated')
      throw new Error(`station ${config.stationId}: hardware.driver must be "simulated"`);
    const clock = options.clock ?? new SimClock();
    const rig = prepareSimulatedRig(config, {
      clock,
      ...(options.ambient ? { ambient: options.ambient } : {}),
      ...(options.seed === undefined ? {} : { seed: options.seed }),
    });
    // the world keeps turning while the station service is down
    rig.run();
    const site = new SimulatedStation(config, rig, clock, options);
    try {
      await site.boot();
    } catch (err) {
      rig.shutdown();
      throw err;
    }
    return site;
  }

  get compartments(): StationConfig['compartments'] {
    return this.config.compartments;
  }

  /** The running station; throws while it is stopped (between `halt` and `boot`). */
  get station(): Station {
    if (!this.running) throw new Error(`station ${this.stationId} is not running`);
    return this.running;
  }

  get dataDir(): string {
    return this.config.dataDir;
  }

  isRunning(): boolean {
    return this.running !== null;
  }

  kioskUrl(): string | null {
    return this.running?.kiosk?.url ?? null;
  }

  terminal(): StationTerminal | null {
    const station = this.running;
    if (!station) return null;
    return station.kiosk ? new KioskTerminal(station.kiosk.url) : new ServiceTerminal(station.service);
  }

  get isCounter(): boolean {
    return this.config.kind === 'counter';
  }

  /** The staff take turns at the till; their logins last while the station's local server does. */
  nextClerk(): CounterTerminal | null {
    const url = this.running?.kiosk ? `${this.running.kiosk.url}counter/` : null;
    if (!url || !this.isCounter) return null;
    if (this.clerks[0]?.url !== url)
      this.clerks = (this.options.staff ?? []).map((s) => new CounterTerminal(url, s));
    return this.clerks[this.turn++ % Math.max(1, this.clerks.length)] ?? null;
  }

  /** In-process there is no SIGKILL: the nearest is an orderly halt (child stations really crash). */
  kill(): Promise<void> {
    return this.halt();
  }

  async unplug(): Promise<void> {
    this.rig.unplug();
  }

  async replug(): Promise<void> {
    this.rig.replug();
  }

  /** Starts the station service on the rig (again, after `halt`: same data dir, same board). */
  async boot(): Promise<Station> {
    if (this.running) return this.running;
    const o = this.options;
    const sampleIntervalMs = o.sampleIntervalMs ?? Math.max(200, Math.round(10_000 / this.clock.speed));
    this.running = await startStation(this.config, {
      clock: this.clock,
      kiosk: o.kiosk ?? false,
      sampleIntervalMs,
      ...(o.position ? { position: o.position } : {}),
      ...(o.logger ? { logger: o.logger.child({ stationId: this.stationId }) } : {}),
    });
    return this.running;
  }

  /** Stops the station service in order; the board and the thermal world keep running. */
  async halt(): Promise<void> {
    const station = this.running;
    this.running = null;
    await station?.stop();
  }

  /** An orderly restart of the station service (an update, a reboot). */
  async restart(): Promise<Station> {
    await this.halt();
    return this.boot();
  }

  /** Stops the station and powers the rig off. */
  async stop(): Promise<void> {
    await this.halt();
    this.rig.shutdown();
  }
}
