import { isValidStationId, parseStationTopic, type StationTopicKind, TOPIC_ROOT } from '@regiobox/contract';

/** Who a connected client is, decided once at login. */
export type BrokerIdentity =
  | { readonly kind: 'station'; readonly stationId: string }
  | { readonly kind: 'service'; readonly username: string };

export type Decision = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

const ALLOW: Decision = { allowed: true };
const deny = (reason: string): Decision => ({ allowed: false, reason });

const STATION_PUBLISHES: ReadonlySet<StationTopicKind> = new Set([
  'status',
  'state',
  'telemetry',
  'events',
  'replies',
]);
/** Only the birth/will and the full state are retained; a retained event would replay to every new subscriber. */
const RETAINABLE: ReadonlySet<StationTopicKind> = new Set(['status', 'state']);

export const mayPublish = (who: BrokerIdentity, topic: string, retain: boolean): Decision => {
  const parsed = parseStationTopic(topic);
  if (!parsed) return deny('not a regiobox station topic');
  if (who.kind === 'service') {
    if (parsed.kind !== 'commands') return deny('the bridge publishes only commands');
    // A retained command would fire again at every reconnect of the station.
    if (retain) return deny('commands are never retained');
    return ALLOW;
  }
  if (parsed.stationId !== who.stationId) return deny("another station's topic");
  if (!STATION_PUBLISHES.has(parsed.kind)) return deny(`stations do not publish ${parsed.kind}`);
  if (retain && !RETAINABLE.has(parsed.kind)) return deny(`${parsed.kind} is never retained`);
  return ALLOW;
};

export const maySubscribe = (who: BrokerIdentity, filter: string): Decision => {
  if (who.kind === 'station') {
    // Exact matches only: no wildcard can widen a station's view beyond its own topics. Its own
    // status it reads back to replace a late will of an older session (MQTT.md, "the last will").
    const own = `${TOPIC_ROOT}/${who.stationId}`;
    return filter === `${own}/commands` || filter === `${own}/status`
      ? ALLOW
      : deny('stations subscribe only to their own commands and status');
  }
  const parts = filter.split('/');
  const station = parts[3];
  const kind = parts[4] as StationTopicKind | undefined;
  if (
    parts.length !== 5 ||
    parts.slice(0, 3).join('/') !== TOPIC_ROOT ||
    station === undefined ||
    kind === undefined
  ) {
    return deny('not a regiobox station topic filter');
  }
  if (station !== '+' && !isValidStationId(station)) return deny('invalid station level');
  if (!STATION_PUBLISHES.has(kind)) return deny(`the bridge does not subscribe to ${kind}`);
  return ALLOW;
};
