import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Api, Method, MethodOutput } from '../../../shared/api/index.ts';
import type { Role } from '../../../shared/domain/roles.ts';
import type { Lang } from '../../../shared/i18n/index.ts';
import { localMinute } from '../../../shared/domain/period.ts';
import type { Database } from '../db/schema.ts';
import type { SystemState } from '../features/backup/system.ts';
import type { AuditEntry } from './audit.ts';
import type { SessionStore } from './sessions.ts';

export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  roles: Role[];
  /** the role this call is made in: the first of the user's roles that the method allows */
  role: Role;
  driverId: number | null;
}

/** What a handler gets: the transaction, the clock, who calls, and the audit writer. */
export interface Ctx {
  db: Kysely<Database>;
  now: Date;
  actor: Actor | null;
  lang: Lang;
  token: string | undefined;
  sessions: SessionStore;
  /** the app's data folder (beside the database): attachments are copied here */
  dataDir: string;
  audit(entry: AuditEntry): Promise<void>;
  /** the start-up checks and the backups */
  system: SystemState;
  /** Work to do once this call's transaction has committed (a backup of what it locked); awaited before answering, never undoing the call. */
  afterCommit(work: () => Promise<void>): void;
}

export interface LoggedInCtx extends Ctx {
  actor: Actor;
}

/** Public methods (first run, login) may be called without a login; all others have an actor. */
export type HandlerCtx<M extends Method> = Api[M]['access'] extends 'public' ? Ctx : LoggedInCtx;
export type Handler<M extends Method> = (input: z.output<Api[M]['input']>, ctx: HandlerCtx<M>) => Promise<MethodOutput<M>>;
export type Handlers = { [M in Method]: Handler<M> };

export const OK = { ok: true } as const;

/** The handler's clock as stored in records: local time to the minute. */
export function nowMinute(ctx: Ctx): string {
  return localMinute(ctx.now);
}

/** A person who only drives sees and handles only their own tickets and orders. */
export function drivesOnly(ctx: LoggedInCtx): boolean {
  return ctx.actor.roles.every((r) => r === 'driver');
}
