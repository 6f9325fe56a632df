import type { ApiResult } from '../../shared/api/index.ts';
import type { Lang } from '../../shared/i18n/index.ts';

/** What an adapter (HTTP or Electron IPC) knows about the caller. */
export interface CallContext {
  /** session token from auth.login / setup.createAdmin */
  token?: string;
  /** the language of the screen, for messages */
  lang?: Lang;
}

export interface Backend {
  /** Validates the input, checks the role, runs the method in one transaction; never throws. */
  dispatch(method: string, input: unknown, ctx: CallContext): Promise<ApiResult<unknown>>;
  /** Closes the database (checkpointing the WAL). */
  close(): Promise<void>;
  readonly dbFile: string;
  /** the start's background work (the daily backup); close() waits for it, tests may too */
  readonly background?: Promise<void>;
}

export interface BackendOptions {
  dbFile: string;
  /** load the demo depot when the database is new (after the administrator exists) */
  demo?: boolean;
  /** create this administrator on an empty database (DEPOT_ADMIN_USER / DEPOT_ADMIN_PASSWORD) */
  admin?: { username: string; password: string };
  /** the clock; tests pass a fixed one */
  now?: () => Date;
  /** the daily and after-lock backups (default on; the bench turns them off: a copy of its ten-year database per lock is not what it measures) */
  autoBackup?: boolean;
}
