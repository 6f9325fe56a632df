// Helpers of the API fuzz test (electron/backend/fuzz.test.ts): fast-check arbitraries built
// from the contract's zod input schemas (plausible values, hostile values, junk), a check of
// the one answer shape, and a fingerprint of the database file (and the data folder) read
// through a connection of its own, to prove that a refused call changed nothing.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import fc from 'fast-check';
import { ERROR_CODES, type MethodDef } from '../../../shared/api/index.ts';
import { ROLES, type Role } from '../../../shared/domain/roles.ts';

// ---------------------------------------------------------------------------------------------
// Callers

/** The demo depot's users (password demo1234) and the administrator, one per role they hold. */
export const DEMO_USERS: Record<string, readonly Role[]> = {
  admin: ['admin'],
  zhuren: ['director'],
  fuzhuren: ['deputy_director'],
  bangongshi: ['fleet_office'],
  duizhang: ['fleet_captain'],
  jingli: ['manager_office'],
  caiwu: ['finance'],
  zuzhang: ['group_leader', 'driver'],
  siji02: ['driver'],
};

/** The demo users allowed to call a method; [] for a public one (called without a token). */
export function allowedUsers(def: MethodDef): string[] {
  if (def.access === 'public') return [];
  const access = def.access;
  const users = Object.entries(DEMO_USERS)
    .filter(([, roles]) => access === 'any' || roles.some((r) => access.includes(r)))
    .map(([u]) => u);
  // Every role of the contract must have a demo user, or a method could go unfuzzed.
  if (users.length === 0) throw new Error(`no demo user holds one of ${JSON.stringify(access)} (roles: ${ROLES.join(', ')})`);
  return users;
}

// ---------------------------------------------------------------------------------------------
// Hostile values

const HUGE = 100_000;
/** Marks a field to be left out of the object altogether. */
export const MISSING = Symbol('missing');

function pollutingObject(): unknown {
  // JSON.parse makes an own "__proto__" property, as a body parsed from the network would.
  return JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}');
}

function nullPrototype(): unknown {
  const o = Object.create(null) as Record<string, unknown>;
  o.id = 1;
  return o;
}

/** Arrays (or objects) nested `depth` deep around a value. */
export function nested(depth: number, asObject: boolean, leaf: unknown = 1): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = asObject ? { a: v } : [v];
  return v;
}

/** Strings that have broken parsers, SQL, spreadsheets, terminals and template engines. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  ' \t\r\n ',
  'x'.repeat(HUGE),
  '9'.repeat(HUGE),
  '字'.repeat(HUGE),
  '1; DROP TABLE users; --',
  "' OR '1'='1",
  "'; DELETE FROM audit_log; --",
  '" OR ""="',
  "1' UNION SELECT password_hash FROM users --",
  '%',
  '_',
  '\\',
  "'",
  '\u0000',
  'a\u0000b',
  '\u0001\u0002\u001b[31mred\u007f',
  '\u202Eevil\u202C.pdf',
  '\u200F\u200E\u2066\u2069',
  '😀👨‍👩‍👧‍👦🇨🇳',
  '\uD800',
  '\uDFFF\uD800',
  '=cmd|\' /C calc\'!A0',
  '=HYPERLINK("http://x","y")',
  '+SUM(1,1)',
  '-2+3',
  '@SUM(A1)',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '<script>alert(1)</script>',
  '${7*7}',
  '{{7*7}}',
  '$t(err.internal)',
  '%s%n%x',
  'NaN',
  'null',
  'undefined',
  'true',
  '-1',
  '999999999',
  '1e309',
  '0x1F',
  '2026-02-30',
  '2026-13',
  '0000-01',
  '9999-12',
  '275760-09',
  '2026-11-23 24:61',
  '2026-11-23T09:30:00Z',
  'Invalid Date',
];

const HOSTILE_NUMBERS: readonly number[] = [
  0,
  -0,
  -1,
  1,
  0.5,
  -1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  2 ** 53 + 1,
  Number.MAX_SAFE_INTEGER,
  Number.MIN_SAFE_INTEGER,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MIN_VALUE,
  1e21,
  999_999_999,
  2 ** 31,
  -(2 ** 31),
  2 ** 63,
];

/** Values of every other kind: objects that look like records, arrays, dates, bigints. */
function hostileOthers(): unknown[] {
  return [
    undefined,
    null,
    true,
    false,
    [],
    {},
    [null],
    [[]],
    [1, 2, 3],
    { id: 1 },
    pollutingObject(),
    nullPrototype(),
    new Date(Number.NaN),
    new Date(0),
    10n,
    -(2n ** 64n),
    new Map([['id', 1]]),
    new Set([1]),
    new Uint8Array([37, 80, 68, 70, 45]),
    // eslint-disable-next-line no-sparse-arrays
    [1, , 3],
    Object.assign(Object.create({ inherited: 1 }), { own: 1 }),
  ];
}

