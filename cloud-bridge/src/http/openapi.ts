import { stringify } from 'yaml';
import { z } from 'zod';
import { API, type RouteSpec } from './api-spec.js';
import { requestSchemas, responseSchemas } from './schemas.js';

type Json = Record<string, unknown>;

const ref = (registry: typeof requestSchemas, schema: z.ZodType, io: 'input' | 'output'): Json => {
  const id = registry.get(schema)?.id;
  return id ? { $ref: `#/components/schemas/${id}` } : (z.toJSONSchema(schema, { io }) as Json);
};

const parameters = (spec: RouteSpec): Json[] => {
  const out: Json[] = [];
  for (const [where, obj] of [
    ['path', spec.params],
    ['query', spec.query],
  ] as const) {
    if (!obj) continue;
    const json = z.toJSONSchema(obj, { io: 'input' }) as { properties?: Json; required?: string[] };
    for (const [name, schema] of Object.entries(json.properties ?? {})) {
      const { description, ...rest } = schema as Json;
      out.push({
        name,
        in: where,
        required: where === 'path' || (json.required ?? []).includes(name),
        ...(description ? { description } : {}),
        schema: rest,
      });
    }
  }
  return out;
};

const operation = (operationId: string, spec: RouteSpec): Json => ({
  operationId,
  summary: spec.summary,
  ...(spec.description ? { description: spec.description } : {}),
  tags: [spec.tag],
  ...(spec.auth ? {} : { security: [] }),
  ...(parameters(spec).length ? { parameters: parameters(spec) } : {}),
  ...(spec.body
    ? {
        requestBody: {
          required: true,
          content: { 'application/json': { schema: ref(requestSchemas, spec.body, 'input') } },
        },
      }
    : {}),
  responses: Object.fromEntries(
    Object.entries(spec.responses).map(([status, r]) => {
      const type = r.contentType ?? (Number(status) >= 400 ? 'application/problem+json' : 'application/json');
      const content = r.schema
        ? { [type]: { schema: ref(responseSchemas, r.schema, 'output') } }
        : { [type]: { schema: { type: 'string' } } };
      return [status, { description: r.description, content }];
    }),
  ),
});

const components = (registry: typeof requestSchemas, io: 'input' | 'output'): Json => {
  const { schemas } = z.toJSONSchema(registry, { io, uri: (id) => `#/components/schemas/${id}` }) as {
    schemas: Record<string, Json>;
  };
  return Object.fromEntries(
    Object.entries(schemas).map(([id, s]) => {
      const { $schema: _drop, $id: _id, ...rest } = s;
      return [id, rest];
    }),
  );
};

/** The OpenAPI 3.1 document of the marketplace API, built from the route table and its zod schemas. */
export const openApiDocument = (): Json => {
  const paths: Record<string, Json> = {};
  for (const [operationId, spec] of Object.entries(API) as [string, RouteSpec][]) {
    paths[spec.path] = { ...paths[spec.path], [spec.method.toLowerCase()]: operation(operationId, spec) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'regiobox bridge — marketplace API',
      version: '1.0.0',
      description:
        'Reservations, orders, stations, alarms and HACCP export of a regiobox fleet. Errors are application/problem+json (RFC 9457). Authenticate with `Authorization: Bearer <key>` or `X-Api-Key: <key>`. Webhooks are described in WEBHOOKS.md.',
    },
    servers: [{ url: 'http://127.0.0.1:8080' }],
    security: [{ bearer: [] }, { apiKey: [] }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
      },
      schemas: { ...components(requestSchemas, 'input'), ...components(responseSchemas, 'output') },
    },
  };
};

// Written as YAML 1.1 (which quotes `no`, `yes`, `on`, `off`), so that 1.1 and 1.2 readers agree.
export const openApiYaml = (): string =>
  `# Generated from cloud-bridge/src/http/schemas.ts and api-spec.ts; do not edit by hand.\n# Regenerate: UPDATE_OPENAPI=1 npx vitest run --config vitest.config.ts cloud-bridge/src/http/openapi.test.ts\n${stringify(openApiDocument(), { lineWidth: 0, version: '1.1' })}`;
