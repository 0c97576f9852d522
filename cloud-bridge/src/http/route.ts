import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { RouteSpec } from './api-spec.js';
import { declaredResponse, parseRequest } from './validate.js';

type Part<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface RouteInput<S extends RouteSpec> {
  readonly params: Part<S['params']>;
  readonly query: Part<S['query']>;
  readonly body: Part<S['body']>;
}

export type Handler<S extends RouteSpec> = (
  input: RouteInput<S>,
  reply: FastifyReply,
  request: FastifyRequest,
) => Promise<unknown>;

/**
 * Registers a handler for a route of the API table: params, query and body are parsed by its schemas,
 * and the answer is cut to the response schema of its status, so it never says more than openapi.yaml.
 */
export const route = <S extends RouteSpec>(app: FastifyInstance, spec: S, handler: Handler<S>): void => {
  app.route({
    method: spec.method,
    url: spec.path.replace(/\{(\w+)\}/g, ':$1'),
    handler: async (request, reply) => {
      const input = {
        params: spec.params ? parseRequest(spec.params, request.params, 'params') : undefined,
        query: spec.query ? parseRequest(spec.query, request.query, 'query') : undefined,
        // An empty POST counts as `{}`, so bodies whose fields all have defaults may be left out.
        body: spec.body ? parseRequest(spec.body, request.body ?? {}, 'body') : undefined,
      } as RouteInput<S>;
      const body = await handler(input, reply, request);
      return declaredResponse(spec, reply.statusCode, body);
    },
  });
};
