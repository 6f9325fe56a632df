// Backups and restore: the backup page's status, "back up now", the folder and generations,
// and the restore, which is validated here and applied by the backend's restart (index.ts).
import fs from 'node:fs';
import type { Handlers } from '../../core/context.ts';
import { backupFolder, BackupError, defaultBackupFolder, listBackups, readBackupSettings, stageRestore, writeBackupSettings } from '../../core/backup.ts';
import { DomainError, fieldError } from '../../core/errors.ts';
import { migrations } from '../../db/migrations/index.ts';

const details = (err: unknown) => (err instanceof BackupError ? [err.message, ...err.problems].join('; ') : err instanceof Error ? err.message : String(err));

export const backupHandlers: Pick<Handlers, 'system.health' | 'backup.status' | 'backup.run' | 'backup.configure' | 'backup.restore' | 'backup.acceptTail'> = {
  'system.health': async (_input, ctx) => ctx.system.health,

  'backup.status': async (_input, ctx) => {
    const settings = readBackupSettings(ctx.system.dataDir);
    const folder = backupFolder(ctx.system.dataDir, settings);
    return {
      folder,
      defaultFolder: defaultBackupFolder(ctx.system.dataDir),
      generations: settings.generations,
      backups: listBackups(folder),
      lastError: ctx.system.lastError,
      health: ctx.system.health,
    };
  },

  'backup.run': async (_input, ctx) => {
    let made;
    try {
      made = await ctx.system.backup('manual', ctx.now);
    } catch (err) {
      if (err instanceof BackupError) throw new DomainError('CONFLICT', { key: 'err.backupFailed', params: { details: details(err) } });
      const folder = backupFolder(ctx.system.dataDir);
      throw fieldError('INVALID_INPUT', 'folder', { key: 'err.backupFolderUnusable', params: { folder, details: details(err) } });
    }
    await ctx.audit({ action: 'backup', entity: 'backups', entityId: made.name, after: { file: made.file, auditRows: made.auditRows, head: made.head } });
    return { file: made.file, name: made.name, at: made.at, kind: made.kind, sizeBytes: made.sizeBytes };
  },

  'backup.acceptTail': async (_input, ctx) => {
    const tail = ctx.system.health.auditTail;
    if (tail.ok) throw new DomainError('CONFLICT', { key: 'err.tailNothingToAccept' });
    const { n } = await ctx.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    ctx.system.health = { ...ctx.system.health, auditTail: { ok: true, lastSeenRow: tail.lastSeenRow } };
    // this row is the database's head now: marked after the commit
    await ctx.audit({ action: 'backup.acceptTail', entity: 'backups', entityId: null, after: { lastSeenRow: tail.lastSeenRow, rows: Number(n) } });
    return ctx.system.health;
  },

  'backup.configure': async (input, ctx) => {
    const before = readBackupSettings(ctx.system.dataDir);
    if (input.folder !== null) {
      // the folder must exist (a USB drive plugged in, a share mounted) and be writable: find out now, not at the next backup
      if (!fs.existsSync(input.folder) || !fs.statSync(input.folder).isDirectory()) throw fieldError('INVALID_INPUT', 'folder', { key: 'err.backupFolderMissing', params: { folder: input.folder } });
      try {
        const probe = `${input.folder}/.depot-write-test-${process.pid}`;
        fs.writeFileSync(probe, '');
        fs.rmSync(probe);
      } catch (err) {
        throw fieldError('INVALID_INPUT', 'folder', { key: 'err.backupFolderUnusable', params: { folder: input.folder, details: details(err) } });
      }
    }
    const after = { folder: input.folder, generations: input.generations };
    writeBackupSettings(ctx.system.dataDir, after);
    await ctx.audit({ action: 'configure', entity: 'backups', entityId: null, before, after });
    return { ok: true as const };
  },

  'backup.restore': async (input, ctx) => {
    if (!fs.existsSync(input.file) || !fs.statSync(input.file).isFile()) throw fieldError('NOT_FOUND', 'file', { key: 'err.restoreFileMissing', params: { file: input.file } });
    const check = await stageRestore(ctx.system.dbFile, input.file, Object.keys(migrations), ctx.now);
    if (!check.ok) throw fieldError('INVALID_INPUT', 'file', { key: 'err.restoreInvalid', params: { file: input.file, details: check.problems.join('; ') } });
    // Recorded in the database being replaced (kept aside); the restored one records it at start.
    await ctx.audit({ action: 'restore', entity: 'backups', entityId: null, after: { file: input.file, auditRows: check.auditRows, head: check.head } });
    return { restartRequired: true as const, auditRows: check.auditRows };
  },
};
