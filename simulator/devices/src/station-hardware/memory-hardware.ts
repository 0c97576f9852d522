import {
  type DoorChange,
  type Doors,
  HardwareError,
  type HardwareErrorCode,
  type HardwareHealth,
  type InputSnapshot,
  type Locks,
  type ProbeReading,
  type ProbeStatus,
  type StationHardware,
  type Thermometers,
} from '@regiobox/hardware-api';

export interface MemoryHardwareOptions {
  /** lock channels (= door inputs; channel i unlatches the door on input i unless `wiring` says otherwise) */
  readonly doors: number;
  /** lock channel → door input, for boards wired out of order */
  readonly wiring?: ReadonlyMap<number, number>;
  readonly probes?: readonly string[];
  readonly occupancySensors?: boolean;
  /** true: an unlatched door springs open by itself right after the pulse */
  readonly springOpen?: boolean;
}

export interface PulseRecord {
  readonly channel: number;
  readonly pulseMs: number;
  readonly at: Date;
}

interface PulseFault {
  /** 'HANG': the call never settles, as when the process dies mid-command */
  readonly code: HardwareErrorCode | 'HANG';
  /** whether the solenoid fired even though the call fails (a lost confirmation) */
  readonly fired: boolean;
  readonly retryAfterMs?: number;
}

/**
 * An in-process station: lock solenoids, door switches, occupancy sensors and probes, no protocol.
 * A door opens only after its lock was pulsed (or by force); faults are injected by the test.
 */
export class MemoryStationHardware implements StationHardware {
  readonly driver = 'memory';
  readonly locks: Locks;
  readonly doors: Doors;
  readonly thermometers: Thermometers;
  readonly pulses: PulseRecord[] = [];
  releaseAllCount = 0;

  private readonly open: boolean[];
  private readonly unlatched: boolean[];
  private readonly occupied: (boolean | null)[];
  private readonly probeValues = new Map<string, { celsius: number | null; status: ProbeStatus }>();
  private readonly doorListeners = new Set<(c: DoorChange) => void>();
  private readonly healthListeners = new Set<(h: HardwareHealth) => void>();
  private readonly pulseFaults: PulseFault[] = [];
  private reachable = true;
  private started = false;

  constructor(private readonly opts: MemoryHardwareOptions) {
    this.open = new Array<boolean>(opts.doors).fill(false);
    this.unlatched = new Array<boolean>(opts.doors).fill(false);
    this.occupied = new Array<boolean | null>(opts.doors).fill(
      opts.occupancySensors === false ? null : false,
    );
    for (const id of opts.probes ?? []) this.probeValues.set(id, { celsius: 4, status: 'ok' });
    this.locks = { pulse: (ch, ms) => this.pulse(ch, ms), releaseAll: () => this.releaseAll() };
    this.doors = {
      read: () => this.read(),
      onChange: (l) => {
        this.doorListeners.add(l);
        return () => this.doorListeners.delete(l);
      },
    };
    this.thermometers = { read: () => this.readProbes() };
  }

  health(): HardwareHealth {
    return {
      reachable: this.reachable,
      detail: this.reachable ? 'memory board ok' : 'memory board unplugged',
      firmware: 'memory-1',
      occupancySensors: this.opts.occupancySensors !== false,
    };
  }

  onHealthChange(listener: (health: HardwareHealth) => void): () => void {
    this.healthListeners.add(listener);
    return () => this.healthListeners.delete(listener);
  }

  async start(): Promise<void> {
    this.started = true;
  }

  async stop(): Promise<void> {
    await this.releaseAll().catch(() => undefined);
    this.started = false;
  }

  // ── what the test (the world) does ────────────────────────────────────────────

  /** A person pulls the door: it opens only if its lock was pulsed. Returns whether it opened. */
  pullDoor(input: number): boolean {
    if (this.open[input] || !this.unlatched[input]) return false;
    this.setOpen(input, true);
    return true;
  }

