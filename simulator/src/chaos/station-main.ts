/**
 * A station as its own process, for the chaos runner: the real edge service with the serial-board
 * driver on a PTY whose far end the parent's simulated board holds. Started by ChildStation; prints
 * one JSON line `{"ready":true,"kiosk":...}` when it serves, stops on SIGTERM or when the parent's
 * pipe closes (so a dead parent leaves no station behind), and can be SIGKILLed at any moment.
 */
import { loadConfig, startStation } from '@regiobox/edge';
import { SimClock } from '@regiobox/simulated-devices';
import { pino } from 'pino';
import { z } from 'zod';

const Args = z.object({
  config: z.string().min(1),
  clock: z
    .string()
    .transform((s) =>
      z.object({ simEpochMs: z.number(), realEpochMs: z.number(), speed: z.number() }).parse(JSON.parse(s)),
    ),
  log: z.string().min(1),
});

const argValue = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};

const args = Args.parse({ config: argValue('config'), clock: argValue('clock'), log: argValue('log') });
const config = loadConfig(args.config, {});
const clock = new SimClock(args.clock);
const destination = pino.destination({ dest: args.log, append: true, sync: false, mkdir: true });
const logger = pino({ level: config.logLevel }, destination).child({
  stationId: config.stationId,
  pid: process.pid,
});
const station = await startStation(config, {
  clock,
  logger,
  kiosk: true,
  sampleIntervalMs: Math.max(200, Math.round(10_000 / clock.speed)),
});
process.stdout.write(`${JSON.stringify({ ready: true, kiosk: station.kiosk?.url ?? null })}\n`);

let stopping = false;
const shutdown = () => {
  if (stopping) return;
  stopping = true;
  void station
    .stop()
    .catch((err: unknown) => logger.error({ err }, 'stop failed'))
    .finally(() => {
      destination.flushSync();
      process.exit(0);
    });
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
process.stdin.on('end', shutdown);
process.stdin.resume();
