import type { FastifyReply } from 'fastify';
import { pendingDetail } from '../../marketplace/outcome.js';
import type { CancelOutcome } from '../../marketplace/station-commands.js';
import { stationRefusal } from '../problem.js';

/** 200 when the station carried the command out, 202 while it waits or runs, a problem when refused. */
export const sendCommandOutcome = (reply: FastifyReply, o: CancelOutcome): Record<string, unknown> => {
  if (o.kind === 'refused') throw stationRefusal(o.error);
  const base = { commandId: o.record.id, stationId: o.record.stationId, expiresAt: o.record.expiresAt };
  if (o.kind === 'done') return { ...base, status: 'done', detail: 'done', result: o.result };
  if (o.kind === 'withdrawn') {
    return { ...base, status: 'done', detail: 'the reservation was withdrawn before it reached the station' };
  }
  reply.code(202);
  return { ...base, status: o.kind, detail: pendingDetail(o) };
};
