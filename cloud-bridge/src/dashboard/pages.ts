import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * The pages live beside this module (`src/dashboard/public` in development, `dist/dashboard/public`
 * after `npm run build` copies them), so the same code serves both without configuration.
 */
export const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Everything comes from the bridge itself: no CDN, no web fonts, no inline script. */
export const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
} as const;

export interface PublicFile {
  readonly body: Buffer;
  readonly type: string;
}

/** The pages, by their file name (`alarms.html`), and the assets, by their path under `assets/`. */
export interface PublicFiles {
  readonly pages: ReadonlyMap<string, PublicFile>;
  readonly assets: ReadonlyMap<string, PublicFile>;
}

/** Reads a handful of small files once at start-up; they are served from memory. */
export const loadPublicFiles = (dir: string = PUBLIC_DIR): PublicFiles => {
  const pages = new Map<string, PublicFile>();
  const assets = new Map<string, PublicFile>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const type = TYPES[path.extname(entry.name)];
    if (type === undefined) continue;
    const full = path.join(entry.parentPath, entry.name);
    const relative = path.relative(dir, full).split(path.sep).join('/');
    const file = { body: readFileSync(full), type };
    if (relative.startsWith('assets/')) assets.set(relative.slice('assets/'.length), file);
    else pages.set(relative, file);
  }
  for (const page of ['index.html', 'station.html', 'alarms.html', 'days.html', 'login.html']) {
    if (!pages.has(page)) throw new Error(`dashboard page missing: no ${page} in ${dir}`);
  }
  return { pages, assets };
};

export const sendFile = (reply: FastifyReply, file: PublicFile): FastifyReply =>
  reply.header('cache-control', 'no-cache').type(file.type).send(file.body);

/** Pages by route (inside the `/dashboard` scope) and every asset under `/assets/`. */
export const registerPages = (scope: FastifyInstance, files: PublicFiles): void => {
  const page = (name: string): PublicFile => {
    const file = files.pages.get(name);
    if (!file) throw new Error(`dashboard page missing: ${name}`);
    return file;
  };
  const fleet = page('index.html');
  const station = page('station.html');
  const alarms = page('alarms.html');
  const days = page('days.html');
  scope.get('/', (_request, reply) => sendFile(reply, fleet));
  scope.get('/alarms', (_request, reply) => sendFile(reply, alarms));
  scope.get('/days', (_request, reply) => sendFile(reply, days));
  scope.get('/stations/:stationId', (_request, reply) => sendFile(reply, station));
  for (const [name, file] of files.assets)
    scope.get(`/assets/${name}`, (_request, reply) => sendFile(reply, file));
};

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** Fills `%key%` placeholders with escaped values; the only server-rendered page is the login form. */
export const renderTemplate = (file: PublicFile, values: Readonly<Record<string, string>>): string =>
  file.body.toString('utf8').replace(/%(\w+)%/g, (_, key: string) => escapeHtml(values[key] ?? ''));
