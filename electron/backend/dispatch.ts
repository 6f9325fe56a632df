// The one entry point of the backend: validate the input with the contract's schema, check
// the caller's role, run the handler in one transaction, and answer data or the one error
// shape. Nothing here throws to the adapter, and no stack trace leaves the backend.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { api, type ApiError, type ApiResult, type Method } from '../../shared/api/index.ts';
import type { Role } from '../../shared/domain/roles.ts';
import { DEFAULT_LANG, translator, type Lang } from '../../shared/i18n/index.ts';
import { writeAudit, type AuditHead } from './core/audit.ts';
import type { Actor, Ctx, Handlers } from './core/context.ts';
import { DomainError, type MessageRef } from './core/errors.ts';
import { renderMessage } from './core/messages.ts';
import type { SessionStore } from './core/sessions.ts';
import { zodFields } from '../../shared/api/validation.ts';
import type { Database } from './db/schema.ts';
import { accidentHandlers } from './features/accidents/handlers.ts';
import { accountHandlers } from './features/accounts/handlers.ts';
import { loadUser } from './features/accounts/service.ts';
import { auditHandlers } from './features/audit/handlers.ts';
import { conductHandlers } from './features/conduct/handlers.ts';
import { dispatchHandlers } from './features/dispatch/handlers.ts';
import { fuelHandlers } from './features/fuel/handlers.ts';
import { maintenanceHandlers } from './features/maintenance/handlers.ts';
import { personnelHandlers } from './features/personnel/handlers.ts';
import { masterHandlers } from './features/masterdata/handlers.ts';
import { policyHandlers } from './features/policy/handlers.ts';
import { repairHandlers } from './features/repairs/handlers.ts';
import { settlementHandlers } from './features/settlement/handlers.ts';
import { dashboardHandlers } from './features/dashboard/handlers.ts';
import { setupHandlers } from './features/setup/handlers.ts';
import type { CallContext } from './types.ts';
import { backupHandlers } from './features/backup/handlers.ts';
import type { SystemState } from './features/backup/system.ts';

export const handlers: Handlers = {
  ...setupHandlers,
  ...accountHandlers,
  ...policyHandlers,
  ...auditHandlers,
  ...masterHandlers,
  ...dispatchHandlers,
  ...repairHandlers,
  ...maintenanceHandlers,
  ...personnelHandlers,
  ...fuelHandlers,
  ...accidentHandlers,
  ...conductHandlers,
  ...settlementHandlers,
  ...dashboardHandlers,
  ...backupHandlers,
};

type T = ReturnType<typeof translator>;

const render = (ref: MessageRef, t: T) => renderMessage(ref, t);

function fail(error: ApiError): ApiResult<never> {
  return { ok: false, error };
}

export interface DispatcherDeps {
  db: Kysely<Database>;
  sessions: SessionStore;
  /** the data folder: attachments live here, beside the database */
  dataDir: string;
  now: () => Date;
  /** also check every answer against the output schema (tests, development) */
  checkOutputs: boolean;
  system: SystemState;
  log?: (line: string) => void;
}

export function createDispatcher(deps: DispatcherDeps) {
  return async function dispatch(method: string, rawInput: unknown, call: CallContext): Promise<ApiResult<unknown>> {
    const lang: Lang = call.lang ?? DEFAULT_LANG;
    const t = translator(lang);
    if (!Object.hasOwn(api, method)) return fail({ code: 'NOT_FOUND', message: t('err.unknownMethod', { method }) });
    const m = method as Method;
    const def = api[m];
    const now = deps.now();

    // reportInput: the messages distinguish a missing value from a wrong one.
    const parsed = def.input.safeParse(rawInput ?? {}, { reportInput: true });
    const afterCommit: (() => Promise<void>)[] = [];
    let auditHead: AuditHead | null = null;
    try {
      const answer = await deps.db.transaction().execute(async (trx) => {
        const ctx: Ctx = {
          db: trx,
          now,
          actor: null,
          lang,
          token: call.token,
          sessions: deps.sessions,
          dataDir: deps.dataDir,
          system: deps.system,
          afterCommit: (work) => afterCommit.push(work),
          audit: async (entry) => {
            auditHead = await writeAudit(trx, ctx.actor ? { userId: ctx.actor.userId, username: ctx.actor.username, role: ctx.actor.role } : { userId: null, username: 'system', role: 'system' }, now, entry);
          },
        };
        if (def.access !== 'public') {
          const session = deps.sessions.get(call.token, now);
          const user = session ? await loadUser(ctx, session.userId) : undefined;
          if (!user || !user.active) throw new DomainError('UNAUTHENTICATED', { key: 'err.unauthenticated' });
          const allowed: readonly Role[] = def.access === 'any' ? user.roles : def.access;
          const role = user.roles.find((r) => allowed.includes(r));
          if (!role) throw new DomainError('FORBIDDEN', { key: 'err.forbidden', params: { method } });
          ctx.actor = { userId: user.id, username: user.username, displayName: user.displayName, roles: user.roles, role, driverId: user.driverId } satisfies Actor;
        }
        // Role before input: a caller who may not use the method learns nothing about its fields.
        if (!parsed.success) throw parsed.error;
        const handler = handlers[m] as (input: unknown, ctx: Ctx) => Promise<unknown>;
        const data = await handler(parsed.data, ctx);
        if (deps.checkOutputs) def.output.parse(data);
        return { ok: true as const, data };
      });
      if (auditHead) deps.system.markAuditHead(auditHead);
      for (const work of afterCommit) {
        try {
          await work();
        } catch (err) {
          deps.log?.(`${method}: after commit: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        }
      }
      return answer;
    } catch (err) {
      if (err instanceof DomainError) {
        const fields = err.fields ? Object.fromEntries(Object.entries(err.fields).map(([k, ref]) => [k, render(ref, t)])) : undefined;
        return fail({ code: err.code, message: render(err.ref, t), ...(fields ? { fields } : {}) });
      }
      if (err instanceof z.ZodError && !parsed.success && err === parsed.error) {
        const { fields, summary } = zodFields(err, t);
        return fail({ code: 'INVALID_INPUT', message: t('err.invalidInput', { details: summary }), fields });
      }
      const ref = crypto.randomBytes(4).toString('hex');
      deps.log?.(`[${ref}] ${method} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return fail({ code: 'INTERNAL', message: t('err.internal', { ref }) });
    }
  };
}
