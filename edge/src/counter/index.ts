import type { ProbeReading } from '@regiobox/hardware-api';
import type { Logger } from 'pino';
import { PLACE_ZONE } from '../config/counter.js';
import type { StationConfig } from '../config/schema.js';
import type { Clock } from '../domain/clock.js';
import type { RandomSource } from '../domain/random.js';
import type { KioskRoutes } from '../kiosk/server.js';
import type { StationService } from '../station/index.js';
import { counterRoutes } from './routes.js';
import { StaffLogins } from './staff-logins.js';

export { hashStaffPassword, verifyStaffPassword } from './staff-password.js';

/** The staff page of a counter station, for the local server; null at a locker or van. */
export const counterPage = (
  config: StationConfig,
  service: StationService,
  o: {
    clock: Clock;
    random: RandomSource;
    logger: Logger;
    /** the probes' latest readings (the monitor's) */
    readings: () => readonly ProbeReading[];
  },
): KioskRoutes | null => {
  if (!service.counter) return null;
  return counterRoutes({
    desk: service.counter,
    logins: new StaffLogins({
      staff: config.staff,
      clock: o.clock,
      random: o.random,
      sessionMinutes: config.counter.sessionMinutes,
      maxFailures: config.counter.maxLoginFailures,
    }),
    places: config.places.map((p) => ({ ...p, zone: p.zone ?? PLACE_ZONE[p.type] })),
    stationName: config.kiosk.displayName ?? config.stationId,
    celsiusOf: (no) => {
      const probe = config.places.find((p) => p.no === no)?.probes[0];
      const reading = o.readings().find((r) => r.probeId === probe);
      return reading?.status === 'ok' ? reading.celsius : null;
    },
    logger: o.logger.child({ component: 'counter' }),
    sessionMinutes: config.counter.sessionMinutes,
  });
};
