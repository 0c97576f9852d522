import { Command, Option } from 'commander';
import {
  DEFAULT_MOSQUITTO_GROUP,
  MosquittoFilesError,
  writeMosquittoFiles,
} from '../broker/mosquitto-files.js';
import { loadRegistryLocation } from '../config.js';
import { BridgeError } from '../errors.js';
import {
  DEFAULT_SERVICE_USERNAME,
  RegistryError,
  type ServiceCredentials,
  type StationCredentials,
  type StationRegistry,
} from '../registry/index.js';
import { openRegistry } from '../runtime/stores.js';
import { type StationSecretFiles, writeStationSecrets } from './secret-files.js';

/** Where the command prints; the secrets go here and nowhere else (never to a log). */
export interface StationsCliOutput {
  out(text: string): void;
}

const stdout: StationsCliOutput = { out: (text) => process.stdout.write(text) };

interface CommonOptions {
  db?: string;
  masterKey?: string;
  json?: boolean;
  /** the bridge's config file, from `regiobox-bridge --config` */
  config?: string;
}

const ONCE_WARNING =
  'These secrets are shown only this once and cannot be recovered: put them into the station configuration now.';

const withCommonOptions = (command: Command): Command =>
  command
    .addOption(
      new Option(
        '--db <file>',
        "a SQLite bridge database; default: where the bridge's config (--config) keeps its database (database.url or database.file), ./.data/bridge.db without one",
      ).env('REGIOBOX_BRIDGE_DB'),
    )
    .addOption(
      new Option(
        '--master-key <file>',
        "seals command keys at rest; created if missing; default: registry.masterKeyFile of the bridge's config",
      ).env('REGIOBOX_BRIDGE_MASTER_KEY'),
    )
    .option('--json', 'print JSON instead of text');

/**
 * The database and master key the bridge itself uses: the same config file and `REGIOBOX_BRIDGE__*`
 * variables, so that `stations add` run beside a bridge registers the station with that bridge
 * (in PostgreSQL when the bridge's `database.url` is set and `--db` is not given).
 */
const registryLocation = (options: CommonOptions): Parameters<typeof openRegistry>[0] => {
  const config = loadRegistryLocation(options.config ?? process.env.REGIOBOX_BRIDGE_CONFIG);
  const { url: _url, ...sqlite } = config.database;
  return {
    database: options.db ? { ...sqlite, file: options.db } : config.database,
    registry: { ...config.registry, ...(options.masterKey ? { masterKeyFile: options.masterKey } : {}) },
  };
};

/** Opens the registry for one command and always closes the database again. */
const withRegistry = async <T>(options: CommonOptions, fn: (registry: StationRegistry) => Promise<T> | T) => {
  const opened = await openRegistry(registryLocation(options));
  try {
    return await fn(opened.registry);
  } finally {
    await opened.close();
  }
};

const stationSecrets = (c: StationCredentials, verb: string): string =>
  [
    `Station ${c.stationId} ${verb}.`,
    `  MQTT username: ${c.username}`,
    `  MQTT password: ${c.password}`,
    `  Command key:   ${c.commandKey}`,
    '',
    ONCE_WARNING,
    '',
  ].join('\n');

const serviceSecrets = (c: ServiceCredentials): string =>
  [
    `Service user ${c.username} issued.`,
    `  MQTT username: ${c.username}`,
    `  MQTT password: ${c.password}`,
    '',
    `${ONCE_WARNING.replace('the station configuration', "the bridge's broker settings")}`,
    'Rewrite the Mosquitto files (stations write-mosquitto) for an external broker.',
    '',
  ].join('\n');

interface SecretsOption {
  secretsDir?: string;
}

const SECRETS_DIR_HELP =
  "also write the station's secrets as files for its config: <dir>/mqtt-password and <dir>/command-key (0600)";

const secretsWritten = (files: StationSecretFiles): string =>
  `Wrote ${files.passwordFile} (mqtt.passwordFile)\nWrote ${files.commandKeyFile} (mqtt.commandKeyFile)\n`;

/**
 * `stations add|list|rotate|remove|write-mosquitto|service-user`, mounted by the `regiobox-bridge`
 * binary. Registry errors end the command with their message and code, exit status 1; a bad bridge
 * config, status 2.
 */
