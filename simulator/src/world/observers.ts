import type { BoardDoorEvent } from '@regiobox/simulated-devices';
import type { Webhook } from '../actors/webhook-inbox.js';
import type { HostedStation } from '../station/hosted-station.js';
import type { World } from './world.js';

const fmt = (c: number | null) => (c === null ? '—' : `${c.toFixed(1)} °C`);

/** What the marketplace hears by webhook, in words: alarms, expiries, holds, finished orders. */
const describeWebhook = (e: Webhook): string | null => {
  const d = e.data;
  switch (e.type) {
    case 'alarm.raised':
      return `ALARM ${String(d.kind)}${d.compartment ? ` at compartment ${String(d.compartment)}` : ''}: ${String(d.detail)}`;
    case 'alarm.cleared':
      return `alarm cleared: ${String(d.kind)} (${String(d.alarmId)})`;
    case 'parcel.expired':
      return `${String(d.orderId)}: parcel in compartment ${String(d.compartment)} expired`;
    case 'parcel.held':
      return `${String(d.orderId)}: parcel in compartment ${String(d.compartment)} HELD (${String(d.reason)})`;
    case 'order.picked_up':
      return `${String(d.orderId)}: marketplace hears: order picked up`;
    case 'codes.issued': {
      const retrieval = (d.retrievalCodes as { code: string }[] | undefined) ?? [];
      return retrieval.length > 0
        ? `${String(d.orderId)}: retrieval code ${retrieval.map((r) => r.code).join(', ')} for the producer`
        : null;
    }
    default:
      return null;
  }
};

/** Writes the readable live log: webhooks, doors on every board, and a temperature line now and then. */
export function observe(world: World, options: { temperatureEveryMs?: number; doors?: boolean } = {}) {
  const stops: (() => void)[] = [];
  const onWebhook = (e: Webhook) => {
    const text = describeWebhook(e);
    if (text) world.log.say(e.stationId, text);
  };
  world.inbox.on('event', onWebhook);
  stops.push(() => world.inbox.off('event', onWebhook));

  const watched = new Set<HostedStation>();
  const watchDoors = () => {
    for (const s of world.stations.values()) {
      if (watched.has(s) || options.doors === false) continue;
      watched.add(s);
      const onDoor = (d: BoardDoorEvent) => {
        const c = s.compartments.find((x) => x.doorInput === d.input);
        if (!c) return;
        const how = d.cause === 'forced' ? 'FORCED OPEN' : d.open ? 'opens' : 'closes';
        world.log.say(s.stationId, `door ${c.no} ${how}`);
      };
      s.rig.board.on('door', onDoor);
      stops.push(() => s.rig.board.off('door', onDoor));
    }
  };
  watchDoors();

  const every = options.temperatureEveryMs ?? 30 * 60_000;
  const sayTemperatures = () => {
    for (const s of world.stations.values()) {
      const probes = s.rig.thermal.world.readings().map((r) => `${r.probeId} ${fmt(r.celsius)}`);
      if (probes.length > 0) world.log.say(s.stationId, `temperatures: ${probes.join(', ')}`);
    }
  };
  // once at the start, so that a newcomer sees the fridges at once, not only after the first period
  sayTemperatures();
  const timer = setInterval(
    () => {
      watchDoors();
      sayTemperatures();
    },
    Math.max(1000, world.clock.realMs(every)),
  );
  timer.unref();
  stops.push(() => clearInterval(timer));
  return () => {
    for (const stop of stops.splice(0)) stop();
  };
}
