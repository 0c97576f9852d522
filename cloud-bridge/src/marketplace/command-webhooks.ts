import type { Clock } from '../clock.js';
import type { SettledCommand } from '../commands/command-center.js';
import { bridgeEvent } from '../webhooks/webhook-events.js';
import type { WebhookSink } from '../webhooks/webhook-sink.js';

/**
 * The marketplace learns by webhook how every command it got a 202 for ended. A reply that an HTTP
 * caller already received is not sent again. The event id is derived from the command id, so a
 * repeated notification is recognised by the outbox. It goes to the tenant that issued the command.
 */
export const commandWebhooks =
  (sink: WebhookSink, clock: Clock) =>
  async ({ record, reply, handedOver }: SettledCommand): Promise<void> => {
    if (handedOver || record.type === 'resend_state') return;
    const ids = { commandId: record.id, ...(record.orderId ? { orderId: record.orderId } : {}) };
    const reserve = record.type === 'reserve';
    let type: string;
    let data: Record<string, unknown>;
    if (reply?.ok) {
      type = reserve ? 'reservation.confirmed' : 'command.completed';
      data = reserve
        ? { reservationId: record.id, ...reply.result }
        : { ...ids, type: record.type, result: reply.result };
    } else if (reply) {
      type = reserve ? 'reservation.rejected' : 'command.rejected';
      data = {
        ...ids,
        ...(reserve ? { reservationId: record.id } : { type: record.type }),
        error: reply.error,
      };
    } else {
      type = reserve ? `reservation.${record.state}` : 'command.expired';
      data = {
        ...ids,
        ...(reserve ? { reservationId: record.id } : { type: record.type }),
        state: record.state,
        expiresAt: record.expiresAt,
      };
    }
    await sink.publish(
      bridgeEvent(type, record.tenant, record.stationId, clock.now(), data, `cmd-${record.id}`),
    );
  };
