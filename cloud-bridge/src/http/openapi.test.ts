import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { API } from './api-spec.js';
import { openApiDocument, openApiYaml } from './openapi.js';

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../openapi.yaml');

describe('the OpenAPI document', () => {
  it('is in sync with the schemas (regenerate with UPDATE_OPENAPI=1)', () => {
    if (process.env.UPDATE_OPENAPI === '1') fs.writeFileSync(file, openApiYaml());
    expect(fs.readFileSync(file, 'utf8')).toBe(openApiYaml());
  });

  it('reads the same in a YAML 1.1 parser, where an unquoted `no` would become false', () => {
    const committed = fs.readFileSync(file, 'utf8');
    expect(parse(committed, { version: '1.1' })).toEqual(openApiDocument());
    expect(parse(committed)).toEqual(openApiDocument());
  });

  it('documents every route, and every $ref resolves', () => {
    const doc = parse(openApiYaml()) as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    for (const spec of Object.values(API))
      expect(doc.paths[spec.path]?.[spec.method.toLowerCase()]).toBeDefined();
    const refs = JSON.stringify(openApiDocument()).match(/#\/components\/schemas\/\w+/g) ?? [];
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) expect(doc.components.schemas[ref.split('/').pop() ?? '']).toBeDefined();
  });
});
