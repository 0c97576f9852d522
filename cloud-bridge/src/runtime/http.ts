import type { AddressInfo } from 'node:net';
import type { BridgeConfig } from '../config.js';
import type { ApiContext } from '../http/context.js';
import { buildHttpServer, type HttpPlugin } from '../http/server.js';
import type { Logger } from '../logger.js';
import type { TenantDirectory } from '../tenants/tenants.js';

export const startHttp = async (
  config: BridgeConfig,
  ctx: ApiContext,
  logger: Logger,
  plugins: readonly HttpPlugin[],
  tenants: TenantDirectory,
): Promise<{ url: string; close(): Promise<void> }> => {
  if (tenants.keyCount === 0) logger.warn('no API keys configured: every API request will be refused');
  const app = await buildHttpServer(ctx, {
    tenants,
    logger,
    bodyLimitBytes: config.http.bodyLimitBytes,
    plugins,
  });
  await app.listen({ host: config.http.host, port: config.http.port });
  const { address, port } = app.server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return { url: `http://${host}:${port}`, close: () => app.close() };
};
