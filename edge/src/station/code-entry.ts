import { findByMac, isQrToken, macCode, normaliseCode } from '../domain/codes.js';
import { DomainError } from '../domain/errors.js';
import { codeExpired } from '../domain/pickup.js';
import { type RateLimit, TokenBucket } from '../domain/token-bucket.js';
import type { CodeRow } from '../store/codes-repo.js';
import { StorageError } from '../store/database.js';
import type { CodeOutcome, CodeSource } from './api.js';
import type { StationContext } from './context.js';
import type { KeypadLockout } from './keypad-lockout.js';
import { describeOpened, entitlementOf, planTargets } from './pickup-plan.js';
import type { Unlocker } from './unlocker.js';

const seconds = (ms: number): number => Math.ceil(ms / 1000);

/**
 * Wrong QR tokens: 5 at once (a customer scanning the wrong order's code a few times), then one a
 * second — the rate edge/SECURITY.md's guessing bound for tokens assumes.
 */
export const QR_TOKEN_GUESS_LIMIT: RateLimit = { burst: 5, refillMs: 1_000 };

/**
 * A code typed on the keypad or by the barcode scanner, from input to open doors. Short codes go
 * through the keypad back-off; QR tokens have their own throttle of one wrong token a second
 * (guessing 20+ digits at that rate is hopeless), so a prankster hammering the keypad cannot keep a
 * customer with a QR code out, and one hammering the scanner input never locks the keypad.
 */
export class CodeEntry {
  /** in memory: a restart costs seconds, worth at most one burst of guesses */
  private readonly tokenGuesses = new TokenBucket(QR_TOKEN_GUESS_LIMIT);

  constructor(
    private readonly ctx: StationContext,
    private readonly lockout: KeypadLockout,
    private readonly unlocker: Unlocker,
    private readonly afterUnlock: (opened: readonly number[]) => void,
  ) {}

