// Inputs of the API fuzz test (electron/backend/fuzz.test.ts): fast-check arbitraries built
// from the contract's zod input schemas (plausible values, with hostile ones and junk from
// fuzz-hostile.ts). What is checked of the answers and the database: fuzz-checks.ts.
import path from 'node:path';
import fc from 'fast-check';
import { anythingAtAll, DEMO_USERS, hostileValue, junkInput, MISSING } from './fuzz-hostile.ts';

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

export function isPlainObject(v: unknown): v is Record<string, unknown> {
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
