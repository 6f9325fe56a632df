// The audit trail: one row per change of state, written in the same transaction as the
// change, each row's hash chained (SHA-256) to the previous row's. The table refuses
// UPDATE and DELETE (triggers), and verifyChain detects a row changed behind its back.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { localMinute } from '../../../shared/domain/period.ts';
import type { AuditLogTable, Database } from '../db/schema.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  action: string;
  entity: string;
  entityId: number | string | null;
  before?: unknown;
  after?: unknown;
}

export interface AuditActor {
  userId: number | null;
  username: string;
  role: string;
}

type HashedFields = Pick<AuditLogTable, 'at' | 'user_id' | 'username' | 'role' | 'action' | 'entity' | 'entity_id' | 'before' | 'after'>;

export function rowHash(prevHash: string, r: HashedFields): string {
  const payload = JSON.stringify([prevHash, r.at, r.user_id, r.username, r.role, r.action, r.entity, r.entity_id, r.before, r.after]);
  return crypto.createHash('sha256').update(payload).digest('hex');
}

function json(v: unknown): string | null {
  return v === undefined || v === null ? null : JSON.stringify(v);
}

export async function writeAudit(db: Kysely<Database>, actor: AuditActor, now: Date, entry: AuditEntry): Promise<void> {
  const last = await db.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const prev = last?.hash ?? GENESIS_HASH;
  const fields: HashedFields = {
    at: localMinute(now),
    user_id: actor.userId,
    username: actor.username,
    role: actor.role,
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId === null ? null : String(entry.entityId),
    before: json(entry.before),
    after: json(entry.after),
  };
  await db
    .insertInto('audit_log')
    .values({ ...fields, prev_hash: prev, hash: rowHash(prev, fields) })
    .execute();
}

/** Recomputes the chain from the first row; returns the first row that does not verify. */
export async function verifyChain(db: Kysely<Database>): Promise<{ ok: boolean; rows: number; firstBadId: number | null; head: string }> {
  let prev = GENESIS_HASH;
  let rows = 0;
  const batch = 5000;
  let afterId = 0;
  for (;;) {
    const page = await db.selectFrom('audit_log').selectAll().where('id', '>', afterId).orderBy('id').limit(batch).execute();
    for (const r of page) {
      rows++;
      if (r.prev_hash !== prev || rowHash(prev, r) !== r.hash) return { ok: false, rows, firstBadId: r.id, head: prev };
      prev = r.hash;
    }
    if (page.length < batch) break;
    afterId = page[page.length - 1]!.id;
  }
  return { ok: true, rows, firstBadId: null, head: prev };
}
