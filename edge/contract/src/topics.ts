/**
 * The MQTT topic tree, version 1. Every topic of a station lives under its own prefix so that a broker
 * ACL of the form `regiobox/v1/stations/<username>/#` confines each station to its own topics.
 */
export const TOPIC_ROOT = 'regiobox/v1/stations';

export const stationTopics = (stationId: string) => {
  const base = `${TOPIC_ROOT}/${stationId}`;
  return {
    base,
    /** retained: online birth / offline will */
    status: `${base}/status`,
    /** retained: the station's full compartment state */
    state: `${base}/state`,
    /** QoS 1, not retained: batched temperatures and doors */
    telemetry: `${base}/telemetry`,
    /** QoS 1, not retained: every order transition, code issue, alarm, unlock */
    events: `${base}/events`,
    /** QoS 1, never retained: marketplace → station */
    commands: `${base}/commands`,
    /** QoS 1, not retained: station → marketplace, one reply per command */
    replies: `${base}/replies`,
  } as const;
};

/**
 * A station's MQTT client id: stable across restarts, so the broker keeps its persistent session and
 * the commands queued in it. Brokers that force the client id to the login name (Mosquitto's
 * `use_username_as_clientid`) key the session by the station id instead, which is just as stable.
 */
export const STATION_CLIENT_ID_PREFIX = 'regiobox-';
export const stationClientId = (stationId: string): string => `${STATION_CLIENT_ID_PREFIX}${stationId}`;

export type StationTopicKind = 'status' | 'state' | 'telemetry' | 'events' | 'commands' | 'replies';

const STATION_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

export const isValidStationId = (id: string): boolean => STATION_ID.test(id);

/** Splits `regiobox/v1/stations/<id>/<kind>`; undefined for any other topic. */
export const parseStationTopic = (
  topic: string,
): { stationId: string; kind: StationTopicKind } | undefined => {
  const parts = topic.split('/');
  if (parts.length !== 5 || `${parts[0]}/${parts[1]}/${parts[2]}` !== TOPIC_ROOT) return undefined;
  const stationId = parts[3] ?? '';
  const kind = parts[4] as StationTopicKind;
  if (!isValidStationId(stationId)) return undefined;
  if (!['status', 'state', 'telemetry', 'events', 'commands', 'replies'].includes(kind)) return undefined;
  return { stationId, kind };
};