/** One hostile value: wrong types, extremes, hostile strings, deep nesting, or anything at all. */
export function hostileValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
    { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
    { weight: 3, arbitrary: fc.constantFrom(...hostileOthers()) },
    { weight: 1, arbitrary: fc.constant(MISSING) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.maxSafeInteger(), fc.bigInt()) },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 50, max: 1000 }), fc.boolean()).map(([d, o]) => nested(d, o)) },
    { weight: 2, arbitrary: anythingAtAll(3) },
  );
}

/** fc.anything with every kind of value it knows. */
export function anythingAtAll(maxDepth: number): fc.Arbitrary<unknown> {
  return fc.anything({
    maxDepth,
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withObjectString: true,
    withSparseArray: true,
    withTypedArray: true,
    stringUnit: 'binary',
  });
}

/** Junk bodies: not the method's shape at all. */
export function junkInput(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: hostileValue().map((v) => (v === MISSING ? undefined : v)) },
    { weight: 3, arbitrary: anythingAtAll(6) },
    { weight: 1, arbitrary: fc.array(anythingAtAll(2), { maxLength: 5 }) },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 100, max: 1000 }), fc.boolean()).map(([d, o]) => nested(d, o)) },
  );
}

// ---------------------------------------------------------------------------------------------
// Plausible values from the zod schemas (zod v4: schema._zod.def)

interface ZodDef {
  type: string;
  [key: string]: unknown;
}
type ZodLike = { _zod: { def: ZodDef } };

const defOf = (s: unknown): ZodDef => (s as ZodLike)._zod.def;
const checksOf = (s: unknown): Record<string, unknown>[] =>
  ((defOf(s).checks as { _zod: { def: Record<string, unknown> } }[] | undefined) ?? []).map((c) => c._zod.def);

/** The object schema under wrappers (default, optional, pipe…), or null when it is not an object. */
export function objectShape(schema: unknown): Record<string, unknown> | null {
  let s = schema;
  for (;;) {
    const d = defOf(s);
    if (d.type === 'object') return d.shape as Record<string, unknown>;
    if (d.type === 'default' || d.type === 'optional' || d.type === 'nullable' || d.type === 'prefault' || d.type === 'readonly' || d.type === 'catch') s = d.innerType;
    else if (d.type === 'pipe') s = d.in;
    else return null;
  }
}

/** Fields that may be left out: optional, or with a default. */
function isOmittable(schema: unknown): boolean {
  const d = defOf(schema);
  if (d.type === 'optional' || d.type === 'default' || d.type === 'prefault') return true;
  if (d.type === 'pipe') return isOmittable(d.in);
  return false;
}

/** What the generator knows beyond the schema: where files may be, the clock's month. */
export interface GenContext {
  /** absolute paths the backup methods may use: inside the test's folder */
  paths: string[];
}

const MONTHS = ['2026-11', '2026-10', '2026-09', '2026-12', '2026-01', '2025-12', '2027-01', '2020-02'];
const DATES = ['2026-11-23', '2026-11-01', '2026-10-31', '2026-11-30', '2026-12-01', '2025-01-01', '2029-12-31', '2026-02-28', '2024-02-29'];
const MINUTES = ['2026-11-23 09:00', '2026-11-23 08:00', '2026-11-23 17:30', '2026-11-22 23:59', '2026-11-24 08:00', '2026-10-15 12:00', '2026-11-23 09:30'];
const TEXTS = ['城东线', '测试', '更换机油', '发动机异响', '合理原因', 'note', '王建国', '中石化城东加油站', '经理室 沈经理', 'x'];
const USERNAMES = [...Object.keys(DEMO_USERS), 'siji03', 'nobody', 'fuzz_user'];
const PASSWORDS = ['demo1234', 'admin-pass-1', 'new-pass-123', 'wrong-pass', '        x'];
const TABLES = ['users', 'vehicles', 'drivers', 'shops', 'dispatch_tickets', 'repair_orders', 'accidents', 'violations', 'settlements', 'backups', 'sqlite_master'];
const PLATES = ['苏ED3101', '苏EW3136', '苏E12345', 'ab 1234', '京A·88888'];
const FILE_NAMES = ['statement.csv', 'statement.xlsx', 'photo.jpg', 'report.pdf', '../../x.csv', 'a'];
const PROFILES = ['中石化', '中石油', 'default', 'sinopec'];

function b64(s: string | Buffer): string {
  return Buffer.from(s).toString('base64');
}
const BASE64 = [
  b64('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
  b64(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])),
  b64(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46])),
  b64('加油时间,车牌,金额\n2026-11-20 08:00,苏ED3101,300.00\n'),
  b64('filledAt,plate,amount\n=cmd|\' /C calc\'!A0,苏ED3101,1\n'),
  'not base64!',
  'QUJD',
  'QUJD\n',
  'data:application/pdf;base64,JVBERi0=',
];

