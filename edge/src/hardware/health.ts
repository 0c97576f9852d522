import type { HardwareHealth } from '@regiobox/hardware-api';
import type { Logger } from 'pino';
import { Listeners } from './listeners.js';

/** The current health of one driver; listeners hear only real changes. */
export class HealthState {
  private current: HardwareHealth;
  private readonly listeners: Listeners<HardwareHealth>;

  constructor(initial: HardwareHealth, logger: Logger) {
    this.current = initial;
    this.listeners = new Listeners(logger, 'health');
  }

  get(): HardwareHealth {
    return this.current;
  }

  set(next: HardwareHealth): void {
    const prev = this.current;
    const same =
      prev.reachable === next.reachable &&
      prev.detail === next.detail &&
      prev.firmware === next.firmware &&
      prev.occupancySensors === next.occupancySensors;
    if (same) return;
    this.current = next;
    this.listeners.emit(next);
  }

  subscribe(listener: (health: HardwareHealth) => void): () => void {
    return this.listeners.add(listener);
  }
}
