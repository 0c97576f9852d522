import { createHash, timingSafeEqual } from 'node:crypto';
import type { EventBody, GeoPosition, Tour, TourStop } from '@regiobox/contract';
import type { Logger } from 'pino';
import type { VanConfig } from '../config/van.js';
import type { Clock } from '../domain/clock.js';
import { type RateLimit, TokenBucket } from '../domain/token-bucket.js';
import { decidePickupGate, type Fix, lateMinutes, type PickupGate, stopAt } from '../domain/tour.js';
import { AuditRepo } from '../store/audit-repo.js';
import { type Db, durably } from '../store/database.js';
import type { Outbox } from '../store/outbox.js';
import { TourRepo } from '../store/tour-repo.js';
import { VanError } from './errors.js';
import type { PositionSource } from './position.js';
import { type TourView, tourView } from './tour-view.js';

/** Wrong driver codes: 3 at once, then one a minute (a 6-digit code then takes years to guess). */
export const DRIVER_CODE_GUESS_LIMIT: RateLimit = { burst: 3, refillMs: 60_000 };

export interface TourKeeperDeps {
  readonly db: Db;
  readonly outbox: Outbox;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: VanConfig;
  readonly position: PositionSource;
  /** the time windows are judged by (the trusted clock); null: never known, only the place counts */
  readonly judgeNow: () => Date | null;
  /** the driver's code from `van.driverCodeFile`; null: no stop can be confirmed by hand */
  readonly driverCode: string | null;
}

const geo = (fix: Fix): GeoPosition => ({ lat: fix.lat, lon: fix.lon, at: fix.at.toISOString() });
const digest = (code: string): Buffer => createHash('sha256').update(code.trim()).digest();

/**
 * The van on its tour: keeps the tour in force, follows the position into and out of each stop's
 * radius (or the driver's confirmation while GPS is lost), writes every arrival and departure to the
 * outbox with the state change, and judges whether an order's PIN may open here and now.
 */