export const createStationsCommand = (output: StationsCliOutput = stdout): Command => {
  const stations = new Command('stations').description('register stations and their broker credentials');
  const print = (options: CommonOptions, value: unknown, text: string) =>
    output.out(options.json ? `${JSON.stringify(value, null, 2)}\n` : text);

  const run =
    <A extends unknown[]>(fn: (options: CommonOptions, ...args: A) => Promise<void> | void) =>
    async (...args: [...A, CommonOptions, Command]): Promise<void> => {
      const command = args[args.length - 1] as Command;
      const options = command.optsWithGlobals<CommonOptions>();
      try {
        await fn(options, ...(args.slice(0, -2) as A));
      } catch (err) {
        if (err instanceof BridgeError)
          command.error(`error: ${err.message}`, { exitCode: 2, code: err.code });
        if (!(err instanceof RegistryError || err instanceof MosquittoFilesError)) throw err;
        command.error(`error: ${err.message} (${err.code})`, { exitCode: 1, code: err.code });
      }
    };

  withCommonOptions(stations.command('add').argument('<id>', 'station id, e.g. dorfladen-1'))
    .description('register a station and print its credentials and command key (once)')
    .option('--secrets-dir <dir>', SECRETS_DIR_HELP)
    .action(
      run(async (options: CommonOptions & SecretsOption, id: string) => {
        const creds = await withRegistry(options, (r) => r.addStation(id));
        print(options, { ...creds, warning: ONCE_WARNING }, stationSecrets(creds, 'registered'));
        if (options.secretsDir) output.out(secretsWritten(writeStationSecrets(creds, options.secretsDir)));
      }),
    );

  withCommonOptions(stations.command('list'))
    .description('list registered stations (never their secrets)')
    .action(
      run(async (options) => {
        const list = await withRegistry(options, (r) => r.listStations());
        const lines = list.map(
          (s) => `${s.stationId.padEnd(24)} added ${s.createdAt}  rotated ${s.rotatedAt}`,
        );
        print(options, list, list.length ? `${lines.join('\n')}\n` : 'No stations registered.\n');
      }),
    );

  withCommonOptions(stations.command('rotate').argument('<id>', 'station id'))
    .description('issue a new password and command key; the old ones stop working at once')
    .option('--secrets-dir <dir>', SECRETS_DIR_HELP)
    .action(
      run(async (options: CommonOptions & SecretsOption, id: string) => {
        const creds = await withRegistry(options, (r) => r.rotateSecret(id));
        print(options, { ...creds, warning: ONCE_WARNING }, stationSecrets(creds, 'has new secrets'));
        if (options.secretsDir) output.out(secretsWritten(writeStationSecrets(creds, options.secretsDir)));
      }),
    );

  withCommonOptions(stations.command('remove').argument('<id>', 'station id'))
    .description('remove a station: it can no longer log in or publish')
    .action(
      run(async (options, id: string) => {
        await withRegistry(options, (r) => r.removeStation(id));
        print(options, { removed: id }, `Station ${id} removed.\n`);
      }),
    );

  withCommonOptions(stations.command('write-mosquitto').argument('<dir>', 'directory for the two files'))
    .description('write a Mosquitto password file and ACL file from the registry')
    .option(
      '--group <name>',
      `the group Mosquitto runs as, which may read the password file (0640); default ${DEFAULT_MOSQUITTO_GROUP}, if it exists`,
    )
    .action(
      run(async (options: CommonOptions & { group?: string }, dir: string) => {
        const files = await withRegistry(options, (r) =>
          writeMosquittoFiles(r, dir, options.group ? { group: options.group } : {}),
        );
        const readers = files.group
          ? `readable by group ${files.group}`
          : `not given to group ${DEFAULT_MOSQUITTO_GROUP} (missing here, or run as root): chgrp it to the group Mosquitto runs as, or use --group`;
        print(
          options,
          files,
          `Wrote ${files.passwordFile} (0640, ${readers})\nWrote ${files.aclFile}\nSend mosquitto SIGHUP to reload them.\n`,
        );
      }),
    );

  withCommonOptions(
    stations
      .command('service-user')
      .argument('[name]', 'service username (contains "_")', DEFAULT_SERVICE_USERNAME),
  )
    .description("issue (or re-issue) the bridge's own login for an external broker and print it (once)")
    .action(
      run(async (options, name: string) => {
        const creds = await withRegistry(options, (r) => r.issueServiceUser(name));
        print(options, { ...creds, warning: ONCE_WARNING }, serviceSecrets(creds));
      }),
    );

  return stations;
};