const w = (weight: number, arbitrary: fc.Arbitrary<unknown>) => ({ weight, arbitrary });

function stringArbitrary(schema: unknown, key: string, ctx: GenContext): fc.Arbitrary<unknown> {
  const checks = checksOf(schema);
  const pattern = checks.find((c) => c.format === 'regex')?.pattern as RegExp | undefined;
  const min = checks.find((c) => c.check === 'min_length')?.minimum as number | undefined;
  const max = checks.find((c) => c.check === 'max_length')?.maximum as number | undefined;
  const arbs = [w(1, fc.string({ maxLength: 12 })), w(2, fc.constantFrom(...TEXTS))];
  // the schema's own pattern, then what the field's name says it holds (refinements cannot be read)
  if (pattern) arbs.push(w(6, fc.stringMatching(pattern, { maxLength: 60 })));
  const k = key.toLowerCase();
  const pool = (...values: string[]) => arbs.push(w(8, fc.constantFrom(...values)));
  if (/month/.test(k)) pool(...MONTHS);
  else if (/(^from$|^to$|^date$|on$|date$|validfrom$|validto$)/.test(k)) pool(...DATES);
  else if (/(at$|departure$|return$)/.test(k)) pool(...MINUTES);
  else if (/time$/.test(k)) pool('18:00', '23:59', '00:00', '17:30', '24:00', '8:00');
  else if (/(base64|^data$)/.test(k)) arbs.push(w(8, fc.constantFrom(...BASE64)), w(2, fc.base64String({ maxLength: 64 })));
  else if (/filename/.test(k)) pool(...FILE_NAMES);
  else if (/^(file|folder|path|dir)$/.test(k)) pool(...ctx.paths);
  else if (/username/.test(k)) arbs.push(w(6, fc.constantFrom(...USERNAMES)), w(4, fc.stringMatching(/^[a-z0-9_.-]{2,20}$/)));
  else if (/password/.test(k)) pool(...PASSWORDS);
  else if (k === 'entity') pool(...TABLES);
  else if (k === 'entityid') arbs.push(w(8, fc.integer({ min: 1, max: 40 }).map(String)));
  else if (k === 'plate') arbs.push(w(4, fc.constantFrom(...PLATES)), w(6, fc.stringMatching(/^苏E[A-HJ-NP-Z0-9]{5}$/)));
  else if (k === 'profile') pool(...PROFILES);
  else if (pattern === undefined) arbs.push(w(3, fc.string({ minLength: Math.min(min ?? 1, 4), maxLength: Math.min(max ?? 20, 20), unit: 'grapheme' })));
  // strings at the length limits, and one past them
  if (max !== undefined && max <= 5000) arbs.push(w(1, fc.constantFrom('x'.repeat(max), '字'.repeat(max), 'x'.repeat(max + 1), ` ${'y'.repeat(max)} `)));
  if (min !== undefined && min > 1) arbs.push(w(1, fc.constantFrom('x'.repeat(min), 'x'.repeat(min - 1))));
  return fc.oneof(...arbs);
}

const isIdKey = (key: string) => /(^id$|Id$|^ids$)/.test(key);

function numberArbitrary(schema: unknown, key: string): fc.Arbitrary<unknown> {
  const checks = checksOf(schema);
  const int = checks.some((c) => c.check === 'number_format' && (c.format === 'safeint' || c.format === 'int32'));
  const lo = Math.max(Number.MIN_SAFE_INTEGER, ...checks.filter((c) => c.check === 'greater_than').map((c) => (c.value as number) + (c.inclusive ? 0 : 1)));
  const hi = Math.min(Number.MAX_SAFE_INTEGER, ...checks.filter((c) => c.check === 'less_than').map((c) => (c.value as number) - (c.inclusive ? 0 : 1)));
  const low = Math.max(lo, -1000);
  const arbs: fc.Arbitrary<unknown>[] = [];
  // ids: the demo depot's real records (and so other people's), and just past them
  if (isIdKey(key)) arbs.push(fc.integer({ min: 1, max: 25 }), fc.integer({ min: 1, max: 25 }), fc.integer({ min: 1, max: 700 }), fc.constantFrom(999_999_999, 0));
  if (lo <= hi) {
    arbs.push(fc.integer({ min: Math.ceil(low), max: Math.floor(Math.min(hi, low + 1000)) }), fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) }), fc.constantFrom(lo, hi));
    if (!int) arbs.push(fc.double({ min: lo, max: hi, noNaN: true }));
  }
  if (arbs.length === 0) arbs.push(fc.integer());
  return fc.oneof(...arbs);
}

/**
 * A value the schema may well accept: right types, realistic ids, months and times, lengths
 * at the limits. With `hostile`, fields below the top are sometimes hostile too.
 */
