import { type Logger, pino } from 'pino';
import { seededRandom } from '../../domain/test-random.js';
import { type Kiosk, startKiosk } from '../../kiosk/server.js';
import { StationFixture } from '../../station/testing/station-fixture.js';
import { counterPage } from '../index.js';
import { counterConfig } from './counter-config.js';

export interface CounterStation {
  readonly kiosk: Kiosk;
  readonly fixture: StationFixture;
  /** the staff page's base URL */
  readonly url: string;
  close(): Promise<void>;
}

/** A counter station's core on a real SQLite file behind the local server with its staff page, port 0. */
export const startCounterStation = async (o: { logger?: Logger } = {}): Promise<CounterStation> => {
  const fixture = new StationFixture({
    config: { ...(await counterConfig()), kiosk: { displayName: 'Hofladen Sonnenwiese' } },
  });
  const station = await fixture.start();
  const logger = o.logger ?? pino({ level: 'silent' });
  const page = counterPage(fixture.config, station, {
    clock: fixture.clock.current,
    random: seededRandom('staff'),
    logger,
    readings: () => [],
  });
  if (!page) throw new Error('not a counter');
  const kiosk = await startKiosk({
    api: station,
    port: 0,
    logger,
    stationId: fixture.config.stationId,
    health: () => ({ boardReachable: true, storageOk: true }),
    events: station.events,
    routes: [page],
  });
  return {
    kiosk,
    fixture,
    url: `${kiosk.url}counter/`,
    close: async () => {
      await kiosk.close();
      await fixture.close();
    },
  };
};

/** A client of the staff page's API that keeps its session cookie, as the tablet's browser does. */
export class StaffClient {
  private cookie = '';

  constructor(private readonly url: string) {}

  async call(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> {
    const res = await fetch(`${this.url}api/${path}`, {
      method,
      headers: {
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0] ?? '';
    return { status: res.status, json: (await res.json()) as Record<string, unknown>, headers: res.headers };
  }

  login(staff: string, password: string) {
    return this.call('POST', 'login', { staff, password });
  }
}
