// The printed settlement sheet archived with the settlement: the PDF the desktop shell made
// is checked (a PDF, not too large), copied into the data folder (archive/<sha256>.pdf) and
// recorded with the settlement's status at the time of printing.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SETTLEMENT_STATUSES } from '../../../../shared/domain/settlement.ts';
import type { Role } from '../../../../shared/domain/roles.ts';
import { nowMinute, type Ctx, type LoggedInCtx } from '../../core/context.ts';
import { DomainError, fieldError } from '../../core/errors.ts';
import { decodeBase64Strict } from '../accidents/attachments.ts';

type Status = (typeof SETTLEMENT_STATUSES)[number];

function toEntity(r: { id: number; month: string; status: string; file_name: string; sha256: string; size_bytes: number; archived_at: string; archived_by_name: string; archived_role: string }) {
  return { id: r.id, month: r.month, status: r.status as Status, fileName: r.file_name, sha256: r.sha256, sizeBytes: r.size_bytes, archivedAt: r.archived_at, archivedByName: r.archived_by_name, archivedRole: r.archived_role as Role };
}

export async function archivePdf(ctx: LoggedInCtx, input: { month: string; base64: string }) {
  const s = await ctx.db.selectFrom('settlements').select(['id', 'status']).where('month', '=', input.month).executeTakeFirst();
  if (!s) throw new DomainError('NOT_FOUND', { key: 'err.settlementMissing', params: { month: input.month } });
  const bytes = decodeBase64Strict(input.base64);
  if (!bytes || bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw fieldError('INVALID_INPUT', 'base64', { key: 'err.notPdf' });
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  const dir = path.join(ctx.dataDir, 'archive');
  const stored = `${sha256}.pdf`;
  const target = path.join(dir, stored);
  // Synchronous: nothing but the database is awaited inside the transaction.
  if (!fs.existsSync(target)) {
    fs.mkdirSync(dir, { recursive: true });
    const tmp = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, target);
  }
  const at = nowMinute(ctx);
  const fileName = `settlement-${input.month}-${at.replace(/[ :]/g, '').slice(0, 12)}.pdf`;
  const row = await ctx.db
    .insertInto('settlement_archives')
    .values({ settlement_id: s.id, month: input.month, status: s.status, file_name: fileName, stored_name: stored, sha256, size_bytes: bytes.length, archived_at: at, archived_by_name: ctx.actor.displayName, archived_role: ctx.actor.role })
    .returningAll()
    .executeTakeFirstOrThrow();
  await ctx.audit({ action: 'settlement.archivePdf', entity: 'settlements', entityId: s.id, after: { month: input.month, status: s.status, fileName, sha256, sizeBytes: bytes.length } });
  return toEntity(row);
}

export async function listArchives(ctx: Ctx, month: string) {
  const rows = await ctx.db.selectFrom('settlement_archives').selectAll().where('month', '=', month).orderBy('id', 'desc').execute();
  return { items: rows.map(toEntity) };
}
