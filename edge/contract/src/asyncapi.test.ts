import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { z } from 'zod';
import { ASYNCAPI_FILE, asyncApiDocument, asyncApiYaml } from './asyncapi.js';
import { CommandBody, CommandMessage, ReplyMessage } from './commands.js';
import { EventBody, EventMessage } from './events.js';
import { EXAMPLE_COMMAND_KEY } from './examples.js';
import { verifyCommandSignature } from './signing.js';
import { StateMessage, StatusMessage } from './status.js';
import { TelemetryMessage } from './telemetry.js';

type Json = Record<string, unknown>;
const doc = parse(fs.readFileSync(ASYNCAPI_FILE, 'utf8')) as Json;
const at = (path: string): unknown =>
  path
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, key) => (node as Json | undefined)?.[key.replace(/~1/g, '/')], doc);

const SCHEMAS: Record<string, z.ZodType> = {
  StatusMessage,
  StateMessage,
  EventMessage,
  TelemetryMessage,
  CommandMessage,
  ReplyMessage,
};

describe('the AsyncAPI document', () => {
  it('is the one generated from the current schemas (regenerate with the --write command in its header)', () => {
    expect(
      fs.readFileSync(ASYNCAPI_FILE, 'utf8') === asyncApiYaml(),
      'edge/contract/asyncapi.yaml is stale',
    ).toBe(true);
  });

  it('resolves every reference it makes', () => {
    const refs: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          if (k === '$ref' && typeof v === 'string') refs.push(v);
          else walk(v);
        }
      }
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(20);
    expect(refs.filter((r) => at(r) === undefined)).toEqual([]);
  });

  it('has examples that the contract accepts, including a command signed with the example key', () => {
    const messages = at('#/components/messages') as Record<string, { examples: { payload: unknown }[] }>;
    expect(Object.keys(messages).sort()).toEqual(Object.keys(SCHEMAS).sort());
    for (const [name, message] of Object.entries(messages)) {
      expect(message.examples.length, name).toBeGreaterThan(0);
      for (const example of message.examples)
        expect(SCHEMAS[name]?.safeParse(example.payload).success, name).toBe(true);
    }
    const signed = messages.CommandMessage?.examples
      .map((e) => CommandMessage.parse(e.payload))
      .find((c) => c.sig !== undefined);
    expect(signed && verifyCommandSignature(signed, EXAMPLE_COMMAND_KEY)).toBe(true);
  });

  it('publishes status and state retained, and never retains commands, events, telemetry or replies', () => {
    const operations = asyncApiDocument().operations as Record<
      string,
      { action: string; bindings: { mqtt: { qos: number; retain: boolean } } }
    >;
    const retained = Object.entries(operations)
      .filter(([, o]) => o.bindings.mqtt.retain)
      .map(([name]) => name);
    expect(retained.sort()).toEqual(['publishState', 'publishStatus']);
    expect(Object.values(operations).every((o) => o.bindings.mqtt.qos === 1)).toBe(true);
    expect(operations.receiveCommands?.action).toBe('receive');
  });

  it('documents every command and every event type', () => {
    const text = fs.readFileSync(ASYNCAPI_FILE, 'utf8');
    for (const option of CommandBody.options) expect(text).toContain(`"${option.shape.type.value}"`);
    for (const option of EventBody.options) expect(text).toContain(`"${option.shape.type.value}"`);
  });
});
