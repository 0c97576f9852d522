import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestBridge, type TestBridge, testHash, until } from '@regiobox/cloud-bridge/testing';
import type { Tour } from '@regiobox/contract';
import { haccpCsvOfStation } from '@regiobox/edge';
import { freePort, Gpsfake, tourTrack } from '@regiobox/simulated-devices';
import type { Browser } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { launchChromium, loginAt } from './testing/dashboard-browser.js';
import { startVanStation, type VanStation } from './testing/van-station.js';

const STATION = 'verkaufswagen-1';
const LUEBBEN = { name: 'Lübben, Marktplatz', lat: 51.9416, lon: 13.8925, radius: 150 };
const STRAUPITZ = { name: 'Straupitz, Dorfanger', lat: 51.9128, lon: 13.9462, radius: 150 };
const screenshots = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../docs/screenshots');
const MIN = 60_000;
const OPERATOR = { name: 'tourleitung', password: 'Tour-durch-den-Spreewald-1' } as const;

interface Reservation {
  orderId: string;
  pickupPin: string;
  parcels: { compartment: number; loadingCode: string }[];
}
interface StoredEvents {
  events: { seq: number; type: string; event: Record<string, unknown> }[];
}

describe('a sales van drives its tour, its position from gpsd fed by gpsfake', () => {
  let t: TestBridge | undefined;
  let van: VanStation | undefined;
  let gps: Gpsfake | undefined;
  let browser: Browser | undefined;
  afterEach(async () => {
    await browser?.close();
    await van?.dispose();
    await gps?.stop();
    await t?.dispose();
  });

  it('hands out at two stops, refuses a PIN at the wrong stop saying where the van will be, loses nothing over a link outage between stops, and exports the tour with positions', async () => {
    t = await startTestBridge({
      dashboard: {
        operators: [{ name: OPERATOR.name, passwordHash: await testHash(OPERATOR.password), role: 'admin' }],
      },
    });
    const bridge = t;
    const gpsdPort = await freePort();
    van = await startVanStation(bridge, STATION, gpsdPort);
    const { station, board } = van;
    await until(
      'the van is online',
      async () => (await bridge.bridge.store.presence(STATION))?.state === 'online',
      15_000,
    );

    const reserve = async (orderId: string, no: number): Promise<Reservation> => {
      const res = await bridge.api('POST', `/v1/stations/${STATION}/reservations`, {
        orderId,
        parcels: [
          {
            parcelId: `${orderId}-p`,
            producer: 'Hof Schulze',
            zone: no === 1 ? 'chilled' : 'ambient',
            size: no === 1 ? 'M' : 'S',
            deadline: new Date(Date.now() + 86_400_000).toISOString(),
          },
        ],
      });
      expect(res.status).toBe(201);
      return (await res.json()) as Reservation;
    };
    const doors = (no: number, goods: boolean) => {
      board.openDoor(no - 1);
      board.setOccupancy(no - 1, goods);
      board.closeDoor(no - 1);
    };
    const a = await reserve('order-luebben', 1);
    const b = await reserve('order-straupitz', 2);
    for (const r of [a, b]) {
      const no = r.parcels[0]?.compartment ?? 0;
      expect((await station.service.submitCode(r.parcels[0]?.loadingCode ?? '', 'keypad')).ok).toBe(true);
      doors(no, true);
      await until(
        `order ${r.orderId} loaded`,
        () => station.service.snapshot().find((c) => c.no === no)?.state === 'loaded',
      );
    }

    const now = Date.now();
    const tour: Tour = {
      tourId: 'tour-test',
      stops: [
        {
          stopId: 'luebben',
          place: LUEBBEN,
          window: { from: new Date(now - 5 * MIN).toISOString(), to: new Date(now + 30 * MIN).toISOString() },
          orderIds: [a.orderId],
        },
        {
          stopId: 'straupitz',
          place: STRAUPITZ,
          window: { from: new Date(now).toISOString(), to: new Date(now + 60 * MIN).toISOString() },
          orderIds: [b.orderId],
        },
      ],
    };
    const sent = await bridge.api('PUT', `/v1/stations/${STATION}/tour`, tour);
    expect(sent.status).toBe(200);
    // the van's GPS: 15 s at Lübben, 6 s on the road, then Straupitz (an epoch every 0.1 s)
    gps = await Gpsfake.start({
      port: gpsdPort,
      sentences: tourTrack([LUEBBEN, STRAUPITZ], {
        dwellEpochs: [150, 900],
        driveEpochs: 60,
        start: new Date(now),
      }),
      cycleSeconds: 0.05,
      timeoutSeconds: 150,
    });

    const tourAtBridge = async () =>
      (await (await bridge.api('GET', `/v1/stations/${STATION}/tour`)).json()) as {
        currentStopId: string | null;
        lastPosition: { lat: number } | null;
      };
    await until(
      'the bridge sees the van at Lübben',
      async () => (await tourAtBridge()).currentStopId === 'luebben',
      30_000,
    );

    // at Lübben, the Straupitz customer's PIN is refused, and the kiosk says where and when
    const kiosk = station.kiosk?.url ?? '';
    const wrong = await fetch(new URL('/api/code', kiosk), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: b.pickupPin, source: 'keypad' }),
    });
    expect(await wrong.json()).toMatchObject({
      ok: false,
      reason: 'WRONG_STOP',
      stop: { name: 'Straupitz, Dorfanger', why: 'elsewhere' },
    });
    browser = await launchChromium();
    const page = await (
      await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'de-DE' })
    ).newPage();
    await page.goto(kiosk);
    await expect
      .poll(() => page.locator('#van-panel').textContent(), { timeout: 10_000 })
      .toContain('Haltestelle: Lübben, Marktplatz');
    await page.keyboard.type(b.pickupPin);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('#result-screen').textContent(), { timeout: 10_000 })
      .toContain('in Straupitz, Dorfanger');
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: path.join(screenshots, 'van-kiosk.png') });

    // pickup one at Lübben
    const pickedA = await station.service.submitCode(a.pickupPin, 'keypad');
    expect(pickedA.ok).toBe(true);
    doors(a.parcels[0]?.compartment ?? 0, false);
    const events = async () =>
      ((await (await bridge.api('GET', `/v1/stations/${STATION}/events?limit=200`)).json()) as StoredEvents)
        .events;
    await until(
      'the marketplace hears Lübben’s pickup',
      async () => (await events()).some((e) => e.type === 'order.picked_up' && e.event.orderId === a.orderId),
      15_000,
    );

    // the link drops as the van drives off, and stays down through the next stop's pickup
    await until('the van leaves Lübben', () => station.van?.view()?.here === null, 30_000);
    van.link.partition();
    // on the road, offline, the cold box warms up: the same alarm as at any station
    board.setProbe(0, 12);
    await until('the van raises temperature_high on the road', () =>
      station.monitor.alarms.active().some((al) => al.kind === 'temperature_high'),
    );
    board.setProbe(0, 5);
    await until('the van reaches Straupitz', () => station.van?.view()?.here?.stopId === 'straupitz', 30_000);
    const pickedB = await station.service.submitCode(b.pickupPin, 'keypad');
    expect(pickedB.ok).toBe(true);
    doors(b.parcels[0]?.compartment ?? 0, false);
    await until(
      'the pickup at Straupitz is recorded',
      () => station.service.snapshot().find((c) => c.no === b.parcels[0]?.compartment)?.state === 'free',
    );
    expect((await events()).some((e) => e.type === 'order.picked_up' && e.event.orderId === b.orderId)).toBe(
      false,
    );

    van.link.heal();
    await until(
      'the marketplace hears Straupitz’s pickup after the outage',
      async () => (await events()).some((e) => e.type === 'order.picked_up' && e.event.orderId === b.orderId),
      60_000,
    );
    const seen = (await events()).sort((x, y) => x.seq - y.seq);
    // nothing lost: every seq from 1 to the last, once
    expect(seen.map((e) => e.seq)).toEqual(seen.map((_, i) => i + 1));
    const at = (type: string, extra: (e: Record<string, unknown>) => boolean = () => true) =>
      seen.findIndex((e) => e.type === type && extra(e.event));
    const order = [
      at('tour.stop_arrived', (e) => e.stopId === 'luebben'),
      at('order.picked_up', (e) => e.orderId === a.orderId),
      at('tour.stop_left', (e) => e.stopId === 'luebben'),
      at('alarm.raised', (e) => e.kind === 'temperature_high'),
      at('tour.stop_arrived', (e) => e.stopId === 'straupitz'),
      at('order.picked_up', (e) => e.orderId === b.orderId),
    ];
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    expect((await tourAtBridge()).currentStopId).toBe('straupitz');

    // the operators' fleet page shows the van's tour: at Straupitz, Lübben served, its last position
    const fleet = await loginAt(browser, bridge.bridge.httpUrl, '/dashboard', OPERATOR);
    await expect
      .poll(() => fleet.locator('#tours').textContent(), { timeout: 15_000 })
      .toContain('At Straupitz, Dorfanger');
    const tourText = (await fleet.locator('#tours').textContent()) ?? '';
    expect(tourText).toContain('Last position 51.91');
    expect(await fleet.locator('.tour-stop.is-done').textContent()).toContain('Lübben, Marktplatz');
    expect(await fleet.locator('svg.route .route-stop').count()).toBe(2);
    await fleet.locator('#tours').screenshot({ path: path.join(screenshots, 'dashboard-van-tour.png') });

    // the HACCP sample log of the tour says where the cold box was at each reading
    await station.stop();
    const csv = haccpCsvOfStation(
      van.config,
      { from: new Date(now - MIN), to: new Date(Date.now() + MIN), now: new Date() },
      'samples',
    );
    const header = csv[0]?.trim().split(',') ?? [];
    const rows = csv.slice(1).map((l) => l.trim().split(','));
    const lat = header.indexOf('latitude');
    expect(lat).toBeGreaterThan(0);
    const near = (place: { lat: number }) => rows.some((r) => Math.abs(Number(r[lat]) - place.lat) < 0.001);
    expect(near(LUEBBEN)).toBe(true);
    expect(near(STRAUPITZ)).toBe(true);
    // the warm reading on the road is in the log with where the van was
    const celsius = header.indexOf('celsius');
    const warm = rows.find((r) => Number(r[celsius]) >= 12);
    expect(warm?.[lat]).toMatch(/^51\.9/);
  }, 180_000);
});
