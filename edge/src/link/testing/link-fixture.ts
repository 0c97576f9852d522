import type { CommandBody } from '@regiobox/contract';
import { pino } from 'pino';
import type { Clock } from '../../domain/clock.js';
import type { CommandHandler } from '../command-intake.js';
import { type LinkState, MqttLink } from '../mqtt-link.js';
import type { MqttLinkOptions } from '../options.js';
import type { StationStore } from './station-store.js';
import { until } from './until.js';

export const silentLogger = pino({ level: 'silent' });

export interface HandledCommand {
  readonly command: CommandBody;
  readonly commandId: string;
  readonly receivedAt: Date;
}

/** The test's stand-in for the station domain: records every command and answers `{ done: type }`. */
export const recordingHandler = (): { handler: CommandHandler; handled: HandledCommand[] } => {
  const handled: HandledCommand[] = [];
  const handler: CommandHandler = async (command, ctx) => {
    handled.push({ command, ...ctx });
    return { done: command.type };
  };
  return { handler, handled };
};

export type LinkOverrides = Partial<Omit<MqttLinkOptions, 'broker' | 'commands'>> & {
  readonly broker?: Partial<MqttLinkOptions['broker']>;
  readonly commands?: Partial<MqttLinkOptions['commands']>;
  readonly clock?: Clock;
};

/** A link with short timings for tests: keepalive 2 s, backoff 50–400 ms. */
export const testLink = (url: string, store: StationStore, overrides: LinkOverrides = {}): MqttLink =>
  new MqttLink({
    stationId: store.stationId,
    db: store.db,
    outbox: store.outbox,
    logger: silentLogger,
    status: () => ({
      capabilities: { compartments: 2, zones: ['chilled'], occupancySensors: false, driver: 'test' },
      health: { board: 'ok', storage: 'ok', clock: 'synced', probesFaulty: [] },
    }),
    state: () => ({ compartments: [], openAlarms: [] }),
    ...overrides,
    broker: { keepaliveSeconds: 2, backoff: { minMs: 50, maxMs: 400 }, ...overrides.broker, url },
    commands: { handler: recordingHandler().handler, ...overrides.commands },
  });

export const untilState = (link: MqttLink, state: LinkState, timeoutMs = 10_000): Promise<true> =>
  until(`link ${state} (is ${link.state})`, () => link.state === state, timeoutMs);
