import type { StationSite } from './site.js';

/** How a station runs in a scenario: in this process, or as a child process on a PTY (for SIGKILL). */
export type StationProcessKind = 'in-process' | 'child';

/** A station the world started, whichever way it runs. */
export interface HostedStation extends StationSite {
  readonly kind: StationProcessKind;
  readonly dataDir: string;
  /** the kiosk page, while the station runs */
  kioskUrl(): string | null;
  isRunning(): boolean;
  /** an orderly stop of the station service; the board and the world keep running */
  halt(): Promise<void>;
  boot(): Promise<unknown>;
  /** a crash: SIGKILL for a child station; in-process stations can only halt */
  kill(): Promise<void>;
  /** the serial cable is pulled (the device path vanishes) until `replug` */
  unplug(): Promise<void>;
  replug(): Promise<void>;
  /** stops the station and powers its rig off */
  stop(): Promise<void>;
}
