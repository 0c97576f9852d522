import { type FastifyBaseLogger, type FastifyInstance, fastify, LogController } from 'fastify';
import type { Logger } from 'pino';
import type { StationApi } from '../station/api.js';
import type { StationEvents } from '../station/events.js';
import { registerCodeRoute } from './code-route.js';
import { EventStream } from './event-stream.js';
import { changesStatus, kioskEventFor } from './notices.js';
import { installProblemHandlers } from './problem.js';
import type { KioskStatus } from './schema.js';
import { loadPublicFiles, PUBLIC_DIR, registerPublicFiles } from './static-files.js';
import { type KioskHealth, readStatus, sameScreen } from './status.js';
import { type KioskVan, registerVanRoute } from './van-route.js';

/**
 * More pages on the station's local HTTP server, each a module of its own (the counter's staff
 * page): registered here, so that a change of server touches this one place.
 */
export type KioskRoutes = (app: FastifyInstance) => void;

export interface KioskOptions {
  readonly api: StationApi;
  /** loopback by default: the touch screen's browser runs on the station itself */
  readonly host?: string;
  readonly port: number;
  readonly logger: Logger;
  /** read on every request and after every health change on the bus; either false → out-of-order screen */
  readonly health: () => KioskHealth;
  /** the station's bus: notices and health changes are pushed to the page as they happen */
  readonly events: StationEvents;
  readonly stationId: string;
  /** shown in the page header; defaults to the station id */
  readonly stationName?: string;
  /** phone number or web address shown when an order expired or the station is out of order */
  readonly contact?: string;
  /** typed PIN digits are shown as dots */
  readonly maskPin?: boolean;
  readonly now?: () => Date;
  /** a sales van's tour: shown on the screen, and the driver's stop confirmation */
  readonly van?: KioskVan;
  /** for tests: another folder with the page's files */
  readonly publicDir?: string;
  /** further pages and their API (see KioskRoutes) */
  readonly routes?: readonly KioskRoutes[];
}

export interface Kiosk {
  /** base URL of the page, e.g. http://127.0.0.1:8080/ */
  readonly url: string;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

const urlFor = (host: string, port: number): string => {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}/`;
};

/** The station's touch-screen page and its small local JSON API; works with the network down. */
export const startKiosk = async (options: KioskOptions): Promise<Kiosk> => {
  const logger = options.logger.child({ component: 'kiosk' });
  const host = options.host ?? '127.0.0.1';
  const statusSource = {
    api: options.api,
    health: options.health,
    station: { id: options.stationId, name: options.stationName ?? options.stationId },
    contact: options.contact ?? null,
    maskPin: options.maskPin ?? false,
    now: options.now ?? (() => new Date()),
    ...(options.van ? { van: () => options.van?.view() ?? null } : {}),
  };
  const status = (): KioskStatus => readStatus(statusSource);
  const files = loadPublicFiles(options.publicDir ?? PUBLIC_DIR);

  // No per-request lines: the code route logs what happened (never the code), the rest is noise.
  const app = fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 4096,
  });
  // JSON only: fastify also parses text/plain by default, which would reach the route as a string
  // and be answered 400; any other media type is 415 UNSUPPORTED_MEDIA_TYPE, as the README says
  app.removeContentTypeParser('text/plain');
  const events = new EventStream(logger);
  installProblemHandlers(app, logger);
  registerPublicFiles(app, files);
  registerCodeRoute(app, { api: options.api, status, logger });
  if (options.van) registerVanRoute(app, { van: options.van, logger, changed: () => publishIfChanged() });
  app.get('/api/status', (_request, reply) => reply.header('cache-control', 'no-store').send(status()));
  for (const register of options.routes ?? []) register(app);

  let shown = status();
  const publishIfChanged = (): void => {
    const next = status();
    if (sameScreen(shown, next)) return;
    shown = next;
    events.send({ type: 'status', status: next });
  };
  app.get('/api/events', (request, reply) => {
    shown = status();
    events.attach(request, reply, [{ type: 'status', status: shown }]);
  });

  const stateOf = (no: number) => {
    try {
      return options.api.snapshot().find((c) => c.no === no)?.state ?? null;
    } catch {
      return null;
    }
  };
  const offs = [
    options.events.onNotice((notice) => {
      const event = kioskEventFor(notice, stateOf);
      if (event) events.send(event);
      if (changesStatus(notice)) publishIfChanged();
    }),
    options.events.on('hardware.health', publishIfChanged),
    options.events.on('health.changed', publishIfChanged),
    ...(options.van ? [options.van.onChange(publishIfChanged)] : []),
  ];
  const unsubscribe = () => {
    for (const off of offs) off();
  };

  try {
    await app.listen({ host, port: options.port });
  } catch (err) {
    unsubscribe();
    events.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const url = urlFor(host, port);
  logger.info({ url }, 'kiosk listening');
  if (!LOOPBACK.has(host))
    logger.warn({ host }, 'kiosk API reachable from the network: anyone there can submit codes');

  let closing: Promise<void> | null = null;
  return {
    url,
    close: () => {
      closing ??= (async () => {
        unsubscribe();
        events.close();
        await app.close();
      })();
      return closing;
    },
  };
};
