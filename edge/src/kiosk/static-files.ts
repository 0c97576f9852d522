import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

/**
 * The page's files live beside this module (`src/kiosk/public` in development, `dist/kiosk/public`
 * after `npm run build` copies them), so the same code serves both without configuration.
 */
export const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

// Everything comes from this server: no CDN, no web fonts, so the page works with the network down.
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

interface PublicFile {
  readonly body: Buffer;
  readonly type: string;
}

/** Reads the page once at start-up: a handful of small files, served from memory with no path lookups. */
export const loadPublicFiles = (dir: string = PUBLIC_DIR): Map<string, PublicFile> => {
  const files = new Map<string, PublicFile>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const type = TYPES[path.extname(entry.name)];
    if (type === undefined) continue;
    const full = path.join(entry.parentPath, entry.name);
    const urlPath = `/${path.relative(dir, full).split(path.sep).join('/')}`;
    files.set(urlPath, { body: readFileSync(full), type });
  }
  const index = files.get('/index.html');
  if (index === undefined) throw new Error(`kiosk page missing: no index.html in ${dir}`);
  files.set('/', index);
  return files;
};

/** `prefix` mounts the files under a path, e.g. `/counter` for the counter's staff page. */
export const registerPublicFiles = (
  app: FastifyInstance,
  files: Map<string, PublicFile>,
  prefix = '',
): void => {
  for (const [urlPath, file] of files) {
    app.get(`${prefix}${urlPath}`, (_request, reply) =>
      reply.headers(SECURITY_HEADERS).type(file.type).send(file.body),
    );
  }
};
