// Messages of backups, restore and the start-up checks.
import type { backupZhCN } from './backup.zh-CN.ts';

export const backupEn: typeof backupZhCN = {
  err: {
    pathInvalid: 'The path contains invisible control characters',
    pathNotAbsolute: 'Enter a full path, e.g. D:\\DepotBackups or /media/usb/depot-backups',
    backupFolderUnusable: 'The backup folder {{folder}} cannot be written: {{details}}',
    backupFolderMissing: 'The folder {{folder}} does not exist: plug in the USB drive or create the folder first',
    backupFailed: 'The backup did not complete; the incomplete file was removed: {{details}}',
    restoreFileMissing: 'The backup file {{file}} does not exist',
    restoreInvalid: 'The file {{file}} cannot be restored: {{details}}',
    tailNothingToAccept: 'The start-up checks found no audit records missing: there is nothing to accept',
  },
  entity: { backups: 'Backups' },
  field: { folder: 'Backup folder', generations: 'Generations kept', file: 'Backup file' },
  backupKind: { daily: 'Daily (at start)', lock: 'After a settlement lock', migration: 'Before an upgrade', manual: 'Manual', restore: 'Before a restore' },
};