  async submit(input: string, source: CodeSource): Promise<CodeOutcome> {
    const identified = this.identify(input, source);
    if ('rejection' in identified) return identified.rejection;
    const found = identified.code;
    const judged = this.ctx.judgeNow();
    const elsewhere = this.wrongStop(found);
    if (elsewhere) return elsewhere;
    if (!this.ctx.deps.hardware.health().reachable)
      return {
        ok: false,
        reason: 'BOARD_UNREACHABLE',
        message: 'The station cannot open doors right now. Your code stays valid; please try again later.',
      };
    const plan = planTargets(this.ctx.store, found, judged);
    if ('rejection' in plan) return plan.rejection;
    try {
      const results = await this.unlocker.unlock({
        reason: plan.reason,
        orderId: found.orderId,
        codeId: found.id,
        by: found.kind === 'service' ? found.issuedBy : null,
        targets: plan.targets,
      });
      this.afterUnlock(results.filter((r) => r.outcome !== 'failed').map((r) => r.no));
      return describeOpened(found, plan, results);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'COMPARTMENT_BUSY')
        return {
          ok: false,
          reason: 'BUSY',
          message: 'This compartment is being opened. Please wait a moment.',
        };
      if (err instanceof StorageError) {
        this.ctx.log.error({ err }, 'cannot record an unlock; refusing to open');
        return {
          ok: false,
          reason: 'OUT_OF_SERVICE',
          message: 'The station is out of service. Your code stays valid.',
        };
      }
      throw err;
    }
  }

  /** A van's customer code outside its stop or window: refused without counting as a wrong code. */
  private wrongStop(found: CodeRow): CodeOutcome | null {
    const gate = this.ctx.deps.pickupGate;
    if (!gate || found.orderId === null || (found.kind !== 'pickup' && found.kind !== 'qr')) return null;
    const decision = gate(found.orderId);
    if (decision.open) return null;
    const { stop, why } = decision;
    const when = `${stop.window.from.slice(0, 16).replace('T', ' ')}–${stop.window.to.slice(11, 16)} UTC`;
    this.ctx.log.info(
      { orderId: found.orderId, stopId: stop.stopId, why },
      'pickup refused: not at its stop',
    );
    return {
      ok: false,
      reason: 'WRONG_STOP',
      stop: { stopId: stop.stopId, name: stop.place.name, from: stop.window.from, to: stop.window.to, why },
      message: `Your order is handed out at ${stop.place.name}, ${when}.`,
    };
  }

  /**
   * The active code typed or scanned, or the customer's answer why not: the keypad back-off or the
   * QR throttle, a wrong or expired code (counted as a wrong one). The counter's staff page asks the
   * same question before it shows an order, so a code means the same at a counter as at a locker.
   */
  identify(input: string, source: CodeSource): { code: CodeRow } | { rejection: CodeOutcome } {
    const code = normaliseCode(input);
    if (code === null)
      return { rejection: { ok: false, reason: 'WRONG_CODE', message: 'A code has digits only.' } };
    const token = isQrToken(code);
    if (token) {
      // checked before the token is: a token scanned while throttled is not a guess
      const waitMs = this.tokenGuesses.waitMs(this.ctx.deps.clock.monotonicMs());
      if (waitMs > 0)
        return {
          rejection: {
            ok: false,
            reason: 'LOCKED_OUT',
            retryAfterMs: waitMs,
            message: `Too many unknown QR codes. Please try again in ${seconds(waitMs)} s.`,
          },
        };
    } else {
      const check = this.lockout.check();
      if (!check.allowed)
        return {
          rejection: {
            ok: false,
            reason: 'LOCKED_OUT',
            retryAfterMs: check.retryAfterMs,
            message: `Too many wrong codes. Please try again in ${seconds(check.retryAfterMs)} s, or scan your QR code.`,
          },
        };
    }
    const mac = macCode(this.ctx.deps.stationKey, code);
    const found = this.match(mac, token);
    if (!found) return { rejection: this.reject(mac, token, source) };
    // an expired code counts as a wrong one for the keypad back-off, so it is refused before the board is asked
    if (codeExpired(entitlementOf(found), this.ctx.judgeNow()))
      return { rejection: this.reject(mac, token, source, 'This code has expired.') };
    return { code: found };
  }

  /** An active code, or one used by an unlock whose door has not opened yet (typed again). */
  private match(mac: Buffer, token: boolean): CodeRow | null {
    const { codes, pendingUnlocks } = this.ctx.store;
    const active = findByMac(
      mac,
      codes.active().filter((c) => (c.kind === 'qr') === token),
    );
    if (active) return active;
    const used = findByMac(
      mac,
      codes.recentInactive().filter((c) => c.status === 'used'),
    );
    const waiting = used ? pendingUnlocks.forCode(used.id).some((p) => p.status !== 'opened') : false;
    return used && waiting ? used : null;
  }

  private reject(mac: Buffer, token: boolean, source: CodeSource, known?: string): CodeOutcome {
    const old = known ? null : findByMac(mac, this.ctx.store.codes.recentInactive());
    const expiredMessage =
      known ??
      (old
        ? old.status === 'used'
          ? 'This code has already been used.'
          : 'This code is no longer valid.'
        : null);
    if (token) {
      this.tokenGuesses.take(this.ctx.deps.clock.monotonicMs());
      this.ctx.log.info({ source }, 'unknown QR token');
      return expiredMessage
        ? { ok: false, reason: 'EXPIRED', message: expiredMessage }
        : { ok: false, reason: 'WRONG_CODE', message: 'This QR code is not valid at this station.' };
    }
    const at = this.ctx.now();
    const result = this.lockout.fail();
    try {
      this.ctx.commit(() => {
        this.ctx.store.lockout.save({
          failures: result.state.failures,
          lockedRemainingMs: result.lockedForMs,
          sinceFailureMs: 0,
          writtenAt: at.toISOString(),
        });
        this.ctx.store.audit.append({
          at: at.toISOString(),
          action: 'code_rejected',
          detail: `attempt ${result.attempts} via ${source}${result.lockedForMs ? `, locked ${result.lockedForMs} ms` : ''}`,
        });
        if (result.lockedForMs > 0)
          this.ctx.event(
            { type: 'code.rejected', attempts: result.attempts, lockedForMs: result.lockedForMs },
            at,
          );
      });
    } catch (err) {
      this.ctx.log.error({ err }, 'cannot record a wrong code');
    }
    // The back-off holds even when it could not be written down.
    this.lockout.apply(result);
    this.ctx.events.notify({
      type: 'code_rejected',
      attempts: result.attempts,
      lockedForMs: result.lockedForMs,
      at,
    });
    const tail =
      result.lockedForMs > 0
        ? ` Please wait ${seconds(result.lockedForMs)} s before the next try.`
        : ` ${result.triesLeft} ${result.triesLeft === 1 ? 'try' : 'tries'} left.`;
    return {
      ok: false,
      reason: expiredMessage ? 'EXPIRED' : 'WRONG_CODE',
      message: `${expiredMessage ?? 'Wrong code.'}${tail}`,
      ...(result.lockedForMs > 0 ? { retryAfterMs: result.lockedForMs } : { triesLeft: result.triesLeft }),
    };
  }
}
