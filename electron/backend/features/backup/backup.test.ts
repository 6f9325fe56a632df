// Backups and restore on real database files: a backup is verified before it counts and the
// folder keeps its generations; a restore is validated, keeps the current database aside and
// reopens the backend on the restored file; the start-up checks report a damaged database; the
// daily backup and the one before a migration land in the chosen folder.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { checkDatabaseFile, listBackups, pendingRestoreFile, stageRestore } from '../../core/backup.ts';
import { migrate, openDatabase, closeDatabase } from '../../db/connection.ts';
import { migrations } from '../../db/migrations/index.ts';
import { openBackend } from '../../index.ts';
import { ADMIN, caller, openHarness, tableCounts, type Caller, type Harness } from '../../testing/harness.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const MODEL = { name: '东南', fuelStandard: 950, floatOrdinary: 450, seasonalFloats: [], tankCapacity: 5000, maintenanceIntervalKm: 5000 };

async function login(h: Harness): Promise<Caller> {
  return h.as(ADMIN.username);
}

async function plates(admin: Caller): Promise<string[]> {
  return (await admin.ok('vehicles.list', { pageSize: 200 })).items.map((v) => v.plate).sort();
}

async function addVehicle(admin: Caller, plate: string) {
  const models = (await admin.ok('models.list', {})).items;
  const model = models[0] ?? (await admin.ok('models.create', MODEL));
  return admin.ok('vehicles.create', { plate, modelId: model.id, parkingPlace: '车库', initialOdometerKm: 1000 });
}

function refusedWith(r: { ok: boolean; error?: { code: string; fields?: Record<string, string> } }) {
  expect(r.ok).toBe(false);
  return r.error!;
}

