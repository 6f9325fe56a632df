// The backend's own state beside the database: the start-up checks' result, the backups'
// settings and folder, and the last automatic backup that failed. One per opened backend.
import path from 'node:path';
import type { z } from 'zod';
import type { BackupKind, healthOutput } from '../../../../shared/api/backup.ts';
import { localMinute } from '../../../../shared/domain/period.ts';
import { readAuditMark, writeAuditMark, type AuditHead } from '../../core/audit.ts';
import { backupFolder, checkDatabaseFile, readBackupSettings, takeBackup, type BackupFile } from '../../core/backup.ts';

export type Health = z.infer<typeof healthOutput>;

export interface SystemState {
  dbFile: string;
  dataDir: string;
  health: Health;
  lastError: { at: string; kind: BackupKind; message: string } | null;
  /** Takes a verified backup now into the chosen folder; throws when it cannot. */
  backup(kind: BackupKind, at: Date): Promise<BackupFile & { auditRows: number; head: string }>;
  /** An automatic backup (unless they are off): a failure is kept for the backup page and logged, never thrown. */
  backupQuietly(kind: BackupKind, at: Date): Promise<void>;
  /** Remembers the newest audit row after a commit wrote it (core/audit.ts, the audit mark). */
  markAuditHead(head: AuditHead): void;
}

export function createSystem(dbFile: string, log: (line: string) => void, autoBackup = true): SystemState {
  const dataDir = path.dirname(dbFile);
  const state: SystemState = {
    dbFile,
    dataDir,
    health: { checkedAt: '', quickCheck: { ok: true, problems: [] }, auditChain: { ok: true, rows: 0, firstBadId: null }, auditTail: { ok: true, lastSeenRow: null }, restored: null },
    lastError: null,
    backup(kind, at) {
      const settings = readBackupSettings(dataDir);
      return takeBackup(dbFile, { folder: backupFolder(dataDir, settings), generations: settings.generations, kind, at });
    },
    async backupQuietly(kind, at) {
      if (!autoBackup) return;
      try {
        await state.backup(kind, at);
      } catch (err) {
        const details = err instanceof Error ? [err.message, ...((err as { problems?: string[] }).problems ?? [])].join('; ') : String(err);
        state.lastError = { at: localMinute(at), kind, message: details };
        log(`automatic backup (${kind}) failed: ${details}`);
      }
    },
    markAuditHead(head) {
      // records missing at start: the mark keeps naming the last row seen until the administrator accepts or restores
      if (!state.health.auditTail.ok) return;
      try {
        writeAuditMark(dbFile, head);
      } catch (err) {
        // the records are committed; only the start-up check of their tail goes without
        log(`could not write the audit mark: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
  };
  return state;
}

/**
 * The start-up checks: PRAGMA quick_check, the audit chain, and its tail: the newest audit row
 * this computer saw written must still be there.
 */
export async function checkHealth(dbFile: string, at: Date): Promise<Health> {
  const mark = readAuditMark(dbFile);
  const quick = await checkDatabaseFile(dbFile, 'quick_check', mark);
  return {
    checkedAt: localMinute(at),
    quickCheck: { ok: quick.integrityOk, problems: quick.integrityOk ? [] : quick.problems },
    // not verified when the file itself failed its check
    auditChain: { ok: quick.ok, rows: quick.auditRows, firstBadId: quick.firstBadId },
    auditTail: { ok: !quick.ok || !mark || quick.markFound, lastSeenRow: mark?.id ?? null },
    restored: null,
  };
}
