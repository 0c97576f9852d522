import { DomainError } from '../domain/errors.js';
import type { StationContext } from './context.js';

export interface Ticket {
  readonly codeId: number;
  readonly orderId: string;
  readonly purpose: 'pickup' | 'loading' | 'retrieval';
  /** who looked the code up: only they may confirm with this ticket */
  readonly staff: string;
  /** parcels still to hand over or book with it */
  parcelIds: string[];
  readonly expiresAtMs: number;
}

/** A looked-up code is good for this long at the counter; then the customer's code is asked again. */
export const TICKET_LIFETIME_MS = 15 * 60_000;
const MAX_TICKETS = 200;

/**
 * What a code looked up at the counter allows, until the parcels are handed over or the ticket ends:
 * a hand-over is only ever confirmed for parcels a valid code showed, by the staff member who typed
 * it. In memory: after a restart the code is simply typed again.
 */
export class CounterTickets {
  private readonly open_ = new Map<string, Ticket>();

  constructor(private readonly ctx: StationContext) {}

  open(t: Omit<Ticket, 'expiresAtMs' | 'parcelIds'> & { parcelIds: readonly string[] }): string {
    const now = this.ctx.deps.clock.monotonicMs();
    for (const [id, old] of this.open_) if (old.expiresAtMs <= now) this.open_.delete(id);
    if (this.open_.size >= MAX_TICKETS) {
      const oldest = this.open_.keys().next().value;
      if (oldest !== undefined) this.open_.delete(oldest);
    }
    const id = Buffer.from(this.ctx.deps.random.bytes(16)).toString('base64url');
    this.open_.set(id, { ...t, parcelIds: [...t.parcelIds], expiresAtMs: now + TICKET_LIFETIME_MS });
    return id;
  }

  get(id: string, staff: string): Ticket {
    const t = this.open_.get(id);
    if (!t || t.expiresAtMs <= this.ctx.deps.clock.monotonicMs() || t.staff !== staff)
      throw new DomainError('ILLEGAL_TRANSITION', 'this hand-over has ended; type or scan the code again');
    return t;
  }

  done(id: string, parcelId: string): void {
    const t = this.open_.get(id);
    if (!t) return;
    t.parcelIds = t.parcelIds.filter((p) => p !== parcelId);
    if (t.parcelIds.length === 0) this.open_.delete(id);
  }
}