describe('back up now', () => {
  it('copies the database into the folder, verifies it and records who did it', async () => {
    h = await openHarness();
    const admin = await login(h);
    await addVehicle(admin, '苏E10001');
    const made = await admin.ok('backup.run', {});
    expect(made).toMatchObject({ kind: 'manual', at: '2026-11-23 09:30:00' });
    expect(made.file).toBe(path.join(h.dir, 'backups', made.name));
    // the copy opens on its own, checks, and holds the vehicle
    const check = await checkDatabaseFile(made.file);
    expect(check).toMatchObject({ ok: true, problems: [] });
    const copy = new SQLite(made.file, { readonly: true });
    expect(copy.prepare('SELECT plate FROM vehicles').all()).toEqual([{ plate: '苏E10001' }]);
    copy.close();
    const status = await admin.ok('backup.status', {});
    expect(status.backups.map((b) => b.name)).toEqual([made.name]);
    expect(status).toMatchObject({ folder: path.join(h.dir, 'backups'), generations: 10, lastError: null });
    const raw = new SQLite(h.dbFile, { readonly: true });
    expect(raw.prepare("SELECT username, entity, entity_id FROM audit_log WHERE action = 'backup'").all()).toEqual([{ username: 'admin', entity: 'backups', entity_id: made.name }]);
    raw.close();
  });

  it('keeps the newest generations in the folder the administrator chose', async () => {
    h = await openHarness();
    const admin = await login(h);
    const folder = path.join(h.dir, 'usb', '车队备份');
    const missing = refusedWith(await admin.call('backup.configure', { folder, generations: 3 }));
    expect(missing.fields).toEqual({ folder: `找不到文件夹 ${folder}，请先插入 U 盘或创建该文件夹` });
    fs.mkdirSync(folder, { recursive: true });
    await admin.ok('backup.configure', { folder, generations: 3 });
    const names: string[] = [];
    for (let i = 0; i < 5; i++) {
      await addVehicle(admin, `苏E2000${i}`);
      names.push((await admin.ok('backup.run', {})).name);
      h.clock.now = new Date(h.clock.now.getTime() + 60_000);
    }
    expect(listBackups(folder).map((b) => b.name)).toEqual(names.slice(2).reverse());
    expect(fs.existsSync(path.join(h.dir, 'backups'))).toBe(false);
    // the newest has all five vehicles
    const copy = new SQLite(listBackups(folder)[0]!.file, { readonly: true });
    expect(copy.prepare('SELECT count(*) AS n FROM vehicles').get()).toEqual({ n: 5 });
    copy.close();
  });

  it('refuses a folder it cannot use, naming the field, and keeps the settings', async () => {
    h = await openHarness();
    const admin = await login(h);
    const relative = refusedWith(await admin.call('backup.configure', { folder: 'backups', generations: 5 }));
    expect(relative).toMatchObject({ code: 'INVALID_INPUT', fields: { folder: '请填写完整路径，例如 D:\\车队备份 或 /media/usb/车队备份' } });
    const file = path.join(h.dir, 'a-file');
    fs.writeFileSync(file, 'x');
    const underFile = refusedWith(await admin.call('backup.configure', { folder: path.join(file, 'sub'), generations: 5 }));
    expect(underFile.fields!.folder).toBe(`找不到文件夹 ${path.join(file, 'sub')}，请先插入 U 盘或创建该文件夹`);
    const readOnly = path.join(h.dir, 'read-only');
    fs.mkdirSync(readOnly);
    fs.chmodSync(readOnly, 0o500);
    // root writes anywhere: the check is only meaningful for an ordinary user
    if (process.getuid?.() !== 0) expect(refusedWith(await admin.call('backup.configure', { folder: readOnly, generations: 5 })).fields!.folder).toContain(`备份文件夹 ${readOnly} 无法写入`);
    expect(refusedWith(await admin.call('backup.configure', { folder: null, generations: 0 })).fields).toHaveProperty('generations');
    expect(await admin.ok('backup.status', {})).toMatchObject({ folder: path.join(h.dir, 'backups'), generations: 10 });
    expect(fs.existsSync(path.join(h.dir, 'backup-settings.json'))).toBe(false);
  });

  it('a folder gone bad since it was chosen (the USB drive swapped for a file of that name): the backup is refused, naming the folder, and nothing is written', async () => {
    h = await openHarness();
    const admin = await login(h);
    const usb = path.join(h.dir, 'usb');
    fs.mkdirSync(usb);
    await admin.ok('backup.configure', { folder: usb, generations: 3 });
    fs.rmSync(usb, { recursive: true });
    fs.writeFileSync(usb, 'not a folder');
    const before = await tableCounts(h.backend);
    const refused = refusedWith(await admin.call('backup.run', {}));
    expect(refused.code).toBe('INVALID_INPUT');
    expect(refused.fields!.folder).toMatch(new RegExp(`^备份文件夹 ${usb.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} 无法写入：`));
    expect(await tableCounts(h.backend)).toEqual(before);
    expect(fs.readFileSync(usb, 'utf8')).toBe('not a folder');
    expect(fs.readdirSync(h.dir).filter((f) => f.includes('.partial') || f.startsWith('depot-'))).toEqual([]);
  });

  it('only the administrator and the director may back up; only the administrator restores or chooses the folder', async () => {
    h = await openHarness();
    const admin = await login(h);
    await admin.ok('users.create', { username: 'zhuren', displayName: '郑主任', password: 'demo1234', roles: ['director'], driverId: null });
    await admin.ok('users.create', { username: 'caiwu', displayName: '钱会计', password: 'demo1234', roles: ['finance'], driverId: null });
    const director = await h.as('zhuren');
    expect((await director.ok('backup.run', {})).kind).toBe('manual');
    expect(refusedWith(await director.call('backup.configure', { folder: null, generations: 3 })).code).toBe('FORBIDDEN');
    expect(refusedWith(await director.call('backup.restore', { file: '/tmp/x.sqlite' })).code).toBe('FORBIDDEN');
    const finance = await h.as('caiwu');
    expect(refusedWith(await finance.call('backup.run', {})).code).toBe('FORBIDDEN');
  });
});

