import fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { stringify } from 'yaml';
import { z } from 'zod';
import { CommandMessage, ReplyMessage } from './commands.js';
import { CONTRACT_VERSION } from './common.js';
import { EventMessage } from './events.js';
import {
  commandExamples,
  eventExamples,
  replyExamples,
  stateExample,
  statusExamples,
  telemetryExample,
} from './examples.js';
import { StateMessage, StatusMessage } from './status.js';
import { TelemetryMessage } from './telemetry.js';
import { stationClientId, TOPIC_ROOT } from './topics.js';

/** Where the generated document is checked in. */
export const ASYNCAPI_FILE = fileURLToPath(new URL('../asyncapi.yaml', import.meta.url));

interface MessageSpec {
  readonly schema: z.ZodType;
  readonly schemaName: string;
  readonly title: string;
  readonly summary: string;
  /** the station sends it (output) or accepts it (input, so fields with defaults are optional) */
  readonly io: 'input' | 'output';
  readonly examples: Record<string, unknown>;
}

interface ChannelSpec {
  readonly kind: string;
  readonly description: string;
  readonly action: 'send' | 'receive';
  readonly retain: boolean;
  readonly message: MessageSpec;
}

const CHANNELS: readonly ChannelSpec[] = [
  {
    kind: 'status',
    description:
      'Retained. The station publishes `online` (its birth) on every connect; the broker publishes its `offline` last will when the connection dies. Keep the status with the highest `session`: an older session never overrides a newer one.',
    action: 'send',
    retain: true,
    message: {
      schema: StatusMessage,
      schemaName: 'StatusMessage',
      title: 'Station status',
      summary: 'Birth or last will, with the session number of the connection.',
      io: 'output',
      examples: statusExamples,
    },
  },
  {
    kind: 'state',
    description:
      'Retained. The full compartment state, on every connect and on `resend_state`. `lastSeq` is the last event it includes.',
    action: 'send',
    retain: true,
    message: {
      schema: StateMessage,
      schemaName: 'StateMessage',
      title: 'Station state',
      summary: 'Every compartment and open alarm.',
      io: 'output',
      examples: { state: stateExample },
    },
  },
  {
    kind: 'events',
    description:
      'Not retained. Every order transition, code issue, alarm and unlock, in `seq` order, at least once: drop duplicates by (stationId, seq).',
    action: 'send',
    retain: false,
    message: {
      schema: EventMessage,
      schemaName: 'EventMessage',
      title: 'Station event',
      summary: 'Something that happened at the station, stamped with when it happened.',
      io: 'output',
      examples: eventExamples,
    },
  },
  {
    kind: 'telemetry',
    description:
      'Not retained. Temperatures and doors, one batch per interval, at least once: drop duplicates by batchId. Old batches may be thinned after a long outage.',
    action: 'send',
    retain: false,
    message: {
      schema: TelemetryMessage,
      schemaName: 'TelemetryMessage',
      title: 'Telemetry batch',
      summary: 'Probe samples and door states.',
      io: 'output',
      examples: { batch: telemetryExample },
    },
  },
  {
    kind: 'commands',
    description:
      'Never retained. Marketplace to station, QoS 1, each with an id and an expiry. A repeated id gets the first reply again and changes nothing.',
    action: 'receive',
    retain: false,
    message: {
      schema: CommandMessage,
      schemaName: 'CommandMessage',
      title: 'Command',
      summary: 'A request to the station.',
      io: 'input',
      examples: commandExamples,
    },
  },
  {
    kind: 'replies',
    description: 'Not retained. One reply per command id, at least once: drop duplicates by commandId.',
    action: 'send',
    retain: false,
    message: {
      schema: ReplyMessage,
      schemaName: 'ReplyMessage',
      title: 'Command reply',
      summary: 'The result of a command or why it was refused.',
      io: 'output',
      examples: replyExamples,
    },
  },
];

const MQTT_BINDING_VERSION = '0.2.0';

/** zod's JSON Schema, without the noise that only reflects how zod checks (huge date-time regexes, 2^53 bounds). */
export const jsonSchemaOf = (schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { target: 'draft-7', io, unrepresentable: 'any' });
  return simplify(rest) as Record<string, unknown>;
};

