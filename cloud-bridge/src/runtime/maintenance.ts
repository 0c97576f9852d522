import type { Clock } from '../clock.js';
import type { CommandCenter } from '../commands/command-center.js';
import type { CommandStore } from '../commands/command-store.js';
import type { BridgeConfig } from '../config.js';
import type { Logger } from '../logger.js';
import type { FleetStore } from '../store/fleet-store.js';
import type { WebhookOutbox } from '../webhooks/webhook-store.js';

const DAY_MS = 86_400_000;
const PRUNE_EVERY_MS = 3_600_000;
/** telemetry batches are redelivered within minutes, not weeks */
const DEDUP_DAYS = 7;
/** clear codes of a queued reservation that nobody fetched are forgotten after this */
const UNFETCHED_CODES_DAYS = 7;

export interface MaintenanceOptions {
  readonly config: BridgeConfig;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly store: FleetStore;
  readonly commands: CommandCenter;
  readonly commandStore: CommandStore;
  readonly outbox: WebhookOutbox;
  readonly tickMs: number;
}

/** Command expiry and retries every tick; retention pruning every hour. Never two runs at once. */
export class Maintenance {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private lastPrune = 0;
  private readonly log: Logger;

  constructor(private readonly o: MaintenanceOptions) {
    this.log = o.logger.child({ component: 'maintenance' });
  }

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.run().finally(() => {
        this.running = undefined;
      });
    }, this.o.tickMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async run(): Promise<void> {
    try {
      await this.o.commands.tick();
      const now = this.o.clock.now().getTime();
      if (now - this.lastPrune < PRUNE_EVERY_MS) return;
      this.lastPrune = now;
      const c = this.o.config;
      const removed =
        (await this.o.store.prune({
          historyBefore: new Date(now - c.history.retentionDays * DAY_MS),
          dedupBefore: new Date(now - DEDUP_DAYS * DAY_MS),
        })) +
        (await this.o.commandStore.prune(
          new Date(now - c.commands.retentionDays * DAY_MS),
          new Date(now - UNFETCHED_CODES_DAYS * DAY_MS),
        )) +
        (await this.o.outbox.prune(new Date(now - c.webhooks.retentionDays * DAY_MS)));
      if (removed > 0) this.log.info({ removed }, 'pruned old rows');
    } catch (err) {
      this.log.error({ err }, 'maintenance failed');
    }
  }
}
