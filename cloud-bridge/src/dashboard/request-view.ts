import type { FastifyRequest } from 'fastify';
import { type ClientView, clientView, type TrustedProxies } from './forwarded.js';

const views = new WeakMap<FastifyRequest, ClientView>();

/** Works out once per request how the browser reached the bridge (the guard calls it first). */
export const rememberView = (request: FastifyRequest, proxies: TrustedProxies): void => {
  const socket = request.socket as { remoteAddress?: string; encrypted?: boolean };
  views.set(
    request,
    clientView(
      {
        socketAddress: socket.remoteAddress ?? '',
        socketProtocol: socket.encrypted ? 'https' : 'http',
        headers: request.headers,
      },
      proxies,
    ),
  );
};

/** The client's address, scheme and host, through the trusted proxies (see forwarded.ts). */
export const viewOf = (request: FastifyRequest): ClientView =>
  views.get(request) ?? {
    ip: request.ip,
    protocol: request.protocol === 'https' ? 'https' : 'http',
    host: request.host,
  };
