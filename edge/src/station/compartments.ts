import type { CompartmentSnapshot } from '@regiobox/contract';
import { tenantsOfCompartment } from '../config/tenants.js';
import { compartmentState } from '../domain/compartment.js';
import { DomainError } from '../domain/errors.js';
import { orderRefOf } from '../domain/order-key.js';
import type { CompartmentRow } from '../store/compartments-repo.js';
import type { IssuedServiceCode } from './api.js';
import type { CodeIssuer } from './code-issuer.js';
import type { StationContext } from './context.js';

/** Out-of-service blocks, service codes and the compartment view for state messages and the kiosk. */
export class CompartmentService {
  constructor(
    private readonly ctx: StationContext,
    private readonly issuer: CodeIssuer,
  ) {}

  get(no: number): CompartmentRow {
    const c = this.ctx.store.compartments.get(no);
    if (!c)
      throw new DomainError('UNKNOWN_COMPARTMENT', `this station has no compartment ${no}`, {
        compartment: no,
      });
    return c;
  }

  block(no: number, reason: string, by: string): void {
    const at = this.ctx.now();
    this.ctx.commit(() => {
      this.get(no);
      this.ctx.store.compartments.setBlocked(no, reason, by, at.toISOString());
      this.ctx.store.audit.append({ at: at.toISOString(), action: 'blocked', compartmentNo: no, reason, by });
      this.ctx.event({ type: 'compartment.blocked', compartment: no, reason, by }, at);
    });
    this.ctx.events.notify({ type: 'compartments_changed', at });
  }

  unblock(no: number, by: string): void {
    const at = this.ctx.now();
    this.ctx.commit(() => {
      const c = this.get(no);
      if (c.blockedReason === null) return; // already in service: nothing to record
      this.ctx.store.compartments.setBlocked(no, null, null, null);
      this.ctx.store.audit.append({ at: at.toISOString(), action: 'unblocked', compartmentNo: no, by });
      this.ctx.event({ type: 'compartment.unblocked', compartment: no, by }, at);
    });
    this.ctx.events.notify({ type: 'compartments_changed', at });
  }

  issueServiceCode(no: number, by: string, validMinutes?: number): IssuedServiceCode {
    const at = this.ctx.now();
    const minutes = validMinutes ?? this.ctx.config.codes.serviceCodeValidityMinutes;
    const validUntil = new Date(at.getTime() + minutes * 60_000);
    const code = this.ctx.commit(() => {
      this.get(no);
      this.ctx.store.audit.append({
        at: at.toISOString(),
        action: 'service_code_issued',
        compartmentNo: no,
        by,
        detail: `valid until ${validUntil.toISOString()}`,
      });
      return this.issuer.issue('service', { compartmentNo: no, validUntil, issuedBy: by });
    });
    return { code, compartment: no, validUntil: validUntil.toISOString() };
  }

  snapshot(): CompartmentSnapshot[] {
    const { store } = this.ctx;
    const probes = new Map(this.ctx.config.compartments.map((c) => [c.no, c.probes]));
    return store.compartments.list().map((c) => {
      const parcel = store.orders.occupant(c.no);
      const probe = probes.get(c.no)?.[0];
      const latest = probe ? store.samples.latest(probe) : null;
      return {
        no: c.no,
        zone: c.zone,
        size: c.size,
        state: compartmentState({ blocked: c.blockedReason !== null, doorOpen: c.doorOpen, parcel }),
        doorOpen: c.doorOpen,
        occupied: c.occupied,
        celsius: latest?.status === 'ok' ? latest.celsius : null,
        ...(parcel ? orderRefOf(parcel.orderId) : { orderId: null, tenant: null }),
        blockedReason: c.blockedReason ?? (parcel?.state === 'held' ? parcel.holdReason : null),
        tenants: tenantsOfCompartment(this.ctx.config.tenants, c.no),
      };
    });
  }
}
