import type { FastifyBaseLogger } from 'fastify';
import { createTransport } from 'nodemailer';
import type { Clock } from '../clock.js';
import type { AlarmView, FleetStore } from '../store/fleet-store.js';
import type { EscalationConfig } from './config.js';
import type { StationLabels } from './views.js';

/**
 * A critical alarm nobody acknowledged within `afterSeconds` goes to a webhook (JSON POST) and by
 * e-mail over SMTP (nodemailer), once per alarm and bridge run. A sweep over the open alarms, not a
 * timer per alarm, so alarms raised while the bridge was down escalate too.
 */
export class AlarmEscalation {
  private readonly escalated = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> = Promise.resolve();
  private readonly mailer;

  constructor(
    private readonly o: {
      readonly config: EscalationConfig;
      readonly store: FleetStore;
      readonly clock: Clock;
      readonly labels: StationLabels;
      readonly logger: FastifyBaseLogger;
      /** how often open alarms are checked; default 5 s */
      readonly sweepMs?: number;
    },
  ) {
    this.mailer = o.config.smtp ? createTransport(o.config.smtp.url) : undefined;
  }

  start(): void {
    this.timer = setInterval(() => {
      this.sweeping = this.sweeping
        .then(() => this.sweep())
        .catch((err: unknown) => {
          this.o.logger.error({ err }, 'alarm escalation failed');
        });
    }, this.o.sweepMs ?? 5000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
    this.mailer?.close();
  }

  private async sweep(): Promise<void> {
    const due = this.o.clock.now().getTime() - this.o.config.afterSeconds * 1000;
    const open = await this.o.store.listAlarms({ state: 'open' });
    for (const alarm of open) {
      const key = `${alarm.stationId}/${alarm.alarmId}`;
      if (alarm.severity !== 'critical' || alarm.acknowledged || this.escalated.has(key)) continue;
      if (Date.parse(alarm.raisedAt) > due) continue;
      this.escalated.add(key);
      await Promise.allSettled([this.toWebhook(alarm), this.toMail(alarm)]);
    }
  }

  private async toWebhook(alarm: AlarmView): Promise<void> {
    const url = this.o.config.webhookUrl;
    if (!url) return;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'alarm.escalated',
          alarm,
          stationLabel: this.o.labels[alarm.stationId] ?? null,
        }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new Error(`webhook answered ${response.status}`);
      this.o.logger.warn(
        { stationId: alarm.stationId, alarmId: alarm.alarmId },
        'alarm escalated to webhook',
      );
    } catch (err) {
      this.o.logger.error({ err, alarmId: alarm.alarmId }, 'alarm escalation webhook failed');
    }
  }

  private async toMail(alarm: AlarmView): Promise<void> {
    const smtp = this.o.config.smtp;
    if (!smtp || !this.mailer) return;
    const station = this.o.labels[alarm.stationId] ?? alarm.stationId;
    const where = alarm.compartment === null ? '' : `, compartment ${alarm.compartment}`;
    try {
      await this.mailer.sendMail({
        from: smtp.from,
        to: smtp.to,
        subject: `[regiobox] critical alarm not acknowledged: ${alarm.kind} at ${station}`,
        text: [
          `${alarm.kind} at ${station}${where}, raised ${alarm.raisedAt}, not acknowledged after ${this.o.config.afterSeconds} s.`,
          alarm.detail,
          `Station: ${alarm.stationId} · alarm ${alarm.alarmId}`,
        ].join('\n\n'),
      });
      this.o.logger.warn({ stationId: alarm.stationId, alarmId: alarm.alarmId }, 'alarm escalated by mail');
    } catch (err) {
      this.o.logger.error({ err, alarmId: alarm.alarmId }, 'alarm escalation mail failed');
    }
  }
}
