/**
 * The web console, served by the embedded runtime beside the API: the built files of `web/dist`
 * at `/`, `index.html` for every other page path (the console routes in the browser: `/scan`,
 * `/track/{ref}`…), and the development sign-in that AWS replaces with Cognito's Hosted UI:
 * `GET /local/sign-in` (roles, offices and agencies to pick from) and `POST /local/dev-token`
 * (a token from the dev issuer). None of it is deployed; CloudFront serves the console there.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { DevIssuer } from '../../functions/commons/auth/dev-issuer.ts';
import { ROLES, type Role } from '../manifest.ts';
import { demoTokenRequest } from './demo.ts';
import { DEMO_AGENCIES, DEMO_POST_OFFICES } from './demo-reference.ts';

export const CONSOLE_DIST_DIR = resolve(import.meta.dirname, '../../web/dist');
const MAX_SIGN_IN_BODY_BYTES = 4_096;
/** A console token lasts a working day, as the printed dev tokens do. */
const CONSOLE_TOKEN_LIFETIME_SECONDS = 12 * 60 * 60;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/** The headers CloudFront's response headers policy sets in AWS. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
};

/** Builds the console when `web/dist` has no `index.html` (a fresh clone's first `npm start`). */
export function ensureConsoleBuilt(
  distDir = CONSOLE_DIST_DIR,
  log: (line: string) => void = console.log,
): void {
  if (existsSync(join(distDir, 'index.html'))) return;
  log('Building the web console (web/dist is missing; `npm run build:web` rebuilds it)…');
  const built = spawnSync(process.execPath, [resolveViteBin(), 'build', '--config', 'web/vite.config.ts'], {
    cwd: resolve(distDir, '../..'),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (built.status !== 0) throw new Error('The web console did not build: see the messages above');
}

function resolveViteBin(): string {
  return resolve(import.meta.dirname, '../../node_modules/vite/bin/vite.js');
}

export interface ConsoleOptions {
  readonly issuer: DevIssuer;
  readonly distDir?: string;
}

/** Answers the console's requests; anything else (the API) is left to the caller: false. */
export type ConsoleHandler = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

const isApiPath = (path: string): boolean => path === '/health' || path === '/v1' || path.startsWith('/v1/');

export function consoleHandler(options: ConsoleOptions): ConsoleHandler {
  const distDir = resolve(options.distDir ?? CONSOLE_DIST_DIR);
  return async (request, response) => {
    const method = (request.method ?? 'GET').toUpperCase();
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (isApiPath(path)) return false;
    if (path === '/local/sign-in' && method === 'GET') {
      sendJson(response, 200, signInChoices());
      return true;
    }
    if (path === '/local/dev-token' && method === 'POST') {
      await issueToken(request, response, options.issuer);
      return true;
    }
    if (method !== 'GET' && method !== 'HEAD') return false;
    const gzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
    serveFile(distDir, path, method, gzip, response);
    return true;
  };
}

function signInChoices() {
  return {
    roles: ROLES,
    postOffices: DEMO_POST_OFFICES.map((office) => ({ code: office.postOfficeCode, name: office.name })),
    agencies: DEMO_AGENCIES.map((agency) => ({ code: agency.agencyCode, name: agency.name })),
  };
}

const CODE = /^[A-Za-z0-9.-]{1,40}$/;

async function issueToken(request: IncomingMessage, response: ServerResponse, issuer: DevIssuer) {
  let body: { role?: unknown; postOfficeCode?: unknown; agencyCode?: unknown };
  try {
    body = JSON.parse(await readSmallBody(request)) as typeof body;
  } catch {
    sendJson(response, 400, { title: 'Yêu cầu không hợp lệ', detail: 'Expected a JSON object' });
    return;
  }
  const role = body.role;
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
    sendJson(response, 400, {
      title: 'Vai trò không hợp lệ',
      detail: `role must be one of ${ROLES.join(', ')}`,
    });
    return;
  }
  const codeOf = (value: unknown): string | undefined =>
    typeof value === 'string' && CODE.test(value) ? value : undefined;
  const postOfficeCode = codeOf(body.postOfficeCode);
  const agencyCode = codeOf(body.agencyCode);
  const token = await issuer.sign(
    demoTokenRequest(role as Role, {
      ...(postOfficeCode ? { postOfficeCode } : {}),
      ...(agencyCode ? { agencyCode } : {}),
      subject: `dev-${role}-${postOfficeCode ?? agencyCode ?? 'national'}`,
      lifetimeSeconds: CONSOLE_TOKEN_LIFETIME_SECONDS,
    }),
  );
  sendJson(response, 200, { token });
}

function readSmallBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, rejectBody) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_SIGN_IN_BODY_BYTES) {
        rejectBody(new Error('too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.once('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    request.once('error', rejectBody);
  });
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value));
  response.writeHead(status, {
    'content-type': status >= 400 ? 'application/problem+json' : 'application/json',
    'content-length': body.length,
    'cache-control': 'no-store',
  });
  response.end(body);
}

/** A file of the build, or `index.html` for a page path; never anything outside `distDir`. */
function serveFile(
  distDir: string,
  path: string,
  method: string,
  gzip: boolean,
  response: ServerResponse,
): void {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    decoded = '/';
  }
  const candidate = normalize(join(distDir, decoded));
  const inside = candidate === distDir || candidate.startsWith(distDir + sep);
  const isFile = inside && existsSync(candidate) && statSync(candidate).isFile();
  // A file type the build makes that is not there is a missing file; anything else is a page
  // (dossier codes have dots: `/track/000.00.06.H26-261120-0042`).
  const extension = extname(decoded);
  if (!isFile && extension !== '.html' && CONTENT_TYPES[extension] !== undefined) {
    send(response, method, 404, 'text/plain; charset=utf-8', Buffer.from('Not found'), 'no-store');
    return;
  }
  const file = isFile ? candidate : join(distDir, 'index.html');
  if (!existsSync(file)) {
    const missing = Buffer.from('The web console is not built: run `npm run build:web`');
    send(response, method, 503, 'text/plain; charset=utf-8', missing, 'no-store');
    return;
  }
  const hashed = decoded.startsWith('/assets/');
  const cacheControl = hashed ? 'public, max-age=31536000, immutable' : 'no-cache';
  const contentType = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
  const compress = gzip && !contentType.startsWith('image/png') && !contentType.startsWith('font/');
  const body = compress ? gzipped(file) : readFileSync(file);
  send(response, method, 200, contentType, body, cacheControl, compress);
}

const gzipCache = new Map<string, { mtimeMs: number; body: Buffer }>();

/** Compressed once per file version, as CloudFront compresses in AWS. */
function gzipped(file: string): Buffer {
  const { mtimeMs } = statSync(file);
  const cached = gzipCache.get(file);
  if (cached && cached.mtimeMs === mtimeMs) return cached.body;
  const body = gzipSync(readFileSync(file), { level: 9 });
  gzipCache.set(file, { mtimeMs, body });
  return body;
}

function send(
  response: ServerResponse,
  method: string,
  status: number,
  contentType: string,
  body: Buffer,
  cacheControl: string,
  compressed = false,
): void {
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    ...(compressed ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {}),
    'content-type': contentType,
    'content-length': body.length,
    'cache-control': cacheControl,
  });
  response.end(method === 'HEAD' ? undefined : body);
}
