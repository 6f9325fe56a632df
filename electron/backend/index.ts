// The backend: plain Node (no electron import), used by Electron's main process, by the HTTP
// adapter in browser mode, and by tests.
//
// Opening: a restore staged by backup.restore is swapped in first (the current database kept
// aside); pending migrations run after a verified backup; then PRAGMA quick_check and the
// audit chain are checked (system.health shows a failure on the login page and in the app);
// and when the newest backup is older than a day, one is taken in the background.
// After a successful backup.restore the backend closes and opens again on the restored file,
// so the app (Electron or browser) restarts on it without the process restarting.
import path from 'node:path';
import { writeAudit } from './core/audit.ts';
import { applyPendingRestore, backupDue, backupFolder } from './core/backup.ts';
import { closeDatabase, migrate, openDatabase } from './db/connection.ts';
import { SessionStore } from './core/sessions.ts';
import { createDispatcher } from './dispatch.ts';
import { checkHealth, createSystem } from './features/backup/system.ts';
import type { Backend, BackendOptions } from './types.ts';

const SYSTEM_ACTOR = { userId: null, username: 'system', role: 'system' };

async function openOnce(opts: BackendOptions, now: () => Date, log: (line: string) => void): Promise<Backend & { background: Promise<void> }> {
  const at = now();
  const restored = applyPendingRestore(opts.dbFile);
  const system = createSystem(opts.dbFile, log, opts.autoBackup !== false);
  const opened = openDatabase(opts.dbFile);
  await migrate(opened, opts.dbFile, at, undefined, async () => (await system.backup('migration', at)).file);
  system.health = { ...(await checkHealth(opts.dbFile, at)), restored };
  if (restored) {
    system.markAuditHead(await opened.db.transaction().execute((trx) => writeAudit(trx, SYSTEM_ACTOR, at, { action: 'restored', entity: 'backups', entityId: null, after: restored })));
    log(`restored the database from a backup; the previous one is kept as ${restored.asideFile}`);
  }
  if (!system.health.quickCheck.ok || !system.health.auditChain.ok || !system.health.auditTail.ok) log(`start-up checks failed: ${JSON.stringify(system.health)}`);

  const sessions = new SessionStore();
  const dispatch = createDispatcher({
    db: opened.db,
    sessions,
    dataDir: path.dirname(opts.dbFile),
    now,
    checkOutputs: process.env.DEPOT_CHECK_OUTPUTS !== '0',
    system,
    log,
  });

  if (opts.admin || opts.demo) {
    const status = await dispatch('setup.status', {}, {});
    let token: string | undefined;
    if (status.ok && !(status.data as { initialized: boolean }).initialized && opts.admin) {
      const created = await dispatch('setup.createAdmin', { username: opts.admin.username, displayName: opts.admin.username, password: opts.admin.password }, {});
      if (!created.ok) throw new Error(`could not create the administrator: ${created.error.message}`);
      token = (created.data as { token: string }).token;
    }
    if (opts.demo && !token) console.warn('--demo ignored: the demo depot loads only into a new database together with DEPOT_ADMIN_USER and DEPOT_ADMIN_PASSWORD');
    if (opts.demo && token) {
      const demo = await dispatch('setup.loadDemo', {}, { token });
      if (!demo.ok) throw new Error(`could not load the demo depot: ${demo.error.message}`);
    }
    if (token) sessions.end(token);
  }

  // The daily backup, in the background: never of a database that failed its checks (it would
  // push good generations out of the folder), never of an empty one.
  const healthy = system.health.quickCheck.ok && system.health.auditChain.ok && system.health.auditTail.ok;
  const background = healthy && system.health.auditChain.rows > 0 && backupDue(backupFolder(system.dataDir), at) ? system.backupQuietly('daily', at) : Promise.resolve();

  return {
    dbFile: opts.dbFile,
    dispatch,
    background,
    close: async () => {
      await background;
      await closeDatabase(opened);
    },
  };
}

export async function openBackend(opts: BackendOptions): Promise<Backend> {
  const now = opts.now ?? (() => new Date());
  const log = (line: string) => console.error(line);
  let current: Awaited<ReturnType<typeof openOnce>>;
  try {
    current = await openOnce(opts, now, log);
  } catch (err) {
    // Shown by the desktop app's error box and by `npm run serve`: where the backups are and what to do.
    const folder = backupFolder(path.dirname(opts.dbFile));
    throw new Error(
      `${err instanceof Error ? err.message : String(err)}\n\n数据库 ${opts.dbFile} 无法打开，可能已损坏。最近的备份在 ${folder}：` +
        `关闭程序后，把原文件改名保留，再把最新的备份复制为 ${path.basename(opts.dbFile)}，然后重新启动` +
        `（启动后会提示缺少最新的记录：核对后由管理员在“数据备份”页确认）。\n` +
        `The database ${opts.dbFile} cannot be opened and may be damaged. The latest backups are in ${folder}: ` +
        `close the app, rename the file to keep it, copy the newest backup in its place as ${path.basename(opts.dbFile)}, and start again ` +
        `(the app will then report its newest records missing: once checked, the administrator accepts that on the Backups page).`,
      { cause: err },
    );
  }
  let inFlight = 0;
  let idle: (() => void) | null = null;
  let restarting: Promise<void> | null = null;

  /** Closes the backend once the calls in flight are done and opens it again (a restore is applied on opening). */
  async function restart() {
    if (inFlight > 0) await new Promise<void>((resolve) => (idle = resolve));
    await current.close();
    current = await openOnce({ dbFile: opts.dbFile, ...(opts.autoBackup === false ? { autoBackup: false } : {}) }, now, log);
  }

  return {
    dbFile: opts.dbFile,
    get background() {
      return current.background;
    },
    async dispatch(method, input, call) {
      while (restarting) await restarting;
      inFlight++;
      let answer;
      try {
        answer = await current.dispatch(method, input, call);
      } finally {
        inFlight--;
        if (inFlight === 0 && idle) {
          idle();
          idle = null;
        }
      }
      if (answer.ok && method === 'backup.restore') {
        restarting = restart().finally(() => (restarting = null));
        await restarting;
      }
      return answer;
    },
    close: async () => {
      while (restarting) await restarting;
      await current.close();
    },
  };
}

export type { Backend, BackendOptions, CallContext } from './types.ts';
