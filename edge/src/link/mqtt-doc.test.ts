import fs from 'node:fs';
import {
  CommandBody,
  CommandMessage,
  EventBody,
  EventMessage,
  eventExamples,
  isIssuedCode,
  ReplyErrorCode,
  ReplyMessage,
  replyExamples,
  SIGNED_COMMANDS,
  StateMessage,
  StatusMessage,
  signingString,
  TelemetryMessage,
  verifyCommandSignature,
} from '@regiobox/contract';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { MqttConfig } from '../config/schema.js';
import { DEFAULT_SAMPLE_EVERY_MS } from './telemetry-batcher.js';

const DOC = fs.readFileSync(new URL('../../MQTT.md', import.meta.url), 'utf8');
const SCHEMAS: Record<string, z.ZodType> = {
  StatusMessage,
  StateMessage,
  EventMessage,
  TelemetryMessage,
  CommandMessage,
  ReplyMessage,
};
const blocks = [...DOC.matchAll(/^```(\S+)(?: (\S+))?\n([\s\S]*?)^```$/gm)].map((m) => ({
  lang: m[1] ?? '',
  kind: m[2] ?? '',
  body: m[3] ?? '',
}));

describe('MQTT.md, the integrators’ guide', () => {
  it('shows only JSON examples that the contract accepts', () => {
    const json = blocks.filter((b) => b.lang === 'json');
    expect(json.length).toBeGreaterThanOrEqual(15);
    for (const b of json) {
      const schema = SCHEMAS[b.kind];
      expect(schema, `a json block must name its message: ${b.body.slice(0, 60)}`).toBeDefined();
      const parsed = schema?.safeParse(JSON.parse(b.body));
      expect(parsed?.success, `${b.kind}: ${b.body.slice(0, 80)} ${parsed?.error?.message ?? ''}`).toBe(true);
    }
    for (const kind of Object.keys(SCHEMAS))
      expect(
        json.some((b) => b.kind === kind),
        kind,
      ).toBe(true);
  });

  it('has a signing example that the reference implementation reproduces, and signs every signed command', () => {
    const key = Buffer.from(/example key `([0-9a-f]{64})`/.exec(DOC)?.[1] ?? '', 'hex');
    const commands = blocks
      .filter((b) => b.kind === 'CommandMessage')
      .map((b) => CommandMessage.parse(JSON.parse(b.body)));
    for (const c of commands.filter((x) => SIGNED_COMMANDS.has(x.command.type)))
      expect(verifyCommandSignature(c, key), c.id).toBe(true);
    const signingBlock = blocks.find((b) => b.kind === 'signing-string')?.body ?? '';
    const signed = commands.find((c) => c.sig !== undefined && signingBlock.includes(`\n${c.id}\n`));
    if (!signed) throw new Error('no signed example');
    const { sig: _, ...unsigned } = signed;
    expect(signingBlock).toBe(`${signingString(unsigned)}\n`);
  });

  it('names every command, every event type and every error code', () => {
    for (const o of CommandBody.options) expect(DOC).toContain(`\`${o.shape.type.value}\``);
    for (const o of EventBody.options)
      expect(DOC).toMatch(new RegExp(`\`${o.shape.type.value.replace('.', '\\.')}\``));
    for (const code of ReplyErrorCode.options) expect(DOC).toContain(`\`${code}\``);
  });

  it('states the telemetry interval the station applies: the config key, its default, the sampling (CONFIG.md)', () => {
    const { telemetryIntervalSeconds } = MqttConfig.parse({ url: 'mqtt://broker.example' });
    const telemetry = DOC.slice(DOC.indexOf('## Telemetry'), DOC.indexOf('## Commands'));
    expect(telemetry).toContain(`\`mqtt.telemetryIntervalSeconds\` of the station's configuration`);
    expect(telemetry).toContain(`(default ${telemetryIntervalSeconds} s;`);
    expect(DEFAULT_SAMPLE_EVERY_MS).toBe(60_000);
    expect(telemetry).toContain('A sample\nis taken every minute');
  });

  it('shows codes as the station issues them: the contract’s examples, of the default lengths (SECURITY.md)', () => {
    const json = blocks
      .filter((b) => b.lang === 'json')
      .map((b) => JSON.parse(b.body) as Record<string, unknown>);
    const issued = json.find((m) => (m.event as { type?: string } | undefined)?.type === 'codes.issued');
    expect(issued).toEqual(eventExamples.codesIssued);
    const reserved = json.find((m) => m.commandId === 'cmd-7790-reserve' && m.duplicate === undefined);
    expect(reserved).toEqual(replyExamples.reserved);
    const result = ReplyMessage.parse(reserved);
    if (!result.ok) throw new Error('the reserve example is a refusal');
    const { pickupPin, qrToken, parcels } = result.result as {
      pickupPin: string;
      qrToken: string;
      parcels: { loadingCode: string }[];
    };
    expect(isIssuedCode('pickupPin', pickupPin)).toBe(true);
    expect(isIssuedCode('qrToken', qrToken)).toBe(true);
    expect(parcels.every((p) => isIssuedCode('loadingCode', p.loadingCode))).toBe(true);
  });
});
