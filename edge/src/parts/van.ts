import { VanConfig } from '../config/van.js';
import { unitDraw } from '../domain/random.js';
import type { DeadlineJudge } from '../station/deps.js';
import type { Db } from '../store/database.js';
import type { Outbox } from '../store/outbox.js';
import { GpsdClient } from '../van/gpsd-client.js';
import { SteeredPosition } from '../van/position.js';
import { TourKeeper } from '../van/tour-keeper.js';
import type { Basics } from './core.js';
import { readSecret } from './errors.js';

/**
 * A sales van's tour and position; null for every other kind of station. Without gpsd
 * (`van.gpsd: null`) the position never has a fix, and the driver confirms each stop by hand.
 */
export const startVan = (
  b: Basics,
  p: { db: Db; outbox: Outbox; deadlines: DeadlineJudge },
): TourKeeper | null => {
  if (b.config.kind !== 'van') return null;
  const van = b.config.van ?? VanConfig.parse({});
  const position =
    b.overrides.position ??
    (van.gpsd
      ? new GpsdClient({
          host: van.gpsd.host,
          port: van.gpsd.port,
          logger: b.logger.child({ component: 'gpsd' }),
          now: () => b.clock.now(),
          random: unitDraw(b.random),
        })
      : new SteeredPosition());
  const keeper = new TourKeeper({
    db: p.db,
    outbox: p.outbox,
    clock: b.clock,
    logger: b.logger.child({ component: 'tour' }),
    config: van,
    position,
    judgeNow: () => p.deadlines.judgeNow(),
    driverCode: van.driverCodeFile ? readSecret(van.driverCodeFile, 'van.driverCodeFile') : null,
  });
  b.stops.push('van', () => keeper.stop());
  keeper.start();
  return keeper;
};
