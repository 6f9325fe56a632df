// Callers and hostile values of the API fuzz test (electron/backend/fuzz.test.ts): who may call
// each method, and values that break parsers, SQL, spreadsheets and terminals. The inputs built
// from the contract's schemas: fuzz-inputs.ts; the checks: fuzz-checks.ts.
import fc from 'fast-check';
import type { MethodDef } from '../../../shared/api/index.ts';
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
