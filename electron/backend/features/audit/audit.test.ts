import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, tableCounts, type Caller, type Harness } from '../../testing/harness.ts';

let h: Harness;
let admin: Caller;

beforeAll(async () => {
  h = await openHarness({ demo: true });
  admin = await h.as('admin');
});
afterAll(() => h.close());

describe('audit trail', () => {
  it('every change of state wrote a row, and the chain verifies', async () => {
    const before = await admin.ok('audit.verify', {});
    expect(before.ok).toBe(true);
    await admin.ok('shops.create', { name: '新厂' });
    const after = await admin.ok('audit.verify', {});
    expect(after).toEqual({ ok: true, rows: before.rows + 1, firstBadId: null });
  });

  it('the demo depot cannot be loaded a second time, and the refusal changes nothing', async () => {
    const before = await tableCounts(h.backend);
    expect(await admin.call('setup.loadDemo', {})).toEqual({ ok: false, error: { code: 'CONFLICT', message: '数据库中已有基础资料，不能再载入演示数据' } });
    expect(await tableCounts(h.backend)).toEqual(before);
  });

  it('the database refuses to change or delete an audit row', () => {
    const raw = new SQLite(h.dbFile);
    try {
      expect(() => raw.prepare("UPDATE audit_log SET username = 'x' WHERE id = 1").run()).toThrow('audit_log rows cannot be changed');
      expect(() => raw.prepare('DELETE FROM audit_log WHERE id = 1').run()).toThrow('audit_log rows cannot be deleted');
    } finally {
      raw.close();
    }
  });

  it('detects a row changed behind the app’s back', async () => {
    const raw = new SQLite(h.dbFile);
    try {
      // Someone with file access drops the guard and edits history.
      raw.exec('DROP TRIGGER audit_log_no_update');
      raw.prepare("UPDATE audit_log SET after = replace(after, '东南', '西北') WHERE id = 2").run();
    } finally {
      raw.close();
    }
    expect(await admin.ok('audit.verify', {})).toEqual({ ok: false, rows: 2, firstBadId: 2 });
  });
});
