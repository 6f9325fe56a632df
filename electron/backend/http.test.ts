import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../shared/api/openapi.ts';
import { CONTENT_SECURITY_POLICY, createHttpServer, listen, MAX_BODY } from './http.ts';
import { openHarness, type Harness } from './testing/harness.ts';

let h: Harness;
let server: http.Server;
let base: string;
let rendererDir: string;

beforeAll(async () => {
  h = await openHarness();
  rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'depot-renderer-'));
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>depot</title>');
  fs.writeFileSync(path.join(os.tmpdir(), 'depot-secret.txt'), 'secret');
  server = createHttpServer(h.backend, rendererDir);
  base = `http://127.0.0.1:${await listen(server, 0)}`;
});
afterAll(async () => {
  server.close();
  await h.close();
});

const post = (method: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A request with exactly these headers (fetch would set Host and Origin itself). */
async function raw(opts: { path?: string; method?: string; headers: Record<string, string>; body?: string }): Promise<RawAnswer> {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: new URL(base).port, path: opts.path ?? '/api/auth.login', method: opts.method ?? 'POST', headers: opts.headers }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const LOGIN = JSON.stringify({ username: 'admin', password: 'admin-pass-1' });
const json = (a: RawAnswer) => JSON.parse(a.body) as { data?: { token: string }; error?: { code: string; message: string } };

describe('HTTP adapter', () => {
  it('listens on 127.0.0.1 only', () => {
    expect((server.address() as { address: string }).address).toBe('127.0.0.1');
  });

  it('logs in and uses the bearer token', async () => {
    const login = await post('auth.login', { username: 'admin', password: 'admin-pass-1' });
    expect(login.status).toBe(200);
    const { data } = (await login.json()) as { data: { token: string } };
    const me = await post('auth.me', {}, { authorization: `Bearer ${data.token}` });
    expect(((await me.json()) as { data: { username: string } }).data.username).toBe('admin');
    const anon = await post('auth.me', {});
    expect(anon.status).toBe(401);
  });

  it('answers refusals with the one error shape and a status, in the requested language', async () => {
    const bad = await post('auth.login', { username: '' }, { 'x-depot-lang': 'en' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: { code: 'INVALID_INPUT', message: 'Please check: Username: Required; Password: Required', fields: { username: 'Required', password: 'Required' } } });
    const notJson = await post('auth.login', '{oops');
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: { message: string } }).error.message).toBe('请求不是有效的 JSON');
  });

  it('refuses other host names, non-JSON bodies and malformed addresses, with a message', async () => {
    const port = new URL(base).port;
    const { request } = await import('node:http');
    const raw = (headers: Record<string, string>, body: string, path = '/api/auth.login') =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        });
        req.on('error', reject);
        req.end(body);
      });
    const login = JSON.stringify({ username: 'admin', password: 'admin-pass-1' });
    const rebound = await raw({ host: `evil.example.com:${port}`, 'content-type': 'application/json' }, login);
    expect(rebound.status).toBe(421);
    const plain = await raw({ host: `127.0.0.1:${port}`, 'content-type': 'text/plain' }, login);
    expect(plain.status).toBe(415);
    expect(JSON.parse(plain.body).error.message).toBe('请求必须是 JSON（content-type: application/json）');
    const mangled = await raw({ host: `127.0.0.1:${port}`, 'content-type': 'application/json' }, login, '/api/%E0%A4%A');
    expect(mangled.status).toBe(400);
    const get = await fetch(`${base}/api/auth.me`, { headers: { 'x-depot-lang': 'en' } });
    expect(((await get.json()) as { error: { message: string } }).error.message).toBe('Only POST requests are accepted');
  });

  it('serves the OpenAPI document generated from the contract', async () => {
    const doc = (await (await fetch(`${base}/api/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain('/api/vehicles.create');
    expect(JSON.stringify(doc.paths['/api/vehicles.create'])).toContain('plate');
  });

  it('docs/api.json is the document generated from the current contract (npm run openapi)', () => {
    const written = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../../docs/api.json'), 'utf8'));
    expect(written).toEqual(openApiDocument());
  });

  it('serves the renderer with a CSP and never a file outside it', async () => {
    const page = await fetch(`${base}/`);
    expect(await page.text()).toContain('<title>depot</title>');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const escape = await fetch(`${base}/..%2f..%2fdepot-secret.txt`);
    expect(await escape.text()).not.toContain('secret');
  });
});

describe('hostile requests', () => {
  const port = () => new URL(base).port;

  it('without a session: 401 in the one error shape, the method never run', async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer not-a-token' }, { authorization: 'Basic YWRtaW46YWRtaW4tcGFzcy0x' }];
    for (const headers of attempts) {
      const r = await post('users.list', {}, { ...headers, 'x-depot-lang': 'en' });
      expect(r.status).toBe(401);
      expect(await r.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: expect.any(String) } });
    }
  });

  it('refuses a forged Host (DNS rebinding), whatever the rest of the request', async () => {
    for (const host of [`evil.example.com:${port()}`, `127.0.0.1.evil.example:${port()}`, `127.0.0.1:${Number(port()) + 1}`, '127.0.0.1', `[::1]:${port()}`]) {
      const r = await raw({ headers: { host, 'content-type': 'application/json' }, body: LOGIN });
      expect(r.status, host).toBe(421);
      expect(json(r)).toEqual({ error: { code: 'INVALID_INPUT', message: '请求地址不正确' } });
    }
    const page = await raw({ method: 'GET', path: '/', headers: { host: `evil.example.com:${port()}` } });
    expect(page.status).toBe(421);
    expect(page.body).not.toContain('<title>');
  });

  it('refuses a request from another origin with 403, and takes its own page’s origin on both its names', async () => {
    for (const origin of ['http://evil.example.com', `http://127.0.0.1:${Number(port()) + 1}`, `https://127.0.0.1:${port()}`, `http://localhost.evil.example:${port()}`, 'null', 'file://']) {
      const r = await raw({ headers: { host: `127.0.0.1:${port()}`, origin, 'content-type': 'application/json' }, body: LOGIN });
      expect(r.status, origin).toBe(403);
      expect(json(r), origin).toEqual({ error: { code: 'FORBIDDEN', message: `拒绝来自其他网页（${origin}）的请求` } });
    }
    // a page read by a foreign origin is refused too
    const page = await raw({ method: 'GET', path: '/', headers: { host: `127.0.0.1:${port()}`, origin: 'http://evil.example.com' } });
    expect(page.status).toBe(403);
    for (const own of [`http://127.0.0.1:${port()}`, `http://localhost:${port()}`]) {
      const r = await raw({ headers: { host: `127.0.0.1:${port()}`, origin: own, 'content-type': 'application/json' }, body: LOGIN });
      expect(r.status, own).toBe(200);
      expect(json(r).data?.token).toEqual(expect.any(String));
    }
  });

  it('refuses a body declared over 16 MB at once, without waiting for it', async () => {
    const { request } = await import('node:http');
    const answer = await new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: port(), path: '/api/auth.login', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(MAX_BODY + 1) } },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body: text }));
        },
      );
      req.on('error', reject);
      // only a little of the declared body is ever sent: the answer must not wait for the rest
      req.write('{"username":');
    });
    expect(answer.status).toBe(413);
    expect(answer.connection).toBe('close');
    expect(JSON.parse(answer.body)).toEqual({ error: { code: 'INVALID_INPUT', message: '请求内容过大' } });
  });

  it('stops reading a streamed body once it passes 16 MB, answers 413 and closes the connection', async () => {
    const net = await import('node:net');
    const socket = net.connect(Number(port()), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(`POST /api/auth.login HTTP/1.1\r\nHost: 127.0.0.1:${port()}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`);
    const received: Buffer[] = [];
    let closed = false;
    socket.on('data', (c: Buffer) => void received.push(c));
    socket.on('close', () => (closed = true));
    socket.on('error', () => (closed = true));
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
    // offer up to 64 MB, stopping when the server answers or stops taking it
    let sent = 0;
    while (sent < 64 * 1024 * 1024 && received.length === 0 && !closed) {
      if (!socket.write(frame)) await Promise.race([new Promise((r) => socket.once('drain', r)), new Promise((r) => setTimeout(r, 200))]);
      sent += chunk.length;
    }
    const deadline = Date.now() + 5000;
    while (!closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    socket.destroy();
    const answer = Buffer.concat(received).toString('utf8');
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer.toLowerCase()).toContain('connection: close');
    expect(answer).toContain('请求内容过大');
    // the server closed the connection rather than reading the other 48 MB
    expect(closed).toBe(true);
    expect(sent).toBeLessThan(40 * 1024 * 1024);
  });

  it('serves pages with a strict CSP and the other protective headers', async () => {
    const page = await fetch(`${base}/`);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toBe(CONTENT_SECURITY_POLICY);
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    expect(directives).toEqual({
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:', 'blob:'],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
      'frame-ancestors': ["'none'"],
    });
    // nothing that would let a script in from elsewhere or inline
    expect(csp).not.toMatch(/unsafe-eval|\*|http:|https:/);
    expect(directives['script-src']).not.toContain("'unsafe-inline'");
    expect(Object.fromEntries(['x-content-type-options', 'x-frame-options', 'referrer-policy', 'cross-origin-opener-policy', 'cross-origin-resource-policy'].map((k) => [k, page.headers.get(k)]))).toEqual({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
    });
    // client-side routes get the same page and the same policy
    expect((await fetch(`${base}/fuel/import`)).headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });
});
