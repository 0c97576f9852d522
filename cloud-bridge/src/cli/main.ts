#!/usr/bin/env node
import { Command } from 'commander';
import { startBridge } from '../bridge.js';
import { loadConfig } from '../config.js';
import { hashOperatorPassword } from '../dashboard/operators.js';
import { BridgeError } from '../errors.js';
import { openApiYaml } from '../http/openapi.js';
import { createLogger } from '../logger.js';
import { createStationsCommand } from './stations.js';

/** Runs the bridge until SIGINT or SIGTERM; a second signal ends it at once. */
const run = async (configFile: string | undefined): Promise<void> => {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(configFile);
  } catch (err) {
    if (err instanceof BridgeError) {
      process.stderr.write(`regiobox-bridge: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.log.level);
  const bridge = await startBridge(config, { logger }).catch((err: unknown) => {
    logger.fatal({ err }, 'bridge failed to start');
    process.exit(1);
  });
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130);
    stopping = true;
    logger.info({ signal }, 'stopping');
    bridge.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
};

export const createProgram = (): Command => {
  const program = new Command('regiobox-bridge')
    .description('regiobox marketplace bridge: MQTT broker, fleet state, REST API and webhooks')
    .option('-c, --config <file>', 'config file (YAML or JSON); REGIOBOX_BRIDGE__* variables override it')
    .action(async (options: { config?: string }) =>
      run(options.config ?? process.env.REGIOBOX_BRIDGE_CONFIG),
    );
  program.addCommand(createStationsCommand());
  program
    .command('openapi')
    .description('print the OpenAPI document of the marketplace API')
    .action(() => {
      process.stdout.write(openApiYaml());
    });
  program
    .command('operator-hash')
    .description(
      "read a dashboard operator's password from stdin and print its scrypt hash for dashboard.operators",
    )
    .action(async () => {
      const password = (await readStdin()).replace(/\r?\n$/, '');
      try {
        process.stdout.write(`${await hashOperatorPassword(password)}\n`);
      } catch (err) {
        process.stderr.write(`regiobox-bridge operator-hash: ${(err as Error).message}\n`);
        process.exitCode = 2;
      }
    });
  return program;
};

/** The password comes on stdin, never as an argument: arguments are visible to every user in `ps`. */
const readStdin = async (): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

await createProgram().parseAsync(process.argv);
