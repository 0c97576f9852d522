#!/usr/bin/env node
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { pino } from 'pino';
import { runDemo } from '../demo/demo.js';

const positive = (what: string) => (value: string) => {
  const n = Number(value);
  if (!(n > 0)) throw new InvalidArgumentError(`${what} must be a positive number`);
  return n;
};

interface DemoCliOptions {
  duration?: number;
  speed: number;
  dataDir?: string;
}

const main = async (o: DemoCliOptions): Promise<void> => {
  // a fresh directory every time: the bridge registers the stations anew on each start
  const ownDir = o.dataDir === undefined;
  const dataDir = o.dataDir ? resolve(o.dataDir) : mkdtempSync(join(tmpdir(), 'regiobox-demo-'));
  if (!ownDir && existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    process.stderr.write(`regiobox demo: ${dataDir} is not empty; give an empty or new directory\n`);
    process.exit(2);
  }
  mkdirSync(dataDir, { recursive: true });
  const destination = pino.destination({ dest: join(dataDir, 'regiobox.log'), sync: false });
  const logger = pino({ level: 'info' }, destination);

  const stop = new AbortController();
  let signals = 0;
  const onSignal = () => {
    signals += 1;
    if (signals > 1) process.exit(130);
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const timer = o.duration ? setTimeout(() => stop.abort(), o.duration * 1000) : null;

  const print = (line: string) => process.stdout.write(`${line}\n`);
  try {
    const summary = await runDemo({ dataDir, speed: o.speed, logger, print, signal: stop.signal });
    print(
      `demo stopped: ${summary.reserved} orders reserved, ${summary.pickedUp} picked up, ${summary.alarms} alarms`,
    );
  } finally {
    if (timer) clearTimeout(timer);
    destination.flushSync();
    if (ownDir) rmSync(dataDir, { recursive: true, force: true });
  }
  // everything is closed; exit rather than wait for a straggling keep-alive socket
  process.exit(0);
};

await new Command('regiobox-demo')
  .description(
    'the whole regiobox system on simulated hardware: bridge, three stations, a shop counter, a van, people',
  )
  .option('--duration <seconds>', 'stop after this many real seconds', positive('duration'))
  .option('--speed <factor>', 'simulated seconds per real second', positive('speed'), 10)
  .option('--data-dir <dir>', 'keep the data here (empty or new directory); a temporary one otherwise')
  .action(async (options: DemoCliOptions) => {
    try {
      await main(options);
    } catch (err) {
      process.stderr.write(`regiobox demo failed: ${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    }
  })
  .parseAsync(process.argv);