describe('restore', () => {
  it('validates the backup, keeps the current database aside and reopens on the restored one', async () => {
    h = await openHarness();
    let admin = await login(h);
    await addVehicle(admin, '苏E30001');
    const backup = await admin.ok('backup.run', {});
    await addVehicle(admin, '苏E30002');
    h.clock.now = new Date('2026-11-23T10:00:00');

    const restored = await admin.ok('backup.restore', { file: backup.file });
    expect(restored).toMatchObject({ restartRequired: true });
    expect(fs.existsSync(pendingRestoreFile(h.dbFile))).toBe(false);
    // the restart ended every session
    expect(refusedWith(await admin.call('vehicles.list', {})).code).toBe('UNAUTHENTICATED');
    admin = await login(h);
    expect(await plates(admin)).toEqual(['苏E30001']);
    const health = await admin.ok('system.health', {});
    const aside = `${h.dbFile}.before-restore-20261123-100000-000`;
    // the restored database is older than the last one on purpose: not reported as cut short
    expect(health).toMatchObject({ quickCheck: { ok: true }, auditChain: { ok: true }, auditTail: { ok: true }, restored: { asideFile: aside } });
    // nothing lost: the database as it was before the restore is kept, with the second vehicle
    const old = new SQLite(aside, { readonly: true });
    expect(old.prepare('SELECT plate FROM vehicles ORDER BY plate').all()).toEqual([{ plate: '苏E30001' }, { plate: '苏E30002' }]);
    old.close();
    // the restored database records the restore on its chain, which still verifies
    expect(await admin.ok('audit.verify', {})).toMatchObject({ ok: true });
    const raw = new SQLite(h.dbFile, { readonly: true });
    expect(raw.prepare("SELECT username, after FROM audit_log WHERE action = 'restored'").all()).toEqual([{ username: 'system', after: JSON.stringify({ asideFile: aside }) }]);
    raw.close();
  });

  it('refuses a missing, damaged, foreign or tampered file and changes nothing', async () => {
    h = await openHarness();
    const admin = await login(h);
    await addVehicle(admin, '苏E40001');
    const good = await admin.ok('backup.run', {});
    const auditBefore = (new SQLite(h.dbFile, { readonly: true }).prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;

    const missing = refusedWith(await admin.call('backup.restore', { file: path.join(h.dir, 'nope.sqlite') }));
    expect(missing).toMatchObject({ code: 'NOT_FOUND', fields: { file: `找不到备份文件 ${path.join(h.dir, 'nope.sqlite')}` } });

    const garbage = path.join(h.dir, 'garbage.sqlite');
    fs.writeFileSync(garbage, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919) % 256)));
    expect(refusedWith(await admin.call('backup.restore', { file: garbage })).fields!.file).toMatch(/^文件 .*garbage\.sqlite 不能用于恢复：/);

    const foreign = path.join(h.dir, 'foreign.sqlite');
    const f = new SQLite(foreign);
    f.exec('CREATE TABLE notes (t TEXT)');
    f.close();
    expect(refusedWith(await admin.call('backup.restore', { file: foreign })).fields!.file).toContain('not a database of this app');

    const truncated = path.join(h.dir, 'truncated.sqlite');
    fs.writeFileSync(truncated, fs.readFileSync(good.file).subarray(0, 4096 * 3));
    expect(refusedWith(await admin.call('backup.restore', { file: truncated })).code).toBe('INVALID_INPUT');

    const tampered = path.join(h.dir, 'tampered.sqlite');
    fs.copyFileSync(good.file, tampered);
    const t = new SQLite(tampered);
    // someone who goes round the app: the trigger that forbids it is dropped first
    t.exec('DROP TRIGGER audit_log_no_update');
    t.prepare("UPDATE audit_log SET after = replace(after, '苏E40001', '苏E49999') WHERE entity = 'vehicles'").run();
    t.close();
    const chain = refusedWith(await admin.call('backup.restore', { file: tampered }));
    expect(chain.fields!.file).toMatch(/audit chain broken at row \d+/);

    // nothing staged, nothing changed
    expect(fs.existsSync(pendingRestoreFile(h.dbFile))).toBe(false);
    expect(await plates(admin)).toEqual(['苏E40001']);
    expect((new SQLite(h.dbFile, { readonly: true }).prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n).toBe(auditBefore);
  });
});

