import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { VanError } from '../van/errors.js';
import { sendProblem } from './problem.js';
import { ConfirmStopRequest, type VanStatus } from './schema.js';

/** What the kiosk needs of a van's tour keeper. */
export interface KioskVan {
  view(): VanStatus | null;
  confirmStopByHand(stopId: string, driverCode: string): { stopId: string };
  onChange(listener: () => void): () => void;
}

/**
 * POST /api/van/confirm-stop: the driver says where the van stands while GPS is lost. The driver's
 * code guards it (a customer at the screen must not move the van to their stop); never logged.
 */
export const registerVanRoute = (
  app: FastifyInstance,
  deps: { van: KioskVan; logger: Logger; changed: () => void },
): void => {
  app.post('/api/van/confirm-stop', async (request, reply) => {
    const parsed = ConfirmStopRequest.safeParse(request.body);
    if (!parsed.success)
      return sendProblem(
        reply,
        'INVALID_BODY',
        parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
      );
    try {
      const result = deps.van.confirmStopByHand(parsed.data.stopId, parsed.data.driverCode);
      deps.logger.info({ stopId: result.stopId }, 'stop confirmed by the driver');
      deps.changed();
      return reply.send(result);
    } catch (err) {
      if (err instanceof VanError) {
        deps.logger.info({ stopId: parsed.data.stopId, code: err.code }, 'stop confirmation refused');
        return sendProblem(reply, err.code, err.message);
      }
      throw err;
    }
  });
};
