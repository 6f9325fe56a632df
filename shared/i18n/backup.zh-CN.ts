// Messages of backups, restore and the start-up checks.
export const backupZhCN = {
  err: {
    pathInvalid: '路径中含有不可见的控制字符',
    pathNotAbsolute: '请填写完整路径，例如 D:\\车队备份 或 /media/usb/车队备份',
    backupFolderUnusable: '备份文件夹 {{folder}} 无法写入：{{details}}',
    backupFolderMissing: '找不到文件夹 {{folder}}，请先插入 U 盘或创建该文件夹',
    backupFailed: '备份未完成，已删除不完整的文件：{{details}}',
    restoreFileMissing: '找不到备份文件 {{file}}',
    restoreInvalid: '文件 {{file}} 不能用于恢复：{{details}}',
    tailNothingToAccept: '启动自检未发现缺失的审计记录，无需确认',
  },
  entity: { backups: '数据备份' },
  field: { folder: '备份文件夹', generations: '保留份数', file: '备份文件' },
  backupKind: { daily: '每日自动', lock: '结算锁定后', migration: '升级前', manual: '手动', restore: '恢复前' },
};
