import type { FleetMessage, FleetRequest, Published } from '../peers/station-fleet.js';
import { type BenchChild, siblingScript, spawnBenchChild } from './child.js';

const FLEET = siblingScript(import.meta.url, '../peers/station-fleet');

/**
 * Stations per fleet process: each MQTT connection is a file descriptor, and this container caps a
 * process at 20,000 of them (`ulimit -Hn`), so twenty thousand stations need three processes.
 */
export const STATIONS_PER_FLEET_PROCESS = 8_000;

export interface FleetTarget {
  readonly urls: readonly string[];
  readonly perBroker: number;
  readonly passwordSecret: string;
  readonly telemetryEveryS: number;
  readonly eventEveryS: number;
}

export interface Grown {
  readonly connected: number;
  readonly failed: number;
  readonly firstError?: string;
}

/** The simulated fleet, spread over as many processes as its size needs. */
export class FleetPool {
  readonly processes: BenchChild<FleetMessage>[] = [];

  constructor(
    private readonly target: FleetTarget,
    /** sees every [station, kind, key, at] handed to a socket */
    private readonly onPublished: (items: readonly Published[]) => void,
  ) {}

  pids(): number[] {
    return this.processes.flatMap((p) => (p.process.pid ? [p.process.pid] : []));
  }

  /** Grows the fleet to `n` stations, each process to its share; resolves when all have answered. */
  async grow(n: number): Promise<Grown> {
    const answers: Promise<Grown>[] = [];
    for (let k = 0; k * STATIONS_PER_FLEET_PROCESS < n; k++) {
      const child = this.process(k);
      const first = k * STATIONS_PER_FLEET_PROCESS;
      const request: FleetRequest = {
        type: 'grow',
        first,
        to: Math.min(n, first + STATIONS_PER_FLEET_PROCESS),
        ...this.target,
      };
      child.clear();
      child.send(request);
      answers.push(
        child.next(
          (m): m is Extract<FleetMessage, { type: 'grown' }> => m.type === 'grown',
          15 * 60_000,
          `fleet process ${k} to connect its stations`,
        ),
      );
    }
    const all = await Promise.all(answers);
    const firstError = all.find((g) => g.firstError)?.firstError;
    return {
      connected: all.reduce((s, g) => s + g.connected, 0),
      failed: all.reduce((s, g) => s + g.failed, 0),
      ...(firstError ? { firstError } : {}),
    };
  }

  async stop(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop(120_000)));
  }

  private process(k: number): BenchChild<FleetMessage> {
    for (let i = this.processes.length; i <= k; i++) {
      this.processes.push(
        spawnBenchChild<FleetMessage>(FLEET, [], (m) => {
          if (m.type !== 'published') return false;
          this.onPublished(m.items);
          return true;
        }),
      );
    }
    const child = this.processes[k];
    if (!child) throw new Error(`no fleet process ${k}`);
    return child;
  }
}
