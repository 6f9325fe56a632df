// The audit trail: one row per change of state, written in the same transaction as the
// change, each row's hash chained (SHA-256) to the previous row's. The table refuses
// UPDATE and DELETE (triggers), and verifyChain detects a row changed behind its back.
import crypto from 'node:crypto';
import fs from 'node:fs';
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

/** The newest row of the audit trail: its id and hash. */
export interface AuditHead {
  id: number;
  hash: string;
}

export async function writeAudit(db: Kysely<Database>, actor: AuditActor, now: Date, entry: AuditEntry): Promise<AuditHead> {
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
  const hash = rowHash(prev, fields);
  const { id } = await db
    .insertInto('audit_log')
    .values({ ...fields, prev_hash: prev, hash })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id, hash };
}

// The last audit row this computer saw written, kept in a small file beside the database
// (<db>.audit-head) after every call that wrote one. The chain shows a row changed; it cannot
// show rows missing from its end. A database that lacks the row its mark names has lost its
// newest records: cut short, or replaced by an older copy. Written after the commit, the mark
// can only be behind the database (a crash in between), never ahead of it. After such a start
// the mark is kept as it was (the alarm stays, start after start) until the administrator
// restores a backup or accepts the database as it is (backup.acceptTail).
export const auditMarkFile = (dbFile: string) => `${dbFile}.audit-head`;

export function readAuditMark(dbFile: string): AuditHead | null {
  try {
    const mark = JSON.parse(fs.readFileSync(auditMarkFile(dbFile), 'utf8')) as Partial<AuditHead>;
    return typeof mark.id === 'number' && typeof mark.hash === 'string' ? { id: mark.id, hash: mark.hash } : null;
  } catch {
    return null; // none yet, or torn by a crash: no mark to check against
  }
}

/** Written whole or not at all: a crash mid-write leaves the previous mark. */
export function writeAuditMark(dbFile: string, head: AuditHead): void {
  const file = auditMarkFile(dbFile);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(head));
  fs.renameSync(`${file}.tmp`, file);
}

/**
 * Recomputes the chain from the first row; returns the first row that does not verify, and
 * (given a mark) whether the row the mark names is there with the mark's hash.
 */
export async function verifyChain(db: Kysely<Database>, mark: AuditHead | null = null): Promise<{ ok: boolean; rows: number; firstBadId: number | null; head: string; markFound: boolean }> {
  let markFound = false;
  let prev = GENESIS_HASH;
  let rows = 0;
  const batch = 5000;
  let afterId = 0;
  for (;;) {
    const page = await db.selectFrom('audit_log').selectAll().where('id', '>', afterId).orderBy('id').limit(batch).execute();
    for (const r of page) {
      rows++;
      if (r.prev_hash !== prev || rowHash(prev, r) !== r.hash) return { ok: false, rows, firstBadId: r.id, head: prev, markFound };
      if (mark && r.id === mark.id && r.hash === mark.hash) markFound = true;
      prev = r.hash;
    }
    if (page.length < batch) break;
    afterId = page[page.length - 1]!.id;
  }
  return { ok: true, rows, firstBadId: null, head: prev, markFound };
}
