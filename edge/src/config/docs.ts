import { z } from 'zod';
import { ENV_OVERRIDES } from './env.js';
import { StationConfig } from './schema.js';

/** The part of JSON Schema the renderer reads. */
interface Node {
  type?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, Node>;
  required?: string[];
  items?: Node;
  oneOf?: Node[];
  anyOf?: Node[];
}

const typeOf = (n: Node): string => {
  if (n.enum) return n.enum.map((v) => `\`${String(v)}\``).join(' | ');
  if (n.oneOf) return 'object, one form per variant below';
  if (n.anyOf) return n.anyOf.map(typeOf).join(' or ');
  if (n.const !== undefined) return `\`${String(n.const)}\``;
  if (n.type === 'array')
    return `list of ${n.items?.type === 'object' ? 'objects' : (n.items?.type ?? 'values')}`;
  const range =
    n.minimum !== undefined && n.maximum !== undefined && n.maximum < 1e9 ? ` ${n.minimum}–${n.maximum}` : '';
  return `${n.type ?? 'value'}${range}`;
};

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

const rows = (node: Node, path: string, required: boolean, out: string[]): void => {
  const def =
    node.default !== undefined && typeof node.default !== 'object' ? `\`${String(node.default)}\`` : '';
  const need = required && node.default === undefined ? 'yes' : '';
  if (path && !(node.type === 'object' && node.properties && !node.description))
    out.push(`| \`${path}\` | ${cell(typeOf(node))} | ${need} | ${def} | ${cell(node.description ?? '')} |`);
  if (node.oneOf) {
    for (const variant of node.oneOf) {
      const tag = Object.entries(variant.properties ?? {}).find(([, v]) => v.const !== undefined);
      const label = tag ? `${path} (${tag[0]}: ${String(tag[1].const)})` : path;
      for (const [key, child] of Object.entries(variant.properties ?? {}))
        rows(child, `${label}.${key}`, variant.required?.includes(key) ?? false, out);
    }
  }
  const props = node.type === 'array' ? node.items?.properties : node.properties;
  const req = node.type === 'array' ? node.items?.required : node.required;
  const prefix = node.type === 'array' ? `${path}[]` : path;
  for (const [key, child] of Object.entries(props ?? {}))
    rows(child, prefix ? `${prefix}.${key}` : key, req?.includes(key) ?? false, out);
};

/** edge/CONFIG.md, generated from the schema so that the docs cannot drift from what is validated. */
export const renderConfigDocs = (): string => {
  const schema = z.toJSONSchema(StationConfig, { io: 'input', unrepresentable: 'any' }) as Node;
  const table: string[] = [];
  rows(schema, '', true, table);
  return [
    '# Station configuration',
    '',
    '<!-- generated from edge/src/config/schema.ts by `npx tsx --conditions=regiobox-source edge/src/config/write-docs.ts`; do not edit -->',
    '',
    'One YAML or JSON file, given with `regiobox-edge --config <file>`. Unknown keys are errors, so a',
    'typo never silently falls back to a default. A bad file stops the station with one line per problem',
    'naming the key, the value and what was expected, e.g.',
    '`compartments[3].zone: "freezer" is not one of ambient, chilled, cold, frozen`.',
    'Examples: [examples/cold-box.yaml](examples/cold-box.yaml), [examples/mixed-wall-12.yaml](examples/mixed-wall-12.yaml),',
    '[examples/gpio-cold-box.yaml](examples/gpio-cold-box.yaml) (GPIO by line name),',
    '[examples/first-station.yaml](examples/first-station.yaml) (a development machine, as in the README), and in',
    '[deploy/examples/](../deploy/examples/) (GPIO with sysfs numbers, RS485 lock board).',
    '`check-config` also checks that the secret files (`mqtt.passwordFile`, `mqtt.commandKeyFile`) exist, are',
    'readable and hold a secret: the station stops at start without them.',
    '',
    'Cross-field rules: compartment numbers, lock channels, door inputs and probe ids are unique; every',
    'probe a compartment names exists; board probes have a `boardIndex`, gpio probes a `oneWireId`; gpio',
    'channels and inputs exist in the pin maps; a gpio line is given the way its backend addresses it',
    '(`sysfs`: `pin`; `chardev`: `line`, and `chip`) and used once; the lockout cap is shorter than the',
    'time wrong codes are remembered. How to find the numbers and names: deploy/WIRING.md.',
    '',
    '| key | type | required | default | meaning |',
    '| --- | --- | --- | --- | --- |',
    ...table,
    '',
    '## Environment overrides',
    '',
    'Applied on top of the file before validation; a bad value is reported with the variable that set it.',
    '',
    '| variable | key | meaning |',
    '| --- | --- | --- |',
    ...ENV_OVERRIDES.map((o) => `| \`${o.env}\` | \`${o.path.join('.')}\` | ${o.description} |`),
    '',
  ].join('\n');
};
