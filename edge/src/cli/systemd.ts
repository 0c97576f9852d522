import { execFile } from 'node:child_process';
import type { Logger } from 'pino';

/**
 * The sd_notify protocol through systemd's own `systemd-notify` tool (Node has no unix datagram
 * sockets): READY=1 once the station serves, then WATCHDOG=1 at half the unit's WatchdogSec. A hung
 * event loop stops the pings, and systemd restarts the service. The unit needs NotifyAccess=all.
 * Outside systemd (no NOTIFY_SOCKET) this does nothing.
 */
export const startSystemdNotify = (logger: Logger, env = process.env): { stop(): void } => {
  if (!env.NOTIFY_SOCKET) return { stop: () => {} };
  const notify = (...args: string[]) =>
    execFile('systemd-notify', args, (err) => {
      if (err) logger.warn({ err: err.message }, 'systemd-notify failed');
    });
  notify('--ready', `--pid=${process.pid}`);
  const usec = Number(env.WATCHDOG_USEC ?? 0);
  if (!Number.isFinite(usec) || usec <= 0) return { stop: () => {} };
  const timer = setInterval(() => notify(`--pid=${process.pid}`, 'WATCHDOG=1'), Math.max(500, usec / 2000));
  return { stop: () => clearInterval(timer) };
};
