import { z } from 'zod';
import { FRAME_ERROR_CODES, type FrameErrorCode } from '../frame-errors.js';
import type { Frame } from '../messages.js';

/**
 * The shape of test-vectors.json. A valid vector's `message` is the frame flattened: `seq` next to
 * the message fields, so that other implementations read it without knowing our TypeScript types.
 */
export const TestVector = z.discriminatedUnion('valid', [
  z.object({
    name: z.string().min(1),
    hex: z.string().regex(/^([0-9a-f]{2})+$/),
    valid: z.literal(true),
    message: z.looseObject({ seq: z.number(), type: z.string() }),
  }),
  z.object({
    name: z.string().min(1),
    hex: z.string().regex(/^([0-9a-f]{2})+$/),
    valid: z.literal(false),
    error: z.enum(FRAME_ERROR_CODES as [FrameErrorCode, ...FrameErrorCode[]]),
  }),
]);
export const TestVectorFile = z.array(TestVector).min(1);
export type TestVector = z.infer<typeof TestVector>;

export function flattenFrame(frame: Frame): { seq: number; type: string } {
  return { seq: frame.seq, ...frame.message };
}

/** The inverse of flattenFrame; the result still has to pass the Frame schema. */
export function unflattenFrame(flat: { seq: number; type: string }): unknown {
  const { seq, ...message } = flat;
  return { seq, message };
}
