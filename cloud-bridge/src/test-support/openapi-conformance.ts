import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { parse } from 'yaml';

/**
 * Checks an HTTP answer of the bridge against the committed openapi.yaml — the document a marketplace
 * developer reads — not against the zod schemas it was generated from, so that a stale or wrong
 * document fails the tests as well as a handler that answers more than it declares.
 */

interface OpenApiDocument {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
}

const FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../openapi.yaml');
// Read as YAML 1.1 too, as many marketplace tools do: a key or value that changes meaning fails here.
const document = parse(fs.readFileSync(FILE, 'utf8'), { version: '1.1' }) as OpenApiDocument;
const DOC_ID = 'regiobox-openapi';
// `strict: false`: the document holds OpenAPI keywords beside the JSON schemas; formats are checked by
// the patterns zod writes next to them.
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema({ ...document, $id: DOC_ID });
const validators = new Map<string, ValidateFunction>();

const pointer = (...parts: string[]) =>
  parts.map((p) => encodeURIComponent(p.replaceAll('~', '~0').replaceAll('/', '~1'))).join('/');

const templateOf = (pathname: string): string | undefined =>
  Object.keys(document.paths).find((template) => {
    const re = new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+').replaceAll('.', '\\.')}$`);
    return re.test(pathname);
  });

/**
 * What is wrong with an answer, in words, or an empty list when openapi.yaml allows it. Paths the
 * document does not describe (the dashboard, unknown routes) are not its business and pass.
 */
export const openApiViolations = (
  method: string,
  url: string,
  status: number,
  contentType: string | null,
  body: string,
): string[] => {
  const pathname = new URL(url, 'http://bridge').pathname;
  const template = templateOf(pathname);
  const operation = template ? document.paths[template]?.[method.toLowerCase()] : undefined;
  if (!template || !operation) return [];
  const where = `${method} ${template}`;
  const response = operation.responses[String(status)];
  if (!response) return [`${where}: status ${status} is not declared`];
  const mediaType = (contentType ?? '').split(';')[0]?.trim() ?? '';
  if (!response.content?.[mediaType])
    return [`${where} ${status}: content type "${mediaType}" is not declared`];
  if (!mediaType.endsWith('json')) return [];
  const key = pointer(
    'paths',
    template,
    method.toLowerCase(),
    'responses',
    String(status),
    'content',
    mediaType,
    'schema',
  );
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile({ $ref: `${DOC_ID}#/${key}` });
    validators.set(key, validate);
  }
  if (validate(JSON.parse(body))) return [];
  return (validate.errors ?? []).map(
    (e) =>
      `${where} ${status}: ${e.instancePath || '(body)'} ${e.message}${
        'additionalProperty' in e.params ? ` "${String(e.params.additionalProperty)}"` : ''
      }`,
  );
};

export class OpenApiViolation extends Error {
  readonly code = 'OPENAPI_VIOLATION';
  constructor(readonly violations: readonly string[]) {
    super(`the bridge answered outside openapi.yaml:\n  ${violations.join('\n  ')}`);
    this.name = 'OpenApiViolation';
  }
}

/** Reads a copy of the answer and throws an OpenApiViolation when openapi.yaml does not allow it. */
export const assertConformsToOpenApi = async (method: string, url: string, res: Response): Promise<void> => {
  const body = await res.clone().text();
  const violations = openApiViolations(method, url, res.status, res.headers.get('content-type'), body);
  if (violations.length > 0) throw new OpenApiViolation(violations);
};
