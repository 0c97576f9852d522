import { describe, expect, it } from 'vitest';
import { parseStationTopic, stationTopics } from './topics.js';

describe('the MQTT topic tree', () => {
  it('confines every topic of a station under its own prefix', () => {
    const t = stationTopics('dorfladen-1');
    for (const topic of [t.status, t.state, t.telemetry, t.events, t.commands, t.replies]) {
      expect(topic.startsWith('regiobox/v1/stations/dorfladen-1/')).toBe(true);
      expect(parseStationTopic(topic)?.stationId).toBe('dorfladen-1');
    }
  });

  it('refuses topics outside the tree, wildcards and bad station ids', () => {
    expect(parseStationTopic('regiobox/v1/stations/+/events')).toBeUndefined();
    expect(parseStationTopic('regiobox/v1/stations/a/events/extra')).toBeUndefined();
    expect(parseStationTopic('regiobox/v2/stations/a/events')).toBeUndefined();
    expect(parseStationTopic('regiobox/v1/stations/A_B/events')).toBeUndefined();
    expect(parseStationTopic('regiobox/v1/stations/a/nonsense')).toBeUndefined();
  });
});
