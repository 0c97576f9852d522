import { type CodeKind, issueUniqueCode } from '../domain/codes.js';
import type { StationContext } from './context.js';

export interface CodeLink {
  readonly orderId?: string | null;
  readonly parcelId?: string | null;
  readonly compartmentNo?: number | null;
  readonly validUntil: Date;
  readonly issuedBy?: string | null;
}

/**
 * Draws codes and stores their MACs. Call inside a commit: the returned clear code must go into the
 * same transaction's `codes.issued` event (or the caller's reply) and nowhere else.
 */
export class CodeIssuer {
  constructor(private readonly ctx: StationContext) {}

  issue(kind: CodeKind, link: CodeLink): string {
    const { code, mac } = issueUniqueCode(
      this.ctx.deps.random,
      this.ctx.deps.stationKey,
      this.digitsFor(kind),
      this.ctx.store.codes.active(),
    );
    this.ctx.store.codes.insert(
      {
        mac,
        kind,
        orderId: link.orderId ?? null,
        parcelId: link.parcelId ?? null,
        compartmentNo: link.compartmentNo ?? null,
        validUntil: link.validUntil.toISOString(),
        issuedBy: link.issuedBy ?? null,
      },
      this.ctx.now().toISOString(),
    );
    return code;
  }

  private digitsFor(kind: CodeKind): number {
    const c = this.ctx.config.codes;
    switch (kind) {
      case 'pickup':
        return c.pinDigits;
      case 'qr':
        return c.qrTokenDigits;
      case 'loading':
        return c.loadingCodeDigits;
      case 'retrieval':
        return c.retrievalCodeDigits;
      case 'service':
        return c.serviceCodeDigits;
    }
  }
}
