import type { EventBody, ReserveResult } from '@regiobox/contract';

export const REDACTED = '[delivered]';

/**
 * Clear codes are handed to the marketplace once (HTTP response or webhook) and never kept: what the
 * bridge stores of a `codes.issued` event or a reserve result has every code replaced by a marker.
 */
export const redactEvent = (event: EventBody): EventBody => {
  if (event.type !== 'codes.issued') return event;
  return {
    ...event,
    ...(event.pickupPin !== undefined ? { pickupPin: REDACTED } : {}),
    ...(event.qrToken !== undefined ? { qrToken: REDACTED } : {}),
    loadingCodes: event.loadingCodes.map((c) => ({ ...c, code: REDACTED })),
    retrievalCodes: event.retrievalCodes.map((c) => ({ ...c, code: REDACTED })),
  };
};

export const redactReserveResult = (result: ReserveResult): ReserveResult => ({
  ...result,
  pickupPin: REDACTED,
  qrToken: REDACTED,
  parcels: result.parcels.map((p) => ({ ...p, loadingCode: REDACTED })),
});
