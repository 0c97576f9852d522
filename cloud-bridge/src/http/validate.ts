import { z } from 'zod';
import type { RouteSpec } from './api-spec.js';
import { problem } from './problem.js';

/** Parses a part of the request; on failure a 400 problem names every invalid field. */
export const parseRequest = <T extends z.ZodType>(schema: T, input: unknown, where: string): z.output<T> => {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors = result.error.issues.map((i) => ({
    field: [where, ...i.path.map(String)].join('.'),
    message: i.message,
  }));
  const first = errors[0];
  throw problem(400, 'INVALID_REQUEST', first ? `${first.field}: ${first.message}` : `invalid ${where}`, {
    errors,
  });
};

/** A handler answered what the API table does not declare: a bug of the bridge, answered with 500. */
export class ResponseContractError extends Error {
  readonly code = 'RESPONSE_CONTRACT';
  constructor(message: string) {
    super(message);
    this.name = 'ResponseContractError';
  }
}

/**
 * The body as the route's response schema for this status reads it: fields it does not declare are
 * dropped (openapi.yaml forbids them), and an answer it does not allow is refused.
 */
export const declaredResponse = (spec: RouteSpec, status: number, body: unknown): unknown => {
  const declared = spec.responses[status];
  const where = `${spec.method} ${spec.path} ${status}`;
  if (!declared) throw new ResponseContractError(`${where} is not declared`);
  if (!declared.schema) return body;
  const result = declared.schema.safeParse(body);
  if (!result.success) throw new ResponseContractError(`${where}: ${z.prettifyError(result.error)}`);
  return result.data;
};
