import type { StationHardware } from '@regiobox/hardware-api';
import type { Kiosk } from '../kiosk/server.js';
import type { StationMonitor } from '../monitoring/station-monitor.js';
import type { StationService } from '../station/index.js';
import type { TourKeeper } from '../van/tour-keeper.js';
import type { Basics } from './core.js';

/** The touch-screen page; null when switched off (kiosk.enabled: false, a headless test, the demo's stations). */
export const startKioskPart = async (
  b: Basics,
  p: { service: StationService; hardware: StationHardware; monitor: StationMonitor; van: TourKeeper | null },
): Promise<Kiosk | null> => {
  if (b.overrides.kiosk === false || !b.config.kiosk.enabled) return null;
  // a counter's staff page, loaded only where there is a counter
  const counter =
    b.config.kind === 'counter'
      ? (await import('../counter/index.js')).counterPage(b.config, p.service, {
          ...b,
          readings: () => p.monitor.readings(),
        })
      : null;
  // imported on use: the HTTP server is the largest piece of code a headless station would never run
  const { startKiosk } = await import('../kiosk/server.js');
  const kiosk = await startKiosk({
    api: p.service,
    host: b.config.kiosk.host,
    port: b.config.kiosk.port,
    logger: b.logger.child({ component: 'kiosk' }),
    stationId: b.config.stationId,
    ...(b.config.kiosk.displayName ? { stationName: b.config.kiosk.displayName } : {}),
    ...(b.config.kiosk.servicePhone ? { contact: b.config.kiosk.servicePhone } : {}),
    maskPin: b.config.kiosk.maskPin,
    health: () => ({ boardReachable: p.hardware.health().reachable, storageOk: p.monitor.storageOk() }),
    events: b.events,
    ...(p.van ? { van: p.van } : {}),
    ...(counter ? { routes: [counter] } : {}),
  });
  b.stops.push('kiosk', () => kiosk.close());
  return kiosk;
};
