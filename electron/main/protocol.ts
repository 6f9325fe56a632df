// The app:// protocol: serves the built renderer (dist/renderer) to our window with a strict
// Content-Security-Policy. Registered as privileged (standard + secure) so the renderer gets a
// real origin (app://depot), fetch and storage, and is treated as a secure context.
import fs from 'node:fs/promises';
import path from 'node:path';
import { protocol } from 'electron';
import { APP_SCHEME, resolveAppFile } from './urls.ts';
import { CONTENT_SECURITY_POLICY } from '../backend/csp.ts';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** Must run before the app's `ready` event. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

function respond(status: number, body: string): Response {
  return new Response(body, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'content-security-policy': CONTENT_SECURITY_POLICY },
  });
}

/** Must run after `ready`. `root` is the folder holding the built renderer's index.html. */
export function handleAppProtocol(root: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return respond(405, 'Method Not Allowed');
    let file = resolveAppFile(root, request.url);
    if (!file) return respond(403, 'Forbidden');
    let data: Buffer;
    try {
      data = await fs.readFile(file);
    } catch {
      // Client-side routes (no file extension) get the app shell; missing assets are 404s.
      if (path.extname(file) !== '') return respond(404, 'Not Found');
      file = path.join(root, 'index.html');
      try {
        data = await fs.readFile(file);
      } catch {
        return respond(404, 'Not Found');
      }
    }
    return new Response(new Uint8Array(data), {
      status: 200,
      headers: {
        'content-type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-cache',
      },
    });
  });
}
