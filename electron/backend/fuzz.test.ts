// Property-based fuzzing of every API method through the one entry point, backend.dispatch,
// on the demo depot (a real SQLite file, the real migrations). The methods are taken from the
// contract's `api` object, so a method added later is fuzzed without touching this file. Each
// is called as a demo user allowed to use it (no token for a public method) with junk bodies,
// its own shape with hostile fields (wrong types, 100k strings, NaN, -0, 2**53+1, SQL,
// control characters, RTL, formulas, __proto__, unknown ids and other people's ids) and
// plausible bodies built from its zod schema.
//
// Every answer must be exactly { ok: true, data } or { ok: false, error: { code, message,
// fields? } } with a known code, never INTERNAL, and a message; nothing may escape dispatch or
// be logged by it (console.error). A refusal must change nothing: per call, the database's
// data_version (any commit moves it) and the data folder's files; per batch of refusals, a
// full fingerprint of the database (every table's rows, hashed), taken before the batch and
// after it (see RefusalGuard in testing/fuzz-checks.ts).
//
// FUZZ_RUNS: inputs per method (default DEFAULT_RUNS, with a time cap per method of
// FUZZ_METHOD_MS, default DEFAULT_METHOD_MS, so `npm test` stays quick; when FUZZ_RUNS is set
// there is no cap unless FUZZ_METHOD_MS is set too). FUZZ_SEED: a fixed seed. FUZZ_REPORT=<file>:
// writes { method: inputs tried } there. The table of inputs per method is printed at the end.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe as suite, expect, it, vi } from 'vitest';
import { api, type Method } from '../../shared/api/index.ts';
import { translator, type Lang } from '../../shared/i18n/index.ts';
import { openBackend } from './index.ts';
import { ADMIN, openHarness, type Harness } from './testing/harness.ts';
import { answerProblems, describe, Fingerprinter, fingerprintDiff, RefusalGuard } from './testing/fuzz-checks.ts';
import { allowedUsers, DEMO_USERS } from './testing/fuzz-hostile.ts';
import { confinePaths, methodInput, objectShape, type GenContext } from './testing/fuzz-inputs.ts';
import type { Backend } from './types.ts';

const DEFAULT_RUNS = 25;
const DEFAULT_METHOD_MS = 1200;
const RUNS = Number(process.env.FUZZ_RUNS ?? DEFAULT_RUNS);
const METHOD_MS = process.env.FUZZ_METHOD_MS ? Number(process.env.FUZZ_METHOD_MS) : process.env.FUZZ_RUNS ? undefined : DEFAULT_METHOD_MS;
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
/** Inputs every method has whatever the time cap. */
const MIN_INPUTS = Math.min(RUNS, 8);
/** Inputs between two looks at the time cap. */
const CHUNK = 4;
/** Refusals after which the batch is checked by a full fingerprint at the end of a method. */
const CHECK_EVERY = 1000;

/**
 * Methods that would break the fixture for the methods fuzzed after them. Each is fuzzed on
 * its own copy of the demo database as loaded, with its own backend; nothing else is skipped.
 */
const ISOLATED: Partial<Record<Method, string>> = {
  'auth.logout': "ends the caller's session (the test logs in again after each accepted call)",
  'auth.changePassword': "changes the callers' passwords and ends their other sessions",
  'users.update': 'takes roles away from the demo users and relinks their drivers',
  'users.deactivate': 'deactivates the demo users the other methods are called as',
  'users.resetPassword': "changes the demo users' passwords and ends their sessions",
  'backup.restore': 'replaces the database and restarts the backend, which logs everyone out',
};

interface Stats {
  inputs: number;
  accepted: number;
  codes: Record<string, number>;
  /** codes answered that the contract does not list for the method (reported, not failed) */
  undeclared: Set<string>;
  /** full fingerprints taken */
  fingerprints: number;
  capped: boolean;
  /** time spent: all, in dispatch, in full fingerprints */
  ms: number;
  dispatchMs: number;
  fpMs: number;
}
const stats = new Map<string, Stats>();
const statsOf = (method: string): Stats => {
  let s = stats.get(method);
  if (!s) stats.set(method, (s = { inputs: 0, accepted: 0, codes: {}, undeclared: new Set(), fingerprints: 0, capped: false, ms: 0, dispatchMs: 0, fpMs: 0 }));
  return s;
};

