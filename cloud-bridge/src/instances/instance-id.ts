import { randomUUID } from 'node:crypto';
import type { BridgeConfig } from '../config.js';

/** Names this process among the bridge instances (its MQTT client id and a per-start suffix). */
export const instanceId = (config: Pick<BridgeConfig, 'broker'>): string =>
  `${config.broker.clientId}-${randomUUID().slice(0, 8)}`;
