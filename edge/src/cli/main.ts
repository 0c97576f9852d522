#!/usr/bin/env node
import { Command, Option } from 'commander';
import { ConfigError, loadConfig, secretFileProblems } from '../config/index.js';
import { hashStaffPassword } from '../counter/staff-password.js';
import { cryptoRandom } from '../domain/random.js';
import { haccpCsv } from '../haccp-export.js';
import { createLogger } from '../log.js';
import { StartupError, startStation } from '../station.js';
import { openDatabase } from '../store/database.js';
import { startSystemdNotify } from './systemd.js';

const fail = (err: unknown): never => {
  if (err instanceof ConfigError || err instanceof StartupError) {
    process.stderr.write(`regiobox-edge: ${err.message}\n`);
    process.exit(err instanceof ConfigError ? 2 : 1);
  }
  throw err;
};

const program = new Command('regiobox-edge')
  .description('the regiobox station service')
  .requiredOption('-c, --config <file>', 'station config file (YAML or JSON)');

program.action(async (opts: { config: string }) => {
  const config = (() => {
    try {
      return loadConfig(opts.config, process.env);
    } catch (err) {
      return fail(err);
    }
  })();
  const logger = createLogger({ level: config.logLevel }).child({ stationId: config.stationId });
  const station = await startStation(config, { logger }).catch(fail);
  const systemd = startSystemdNotify(logger);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    systemd.stop();
    // the hardware driver drives every relay off in stop(); SIGKILL is covered by the board's watchdog
    station.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
});

program
  .command('check-config')
  .description('validate the config and its secret files, and print what the station would run')
  .action(() => {
    try {
      const file = program.opts<{ config: string }>().config;
      const config = loadConfig(file, process.env);
      // The station stops at start on a missing secret, so a config that names one is not valid yet.
      const secrets = secretFileProblems(config);
      if (secrets.length > 0) {
        throw new ConfigError(`${file}: secret files:\n  ${secrets.join('\n  ')}`, secrets);
      }
      const storage =
        config.kind === 'counter'
          ? `counter: ${config.places.length} places, ${config.staff.length} staff`
          : `${config.compartments.length} compartments`;
      process.stdout.write(
        `${config.stationId}: ${storage}, ${config.probes.length} probes, driver ${config.hardware.driver}, broker ${config.mqtt.url}\n`,
      );
    } catch (err) {
      fail(err);
    }
  });

program
  .command('staff-hash')
  .description(
    "read a counter staff member's password from stdin and print its hash for staff[].passwordHash",
  )
  .action(async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    const password = Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '');
    try {
      process.stdout.write(`${await hashStaffPassword(password, cryptoRandom)}\n`);
    } catch (err) {
      process.stderr.write(`regiobox-edge: ${(err as Error).message}\n`);
      process.exit(2);
    }
  });

program
  .command('haccp-export')
  .description('write the HACCP temperature log of a period as CSV to stdout (see edge/HACCP.md)')
  .requiredOption('--from <iso>', 'start of the period, e.g. 2026-07-01')
  .requiredOption('--to <iso>', 'end of the period (exclusive)')
  .addOption(
    new Option('--layout <layout>', 'one row per sample or per parcel')
      .choices(['samples', 'parcels'])
      .default('samples'),
  )
  .addOption(
    new Option(
      '--dialect <dialect>',
      'standard: comma and decimal point; excel-de: semicolon and decimal comma',
    )
      .choices(['standard', 'excel-de'])
      .default('standard'),
  )
  .action(
    (o: { from: string; to: string; layout: 'samples' | 'parcels'; dialect: 'standard' | 'excel-de' }) => {
      const from = new Date(o.from);
      const to = new Date(o.to);
      if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from >= to) {
        process.stderr.write(
          `regiobox-edge: --from ${o.from} and --to ${o.to} must be dates with from < to\n`,
        );
        process.exit(2);
      }
      try {
        const config = loadConfig(program.opts<{ config: string }>().config, process.env);
        const db = openDatabase(`${config.dataDir}/station.db`);
        for (const line of haccpCsv(db, config, { from, to, now: new Date() }, o.layout, {
          dialect: o.dialect,
        })) {
          process.stdout.write(line);
        }
        db.close();
      } catch (err) {
        fail(err);
      }
    },
  );

await program.parseAsync(process.argv);
