// Test harness: a real backend on a temporary SQLite file with the real migrations, a fixed
// clock, and helpers to call methods as a given user. Used by the backend's tests only.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ApiResult, Method, MethodInput, MethodOutput } from '../../../shared/api/index.ts';
import type { Lang } from '../../../shared/i18n/index.ts';
import { openBackend } from '../index.ts';
import type { Backend } from '../types.ts';

export const ADMIN = { username: 'admin', password: 'admin-pass-1' };

export interface Harness {
  backend: Backend;
  dir: string;
  dbFile: string;
  clock: { now: Date };
  /** log in and return a caller bound to that session */
  as(username: string, password?: string): Promise<Caller>;
  close(): Promise<void>;
}

export interface Caller {
  token: string;
  call<M extends Method>(method: M, input: MethodInput<M>, lang?: Lang): Promise<ApiResult<MethodOutput<M>>>;
  /** calls and fails the test unless the call succeeds */
  ok<M extends Method>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
}

export async function openHarness(opts: { demo?: boolean; now?: string } = {}): Promise<Harness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'depot-test-'));
  const dbFile = path.join(dir, 'depot.sqlite');
  const clock = { now: new Date(opts.now ?? '2026-11-23T09:30:00') };
  const backend = await openBackend({ dbFile, admin: ADMIN, demo: opts.demo ?? false, now: () => clock.now });
  const h: Harness = {
    backend,
    dir,
    dbFile,
    clock,
    async as(username, password = username === ADMIN.username ? ADMIN.password : 'demo1234') {
      const r = await backend.dispatch('auth.login', { username, password }, {});
      if (!r.ok) throw new Error(`login ${username}: ${r.error.message}`);
      return caller(backend, (r.data as { token: string }).token);
    },
    async close() {
      await backend.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}

export function caller(backend: Backend, token: string): Caller {
  const call = (method: string, input: unknown, lang: Lang = 'zh-CN') => backend.dispatch(method, input, { token, lang });
  return {
    token,
    call: call as Caller['call'],
    ok: (async (method: string, input: unknown) => {
      const r = await call(method, input);
      if (!r.ok) throw new Error(`${method} refused: ${r.error.code} ${r.error.message}`);
      return r.data;
    }) as Caller['ok'],
  };
}

/** Counts rows of a table through a raw read, to prove a refusal changed nothing. */
export async function tableCounts(backend: Backend): Promise<Record<string, number>> {
  const { default: SQLite } = await import('better-sqlite3');
  const db = new SQLite(backend.dbFile, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
    return Object.fromEntries(tables.map((t) => [t.name, (db.prepare(`SELECT count(*) AS n FROM "${t.name}"`).get() as { n: number }).n]));
  } finally {
    db.close();
  }
}