/** A backend with its refusal guard (read-only connections) and the demo users' sessions. */
class Env {
  readonly guard: RefusalGuard;
  readonly tokens = new Map<string, string>();
  readonly passwords: Record<string, string> = {};
  readonly userIds = new Map<number, string>();

  readonly backend: Backend;
  readonly dbFile: string;

  constructor(backend: Backend, dbFile: string) {
    this.backend = backend;
    this.dbFile = dbFile;
    this.guard = new RefusalGuard(new Fingerprinter(dbFile));
    envs.push(this);
    const db = new SQLite(dbFile, { readonly: true });
    try {
      for (const r of db.prepare('SELECT id, username FROM users').all() as { id: number; username: string }[]) this.userIds.set(r.id, r.username);
    } finally {
      db.close();
    }
  }

  async token(user: string): Promise<string> {
    const known = this.tokens.get(user);
    if (known) return known;
    const password = this.passwords[user] ?? (user === ADMIN.username ? ADMIN.password : 'demo1234');
    const r = await this.backend.dispatch('auth.login', { username: user, password }, {});
    if (!r.ok) throw new Error(`fixture: ${user} cannot log in (${r.error.code} ${r.error.message})`);
    const token = (r.data as { token: string }).token;
    this.tokens.set(user, token);
    return token;
  }

  /** What an accepted call did to the sessions and passwords the test keeps (and problems found). */
  accepted(method: string, user: string | null, input: Record<string, unknown>): string[] {
    const target = typeof input.id === 'number' ? this.userIds.get(input.id) : undefined;
    if (method === 'auth.logout' && user) this.tokens.delete(user);
    if (method === 'auth.changePassword' && user) this.passwords[user] = input.newPassword as string;
    if (method === 'users.resetPassword' && target) {
      this.passwords[target] = input.newPassword as string;
      if (target !== user) this.tokens.delete(target);
    }
    if (method === 'users.deactivate' && target) this.tokens.delete(target);
    if (method === 'backup.restore') {
      // the backend opened the restored file: new sessions, and the old file moved aside
      this.tokens.clear();
      const problems = this.guard.checkpoint();
      this.guard.fp.close();
      this.guard.reset(new Fingerprinter(this.dbFile));
      return problems;
    }
    return [];
  }

  get fp(): Fingerprinter {
    return this.guard.fp;
  }

  async close() {
    this.fp.close();
    await this.backend.close();
  }
}

let h: Harness;
let main: Env;
/** every backend the file opened, for the report */
const envs: Env[] = [];
let work: string;
let pristine: string;
let sandbox: string;
let gen: GenContext;
let cwd: string;
const logged: string[] = [];
const protoKeys = { object: Object.getOwnPropertyNames(Object.prototype).sort(), array: Object.getOwnPropertyNames(Array.prototype).sort() };

async function settle(backend: Backend) {
  // the daily backup taken in the background at opening writes into the data folder
  await backend.background;
}

/** A backend of its own on a copy of the demo database as loaded. */
async function isolatedEnv(name: string): Promise<Env> {
  const dir = fs.mkdtempSync(path.join(work, `${name.replace(/\W/g, '_')}-`));
  const dbFile = path.join(dir, 'depot.sqlite');
  fs.copyFileSync(pristine, dbFile);
  const backend = await openBackend({ dbFile, now: () => h.clock.now });
  await settle(backend);
  return new Env(backend, dbFile);
}

let setupMs = 0;

beforeAll(async () => {
  const started = Date.now();
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    logged.push(args.map((a) => (a instanceof Error ? (a.stack ?? a.message) : String(a))).join(' '));
  });
  h = await openHarness({ demo: true });
  await settle(h.backend);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'depot-fuzz-'));
  pristine = path.join(work, 'pristine.sqlite');
  const ro = new SQLite(h.dbFile, { readonly: true });
  await ro.backup(pristine);
  ro.close();
  // The file-system methods work inside the sandbox: absolute paths are moved there, and it
  // is the working directory, so relative paths land there too.
  sandbox = path.join(work, 'sandbox');
  fs.mkdirSync(sandbox);
  fs.copyFileSync(pristine, path.join(sandbox, 'copy.sqlite'));
  fs.writeFileSync(path.join(sandbox, 'notes.txt'), 'not a database');
  fs.mkdirSync(path.join(sandbox, 'backups'));
  gen = {
    paths: [
      path.join(sandbox, 'backups'),
      path.join(sandbox, 'new-folder'),
      path.join(sandbox, 'copy.sqlite'),
      path.join(sandbox, 'notes.txt'),
      path.join(sandbox, 'missing.sqlite'),
      `${sandbox}/../sandbox/copy.sqlite`,
      'relative/folder',
      'C:\\depot\\backups',
      '\\\\server\\share\\depot',
    ],
  };
  cwd = process.cwd();
  process.chdir(sandbox);
  main = new Env(h.backend, h.dbFile);
  for (const user of Object.keys(DEMO_USERS)) await main.token(user);
  setupMs = Date.now() - started;
});