export function plausible(schema: unknown, key: string, ctx: GenContext, depth = 0, hostile = false): fc.Arbitrary<unknown> {
  const d = defOf(schema);
  // MISSING leaves an object's field out; elsewhere (an array's element) it is undefined
  const nestedHostile = (arb: fc.Arbitrary<unknown>, inObject = false) =>
    hostile && depth > 0 ? fc.oneof({ weight: 15, arbitrary: arb }, { weight: 1, arbitrary: inObject ? hostileValue() : hostileValue().map((v) => (v === MISSING ? undefined : v)) }) : arb;
  const inner = (s: unknown, k = key, dd = depth) => plausible(s, k, ctx, dd, hostile);
  switch (d.type) {
    case 'object': {
      const shape = d.shape as Record<string, unknown>;
      const keys = Object.keys(shape);
      const model = Object.fromEntries(keys.map((k) => [k, nestedHostile(inner(shape[k], k, depth + 1), true)]));
      const requiredKeys = keys.filter((k) => !isOmittable(shape[k]));
      return fc.record(model, { requiredKeys }).map((o) => stripMissing(o));
    }
    case 'optional':
      return fc.option(inner(d.innerType), { nil: undefined, freq: 4 });
    case 'nullable':
      return fc.option(inner(d.innerType), { nil: null, freq: 4 });
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return inner(d.innerType);
    case 'pipe':
      // what goes in, and (a normalisation being idempotent) what comes out: the out side may carry the pattern
      return defOf(d.out).type === 'transform' ? inner(d.in) : fc.oneof(inner(d.in), inner(d.out));
    case 'transform':
      return anythingAtAll(2);
    case 'string':
      return stringArbitrary(schema, key, ctx);
    case 'number':
      return numberArbitrary(schema, key);
    case 'bigint':
      return fc.bigInt();
    case 'boolean':
      return fc.boolean();
    case 'date':
      return fc.date();
    case 'null':
      return fc.constant(null);
    case 'undefined':
      return fc.constant(undefined);
    case 'enum':
      return fc.constantFrom(...Object.values(d.entries as Record<string, string | number>));
    case 'literal':
      return fc.constantFrom(...(d.values as unknown[]));
    case 'array': {
      const checks = checksOf(schema);
      const minLength = (checks.find((c) => c.check === 'min_length')?.minimum as number | undefined) ?? 0;
      const max = (checks.find((c) => c.check === 'max_length')?.maximum as number | undefined) ?? 4;
      const element = nestedHostile(inner(d.element, key === 'ids' ? 'id' : key, depth + 1));
      return fc.array(element, { minLength, maxLength: Math.max(minLength, Math.min(max, 4)) });
    }
    case 'record':
      return fc.dictionary(inner(d.keyType, key, depth + 1) as fc.Arbitrary<string>, inner(d.valueType, key, depth + 1), { maxKeys: 12 });
    case 'union':
      return fc.oneof(...(d.options as unknown[]).map((o) => inner(o)));
    case 'intersection':
      return fc.tuple(inner(d.left), inner(d.right)).map(([a, b]) => (isPlainObject(a) && isPlainObject(b) ? { ...a, ...b } : a));
    case 'lazy':
      return depth > 4 ? fc.constant(null) : inner((d.getter as () => unknown)(), key, depth + 1);
    case 'any':
    case 'unknown':
      return anythingAtAll(3);
    default:
      // A new kind of schema in the contract: say so rather than fuzz it with nothing.
      throw new Error(`fuzz: no plausible generator for zod type '${d.type}' (field ${key})`);
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A copy without the fields marked MISSING (fast-check's values are not changed in place). */
function stripMissing(o: Record<string, unknown>): Record<string, unknown> {
  const out = Object.create(Object.getPrototypeOf(o)) as Record<string, unknown>;
  for (const k of Object.keys(o)) if (o[k] !== MISSING) setOwn(out, k, o[k]);
  return out;
}

/** Keys a parsed body may carry beside the method's own: prototype pollution and unknown names. */
const EXTRA_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'unknownField', '', ' ', '0', 'id', 'token', 'actor', 'userId', 'role', 'roles'];

function setOwn(o: Record<string, unknown>, k: string, v: unknown) {
  // defineProperty: an own "__proto__" key, as JSON.parse makes, not a prototype change
  Object.defineProperty(o, k, { value: v, enumerable: true, configurable: true, writable: true });
}

/**
 * The method's own shape with some fields hostile: 1–3 fields replaced (or left out), and
 * sometimes extra keys (__proto__, constructor, unknown names). For a schema that is not an
 * object, the plausible value itself.
 */
export function shapedInput(schema: unknown, ctx: GenContext): fc.Arbitrary<unknown> {
  const shape = objectShape(schema);
  const base = plausible(schema, '', ctx, 0, true);
  if (!shape) return base;
  const keys = Object.keys(shape);
  const replacements =
    keys.length === 0
      ? fc.constant([] as [string, unknown][])
      : fc.uniqueArray(fc.tuple(fc.constantFrom(...keys), hostileValue()), { minLength: 1, maxLength: Math.min(3, keys.length), selector: (t) => t[0] });
  const extras = fc.option(fc.uniqueArray(fc.tuple(fc.constantFrom(...EXTRA_KEYS), hostileValue()), { minLength: 1, maxLength: 3, selector: (t) => t[0] }), { freq: 3, nil: [] as [string, unknown][] });
  return fc.tuple(base, replacements, extras).map(([b, repl, extra]) => {
    const o: Record<string, unknown> = isPlainObject(b) ? { ...b } : {};
    for (const [k, v] of repl) {
      if (v === MISSING) delete o[k];
      else o[k] = v;
    }
    for (const [k, v] of extra) if (v !== MISSING) setOwn(o, k, v);
    return o;
  });
}

/** Plausible bodies only: right types, real ids (other people's too), unknown ids. */
export function plausibleInput(schema: unknown, ctx: GenContext): fc.Arbitrary<unknown> {
  return plausible(schema, '', ctx);
}

/** Every input the fuzz tries on a method: junk, its shape with hostile fields, plausible. */
export function methodInput(schema: unknown, ctx: GenContext): fc.Arbitrary<{ kind: 'junk' | 'hostile' | 'plausible'; input: unknown }> {
  return fc.oneof(
    { weight: 1, arbitrary: junkInput().map((input) => ({ kind: 'junk' as const, input })) },
    { weight: 2, arbitrary: shapedInput(schema, ctx).map((input) => ({ kind: 'hostile' as const, input })) },
    { weight: 1, arbitrary: plausibleInput(schema, ctx).map((input) => ({ kind: 'plausible' as const, input })) },
  );
}

/**
 * Keeps the file-system methods (a backup folder, a file to restore) inside the test's folder:
 * an absolute path is moved under `sandbox` and ".." is defused. The test runs with the
 * sandbox as its working directory, so relative paths land there too.
 */
export function confinePaths(input: unknown, sandbox: string): unknown {
  if (!isPlainObject(input) || !Object.keys(input).some((k) => PATH_KEY.test(k))) return input;
  // a copy with the same own keys (an own "__proto__" stays one): fast-check's values are not changed
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(input)) {
    const v = input[k];
    if (typeof v !== 'string' || !PATH_KEY.test(k)) {
      setOwn(out, k, v);
      continue;
    }
    let p = v.replaceAll('..', '__');
    const t = p.trim();
    if (t.startsWith('/') && !t.startsWith(`${sandbox}/`)) p = path.join(sandbox, 'abs', encodeURIComponent(t).slice(0, 120));
    setOwn(out, k, p);
  }
  return out;
}
const PATH_KEY = /^(file|folder|path|dir|directory)$/i;

// ---------------------------------------------------------------------------------------------
// The answer

/** What is wrong with an answer of dispatch: not exactly the one shape, an unknown or internal code. */
export function answerProblems(answer: unknown): string[] {
  const problems: string[] = [];
  if (!isPlainObject(answer)) return [`answer is not an object: ${describe(answer)}`];
  const keys = Object.keys(answer).sort().join(',');
  if (answer.ok === true) {
    if (keys !== 'data,ok') problems.push(`ok answer has keys ${keys}`);
    return problems;
  }
  if (answer.ok !== false) return [`answer.ok is ${describe(answer.ok)}`];
  if (keys !== 'error,ok') problems.push(`error answer has keys ${keys}`);
  const error = answer.error;
  if (!isPlainObject(error)) return [...problems, `error is ${describe(error)}`];
  const errorKeys = Object.keys(error);
  for (const k of errorKeys) if (!['code', 'message', 'fields'].includes(k)) problems.push(`error has an unknown key ${k}`);
  if (!(ERROR_CODES as readonly unknown[]).includes(error.code)) problems.push(`unknown error code ${describe(error.code)}`);
  if (error.code === 'INTERNAL') problems.push(`INTERNAL: ${String(error.message)}`);
  if (typeof error.message !== 'string' || error.message.trim() === '') problems.push(`message is ${describe(error.message)}`);
  else {
    if (/\n\s+at /.test(error.message)) problems.push(`message carries a stack trace: ${error.message.slice(0, 300)}`);
    if (/\[object Object\]/.test(error.message)) problems.push(`message shows [object Object]: ${error.message.slice(0, 300)}`);
    if (/^(err|field|entity)\.[\w.]+$/.test(error.message)) problems.push(`message is an untranslated key: ${error.message}`);
  }
  if ('fields' in error) {
    if (!isPlainObject(error.fields) || Object.getPrototypeOf(error.fields) !== Object.prototype) problems.push(`fields is ${describe(error.fields)}`);
    else for (const [k, m] of Object.entries(error.fields)) if (typeof m !== 'string' || m.trim() === '') problems.push(`fields.${k} is ${describe(m)}`);
  }
  return problems;
}

/**
 * A short printable form of any value: inputs can be 100k characters long, nested thousands
 * deep, without a prototype, or bigints.
 */
export function describe(v: unknown, max = 300): string {
  let out = '';
  const walk = (x: unknown, depth: number): void => {
    if (out.length > max) return;
    if (typeof x === 'string') out += JSON.stringify(x.length > 80 ? `${x.slice(0, 80)}…(${x.length})` : x);
    else if (typeof x === 'bigint') out += `${x}n`;
    else if (typeof x === 'number') out += Object.is(x, -0) ? '-0' : String(x);
    else if (x === null || typeof x !== 'object') out += String(x);
    else if (depth > 6) out += Array.isArray(x) ? '[…]' : '{…}';
    else if (x instanceof Date) out += `Date(${Number.isNaN(x.getTime()) ? 'invalid' : x.toISOString()})`;
    else if (x instanceof Map || x instanceof Set) out += `${x.constructor.name}(${x.size})`;
    else if (ArrayBuffer.isView(x)) out += `${x.constructor.name}(${x.byteLength} bytes)`;
    else if (Array.isArray(x)) {
      out += '[';
      x.forEach((e, i) => {
        if (i) out += ',';
        walk(e, depth + 1);
      });
      out += ']';
    } else {
      out += Object.getPrototypeOf(x) === null ? '[null proto]{' : '{';
      Object.keys(x).forEach((k, i) => {
        out += `${i ? ',' : ''}${JSON.stringify(k)}:`;
        walk((x as Record<string, unknown>)[k], depth + 1);
      });
      out += '}';
    }
  };
  walk(v, 0);
  return out.length > max ? `${out.slice(0, max)}…` : out;
}

// ---------------------------------------------------------------------------------------------
// The database's fingerprint

type Conn = SQLite.Database;
interface TableQuery {
  name: string;
  /** count and all rows (rowid first) as one text, from a rowid on */
  stmt: SQLite.Statement;
  /** the statement takes the rowid to start after */
  fromRowid: boolean;
  /** rows may only be added (triggers refuse UPDATE and DELETE): hashed incrementally */
  appendOnly: boolean;
}

const quoteId = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Reads the database file through read-only connections of its own (WAL: they see what the
 * backend committed). `dataVersion` changes whenever another connection commits. The
 * fingerprint is the schema (tables, indexes, triggers) and every table's row count and a
 * hash of all its rows in rowid order. A table whose triggers refuse UPDATE and DELETE (the
 * audit trail) is hashed incrementally: its rows can only be added, and dropping a trigger
 * changes the schema's hash. `pin()` holds a snapshot on a second connection, so the database
 * as it was before a call can be fingerprinted after the call. `files()` lists the data folder
 * (names and sizes) beside the database: attachments, archived printouts, backups, settings.
 */
export class Fingerprinter {
  readonly dbFile: string;
  readonly #live: Conn;
  readonly #pinned: Conn;
  #isPinned = false;
  readonly #dir: string;
  readonly #ignore: Set<string>;
  readonly #prepared = new Map<Conn, { schemaKey: string; tables: TableQuery[] }>();
  /** per append-only table: rows hashed so far */
  readonly #appendCache = new Map<string, { schemaKey: string; lastRowid: number; count: number; hash: crypto.Hash }>();

  constructor(dbFile: string) {
    this.dbFile = dbFile;
    this.#live = new SQLite(dbFile, { readonly: true, fileMustExist: true });
    this.#pinned = new SQLite(dbFile, { readonly: true, fileMustExist: true });
    this.#dir = path.dirname(dbFile);
    const base = path.basename(dbFile);
    this.#ignore = new Set([base, `${base}-wal`, `${base}-shm`]);
  }

  dataVersion(): number {
    return this.#live.pragma('data_version', { simple: true }) as number;
  }

  #prepare(db: Conn): { schemaKey: string; tables: TableQuery[] } {
    const schema = db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').raw().all() as [string, string, string, string | null][];
    const schemaKey = crypto.createHash('sha1').update(JSON.stringify(schema)).digest('hex');
    const known = this.#prepared.get(db);
    if (known?.schemaKey === schemaKey) return known;
    const triggers = schema.filter(([type]) => type === 'trigger').map(([, , table, sql]) => ({ table, sql: sql ?? '' }));
    const refuses = (table: string, event: string) => triggers.some((t) => t.table === table && new RegExp(`BEFORE\\s+${event}\\s+ON`, 'i').test(t.sql) && /RAISE\s*\(\s*ABORT/i.test(t.sql));
    const tables = schema
      .filter(([type]) => type === 'table')
      .map(([, name, , sql]) => {
        // json_array keeps types apart (1, 1.0 and '1') and is quicker than quote() || ','; a BLOB
        // column goes in as quote()'s hex (a BLOB elsewhere would make json_array fail loudly)
        const cols = (db.prepare(`PRAGMA table_info(${quoteId(name)})`).all() as { name: string; type: string }[]).map((c) =>
          /BLOB/i.test(c.type) || c.type === '' ? `quote(${quoteId(c.name)})` : quoteId(c.name),
        );
        const withoutRowid = /WITHOUT\s+ROWID/i.test(sql ?? '');
        const row = `json_array(${(withoutRowid ? cols : ['rowid', ...cols]).join(', ')})`;
        const from = withoutRowid ? `FROM ${quoteId(name)}` : `FROM ${quoteId(name)} WHERE rowid > ? ORDER BY rowid`;
        const stmt = db.prepare(`SELECT count(*) AS n, ${withoutRowid ? 'NULL' : 'max(k)'} AS last, group_concat(r, char(10)) AS s FROM (SELECT ${withoutRowid ? 'NULL' : 'rowid'} AS k, ${row} AS r ${from})`);
        return { name, stmt, fromRowid: !withoutRowid, appendOnly: !withoutRowid && refuses(name, 'UPDATE') && refuses(name, 'DELETE') };
      });
    const prepared = { schemaKey, tables };
    this.#prepared.set(db, prepared);
    return prepared;
  }

  #table(db: Conn, schemaKey: string, t: TableQuery): string {
    const read = (from: number) => (t.fromRowid ? t.stmt.get(from) : t.stmt.get()) as { n: number; last: number | null; s: string | null };
    if (t.appendOnly) {
      const cached = this.#appendCache.get(t.name);
      if (cached && cached.schemaKey === schemaKey) {
        const fresh = read(cached.lastRowid);
        const total = (db.prepare(`SELECT count(*) AS n, max(rowid) AS last FROM ${quoteId(t.name)}`).get() as { n: number; last: number | null });
        // only rows added after the cached ones: anything else (fewer rows, a pinned snapshot older than the cache) is hashed in full
        if (total.n === cached.count + fresh.n && (fresh.n === 0 || (fresh.last ?? 0) === total.last)) {
          const hash = cached.hash.copy();
          if (fresh.s) hash.update(cached.count > 0 ? `\n${fresh.s}` : fresh.s);
          const digest = hash.copy().digest('hex');
          if (fresh.n > 0) this.#appendCache.set(t.name, { schemaKey, lastRowid: fresh.last ?? cached.lastRowid, count: total.n, hash });
          return `${total.n} rows ${digest}`;
        }
      }
      const all = read(Number.MIN_SAFE_INTEGER);
      const hash = crypto.createHash('sha1').update(all.s ?? '');
      if (!cached || (all.last ?? 0) >= cached.lastRowid) this.#appendCache.set(t.name, { schemaKey, lastRowid: all.last ?? 0, count: all.n, hash: hash.copy() });
      return `${all.n} rows ${hash.digest('hex')}`;
    }
    const all = read(Number.MIN_SAFE_INTEGER);
    return `${all.n} rows ${crypto.createHash('sha1').update(all.s ?? '').digest('hex')}`;
  }

  #fingerprint(db: Conn): Record<string, string> {
    const { schemaKey, tables } = this.#prepare(db);
    const out: Record<string, string> = { '(schema)': schemaKey };
    for (const t of tables) out[t.name] = this.#table(db, schemaKey, t);
    return out;
  }

  /** The database as it is now: table → row count and hash (and the schema's hash). */
  fingerprint(): Record<string, string> {
    return this.#fingerprint(this.#live);
  }

  /** Holds (or moves) the second connection's snapshot to the database as it is now. */
  pin(): void {
    if (this.#isPinned) this.#pinned.exec('COMMIT');
    this.#pinned.exec('BEGIN');
    this.#pinned.prepare('SELECT count(*) FROM sqlite_master').get();
    this.#isPinned = true;
  }

  get pinned(): boolean {
    return this.#isPinned;
  }

  /** The fingerprint of the pinned snapshot; the pin is released. */
  fingerprintPinned(): Record<string, string> {
    if (!this.#isPinned) throw new Error('nothing pinned');
    try {
      return this.#fingerprint(this.#pinned);
    } finally {
      this.unpin();
    }
  }

  unpin(): void {
    if (this.#isPinned) this.#pinned.exec('COMMIT');
    this.#isPinned = false;
  }

  /** The data folder's files (not the database's own), with their sizes. */
  files(): string {
    const list: string[] = [];
    const walk = (dir: string, rel: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const r = rel ? `${rel}/${e.name}` : e.name;
        if (!rel && this.#ignore.has(e.name)) continue;
        if (e.isDirectory()) walk(path.join(dir, e.name), r);
        else list.push(`${r}:${fs.statSync(path.join(dir, e.name)).size}`);
      }
    };
    walk(this.#dir, '');
    return list.sort().join('\n');
  }

  close() {
    this.unpin();
    this.#live.close();
    this.#pinned.close();
  }
}

/** The entries of two fingerprints that differ. */
export function fingerprintDiff(a: Record<string, string>, b: Record<string, string>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => a[k] !== b[k]).map((k) => `${k}: ${a[k] ?? '(none)'} -> ${b[k] ?? '(none)'}`);
}

function filesDiff(a: string, b: string): string[] {
  const x = new Set(a.split('\n').filter(Boolean));
  const y = new Set(b.split('\n').filter(Boolean));
  return [...[...x].filter((f) => !y.has(f)).map((f) => `- ${f}`), ...[...y].filter((f) => !x.has(f)).map((f) => `+ ${f}`)];
}

/**
 * Proves that refusals change nothing. Every call: the database's data_version (any commit
 * moves it) and the data folder's files must stay when the call is refused. Every batch of
 * refusals: the full fingerprint must be what it was before the batch. A batch ends at the end
 * of a method and at an accepted call that changed the database; since the change is only
 * known after the call, the snapshot before every call that may be accepted (its schema
 * accepts the input) is pinned, and the batch is checked against the pinned snapshot. The
 * caller checks the rest (`checkpoint`) when it likes: a batch may span several methods.
 */
export class RefusalGuard {
  fp: Fingerprinter;
  #baseline: Record<string, string>;
  #files: string;
  /** the refusals since the baseline (labels for the message) */
  #pending: string[] = [];
  #pendingSincePin = 0;
  #version = 0;
  #filesBefore = '';
  /** full fingerprints taken, and their time */
  fingerprints = 0;
  fingerprintMs = 0;
  /** calls seen, refusals checked by a full fingerprint */
  refusals = 0;
  checkedRefusals = 0;

  constructor(fp: Fingerprinter) {
    this.fp = fp;
    this.#baseline = this.#full(() => fp.fingerprint());
    this.#files = fp.files();
  }

  #full(take: () => Record<string, string>): Record<string, string> {
    const t = performance.now();
    try {
      return take();
    } finally {
      this.fingerprints++;
      this.fingerprintMs += performance.now() - t;
    }
  }

  /** A new database file (a restore): a new baseline. */
  reset(fp: Fingerprinter) {
    if (this.#pending.length > 0) throw new Error('reset with refusals unchecked');
    this.fp = fp;
    this.#baseline = this.#full(() => fp.fingerprint());
    this.#files = fp.files();
  }

  /** refusals not yet checked by a full fingerprint */
  get pending(): number {
    return this.#pending.length;
  }

  /** Before a call; `mayBeAccepted`: its input passes the schema. */
  before(mayBeAccepted: boolean) {
    if (mayBeAccepted && this.#pendingSincePin > 0) {
      this.fp.pin();
      this.#pendingSincePin = 0;
    }
    this.#version = this.fp.dataVersion();
    this.#filesBefore = this.#files;
  }

  /** After a refused call: what it changed (nothing, or the problems). */
  refused(label: string): string[] {
    const problems: string[] = [];
    this.refusals++;
    if (this.fp.dataVersion() !== this.#version) problems.push('a refused call committed a change to the database (data_version moved)');
    const files = this.fp.files();
    if (files !== this.#filesBefore) problems.push(`a refused call changed the data folder: ${filesDiff(this.#filesBefore, files).join(', ')}`);
    this.#pending.push(label);
    this.#pendingSincePin++;
    return problems;
  }

  /** After an accepted call: a new baseline if it changed something, once the refusals before it are checked. */
  accepted(): string[] {
    const changed = this.fp.dataVersion() !== this.#version;
    const files = this.fp.files();
    let problems: string[] = [];
    if (changed) {
      if (this.#pending.length > 0) {
        // the pin was taken right before this call, after the last refusal
        if (!this.fp.pinned || this.#pendingSincePin > 0) throw new Error('refusals after the pin');
        problems = this.#compare(this.#full(() => this.fp.fingerprintPinned()), 'before the accepted call');
      }
      this.fp.unpin();
      this.#baseline = this.#full(() => this.fp.fingerprint());
    }
    this.#files = files;
    return problems;
  }

  /** Checks the refusals since the baseline against the database as it is now. */
  checkpoint(): string[] {
    this.fp.unpin();
    this.#pendingSincePin = 0;
    if (this.#pending.length === 0) return [];
    return this.#compare(this.#full(() => this.fp.fingerprint()), 'now');
  }

  #compare(now: Record<string, string>, when: string): string[] {
    const diff = fingerprintDiff(this.#baseline, now);
    const calls = this.#pending;
    this.checkedRefusals += calls.length;
    this.#pending = [];
    this.#pendingSincePin = 0;
    if (diff.length === 0) return [];
    return [`refused calls changed the database (fingerprint ${when}):\n    ${diff.join('\n    ')}\n  the ${calls.length} refused calls since the last fingerprint:\n    ${calls.join('\n    ')}`];
  }
}
