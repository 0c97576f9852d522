import type { CommandBody, CommandMessage } from '@regiobox/contract';
import type { Clock } from '../../domain/clock.js';

let counter = 0;

/** A well-formed command issued now by the station's clock, valid for a minute. */
export const commandFor = (
  stationId: string,
  clock: Clock,
  command: CommandBody,
  overrides: Partial<CommandMessage> = {},
): CommandMessage => {
  counter += 1;
  const now = clock.now().getTime();
  return {
    v: 1,
    id: `cmd-${counter}-${Math.random().toString(36).slice(2, 10)}`,
    stationId,
    issuedAt: new Date(now).toISOString(),
    expiresAt: new Date(now + 60_000).toISOString(),
    command,
    ...overrides,
  };
};

export const reserveBody: CommandBody = {
  type: 'reserve',
  orderId: 'order-1',
  parcels: [
    {
      parcelId: 'p-1',
      producer: 'Hof Sonnenwiese',
      zone: 'chilled',
      size: 'M',
      deadline: '2026-01-03T18:00:00Z',
    },
  ],
};

export const serviceOpenBody = (compartment: number): CommandBody => ({
  type: 'service_open',
  compartment,
  operator: 'op-anna',
  reason: 'jammed door',
});
