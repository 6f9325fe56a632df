// Browser mode: the same dispatch over HTTP on 127.0.0.1 only. POST /api/<method> with a
// JSON body; `Authorization: Bearer <token>`; `X-Depot-Lang` for the language of messages.
// Serves the built renderer and the OpenAPI document.
//
// What a web page elsewhere (or a DNS-rebinding one) cannot do here: every request must name
// this server by its loopback address (Host), a request a browser marks with an Origin must
// come from this server's own page, the API takes JSON only (so a foreign form or simple
// request cannot reach it without a preflight, which is refused) and a bearer session, and a
// body over 16 MB is refused without being read.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { ErrorCode } from '../../shared/api/index.ts';
import { openApiDocument } from '../../shared/api/openapi.ts';
import { toLang, translator } from '../../shared/i18n/index.ts';
import type { Backend } from './types.ts';
import { CONTENT_SECURITY_POLICY } from './csp.ts';

const STATUS: Record<ErrorCode, number> = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PERIOD_LOCKED: 423,
  POLICY_UNSET: 409,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

// 16 MB: an accident attachment of up to 10 MB arrives base64-encoded in one call.
export const MAX_BODY = 16 * 1024 * 1024;
/** The pages' Content-Security-Policy, shared with the desktop app (csp.ts). */
export { CONTENT_SECURITY_POLICY };

/** Sent with every page and file: no sniffing, no framing, no referrer, no cross-origin use. */
const PAGE_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
  res.end(text);
}

class BodyTooLarge extends Error {}

/** The body, refused (BodyTooLarge) as soon as it is known to be over MAX_BODY: by its declared length, or once that much has arrived. */
function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_BODY) {
      reject(new BodyTooLarge());
      return;
    }
    let size = 0;
    const chunks: Buffer[] = [];
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        // Stop reading: the rest is never taken in (the connection is closed after the answer).
        req.off('data', onData);
        req.pause();
        reject(new BodyTooLarge());
      } else chunks.push(c);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function serveStatic(res: http.ServerResponse, rendererDir: string, urlPath: string) {
  const root = path.resolve(rendererDir);
  let rel = urlPath.split('?')[0] ?? '/';
  if (rel === '/' || rel === '') rel = '/index.html';
  let file = path.resolve(root, '.' + rel);
  if (!file.startsWith(root + path.sep)) {
    res.writeHead(403, PAGE_HEADERS).end();
    return;
  }
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(root, 'index.html');
  if (!fs.existsSync(file)) {
    res.writeHead(404, { ...PAGE_HEADERS, 'content-type': 'text/plain; charset=utf-8' }).end('The renderer is not built: run `npm run build` first.');
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', ...PAGE_HEADERS });
  fs.createReadStream(file).pipe(res);
}

/** Only this machine's own names for the server: refuses DNS-rebinding tricks. */
function hostAllowed(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/**
 * A request without an Origin (a same-origin GET, a script such as the tests') or from this
 * server's own page. Browsers send Origin with every POST and every cross-origin request, so
 * a page elsewhere (a site the user visits, another local server, a file:// page: 'null')
 * cannot use the API with a token it has somehow learnt, nor read the answers.
 */
function originAllowed(origin: string | undefined, port: number): boolean {
  return origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

export function createHttpServer(backend: Backend, rendererDir: string): http.Server {
  const server = http.createServer(async (req, res) => {
    const lang = toLang(req.headers['x-depot-lang']);
    const t = translator(lang);
    // A refusal before the body is read closes the connection: Node would otherwise read and
    // discard the whole unread body to keep the connection for the next request.
    const refuse = (status: number, key: string, params: Record<string, string> = {}, code: ErrorCode = 'INVALID_INPUT') =>
      send(res, status, { error: { code, message: t(key, params) } }, req.complete ? {} : { connection: 'close' });
    try {
      const port = (server.address() as AddressInfo).port;
      if (!hostAllowed(req.headers.host, port)) return refuse(421, 'err.badAddress');
      const origin = req.headers.origin;
      if (!originAllowed(origin, port)) return refuse(403, 'err.foreignOrigin', { origin: String(origin).slice(0, 100) }, 'FORBIDDEN');
      let url: string;
      try {
        url = decodeURIComponent(req.url ?? '/');
      } catch {
        return refuse(400, 'err.badAddress');
      }
      if (url === '/api/openapi.json' && req.method === 'GET') return send(res, 200, openApiDocument());
      if (url.startsWith('/api/')) {
        if (req.method !== 'POST') return refuse(405, 'err.postOnly');
        // JSON only: a web page elsewhere cannot send this without a CORS preflight, which is refused.
        if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return refuse(415, 'err.jsonOnly');
        const method = url.slice('/api/'.length).split('?')[0] ?? '';
        let body: string;
        try {
          body = await readBody(req);
        } catch (err) {
          if (!(err instanceof BodyTooLarge)) {
            // the client went away in the middle of its request: there is no one to answer
            req.destroy();
            return;
          }
          return refuse(413, 'err.bodyTooLarge');
        }
        let input: unknown = {};
        if (body.trim()) {
          try {
            input = JSON.parse(body);
          } catch {
            return refuse(400, 'err.notJson');
          }
        }
        const auth = req.headers.authorization;
        const token = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
        const result = await backend.dispatch(method, input, { token, lang });
        return result.ok ? send(res, 200, { data: result.data }) : send(res, STATUS[result.error.code], { error: result.error });
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(405, 'err.getOnly');
      serveStatic(res, rendererDir, url);
    } catch (err) {
      console.error('http adapter:', err);
      send(res, 500, { error: { code: 'INTERNAL', message: t('err.internal', { ref: 'http' }) } });
    }
  });
  return server;
}

/** Listens on 127.0.0.1 only (port 0 picks a free port) and resolves with the port. */
export function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}
