// Accident attachments: photos and the police report, copied into the app's data folder under
// their content hash. The type comes from the bytes, never from the name. File access is
// synchronous: inside the transaction nothing but the database is awaited.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, type Accident, type AttachmentMime, type accidentAttachInput } from '../../../../shared/api/accidents.ts';
import { nowMinute, type LoggedInCtx } from '../../core/context.ts';
import { DomainError, fieldError, notFound } from '../../core/errors.ts';
import { loadVisible } from './rows.ts';
import { getAccident } from './service.ts';

const ATTACHMENTS_DIR = 'attachments';

const SIGNATURES: { mime: AttachmentMime; bytes: number[] }[] = [
  { mime: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { mime: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mime: 'application/pdf', bytes: [...Buffer.from('%PDF-', 'latin1')] },
];

/** The file's type from its first bytes; null when it is none of the accepted ones. */
export function sniffType(buf: Buffer): AttachmentMime | null {
  return SIGNATURES.find((s) => buf.length >= s.bytes.length && s.bytes.every((b, i) => buf[i] === b))?.mime ?? null;
}

// One character class (no nested groups: a 13 MB text must not exhaust the regex engine's stack).
const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Strict base64: the standard alphabet, padded, no whitespace or data-URL prefix, and canonical
 * (decoding and encoding again gives the same text); null otherwise. Node's own decoder skips
 * whatever it does not understand, so it cannot be the check.
 */
export function decodeBase64Strict(text: string): Buffer | null {
  if (text.length % 4 !== 0 || !BASE64_RE.test(text)) return null;
  const buf = Buffer.from(text, 'base64');
  return buf.toString('base64') === text ? buf : null;
}

function attachmentsDir(ctx: LoggedInCtx): string {
  return path.join(ctx.dataDir, ATTACHMENTS_DIR);
}

/** Writes the file once under its hash: to a temporary name first, then renamed into place. */
function storeFile(dir: string, storedName: string, buf: Buffer): void {
  fs.mkdirSync(dir, { recursive: true });
  const target = path.join(dir, storedName);
  if (fs.existsSync(target) && fs.statSync(target).size === buf.length) return;
  const temp = path.join(dir, `.${storedName}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  try {
    fs.writeFileSync(temp, buf, { flag: 'wx' });
    fs.renameSync(temp, target);
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

export async function attach(ctx: LoggedInCtx, input: z.output<typeof accidentAttachInput>): Promise<Accident> {
  const row = await loadVisible(ctx, input.id);
  const buf = decodeBase64Strict(input.base64);
  if (!buf) throw fieldError('INVALID_INPUT', 'base64', { key: 'err.attachmentBase64' });
  if (buf.length > ATTACHMENT_MAX_BYTES) throw fieldError('INVALID_INPUT', 'base64', { key: 'err.attachmentTooLarge' });
  const mime = sniffType(buf);
  if (!mime) throw fieldError('INVALID_INPUT', 'base64', { key: 'err.attachmentType' });
  const sha256 = crypto.createHash('sha256').update(buf).digest('hex');
  const storedName = `${sha256}.${ATTACHMENT_TYPES[mime]}`;
  storeFile(attachmentsDir(ctx), storedName, buf);
  const values = {
    accident_id: row.id,
    kind: input.kind,
    file_name: input.fileName,
    mime_type: mime,
    size_bytes: buf.length,
    sha256,
    stored_name: storedName,
    added_at: nowMinute(ctx),
    added_by_name: ctx.actor.displayName,
  };
  const { id } = await ctx.db.insertInto('accident_attachments').values(values).returning('id').executeTakeFirstOrThrow();
  await ctx.audit({ action: 'accidents.attach', entity: 'accidents', entityId: row.id, after: { number: row.number, attachmentId: id, ...values } });
  return getAccident(ctx, row.id);
}

/** One attachment's file read back from the data folder (drivers: their own accidents). */
export async function attachmentFile(ctx: LoggedInCtx, input: { id: number; attachmentId: number }): Promise<{ fileName: string; base64: string }> {
  const row = await loadVisible(ctx, input.id);
  const a = await ctx.db.selectFrom('accident_attachments').selectAll().where('id', '=', input.attachmentId).where('accident_id', '=', row.id).executeTakeFirst();
  if (!a) throw notFound('accidentAttachment', input.attachmentId);
  const file = path.join(attachmentsDir(ctx), a.stored_name);
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch {
    throw new DomainError('NOT_FOUND', { key: 'err.attachmentMissing', params: { fileName: a.file_name, stored: a.stored_name } });
  }
  if (crypto.createHash('sha256').update(buf).digest('hex') !== a.sha256) {
    throw new DomainError('NOT_FOUND', { key: 'err.attachmentDamaged', params: { fileName: a.file_name } });
  }
  return { fileName: a.file_name, base64: buf.toString('base64') };
}