describe('a restore cut off halfway', () => {
  it('moves the rest of the old database set to the same name when the start is run again', async () => {
    h = await openHarness();
    const admin = await login(h);
    await addVehicle(admin, '苏E70001');
    const backup = await admin.ok('backup.run', {});
    await addVehicle(admin, '苏E70002');
    await h.backend.close();
    // staged, then the start that applies it stops after moving the database but not its WAL
    expect((await stageRestore(h.dbFile, backup.file, Object.keys(migrations), new Date('2026-11-23T10:00:00'))).ok).toBe(true);
    const aside = `${h.dbFile}.before-restore-20261123-100000-000`;
    const extra = new SQLite(h.dbFile);
    extra.pragma('wal_autocheckpoint = 0');
    extra.prepare("UPDATE vehicles SET parking_place = '车库 9 号位' WHERE plate = '苏E70002'").run();
    fs.copyFileSync(`${h.dbFile}-wal`, `${h.dbFile}-wal.keep`);
    extra.close();
    fs.renameSync(`${h.dbFile}-wal.keep`, `${h.dbFile}-wal`);
    fs.renameSync(h.dbFile, aside);
    const b = await openBackend({ dbFile: h.dbFile, now: () => new Date('2026-11-23T10:05:00') });
    h.backend = b;
    expect(fs.existsSync(`${aside}-wal`)).toBe(true);
    expect(fs.readdirSync(h.dir).filter((f) => f.includes('before-restore'))).toEqual(expect.arrayContaining([path.basename(aside), `${path.basename(aside)}-wal`]));
    // the database kept aside opens with its last change
    const old = new SQLite(aside, { readonly: true });
    expect(old.prepare("SELECT parking_place FROM vehicles WHERE plate = '苏E70002'").get()).toEqual({ parking_place: '车库 9 号位' });
    old.close();
    const r = await b.dispatch('auth.login', ADMIN, {});
    expect(await plates(caller(b, (r as { data: { token: string } }).data.token))).toEqual(['苏E70001']);
  });
});

