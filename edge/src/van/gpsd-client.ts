import net from 'node:net';
import type { Logger } from 'pino';
import { z } from 'zod';
import { Backoff, RETRY_POLICIES } from '../domain/backoff.js';
import type { Fix } from '../domain/tour.js';
import type { PositionSource } from './position.js';

/** The part of gpsd's TPV report we read (gpsd_json(5)); gpsd sends many more fields. */
const Tpv = z.object({
  class: z.literal('TPV'),
  /** 0 unknown, 1 no fix, 2 2D, 3 3D */
  mode: z.number().int(),
  time: z.string().optional(),
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
});

/** The command that makes gpsd stream JSON reports over this connection. */
export const WATCH_COMMAND = '?WATCH={"enable":true,"json":true};\n';

/** A fix from one line of gpsd's output, or null for any other report, a no-fix TPV or garbage. */
export const fixFromGpsdLine = (line: string, receivedAt: Date): Fix | null => {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return null;
  }
  const tpv = Tpv.safeParse(json);
  if (!tpv.success || tpv.data.mode < 2) return null;
  const { lat, lon, time } = tpv.data;
  if (lat === undefined || lon === undefined) return null;
  const at = time ? new Date(time) : receivedAt;
  return { lat, lon, at: Number.isNaN(at.getTime()) ? receivedAt : at };
};

export interface GpsdClientOptions {
  readonly host: string;
  readonly port: number;
  readonly logger: Logger;
  /** when a fix arrived by the station's clock (gpsd's own time stamps only the satellites' view) */
  readonly now: () => Date;
  readonly random: () => number;
}

/**
 * A client of gpsd's JSON protocol over TCP: connects, sends ?WATCH, reads TPV reports line by line,
 * and reconnects with the station's backoff when gpsd goes away (it is restarted when a receiver is
 * replugged). A fix is stamped with the station's clock: the kiosk and the gate judge its age by it.
 */
export class GpsdClient implements PositionSource {
  private socket: net.Socket | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  private fix: Fix | null = null;
  private readonly listeners = new Set<(fix: Fix) => void>();
  private readonly backoff: Backoff;

  constructor(private readonly o: GpsdClientOptions) {
    this.backoff = new Backoff(RETRY_POLICIES.gpsd, o.random);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const socket = this.socket;
    this.socket = null;
    if (socket && !socket.destroyed)
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.destroy();
      });
  }

  latest(): Fix | null {
    return this.fix;
  }

  onFix(listener: (fix: Fix) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private connect(): void {
    const socket = net.connect({ host: this.o.host, port: this.o.port });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.setEncoding('utf8');
    let buffered = '';
    socket.on('connect', () => {
      this.backoff.reset();
      this.o.logger.info({ host: this.o.host, port: this.o.port }, 'gpsd connected');
      socket.write(WATCH_COMMAND);
    });
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      // gpsd reports are one JSON object per line; a runaway line without a newline is dropped
      if (buffered.length > 65_536 && !buffered.includes('\n')) buffered = '';
      let nl = buffered.indexOf('\n');
      while (nl >= 0) {
        this.onLine(buffered.slice(0, nl).trim());
        buffered = buffered.slice(nl + 1);
        nl = buffered.indexOf('\n');
      }
    });
    socket.on('error', (err) => this.o.logger.debug({ err }, 'gpsd connection failed'));
    socket.on('close', () => {
      if (this.stopped || this.socket !== socket) return;
      const delay = this.backoff.next();
      this.o.logger.warn({ retryInMs: delay }, 'gpsd connection lost');
      this.timer = setTimeout(() => {
        this.timer = null;
        if (!this.stopped) this.connect();
      }, delay);
    });
  }

  private onLine(line: string): void {
    if (line === '') return;
    const gpsFix = fixFromGpsdLine(line, this.o.now());
    if (!gpsFix) return;
    // the station's clock stamps the fix: replayed tracks (gpsfake) and receivers with a stale
    // almanac carry satellite times that the station's judgement must not depend on
    const fix: Fix = { lat: gpsFix.lat, lon: gpsFix.lon, at: this.o.now() };
    this.fix = fix;
    for (const l of this.listeners) l(fix);
  }
}
