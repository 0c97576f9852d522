import type { DecoderStats } from './frame-decoder.js';
import type { FrameError } from './frame-errors.js';
import type { FirmwareVersion } from './messages.js';
import type { ProbeStatus } from './protocol.js';

export interface BoardClientOptions {
  /** how long one attempt waits for its reply; default 250 ms (PROTOCOL.md, Timing) */
  replyTimeoutMs?: number;
  /** further attempts after a timeout, for idempotent requests only; default 2 */
  retries?: number;
}

export interface Capabilities {
  /** "major.minor.patch" */
  firmwareVersion: string;
  firmware: FirmwareVersion;
  lockChannels: number;
  doorInputs: number;
  probes: number;
  /** by door input: whether an occupancy sensor is fitted there */
  occupancySensors: boolean[];
  /** true when at least one door input has an occupancy sensor */
  hasOccupancySensors: boolean;
  maxPulseMs: number;
  cooldownMs: number;
  /** the board releases every lock when the host is silent this long */
  watchdogMs: number;
}

export interface BoardStates {
  /** by lock channel: true while the solenoid is energised */
  locks: boolean[];
  /** by door input: true = open */
  doors: boolean[];
  /** by door input: true = goods inside, null = no sensor fitted */
  occupancy: (boolean | null)[];
}

export interface ProbeTemperature {
  index: number;
  celsius: number | null;
  status: ProbeStatus;
}

export interface DoorEvent {
  input: number;
  open: boolean;
  boardSeq: number;
}

/**
 * The board's event counter jumped: `missed` DOOR_EVENTs were lost; `missed` 0 when it went
 * backwards (a board restart or a stale frame). Either way the host reads the states.
 */
export interface DoorEventGap {
  expectedSeq: number;
  boardSeq: number;
  missed: number;
}

export interface ClientStats extends DecoderStats {
  requestsSent: number;
  retries: number;
  timeouts: number;
  nacks: number;
  /** replies whose sequence number no request waited for (late replies after a timeout) */
  unmatchedReplies: number;
  /** DOOR_EVENTs applied: each the next in the board's count */
  doorEvents: number;
  /** events the board's count says were lost on the line */
  doorEventsMissed: number;
  /** DOOR_EVENTs with the same `boardSeq` as the one before: dropped */
  doorEventsRepeated: number;
  /** DOOR_EVENTs whose `boardSeq` went backwards (board restart, stale frame): not applied, states read */
  doorEventsOutOfOrder: number;
}

export interface BoardClientEvents {
  door: [DoorEvent];
  doorEventGap: [DoorEventGap];
  frameError: [FrameError];
  /** the stream ended, errored or was closed under the client; `close()` emits it too */
  close: [Error | undefined];
}