afterAll(async () => {
  process.chdir(cwd);
  main?.fp.close();
  await h?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
  vi.restoreAllMocks();
  printReport();
});

function printReport() {
  const rows = [...stats.entries()].map(([m, s]) => ({
    method: m,
    inputs: s.inputs,
    accepted: s.accepted,
    refused: Object.entries(s.codes)
      .sort((a, b) => b[1] - a[1])
      .map(([c, n]) => `${c} ${n}`)
      .join(', '),
    fingerprints: s.fingerprints,
    ms: `${s.ms} (dispatch ${Math.round(s.dispatchMs)}, fp ${Math.round(s.fpMs)})`,
    note: [s.capped ? 'time cap' : '', s.undeclared.size ? `undeclared: ${[...s.undeclared].join(' ')}` : '', ISOLATED[m as Method] ? 'isolated' : ''].filter(Boolean).join('; '),
  }));
  const width = Math.max(...rows.map((r) => r.method.length), 6);
  const sum = (f: (g: RefusalGuard) => number) => envs.reduce((n, e) => n + f(e.guard), 0);
  const lines = [
    `API fuzz: ${rows.length} methods, ${rows.reduce((n, r) => n + r.inputs, 0)} inputs (FUZZ_RUNS=${RUNS}${METHOD_MS ? `, cap ${METHOD_MS} ms per method` : ''}); ` +
      `${sum((g) => g.refusals)} refusals, each checked by data_version and the data folder, ${sum((g) => g.checkedRefusals)} also by ${sum((g) => g.fingerprints)} full fingerprints (${Math.round(sum((g) => g.fingerprintMs))} ms); ` +
      `demo depot loaded in ${setupMs} ms, methods fuzzed in ${[...stats.values()].reduce((n, s) => n + s.ms, 0)} ms`,
    `${'method'.padEnd(width)}  inputs  ok  fp  ms  refused`,
    ...rows.map((r) => `${r.method.padEnd(width)}  ${String(r.inputs).padStart(6)}  ${String(r.accepted).padStart(2)}  ${String(r.fingerprints).padStart(2)}  ${r.ms}  ${r.refused}${r.note ? `  [${r.note}]` : ''}`),
  ];
  console.log(lines.join('\n'));
  if (process.env.FUZZ_REPORT) fs.writeFileSync(process.env.FUZZ_REPORT, JSON.stringify(Object.fromEntries(rows.map((r) => [r.method, r.inputs])), null, 2));
}

function forbiddenMessage(lang: Lang, method: string) {
  return translator(lang)('err.forbidden', { method });
}

/**
 * Fuzzes one method on an environment. Throws (with the input) at the first answer that is
 * not the one shape, is INTERNAL, was logged, or is a refusal that changed something.
 */
