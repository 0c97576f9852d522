import type { ProbeConfig } from '@regiobox/hardware-api';
import type { Logger } from 'pino';
import { OneWireThermometers } from './thermometers.js';

/** The one-wire probes of a station config (those with a `oneWireId`), for any driver whose board measures nothing. */
export function oneWireThermometers(
  path: string,
  probes: readonly ProbeConfig[],
  logger: Logger,
): OneWireThermometers {
  return new OneWireThermometers({
    path,
    probes: probes.flatMap((p) => (p.oneWireId === undefined ? [] : [{ id: p.id, oneWireId: p.oneWireId }])),
    logger: logger.child({ component: 'one-wire' }),
  });
}
