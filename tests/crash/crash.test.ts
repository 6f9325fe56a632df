// A short run of the crash harness (tests/crash/crash.ts) inside `npm test`: a few SIGKILLs of
// the real backend in the middle of concurrent writes, each followed by the checks of the
// crashed file (acknowledged writes present, unacknowledged ones whole or absent, integrity,
// audit chain). A second run deletes one acknowledged write's row behind the harness's back,
// to show the checks are real. The full run is `npm run test:crash` (200 kills).
import type SQLite from 'better-sqlite3';
import { afterEach, describe, expect, test } from 'vitest';
import { runCrashTest, type CrashResult, type Row } from './crash.ts';

const SEED = Number(process.env.CRASH_SEED ?? 20261203);

/** Every run is stopped (its backend killed, its folder removed) when a test ends early. */
const running: { controller: AbortController; done: Promise<unknown> }[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) {
    r.controller.abort();
    await r.done.catch(() => undefined);
  }
});

function run(opts: Omit<Parameters<typeof runCrashTest>[0], 'signal'>): Promise<CrashResult> {
  const controller = new AbortController();
  const done = runCrashTest({ ...opts, signal: controller.signal });
  running.push({ controller, done });
  return done;
}

describe('crash harness', () => {
  test('killed five times mid-write: nothing acknowledged lost, nothing half-applied', { timeout: 150_000 }, async () => {
    const lines: string[] = [];
    const r = await run({ kills: 5, seed: SEED, progressEvery: 0, log: (l) => lines.push(l) });
    expect(r.failures, `seed ${SEED}\n${lines.join('\n')}`).toEqual([]);
    expect(r.kills).toBe(5);
    expect(r.acknowledged).toBeGreaterThan(0);
    expect(r.unacknowledged).toBe(r.applied + r.absent);
  });

  test('a lost acknowledged write is caught', { timeout: 150_000 }, async () => {
    // The row of the newest acknowledged write, deleted once after a kill (foreign keys off so
    // that any row can go): the checks must report that acknowledged write as missing.
    const rowOf: Record<string, string> = {
      'fuel.create': 'fuel_fillups',
      'routine.record': 'routine_services',
      'purchases.create': 'purchases',
      'violations.create': 'violations',
      'accidents.create': 'accidents',
      'repairs.create': 'repair_orders',
      'dispatch.request': 'dispatch_tickets',
      'vehicles.create': 'vehicles',
      'drivers.create': 'drivers',
      'models.create': 'vehicle_models',
      'parts.create': 'parts',
      'shops.create': 'repair_shops',
      'stations.create': 'fuel_stations',
    };
    let deleted: string | null = null;
    const tamper = (db: SQLite.Database, _kill: number, acknowledged: readonly { method: string; data: Row }[]) => {
      if (deleted) return;
      const target = [...acknowledged].reverse().find((w) => rowOf[w.method] && typeof w.data.id === 'number');
      if (!target) return;
      db.pragma('foreign_keys = OFF');
      const table = rowOf[target.method]!;
      if (db.prepare(`DELETE FROM ${table} WHERE id = ?`).run(target.data.id).changes === 1) deleted = target.method;
    };
    // Stopped as soon as the checks report it (usually after the first kill).
    const lines: string[] = [];
    const controller = new AbortController();
    const caught = () => deleted !== null && lines.some((l) => l.includes(`ACKNOWLEDGED ${deleted} `));
    const done = runCrashTest({
      kills: 4,
      seed: SEED + 1,
      progressEvery: 0,
      tamper,
      signal: controller.signal,
      log: (l) => {
        lines.push(l);
        if (caught()) controller.abort();
      },
    });
    running.push({ controller, done });
    await done.catch((err: unknown) => {
      if (!controller.signal.aborted) throw err;
    });
    expect(deleted, 'no acknowledged create to delete in four kills').not.toBeNull();
    expect(caught(), lines.join('\n')).toBe(true);
  });
});
