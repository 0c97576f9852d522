import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { CodeOutcome, StationApi } from '../station/api.js';
import { sendProblem } from './problem.js';
import { CodeRequest, type KioskStatus } from './schema.js';

const refusalWhileOutOfService = (reason: NonNullable<KioskStatus['outOfService']>['reason']): CodeOutcome =>
  reason === 'BOARD_UNREACHABLE'
    ? {
        ok: false,
        reason: 'BOARD_UNREACHABLE',
        message: 'The doors cannot be opened right now; your code stays valid.',
      }
    : {
        ok: false,
        reason: 'OUT_OF_SERVICE',
        message: 'The station is out of service; your code stays valid.',
      };

const outcomeForLog = (outcome: CodeOutcome): Record<string, unknown> =>
  outcome.ok
    ? { ok: true, purpose: outcome.purpose, compartments: outcome.compartments.map((c) => c.no) }
    : { ok: false, reason: outcome.reason, triesLeft: outcome.triesLeft, retryAfterMs: outcome.retryAfterMs };

/**
 * POST /api/code → the station's CodeOutcome. While the kiosk shows the out-of-order screen no code
 * reaches the station: a door it cannot record (storage) or open (board) must not use the code up.
 */
export const registerCodeRoute = (
  app: FastifyInstance,
  deps: { api: Pick<StationApi, 'submitCode'>; status: () => KioskStatus; logger: Logger },
): void => {
  app.post('/api/code', async (request, reply) => {
    const parsed = CodeRequest.safeParse(request.body);
    if (!parsed.success) {
      const detail = parsed.error.issues
        .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
        .join('; ');
      return sendProblem(reply, 'INVALID_BODY', detail);
    }
    const { code, source } = parsed.data;
    const outOfService = deps.status().outOfService;
    const outcome = outOfService
      ? refusalWhileOutOfService(outOfService.reason)
      : await deps.api.submitCode(code, source);
    // Never the code itself: only what happened.
    deps.logger.info({ source, ...outcomeForLog(outcome) }, 'code entered at the kiosk');
    return reply.send(outcome);
  });
};
