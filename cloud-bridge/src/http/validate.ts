import type { z } from 'zod';
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
