import { z } from 'zod';
import type { FleetChange, FleetChanges } from '../fleet/changes.js';
import type { Logger } from '../logger.js';
import type { InstanceSignals } from './signals.js';

const Id = z.string().min(1).max(200);
const Relayed = z.object({
  from: Id,
  change: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('station'), stationId: Id }),
    z.object({ kind: z.literal('telemetry'), stationId: Id, batchId: Id }),
    z.object({ kind: z.literal('event'), stationId: Id, eventId: Id, type: Id }),
    z.object({ kind: z.literal('alarm'), stationId: Id, alarmId: Id, type: Id }),
  ]),
});

/**
 * The dashboard's live feed listens to `FleetChanges`; with several instances a station's message is
 * ingested by one of them, and a browser may be connected to another. Each instance relays the
 * changes it makes and delivers those of the others to its own listeners. The feed reads the current
 * state from the shared store, so a change announced twice or late shows the same picture.
 */
export const shareFleetChanges = async (
  changes: FleetChanges,
  signals: InstanceSignals,
  instanceId: string,
  logger: Logger,
): Promise<() => void> => {
  const log = logger.child({ component: 'instances' });
  const stopListening = await signals.subscribe('regiobox_fleet', (payload) => {
    let json: unknown;
    try {
      json = JSON.parse(payload);
    } catch {
      return log.warn('fleet change signal is not JSON');
    }
    const parsed = Relayed.safeParse(json);
    if (!parsed.success) return log.warn('fleet change signal not understood');
    if (parsed.data.from !== instanceId) changes.deliver(parsed.data.change as FleetChange);
  });
  const stopRelay = changes.relay((change) => {
    signals
      .publish('regiobox_fleet', JSON.stringify({ from: instanceId, change }))
      .catch((err: unknown) => log.warn({ err }, 'fleet change not relayed'));
  });
  return () => {
    stopRelay();
    stopListening();
  };
};