const simplify = (node: unknown): unknown => {
  if (Array.isArray(node)) return node.map(simplify);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  const n = node as Record<string, unknown>;
  for (const [k, v] of Object.entries(n)) {
    if (k === 'pattern' && n.format === 'date-time') continue;
    if (
      (k === 'maximum' && v === Number.MAX_SAFE_INTEGER) ||
      (k === 'minimum' && v === Number.MIN_SAFE_INTEGER)
    )
      continue;
    out[k] = simplify(v);
  }
  return out;
};

export const asyncApiDocument = (): Record<string, unknown> => {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  for (const c of CHANNELS) {
    const m = c.message;
    schemas[m.schemaName] = jsonSchemaOf(m.schema, m.io);
    messages[m.schemaName] = {
      name: m.schemaName,
      title: m.title,
      summary: m.summary,
      contentType: 'application/json',
      payload: { $ref: `#/components/schemas/${m.schemaName}` },
      examples: Object.entries(m.examples).map(([name, payload]) => ({ name, payload })),
    };
    channels[c.kind] = {
      address: `${TOPIC_ROOT}/{stationId}/${c.kind}`,
      description: c.description,
      parameters: { stationId: { $ref: '#/components/parameters/stationId' } },
      messages: { [m.schemaName]: { $ref: `#/components/messages/${m.schemaName}` } },
    };
    const verb = c.action === 'send' ? 'publish' : 'receive';
    operations[`${verb}${c.kind[0]?.toUpperCase()}${c.kind.slice(1)}`] = {
      action: c.action,
      channel: { $ref: `#/channels/${c.kind}` },
      summary: `The station ${c.action === 'send' ? 'publishes' : 'subscribes to'} ${c.kind} (QoS 1, ${c.retain ? 'retained' : 'not retained'}).`,
      messages: [{ $ref: `#/channels/${c.kind}/messages/${m.schemaName}` }],
      bindings: { mqtt: { qos: 1, retain: c.retain, bindingVersion: MQTT_BINDING_VERSION } },
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'regiobox station ↔ marketplace',
      version: `${CONTRACT_VERSION}.0.0`,
      description:
        'The MQTT contract between a regiobox pickup station and the marketplace, from the station’s point of view. Generated from the zod schemas in edge/contract/src; the prose (ordering, deduplication, sessions, signing) is in edge/MQTT.md.',
      license: { name: 'Apache-2.0' },
    },
    defaultContentType: 'application/json',
    servers: {
      broker: {
        host: 'broker.example.org:8883',
        protocol: 'mqtts',
        protocolVersion: '3.1.1',
        description:
          'Any MQTT 3.1.1 or 5 broker. Each station logs in with its own credentials and may use only the topics under its own id.',
        bindings: {
          mqtt: {
            clientId: stationClientId('{stationId}'),
            cleanSession: false,
            keepAlive: 30,
            lastWill: { topic: `${TOPIC_ROOT}/{stationId}/status`, qos: 1, retain: true },
            bindingVersion: MQTT_BINDING_VERSION,
          },
        },
      },
    },
    channels,
    operations,
    components: {
      parameters: {
        stationId: {
          description: 'The station id: lower-case letters, digits and dashes, 1–63 characters.',
          examples: ['dorfladen-1'],
        },
      },
      messages,
      schemas,
    },
  };
};

const HEADER =
  '# Generated by edge/contract/src/asyncapi.ts from the zod schemas. Do not edit; run\n# npx tsx --conditions=regiobox-source edge/contract/src/asyncapi.ts --write\n';

export const asyncApiYaml = (): string =>
  HEADER +
  stringify(asyncApiDocument(), {
    lineWidth: 0,
    aliasDuplicateObjects: false,
    // Quoted, so that YAML 1.1 readers (js-yaml) keep times and versions as the strings they are.
    defaultStringType: 'QUOTE_DOUBLE',
    defaultKeyType: 'PLAIN',
  });

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  if (process.argv.includes('--write')) {
    fs.writeFileSync(ASYNCAPI_FILE, asyncApiYaml());
    process.stdout.write(`wrote ${ASYNCAPI_FILE}\n`);
  } else {
    process.stdout.write(asyncApiYaml());
  }
}
