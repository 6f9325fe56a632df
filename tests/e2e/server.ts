// Starts `npm run serve` (the real backend over HTTP, serving the built renderer) on a fresh
// database file and a free port, for one test file.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { servedUrl } from '../serve-url.ts';

export interface TestServer {
  url: string;
  dbFile: string;
  /** stops the server; its folder is removed unless `keep` (to start another server on the same database) */
  stop(opts?: { keep?: boolean }): Promise<void>;
}

export const ADMIN = { username: 'admin', password: 'admin-pass-1' };
export const DEMO_PASSWORD = 'demo1234';

export async function startServer(opts: { admin?: boolean; demo?: boolean; dbFile?: string } = {}): Promise<TestServer> {
  const dbFile = opts.dbFile ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'depot-e2e-')), 'depot.sqlite');
  const dir = path.dirname(dbFile);
  // DEPOT_RENDERER_DIR: a renderer built elsewhere (parallel builds while developing)
  const renderer = process.env.DEPOT_RENDERER_DIR ? ['--renderer', process.env.DEPOT_RENDERER_DIR] : [];
  const args = ['electron/backend/serve.ts', '--db', dbFile, '--port', '0', ...renderer, ...(opts.demo ? ['--demo'] : [])];
  const env = { ...process.env, ...(opts.admin ? { DEPOT_ADMIN_USER: ADMIN.username, DEPOT_ADMIN_PASSWORD: ADMIN.password } : {}) };
  const child: ChildProcess = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await servedUrl(child, 120_000).url;
  return {
    url,
    dbFile,
    async stop({ keep = false } = {}) {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      if (!keep) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Calls the backend's HTTP API directly, to set up what a test needs without clicking through it. */
export async function apiAs(url: string, username: string, password: string) {
  const post = async (method: string, input: unknown, token?: string) => {
    const res = await fetch(`${url}api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(input),
    });
    const body = (await res.json()) as { data?: unknown; error?: { message: string } };
    if (body.error) throw new Error(`${method}: ${body.error.message}`);
    return body.data as Record<string, unknown>;
  };
  const { token } = (await post('auth.login', { username, password })) as { token: string };
  return (method: string, input: unknown) => post(method, input, token);
}