async function fuzz(env: Env, method: Method, index: number) {
  const def = api[method];
  const users = allowedUsers(def);
  const s = statsOf(method);
  const arb = fc.record({
    caller: users.length > 0 ? fc.constantFrom(...users) : fc.constant(null),
    lang: fc.constantFrom<Lang>('zh-CN', 'en'),
    body: methodInput(def.input, gen),
  });

  const guard = env.guard;
  const fpBefore = { n: guard.fingerprints, ms: guard.fingerprintMs };

  const property = fc.asyncProperty(arb, async ({ caller, lang, body }) => {
    const input = confinePaths(body.input, sandbox);
    s.inputs++;
    const parsed = def.input.safeParse(input ?? {});
    const token = caller ? await env.token(caller) : undefined;
    const loggedBefore = logged.length;
    guard.before(parsed.success);
    let answer: unknown;
    const t = performance.now();
    try {
      answer = await env.backend.dispatch(method, input, token ? { token, lang } : { lang });
      s.dispatchMs += performance.now() - t;
    } catch (err) {
      throw new Error(`${method} as ${caller}: dispatch threw ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\ninput: ${describe(input)}`);
    }
    const problems = answerProblems(answer);
    // The one line the backend logs by design: a restore applied when it opens the file again.
    if (method === 'backup.restore' && (answer as { ok: boolean }).ok) {
      for (let i = logged.length - 1; i >= loggedBefore; i--) if (logged[i]!.startsWith('restored the database from a backup;')) logged.splice(i, 1);
    }
    if (logged.length > loggedBefore) problems.push(`logged: ${logged.slice(loggedBefore).join('\n').slice(0, 2000)}`);
    const a = answer as { ok: boolean; error?: { code: string; message: string } };
    if (a.ok) {
      s.accepted++;
      if (!parsed.success) problems.push('accepted an input its own schema refuses');
      else {
        problems.push(...guard.accepted());
        problems.push(...env.accepted(method, caller, parsed.data as Record<string, unknown>));
      }
    } else if (a.error) {
      const code = a.error.code;
      s.codes[code] = (s.codes[code] ?? 0) + 1;
      if (!def.errors.includes(code as never) && code !== 'INVALID_INPUT') s.undeclared.add(code);
      problems.push(...guard.refused(`${method} as ${caller}: ${describe(input, 160)} -> ${code}`));
      if (!parsed.success && code !== 'INVALID_INPUT') problems.push(`input the schema refuses answered ${code}, not INVALID_INPUT`);
      if (code === 'UNAUTHENTICATED' && caller && !def.errors.includes('UNAUTHENTICATED')) problems.push(`${caller} lost the session (the fixture is broken)`);
      if (code === 'FORBIDDEN' && token && a.error.message === forbiddenMessage(lang, method)) {
        // a handler may refuse a record with the same words; the dispatcher checks the role before the input
        const probe = await env.backend.dispatch(method, 42, { token });
        if (probe.ok || probe.error.code !== 'INVALID_INPUT') problems.push(`${caller} refused by role although allowed (the fixture is broken)`);
      }
    }
    if (problems.length > 0) throw new Error(`${method} as ${caller ?? '(no token)'} (${lang}):\n  ${problems.join('\n  ')}\ninput: ${describe(input)}\nanswer: ${describe(answer, 600)}`);
  });

  const started = Date.now();
  try {
    // In chunks, the time cap checked between them (fast-check's own interruptAfterTimeLimit
    // races a call in flight and lets it run on into the next method). The first MIN_INPUTS
    // inputs have no cap.
    let done = 0;
    for (let chunk = 0; done < RUNS; chunk++) {
      if (done >= MIN_INPUTS && METHOD_MS !== undefined && Date.now() - started >= METHOD_MS) break;
      const numRuns = done < MIN_INPUTS ? MIN_INPUTS : Math.min(CHUNK, RUNS - done);
      await fc.assert(property, { numRuns, ...(SEED !== undefined ? { seed: (SEED + index * 7919 + chunk * 104_729) | 0 } : {}) });
      done += numRuns;
    }
  } catch (err) {
    // the refusals so far are checked before the failure is reported
    const unchecked = guard.checkpoint();
    if (unchecked.length > 0 && err instanceof Error) err.message += `\n${unchecked.join('\n')}`;
    throw err;
  } finally {
    s.fingerprints += guard.fingerprints - fpBefore.n;
    s.fpMs += guard.fingerprintMs - fpBefore.ms;
    s.ms += Date.now() - started;
  }
  // A batch of refusals may span methods (a full fingerprint costs tens of ms): it is checked
  // at an accepted change, when it grows long, and at the end (see the last test).
  if (guard.pending >= CHECK_EVERY) expect(guard.checkpoint(), method).toEqual([]);
  if (s.inputs < RUNS) s.capped = true;
  // prototype pollution: nothing new on Object.prototype or Array.prototype
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoKeys.object);
  expect(Object.getOwnPropertyNames(Array.prototype).sort()).toEqual(protoKeys.array);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