describe('on start', () => {
  async function reopen(dbFile: string, now: string) {
    const backend = await openBackend({ dbFile, now: () => new Date(now) });
    await backend.background;
    return backend;
  }

  it('takes a daily backup when the newest is older than a day, not more often', async () => {
    h = await openHarness();
    await addVehicle(await login(h), '苏E50001');
    await h.backend.close();
    const folder = path.join(h.dir, 'backups');
    // turned off (the bench): none
    const off = await openBackend({ dbFile: h.dbFile, now: () => new Date('2026-11-23T10:00:00'), autoBackup: false });
    await off.background;
    await off.close();
    expect(listBackups(folder)).toEqual([]);
    let b = await reopen(h.dbFile, '2026-11-23T10:00:00');
    expect(listBackups(folder).map((x) => [x.kind, x.at])).toEqual([['daily', '2026-11-23 10:00:00']]);
    await b.close();
    b = await reopen(h.dbFile, '2026-11-24T09:00:00');
    expect(listBackups(folder)).toHaveLength(1);
    await b.close();
    b = await reopen(h.dbFile, '2026-11-24T10:00:00');
    expect(listBackups(folder).map((x) => x.at)).toEqual(['2026-11-24 10:00:00', '2026-11-23 10:00:00']);
    h.backend = b;
  });

  it('reports a broken audit chain and a damaged file, and takes no backup of them', async () => {
    h = await openHarness();
    const admin = await login(h);
    for (let i = 0; i < 400; i++) await addVehicle(admin, `苏E6${String(i).padStart(4, '0')}`);
    await h.backend.close();
    const raw = new SQLite(h.dbFile);
    const row = raw.prepare("SELECT id FROM audit_log WHERE entity = 'vehicles' ORDER BY id LIMIT 1 OFFSET 10").get() as { id: number };
    raw.exec('DROP TRIGGER audit_log_no_update');
    raw.prepare("UPDATE audit_log SET after = replace(after, '苏E6', '苏E9') WHERE id = ?").run(row.id);
    raw.close();
    let b = await reopen(h.dbFile, '2026-11-24T10:00:00');
    type Health = { auditChain: unknown; quickCheck: { ok: boolean; problems: string[] } };
    let health = ((await b.dispatch('system.health', {}, {})) as { data: Health }).data;
    expect(health.quickCheck).toEqual({ ok: true, problems: [] });
    expect(health.auditChain).toEqual({ ok: false, rows: expect.any(Number), firstBadId: row.id });
    expect(listBackups(path.join(h.dir, 'backups'))).toEqual([]);
    await b.close();

    // Damage a page in the middle of the vehicles' table: quick_check finds it.
    const db = new SQLite(h.dbFile, { readonly: true });
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const root = (db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'vehicles'").get() as { rootpage: number }).rootpage;
    db.close();
    const fd = fs.openSync(h.dbFile, 'r+');
    fs.writeSync(fd, Buffer.alloc(64, 0xff), 0, 64, (root - 1) * pageSize + 8);
    fs.closeSync(fd);
    b = await reopen(h.dbFile, '2026-11-25T10:00:00');
    health = ((await b.dispatch('system.health', {}, {})) as { data: Health }).data;
    expect(health.quickCheck.ok).toBe(false);
    expect(health.quickCheck.problems.length).toBeGreaterThan(0);
    expect(listBackups(path.join(h.dir, 'backups'))).toEqual([]);
    h.backend = b;
  });

  /**
   * A database put back from an older copy of itself by hand: a vehicle, the copy, a second
   * vehicle (the newest audit row this computer saw), then the copy in its place. Returns the
   * backend started on it, the administrator, and that newest row's id.
   */
  async function replacedByOlderCopy() {
    h = await openHarness();
    await addVehicle(await login(h), '苏E70001');
    await h.backend.close();
    const older = `${h.dbFile}.older`;
    fs.copyFileSync(h.dbFile, older);
    let b = await reopen(h.dbFile, '2026-11-23T10:00:00');
    await (await adminOf(b)).ok('vehicles.create', { plate: '苏E70002', modelId: 1, parkingPlace: '车库', initialOdometerKm: 0 });
    const raw = new SQLite(h.dbFile, { readonly: true });
    const lastRow = (raw.prepare('SELECT max(id) AS id FROM audit_log').get() as { id: number }).id;
    raw.close();
    await b.close();
    // the older copy in place of the database (its WAL and shared memory gone with it)
    for (const suffix of ['-wal', '-shm']) fs.rmSync(h.dbFile + suffix, { force: true });
    fs.copyFileSync(older, h.dbFile);
    b = await reopen(h.dbFile, '2026-11-24T10:00:00');
    h.backend = b;
    return { b, admin: await adminOf(b), lastRow };
  }
  const adminOf = async (backend: Awaited<ReturnType<typeof reopen>>) => caller(backend, ((await backend.dispatch('auth.login', ADMIN, {})) as { data: { token: string } }).data.token);

  it('reports a database that lost its newest records (cut short, or an older copy put in its place), start after start, until the administrator accepts it', async () => {
    const { b, admin, lastRow } = await replacedByOlderCopy();
    const health = await admin.ok('system.health', {});
    expect(health.auditChain.ok).toBe(true);
    expect(health.auditTail).toEqual({ ok: false, lastSeenRow: lastRow });
    // no daily backup of it: it would push good generations out of the folder
    expect(listBackups(path.join(h.dir, 'backups')).filter((x) => x.at.startsWith('2026-11-24'))).toEqual([]);
    // records written meanwhile do not silence it: the next start says the same
    await admin.ok('vehicles.create', { plate: '苏E70003', modelId: 1, parkingPlace: '车库', initialOdometerKm: 0 });
    await b.close();
    h.backend = await reopen(h.dbFile, '2026-11-24T11:00:00');
    expect((await (await adminOf(h.backend)).ok('system.health', {})).auditTail).toEqual({ ok: false, lastSeenRow: lastRow });
  });

  it('the administrator accepts a database whose newest records are missing: recorded, the alarm ends, the next start is quiet', async () => {
    const { b, admin, lastRow } = await replacedByOlderCopy();
    const accepted = await admin.ok('backup.acceptTail', {});
    expect(accepted.auditTail).toEqual({ ok: true, lastSeenRow: lastRow });
    expect((await admin.ok('system.health', {})).auditTail.ok).toBe(true);
    const raw = new SQLite(h.dbFile, { readonly: true });
    const recorded = raw.prepare("SELECT username, after FROM audit_log WHERE action = 'backup.acceptTail'").all() as { username: string; after: string }[];
    raw.close();
    expect(recorded.map((r) => [r.username, JSON.parse(r.after).lastSeenRow])).toEqual([['admin', lastRow]]);
    // nothing more to accept: refused, and nothing recorded or marked
    const before = await tableCounts(h.backend);
    const mark = fs.readFileSync(`${h.dbFile}.audit-head`, 'utf8');
    expect(refusedWith(await admin.call('backup.acceptTail', {}))).toMatchObject({ code: 'CONFLICT', message: '启动自检未发现缺失的审计记录，无需确认' });
    expect(await tableCounts(h.backend)).toEqual(before);
    expect(fs.readFileSync(`${h.dbFile}.audit-head`, 'utf8')).toBe(mark);
    await b.close();
    h.backend = await reopen(h.dbFile, '2026-11-24T11:00:00');
    expect(((await h.backend.dispatch('system.health', {}, {})) as { data: { auditTail: { ok: boolean } } }).data.auditTail.ok).toBe(true);
  });

  it('backs up into the chosen folder before a migration', async () => {
    h = await openHarness();
    const admin = await login(h);
    const folder = path.join(h.dir, 'chosen');
    fs.mkdirSync(folder);
    await admin.ok('backup.configure', { folder, generations: 5 });
    await h.backend.close();
    // an older database: the last migration not yet applied (it is undone here by rebuilding without it)
    const names = Object.keys(migrations).sort();
    const last = names[names.length - 1]!;
    const older = path.join(h.dir, 'older.sqlite');
    const opened = openDatabase(older);
    await migrate(opened, older, new Date(), Object.fromEntries(names.slice(0, -1).map((n) => [n, migrations[n]!])));
    await closeDatabase(opened);
    const b = await openBackend({ dbFile: older, admin: ADMIN, now: () => new Date('2026-11-23T11:00:00') });
    await b.background;
    const made = listBackups(folder);
    expect(made.map((x) => x.kind)).toEqual(['migration']);
    const copy = new SQLite(made[0]!.file, { readonly: true });
    expect((copy.prepare('SELECT name FROM schema_migrations').all() as { name: string }[]).map((r) => r.name)).not.toContain(last);
    copy.close();
    const s = caller(b, '');
    expect((await s.call('system.health', {})).ok).toBe(true);
    await b.close();
  });
});

describe('a database that cannot be opened', () => {
  it('fails with what to do and where the backups are', async () => {
    h = await openHarness();
    await h.backend.close();
    fs.writeFileSync(h.dbFile, Buffer.alloc(4096, 0x41));
    fs.rmSync(`${h.dbFile}-wal`, { force: true });
    await expect(openBackend({ dbFile: h.dbFile })).rejects.toThrow(`最近的备份在 ${path.join(h.dir, 'backups')}`);
    h.backend = { dbFile: h.dbFile, dispatch: async () => ({ ok: true, data: null }), close: async () => undefined };
  });
});
