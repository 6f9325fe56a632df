// Backups, restore and the database's health at start: the contract's schemas.
import { z } from 'zod';

/** Why a backup was taken: the app's start (daily), a settlement lock, a migration, a person, a restore. */
export const BACKUP_KINDS = ['daily', 'lock', 'migration', 'manual', 'restore'] as const;
export type BackupKind = (typeof BACKUP_KINDS)[number];

/** An absolute path on this machine (Windows drive or UNC, or POSIX), without control characters. */
const absolutePath = z
  .string()
  .trim()
  .min(1, 'err.required')
  .max(1000)
  .refine((p) => !/[\u0000-\u001f]/.test(p), 'err.pathInvalid')
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), 'err.pathNotAbsolute');

export const backupEntity = z.object({
  file: z.string(),
  name: z.string(),
  at: z.string(),
  kind: z.enum(BACKUP_KINDS),
  sizeBytes: z.number().int(),
});

export const healthOutput = z.object({
  /** when the checks ran: the backend's start */
  checkedAt: z.string(),
  quickCheck: z.object({ ok: z.boolean(), problems: z.array(z.string()) }),
  auditChain: z.object({ ok: z.boolean(), rows: z.number().int(), firstBadId: z.number().int().nullable() }),
  /** the newest audit row this computer saw written (its id) is still in the chain: none cut off the end */
  auditTail: z.object({ ok: z.boolean(), lastSeenRow: z.number().int().nullable() }),
  /** the database was restored from a backup at this start */
  restored: z.object({ asideFile: z.string() }).nullable(),
});

export const backupStatusOutput = z.object({
  folder: z.string(),
  defaultFolder: z.string(),
  generations: z.number().int(),
  backups: z.array(backupEntity),
  /** the last automatic backup that failed since the start, if any */
  lastError: z.object({ at: z.string(), kind: z.enum(BACKUP_KINDS), message: z.string() }).nullable(),
  health: healthOutput,
});

export const backupConfigureInput = z.object({
  /** null: the default folder beside the database */
  folder: absolutePath.nullable(),
  generations: z.number().int().min(1).max(1000),
});

export const backupRestoreInput = z.object({ file: absolutePath });
export const backupRestoreOutput = z.object({ restartRequired: z.literal(true), auditRows: z.number().int() });
