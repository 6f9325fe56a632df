// A short search term that names no vehicle or driver is looked for in the tickets' destination
// and note. With few matches the page is sorted from their ids, with many the list walks the
// tickets in its order; either way the count, the order and the pages are the list's own.
// The many: 2 100 copies of a ticket written straight into the table (its text index follows
// by trigger), more than the list sorts from ids.
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, type Caller, type Harness } from '../../testing/harness.ts';
import { seedDepot } from '../../testing/depot.ts';
import { dayTrip } from '../../testing/trips.ts';

let h: Harness;
let office: Caller;

beforeAll(async () => {
  h = await openHarness();
  const admin = await h.as('admin');
  const depot = await seedDepot(admin, { vehicles: { 苏ED5101: 1000, 苏ED5102: 2000 }, drivers: { 李志强: 'KF1002', 张伟: 'KF1003' }, staff: ['zhuren', 'bangongshi'] });
  office = await h.as('bangongshi');
  const director = await h.as('zhuren');
  const v = Object.values(depot.vehicles);
  const d = Object.values(depot.drivers);
  for (let i = 0; i < 6; i++) await dayTrip(office, director, { vehicleId: v[i % 2]!, driverId: d[i % 2]!, day: `2026-11-0${i + 1}`, outKm: 3000 + i * 100, km: 50 });
});
afterAll(() => h.close());

/** The list's tickets for a search, page by page, as (id) in the order shown. */
async function pages(search: string, pageSize: number, extra: Record<string, unknown> = {}) {
  const first = await office.ok('dispatch.list', { search, pageSize, page: 1, ...extra });
  const ids = first.items.map((t) => t.id);
  for (let page = 2; (page - 1) * pageSize < first.total; page++) ids.push(...(await office.ok('dispatch.list', { search, pageSize, page, ...extra })).items.map((t) => t.id));
  return { total: first.total, ids };
}

/** The same, worked out on the raw file: matching tickets by start time (and id), newest first. */
function expected(term: string, where = '1') {
  const raw = new SQLite(h.dbFile, { readonly: true });
  try {
    return (raw.prepare(`SELECT id FROM dispatch_tickets WHERE (destination LIKE ? OR purpose_note LIKE ?) AND ${where} ORDER BY start_at DESC, id DESC`).all(`%${term}%`, `%${term}%`) as { id: number }[]).map((r) => r.id);
  } finally {
    raw.close();
  }
}

describe('a short search in the tickets text', () => {
  it('few matches: the count, the order and every page as the list gives them', async () => {
    const want = expected('东线');
    expect(want).toHaveLength(6);
    expect(await pages('东线', 4)).toEqual({ total: 6, ids: want });
    expect((await office.ok('dispatch.list', { search: '东线', page: 3, pageSize: 4 })).items).toEqual([]);
    expect(await office.ok('dispatch.list', { search: '无此', pageSize: 4 })).toMatchObject({ total: 0, items: [] });
    // with another filter and another order
    const byPlate = await office.ok('dispatch.list', { search: '东线', sortField: 'plate', pageSize: 20 });
    expect(byPlate.items.map((t) => t.plate)).toEqual([...byPlate.items.map((t) => t.plate)].sort());
  });

  it('many matches: the same, past the number sorted from ids', async () => {
    const raw = new SQLite(h.dbFile);
    const columns = (raw.prepare('PRAGMA table_info(dispatch_tickets)').all() as { name: string }[]).map((c) => c.name).filter((c) => c !== 'id' && c !== 'number');
    const copy = raw.prepare(
      `INSERT INTO dispatch_tickets (number, ${columns.join(', ')}) SELECT 'PC2099-' || printf('%05d', ?), ${columns.map((c) => (c === 'start_at' ? `printf('2026-10-%02d 08:00', 1 + ? % 28)` : c)).join(', ')} FROM dispatch_tickets WHERE id = (SELECT min(id) FROM dispatch_tickets)`,
    );
    raw.transaction(() => {
      for (let i = 0; i < 2100; i++) copy.run(i, i);
    })();
    raw.close();
    const want = expected('东线');
    expect(want).toHaveLength(2106);
    const first = await office.ok('dispatch.list', { search: '东线', pageSize: 50 });
    expect(first.total).toBe(2106);
    expect(first.items.map((t) => t.id)).toEqual(want.slice(0, 50));
    const last = await office.ok('dispatch.list', { search: '东线', pageSize: 50, page: 43 });
    expect(last.items.map((t) => t.id)).toEqual(want.slice(2100));
  });
});