export class TourKeeper {
  private readonly repo: TourRepo;
  private readonly audit: AuditRepo;
  private readonly driverGuesses = new TokenBucket(DRIVER_CODE_GUESS_LIMIT);
  private lastPositionEventMs = Number.NEGATIVE_INFINITY;
  private offFix: (() => void) | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly d: TourKeeperDeps) {
    this.repo = new TourRepo(d.db);
    this.audit = new AuditRepo(d.db);
  }

  start(): void {
    this.offFix = this.d.position.onFix((fix) => this.follow(fix));
    this.d.position.start();
  }

  async stop(): Promise<void> {
    this.offFix?.();
    this.offFix = null;
    await this.d.position.stop();
  }

  /** Called when the tour, the stop or the GPS state changes: the kiosk redraws. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  tour(): Tour | null {
    return this.repo.current();
  }

  /** The newest fix while it is fresh (`van.fixMaxAgeSeconds`); null when GPS is lost. */
  freshFix(): Fix | null {
    const fix = this.d.position.latest();
    if (!fix) return null;
    const age = this.d.clock.now().getTime() - fix.at.getTime();
    return age <= this.d.config.fixMaxAgeSeconds * 1000 ? fix : null;
  }

  /** Replaces the tour in force (the `set_tour` command). */
  setTour(tour: Tour): { tourId: string; stops: number } {
    const at = this.d.clock.now();
    durably(this.d.db, () => {
      this.repo.accept(tour, at.toISOString());
      this.audit.append({
        at: at.toISOString(),
        action: 'tour_accepted',
        detail: `${tour.tourId}, ${tour.stops.length} stops`,
      });
      this.event(
        {
          type: 'tour.accepted',
          tourId: tour.tourId,
          stops: tour.stops.map((s) => ({
            stopId: s.stopId,
            name: s.place.name,
            lat: s.place.lat,
            lon: s.place.lon,
            radius: s.place.radius,
            from: s.window.from,
            to: s.window.to,
            orders: s.orderIds.length,
          })),
        },
        at,
      );
    });
    this.d.logger.info({ tourId: tour.tourId, stops: tour.stops.length }, 'tour accepted');
    const fix = this.freshFix();
    if (fix) this.follow(fix);
    this.changed();
    return { tourId: tour.tourId, stops: tour.stops.length };
  }

  /** Whether this order's PIN may open now (see domain/tour.ts). */
  gate(orderId: string): PickupGate {
    const visit = this.repo.openVisit();
    return decidePickupGate(
      this.repo.current(),
      orderId,
      { stopId: visit?.stopId ?? null },
      this.d.judgeNow(),
      this.d.config.graceMinutes,
    );
  }

  /**
   * The driver says the van stands at this stop: allowed only while GPS is lost, with the driver's
   * code; recorded as a manual arrival (audit and `tour.stop_arrived` with `how: manual`).
   */
  confirmStopByHand(stopId: string, code: string): { stopId: string } {
    const now = this.d.clock.now();
    if (this.d.driverCode === null)
      throw new VanError('NO_DRIVER_CODE', 'no driver code is configured (van.driverCodeFile)');
    const waitMs = this.driverGuesses.waitMs(this.d.clock.monotonicMs());
    if (waitMs > 0)
      throw new VanError('RATE_LIMITED', `too many wrong driver codes; wait ${Math.ceil(waitMs / 1000)} s`);
    const a = digest(code);
    if (!timingSafeEqual(a, digest(this.d.driverCode))) {
      this.driverGuesses.take(this.d.clock.monotonicMs());
      this.audit.append({
        at: now.toISOString(),
        action: 'stop_confirm_refused',
        detail: `stop ${stopId}: wrong driver code`,
      });
      throw new VanError('WRONG_DRIVER_CODE', 'wrong driver code');
    }
    const tour = this.repo.current();
    if (!tour) throw new VanError('NO_TOUR', 'the van has no tour');
    const stop = tour.stops.find((s) => s.stopId === stopId);
    if (!stop) throw new VanError('UNKNOWN_STOP', `stop ${stopId} is not on tour ${tour.tourId}`);
    if (this.freshFix()) throw new VanError('GPS_AVAILABLE', 'GPS has a fix: it decides where the van is');
    durably(this.d.db, () => {
      const open = this.repo.openVisit();
      if (open && open.stopId !== stopId) this.leave(tour, open.stopId, null, now);
      if (open?.stopId === stopId) return;
      this.repo.arrive({
        tourId: tour.tourId,
        stopId,
        arrivedAt: now.toISOString(),
        how: 'manual',
        lat: null,
        lon: null,
      });
      this.audit.append({
        at: now.toISOString(),
        action: 'stop_confirmed_by_hand',
        by: 'driver',
        detail: `${tour.tourId}/${stopId} (GPS lost)`,
      });
      this.event(
        {
          type: 'tour.stop_arrived',
          tourId: tour.tourId,
          stopId,
          how: 'manual',
          position: null,
          lateMinutes: lateMinutes(stop, now),
          by: 'driver',
        },
        now,
      );
    });
    this.d.logger.info({ stopId }, 'stop confirmed by hand');
    this.changed();
    return { stopId };
  }

  /** What the van's screen shows: the tour, where the van is, GPS state. */
  view(): TourView | null {
    const tour = this.repo.current();
    if (!tour) return null;
    return tourView(tour, this.repo.visits(tour.tourId), this.repo.openVisit(), this.freshFix() !== null);
  }

  /** A new fix: leave the stop the van drove out of, arrive at the one it drove into. */
  private follow(fix: Fix): void {
    const tour = this.repo.current();
    const now = this.d.clock.now();
    let moved = false;
    durably(this.d.db, () => {
      if (tour) {
        const here: TourStop | null = stopAt(tour, fix);
        const open = this.repo.openVisit();
        if (open && open.stopId !== here?.stopId) {
          this.leave(tour, open.stopId, fix, now);
          moved = true;
        }
        if (here && (!open || open.stopId !== here.stopId)) {
          this.repo.arrive({
            tourId: tour.tourId,
            stopId: here.stopId,
            arrivedAt: now.toISOString(),
            how: 'gps',
            lat: fix.lat,
            lon: fix.lon,
          });
          this.event(
            {
              type: 'tour.stop_arrived',
              tourId: tour.tourId,
              stopId: here.stopId,
              how: 'gps',
              position: geo(fix),
              lateMinutes: lateMinutes(here, now),
            },
            now,
          );
          moved = true;
        }
      }
      const mono = this.d.clock.monotonicMs();
      if (moved || mono - this.lastPositionEventMs >= this.d.config.positionEventSeconds * 1000) {
        this.lastPositionEventMs = mono;
        this.event({ type: 'tour.position', tourId: tour?.tourId ?? null, position: geo(fix) }, now);
      }
    });
    if (moved) this.changed();
  }

  private leave(tour: Tour, stopId: string, fix: Fix | null, now: Date): void {
    this.repo.leave(now.toISOString());
    this.event({ type: 'tour.stop_left', tourId: tour.tourId, stopId, position: fix ? geo(fix) : null }, now);
  }

  private event(body: EventBody, at: Date): void {
    this.d.outbox.appendEvent(body, at);
  }

  private changed(): void {
    for (const l of this.listeners) {
      try {
        l();
      } catch (err) {
        this.d.logger.warn({ err }, 'tour change listener failed');
      }
    }
  }
}
