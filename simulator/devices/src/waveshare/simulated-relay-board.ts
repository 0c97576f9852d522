import { waveshareRelay } from '@regiobox/firmware-proto';
import { DeviceLine, type SerialDevice } from '../serial-device/device-line.js';
import { packBits, type RtuRequest, RtuRequestSplitter, rtuReply } from './rtu-requests.js';

const { WaveshareRelay } = waveshareRelay;

export interface RelayBoardOptions {
  readonly unitId?: number;
  readonly relays?: number;
  readonly inputs?: number;
  /** false: a board without "flash on" (answers it with exception 02, illegal address) */
  readonly flashOn?: boolean;
  /** a spring pushes a door open while its lock's relay is energised */
  readonly springOpen?: boolean;
}

export interface RelayPulse {
  readonly relay: number;
  readonly at: number;
  /** the flash length the host asked for; null when the host switched the coil itself */
  readonly flashMs: number | null;
}

/**
 * A Waveshare "Modbus RTU Relay (D)" board in its own bytes: relays on coils, reed switches on
 * discrete inputs (on = door shut, the magnet closes the switch), "flash on" at 0x0200 + relay.
 * Each relay holds a solenoid lock: while it is energised the door can open.
 */
export class SimulatedRelayBoard implements SerialDevice {
  readonly line: DeviceLine;
  private readonly splitter = new RtuRequestSplitter();
  private readonly coils: boolean[];
  private readonly doorOpen: boolean[];
  private readonly pulseLog: RelayPulse[] = [];
  private readonly flashTimers = new Map<number, NodeJS.Timeout>();
  private readonly unitId: number;

  constructor(private readonly options: RelayBoardOptions = {}) {
    this.unitId = options.unitId ?? WaveshareRelay.defaultUnitId;
    this.coils = Array.from({ length: options.relays ?? 8 }, () => false);
    this.doorOpen = Array.from({ length: options.inputs ?? 8 }, () => false);
    this.line = new DeviceLine((bytes) => {
      for (const request of this.splitter.push(bytes)) this.onRequest(request);
    });
  }

  attach: SerialDevice['attach'] = (stream) => this.line.attach(stream);
  detach: SerialDevice['detach'] = () => this.line.detach();
  isAttachedTo: SerialDevice['isAttachedTo'] = (stream) => this.line.isAttachedTo(stream);

  // --- what happens at the lockers ---

  isRelayOn(relay: number): boolean {
    return this.coils[relay] === true;
  }

  isDoorOpen(input: number): boolean {
    return this.doorOpen[input] === true;
  }

  openDoor(input: number): void {
    if (!this.coils[input]) throw new Error(`door ${input} is locked`);
    this.doorOpen[input] = true;
  }

  forceDoor(input: number): void {
    this.doorOpen[input] = true;
  }

  closeDoor(input: number): void {
    this.doorOpen[input] = false;
  }

  pulses(): RelayPulse[] {
    return [...this.pulseLog];
  }

  stop(): void {
    for (const timer of this.flashTimers.values()) clearTimeout(timer);
    this.flashTimers.clear();
    this.coils.fill(false);
    this.detach();
  }

  // --- the board ---

  private onRequest(request: RtuRequest): void {
    if (request.unit !== this.unitId) return;
    const reply = this.answer(request);
    this.line.write(reply);
  }

  private answer(r: RtuRequest): Buffer {
    const echo = rtuReply(r.unit, r.fn, [r.address >> 8, r.address & 0xff, r.word >> 8, r.word & 0xff]);
    switch (r.fn) {
      case WaveshareRelay.readCoils:
        return this.readBits(r, this.coils);
      case WaveshareRelay.readDiscreteInputs:
        return this.readBits(
          r,
          this.doorOpen.map((open) => !open),
        );
      case WaveshareRelay.writeSingleCoil:
        return this.writeCoil(r) ? echo : exception(r, 0x02);
      case WaveshareRelay.writeMultipleCoils: {
        if (r.address + r.word > this.coils.length) return exception(r, 0x02);
        for (let i = 0; i < r.word; i++)
          this.setCoil(r.address + i, (((r.payload[i >> 3] ?? 0) >> (i & 7)) & 1) === 1);
        return echo;
      }
      default:
        return exception(r, 0x01);
    }
  }

  private readBits(r: RtuRequest, bits: readonly boolean[]): Buffer {
    if (r.word < 1 || r.address + r.word > bits.length) return exception(r, 0x02);
    const bytes = packBits(bits.slice(r.address, r.address + r.word));
    return rtuReply(r.unit, r.fn, [bytes.length, ...bytes]);
  }

  private writeCoil(r: RtuRequest): boolean {
    const flashRelay = r.address - WaveshareRelay.flashOnBase;
    if (flashRelay >= 0 && flashRelay < this.coils.length) {
      if (this.options.flashOn === false) return false;
      this.flash(flashRelay, r.word * WaveshareRelay.flashUnitMs);
      return true;
    }
    if (r.address >= this.coils.length) return false;
    if (r.word === WaveshareRelay.coilOn) this.setCoil(r.address, true);
    else if (r.word === WaveshareRelay.coilOff) this.setCoil(r.address, false);
    else return false;
    return true;
  }

  private flash(relay: number, ms: number): void {
    clearTimeout(this.flashTimers.get(relay));
    this.setCoil(relay, true, ms);
    this.flashTimers.set(
      relay,
      setTimeout(() => {
        this.flashTimers.delete(relay);
        this.setCoil(relay, false);
      }, ms),
    );
  }

  private setCoil(relay: number, on: boolean, flashMs: number | null = null): void {
    if (on && !this.coils[relay]) {
      this.pulseLog.push({ relay, at: performance.now(), flashMs });
      if (this.options.springOpen && relay < this.doorOpen.length) this.doorOpen[relay] = true;
    }
    this.coils[relay] = on;
  }
}

function exception(r: RtuRequest, code: number): Buffer {
  return rtuReply(r.unit, r.fn | 0x80, [code]);
}
