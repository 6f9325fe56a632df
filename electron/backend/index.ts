// The backend: plain Node (no electron import), used by Electron's main process, by the HTTP
// adapter in browser mode, and by tests.
import path from 'node:path';
import { closeDatabase, migrate, openDatabase } from './db/connection.ts';
import { SessionStore } from './core/sessions.ts';
import { createDispatcher } from './dispatch.ts';
import type { Backend, BackendOptions } from './types.ts';

export async function openBackend(opts: BackendOptions): Promise<Backend> {
  const now = opts.now ?? (() => new Date());
  const opened = openDatabase(opts.dbFile);
  await migrate(opened, opts.dbFile, now());
  const sessions = new SessionStore();
  const dispatch = createDispatcher({
    db: opened.db,
    sessions,
    dataDir: path.dirname(opts.dbFile),
    now,
    checkOutputs: process.env.DEPOT_CHECK_OUTPUTS !== '0',
    log: (line) => console.error(line),
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

  return {
    dbFile: opts.dbFile,
    dispatch,
    close: () => closeDatabase(opened),
  };
}

export type { Backend, BackendOptions, CallContext } from './types.ts';