suite('the fuzz itself', () => {
  it('sees a change made behind the backend (data_version, rows, files), and hashes the audit trail incrementally right', async () => {
    const env = await isolatedEnv('selftest');
    try {
      const fp = env.fp;
      const before = fp.fingerprint();
      const files = fp.files();
      const version = fp.dataVersion();
      const raw = new SQLite(env.dbFile);
      raw.prepare("UPDATE vehicles SET parking_place = parking_place || '.' WHERE id = 1").run();
      raw.close();
      expect(fp.dataVersion()).not.toBe(version);
      const after = fp.fingerprint();
      expect(fingerprintDiff(before, after)).toEqual([expect.stringMatching(/^vehicles: 12 rows /)]);
      fs.writeFileSync(path.join(path.dirname(env.dbFile), 'stray.bin'), 'x');
      expect(fp.files()).not.toBe(files);
      // The guard: a refusal that committed is caught at once.
      env.guard.before(false);
      const writer = new SQLite(env.dbFile);
      writer.prepare("UPDATE drivers SET phone = 'x' WHERE id = 1").run();
      writer.close();
      expect(env.guard.refused('simulated')).toEqual([expect.stringContaining('data_version moved'), expect.stringContaining('stray.bin')]);
      // The audit trail, hashed incrementally as rows are added, hashes as a fresh full read does.
      const admin = await env.token('admin');
      for (let i = 0; i < 3; i++) expect((await env.backend.dispatch('shops.create', { name: `自检 ${i}` }, { token: admin })).ok).toBe(true);
      const fresh = new Fingerprinter(env.dbFile);
      expect(fp.fingerprint()).toEqual(fresh.fingerprint());
      fresh.close();
    } finally {
      await env.close();
      envs.splice(envs.indexOf(env), 1);
    }
  });
});

suite('a driver asks for other people’s records', () => {
  it('is refused the records and sees only their own in lists', async () => {
    const db = new SQLite(h.dbFile, { readonly: true });
    const me = (db.prepare("SELECT driver_id AS id FROM users WHERE username = 'siji02'").get() as { id: number }).id;
    const others = (table: string) => (db.prepare(`SELECT id FROM ${table} WHERE driver_id IS NOT NULL AND driver_id != ? ORDER BY id LIMIT 3`).all(me) as { id: number }[]).map((r) => r.id);
    const other = (db.prepare('SELECT id FROM drivers WHERE id != ? ORDER BY id LIMIT 1').get(me) as { id: number }).id;
    const calls: [Method, Record<string, unknown>][] = [
      ...others('dispatch_tickets').map((id): [Method, Record<string, unknown>] => ['dispatch.get', { id }]),
      ...others('repair_orders').map((id): [Method, Record<string, unknown>] => ['repairs.get', { id }]),
      ...others('accidents').map((id): [Method, Record<string, unknown>] => ['accidents.get', { id }]),
      ...others('accidents').map((id): [Method, Record<string, unknown>] => ['accidents.attachment', { id, attachmentId: 1 }]),
      ...others('violations').map((id): [Method, Record<string, unknown>] => ['violations.get', { id }]),
      ...others('purchases').map((id): [Method, Record<string, unknown>] => ['purchases.get', { id }]),
      ['settlement.slip', { month: '2026-10', driverId: other }],
      ['assessment.sheet', { month: '2026-10', subject: 'driver', subjectId: other }],
    ];
    db.close();
    expect(calls.length).toBeGreaterThan(8);
    const token = await main.token('siji02');
    for (const [method, input] of calls) {
      const r = await h.backend.dispatch(method, input, { token });
      expect(answerProblems(r), method).toEqual([]);
      expect(r.ok ? 'OK' : r.error.code, `${method} ${JSON.stringify(input)}`).toMatch(/^(FORBIDDEN|NOT_FOUND)$/);
    }
    for (const method of ['dispatch.list', 'repairs.list', 'accidents.list', 'violations.list', 'purchases.list', 'fuel.list'] as Method[]) {
      const r = await h.backend.dispatch(method, { driverId: other, pageSize: 200 }, { token });
      const items = r.ok ? (r.data as { items: { driverId?: number | null }[] }).items : [];
      expect(items.filter((i) => 'driverId' in i && i.driverId !== me), method).toEqual([]);
    }
  });
});

