import type { FastifyRequest } from 'fastify';
import { viewOf } from './request-view.js';

export const SESSION_COOKIE = 'regiobox_dashboard';
/** The cookie goes only to the dashboard's paths, never to the marketplace API beside it. */
const COOKIE_PATH = '/dashboard';

/** One cookie's value from the Cookie header (the first, if a browser sends it twice). */
export const readCookie = (header: string | undefined, name: string): string | undefined => {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    return value.length > 0 ? value : undefined;
  }
  return undefined;
};

export type SecureCookieMode = 'auto' | 'always' | 'never';

const isSecure = (request: FastifyRequest, mode: SecureCookieMode): boolean =>
  mode === 'always' || (mode === 'auto' && viewOf(request).protocol === 'https');

/** HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it). */
export const sessionCookie = (
  request: FastifyRequest,
  mode: SecureCookieMode,
  token: string,
  maxAgeSeconds: number,
): string =>
  [
    `${SESSION_COOKIE}=${token}`,
    `Path=${COOKIE_PATH}`,
    `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(isSecure(request, mode) ? ['Secure'] : []),
  ].join('; ');

export const clearedSessionCookie = (request: FastifyRequest, mode: SecureCookieMode): string =>
  sessionCookie(request, mode, '', 0);
