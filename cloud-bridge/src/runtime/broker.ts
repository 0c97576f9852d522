import { ephemeralServiceCredentials, startEmbeddedBroker } from '../broker/index.js';
import type { BridgeConfig } from '../config.js';
import type { Logger } from '../logger.js';
import type { StationRegistry } from '../registry/index.js';

export interface BrokerEndpoint {
  readonly url: string;
  readonly credentials: { readonly username: string; readonly password: string };
  close(): Promise<void>;
}

/**
 * The embedded broker with a fresh service password on every start (nobody else needs it), or the
 * configured external broker with the configured service login.
 */
export const startBroker = async (
  config: BridgeConfig,
  registry: StationRegistry,
  logger: Logger,
): Promise<BrokerEndpoint> => {
  const b = config.broker;
  if (b.url) {
    return {
      url: b.url,
      credentials: { username: b.username ?? '', password: b.password ?? '' },
      close: async () => {},
    };
  }
  const credentials = ephemeralServiceCredentials();
  const broker = await startEmbeddedBroker({
    host: b.host,
    port: b.port,
    ...(b.tls ? { tls: b.tls } : {}),
    registry,
    serviceCredentials: credentials,
    logger,
  });
  return { url: broker.url, credentials, close: () => broker.close() };
};