suite('fuzz every API method', () => {
  const methods = Object.keys(api) as Method[];
  methods.forEach((method, index) => {
    it(method, { timeout: 180_000 }, async () => {
      if (!ISOLATED[method]) return fuzz(main, method, index);
      const env = await isolatedEnv(method);
      try {
        await fuzz(env, method, index);
        expect(env.guard.checkpoint(), method).toEqual([]);
      } finally {
        await env.close();
      }
    });
  });

  it('a prototype member\'s name as a field\'s value reaches no prototype (every method, every field)', async () => {
    // e.g. a list's sortField 'valueOf' once picked Object.prototype.valueOf as the column
    const names = ['__proto__', 'constructor', 'prototype', 'valueOf', 'toString', 'hasOwnProperty', '__defineGetter__', 'isPrototypeOf'];
    const guard = main.guard;
    let reached = 0;
    for (const method of methods) {
      if (ISOLATED[method]) continue;
      const def = api[method];
      const user = allowedUsers(def)[0];
      for (const key of Object.keys(objectShape(def.input) ?? {})) {
        for (const name of names) {
          const input = { [key]: name };
          if (!def.input.safeParse(input).success) continue;
          reached++;
          guard.before(true);
          const r = await h.backend.dispatch(method, input, user ? { token: await main.token(user) } : {});
          expect(answerProblems(r), `${method} ${key}=${name}`).toEqual([]);
          expect(r.ok ? guard.accepted() : guard.refused(`${method} ${key}=${name}`), `${method} ${key}=${name}`).toEqual([]);
        }
      }
    }
    expect(reached).toBeGreaterThan(100);
  });

  it('fuzzed every method of the contract, nothing was logged, and the last refusals changed nothing', () => {
    const unchecked = main.guard.checkpoint();
    const unfuzzed = methods.filter((m) => (stats.get(m)?.inputs ?? 0) < MIN_INPUTS);
    expect({ unchecked, unfuzzed, logged }).toEqual({ unchecked: [], unfuzzed: [], logged: [] });
  });
});

suite('calls that are not calls', () => {
  it('an unknown method is NOT_FOUND, whoever asks, and changes nothing', async () => {
    const loggedBefore = logged.length;
    // (the adapters pass only strings: HTTP takes the URL's path, IPC refuses any other type)
    const names: string[] = ['no.such', '', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'auth', 'auth.', '.login', 'AUTH.LOGIN', 'auth.login ', ' auth.login', 'auth.login\u0000', 'x'.repeat(100_000), '../auth.login', 'users.list/../users.create'];
    const before = main.fp.fingerprint();
    const files = main.fp.files();
    const version = main.fp.dataVersion();
    for (const name of names) {
      for (const token of [undefined, await main.token('admin'), 'forged']) {
        const r = await h.backend.dispatch(name, { username: 'admin', password: ADMIN.password }, { token });
        expect(answerProblems(r), describe(name)).toEqual([]);
        expect(r.ok ? 'OK' : r.error.code, describe(name)).toBe('NOT_FOUND');
      }
    }
    expect(main.fp.dataVersion()).toBe(version);
    expect(fingerprintDiff(before, main.fp.fingerprint())).toEqual([]);
    expect(main.fp.files()).toBe(files);
    expect(logged.slice(loggedBefore)).toEqual([]);
  });

  it('a body that is not an object is refused by every method (or taken as {} where {} is the whole input)', async () => {
    const env = await isolatedEnv('bodies');
    const loggedBefore = logged.length;
    try {
      const bodies: unknown[] = [undefined, null, -0, '', '{}', [{}], true, 10n];
      const calls = (Object.keys(api) as Method[]).flatMap((method) => bodies.map((body) => ({ method, body, accepts: api[method].input.safeParse(body ?? {}).success })));
      // First every body its schema refuses, as one batch between two fingerprints…
      const before = env.fp.fingerprint();
      const files = env.fp.files();
      const version = env.fp.dataVersion();
      let refused = 0;
      for (const { method, body } of calls.filter((c) => !c.accepts)) {
        const user = allowedUsers(api[method])[0];
        const r = await env.backend.dispatch(method, body, user ? { token: await env.token(user) } : {});
        expect(answerProblems(r), `${method} ${describe(body)}`).toEqual([]);
        expect(r.ok ? 'OK' : r.error.code, `${method} ${describe(body)}`).toBe('INVALID_INPUT');
        expect(env.fp.dataVersion(), `${method} ${describe(body)}`).toBe(version);
        refused++;
      }
      expect(fingerprintDiff(before, env.fp.fingerprint())).toEqual([]);
      expect(env.fp.files()).toBe(files);
      expect(refused).toBeGreaterThanOrEqual(Object.keys(api).length * 6);
      // …then the few a method takes as {} (undefined, null for a method without input).
      for (const { method, body } of calls.filter((c) => c.accepts)) {
        const user = allowedUsers(api[method])[0] ?? null;
        const r = await env.backend.dispatch(method, body, user ? { token: await env.token(user) } : {});
        expect(answerProblems(r), `${method} ${describe(body)}`).toEqual([]);
        if (r.ok) expect(env.accepted(method, user, api[method].input.parse(body ?? {}) as Record<string, unknown>)).toEqual([]);
      }
      expect(logged.slice(loggedBefore)).toEqual([]);
    } finally {
      await env.close();
    }
  });
});
