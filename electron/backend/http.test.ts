import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../shared/api/openapi.ts';
import { createHttpServer, listen } from './http.ts';
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