  /** Someone breaks the door open without an unlock. */
  forceDoor(input: number): void {
    if (!this.open[input]) this.setOpen(input, true);
  }

  /** The door is pushed shut and latches again. */
  closeDoor(input: number): void {
    this.unlatched[input] = false;
    if (this.open[input]) this.setOpen(input, false);
  }

  /** The unlatch lapses without the door being pulled (the solenoid pulse ended long ago). */
  relatch(input: number): void {
    this.unlatched[input] = false;
  }

  setOccupied(input: number, occupied: boolean): void {
    this.occupied[input] = occupied;
  }

  setProbe(
    id: string,
    celsius: number | null,
    status: ProbeStatus = celsius === null ? 'missing' : 'ok',
  ): void {
    this.probeValues.set(id, { celsius, status });
  }

  /** Unplugs (false) or replugs (true) the board. */
  setReachable(reachable: boolean): void {
    if (this.reachable === reachable) return;
    this.reachable = reachable;
    const h = this.health();
    for (const l of this.healthListeners) l(h);
  }

  /** The next pulse fails with `code`; `fired` says whether the solenoid worked anyway. */
  failNextPulse(code: HardwareErrorCode, fired = false, retryAfterMs?: number): void {
    this.pulseFaults.push({ code, fired, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
  }

  /** The next pulse never settles (the board goes silent mid-command); `fired` as above. */
  hangNextPulse(fired = false): void {
    this.pulseFaults.push({ code: 'HANG', fired });
  }

  isOpen(input: number): boolean {
    return this.open[input] === true;
  }

  isUnlatched(input: number): boolean {
    return this.unlatched[input] === true;
  }

  get isStarted(): boolean {
    return this.started;
  }

  // ── the driver side ───────────────────────────────────────────────────────────

  private async pulse(channel: number, pulseMs: number): Promise<void> {
    await new Promise((r) => setImmediate(r));
    if (!this.reachable) throw new HardwareError('BOARD_UNREACHABLE', 'memory board unplugged');
    const input = this.opts.wiring?.get(channel) ?? channel;
    if (channel < 0 || channel >= this.opts.doors)
      throw new HardwareError('UNKNOWN_CHANNEL', `no lock channel ${channel}`);
    const fault = this.pulseFaults.shift();
    if (!fault || fault.fired) {
      this.pulses.push({ channel, pulseMs, at: new Date() });
      this.unlatched[input] = true;
      if (this.opts.springOpen) setImmediate(() => this.pullDoor(input));
    }
    if (fault?.code === 'HANG') return new Promise<void>(() => {});
    if (fault) throw new HardwareError(fault.code, `injected ${fault.code}`, fault.retryAfterMs);
  }

  private async releaseAll(): Promise<void> {
    if (!this.reachable) throw new HardwareError('BOARD_UNREACHABLE', 'memory board unplugged');
    this.releaseAllCount++;
  }

  private async read(): Promise<InputSnapshot> {
    await new Promise((r) => setImmediate(r));
    if (!this.reachable) throw new HardwareError('BOARD_UNREACHABLE', 'memory board unplugged');
    return { doors: [...this.open], occupancy: [...this.occupied] };
  }

  private async readProbes(): Promise<ProbeReading[]> {
    if (!this.reachable) throw new HardwareError('BOARD_UNREACHABLE', 'memory board unplugged');
    return [...this.probeValues].map(([probeId, v]) => ({ probeId, celsius: v.celsius, status: v.status }));
  }

  private setOpen(input: number, open: boolean): void {
    this.open[input] = open;
    const change: DoorChange = { input, open, at: new Date() };
    // Switch changes arrive from the wire: asynchronously, in order, to whoever listened when the
    // door moved. A station that was down at that moment never hears of it; it reads the switches.
    const listeners = [...this.doorListeners];
    setImmediate(() => {
      for (const l of listeners) if (this.doorListeners.has(l)) l(change);
    });
  }
}
