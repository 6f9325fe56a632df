// Fuel-card statements (加油卡对账单): the file arrives in chunks, is kept whole as the source
// of its fill-ups, is read through a column mapping remembered per card company or station,
// and every row is checked as a hand-entered fill-up would be before anything is saved. The
// import saves all valid rows in one transaction; a row already imported (same plate, time,
// invoice, litres and amount) is skipped, so the same statement imported twice adds nothing.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { z } from 'zod';
import {
  type ImportCommit,
  type ImportPreview,
  type ImportRow,
  type importPreviewInput,
  type StatementMapping,
} from '../../../../shared/api/fuel.ts';
import { expectedAmountFen } from '../../../../shared/domain/fuel.ts';
import { monthOf } from '../../../../shared/domain/period.ts';
import { nowMinute, type Ctx, type LoggedInCtx } from '../../core/context.ts';
import { fieldError, notFound } from '../../core/errors.ts';
import { isMonthLocked } from '../../core/period-lock.ts';
import type { SystemState } from '../backup/system.ts';
import { L, Y } from './figures.ts';
import { guessMapping, mappingProblems } from './statement-mapping.ts';
import { cellMemo, fillOf, rowValues, type ImportedFill } from './statement-row.ts';
import { MAX_COLUMNS, readStatement, type ParsedStatement } from './statement.ts';

/** rows a statement: one JSON parameter of a few megabytes */
const INSERT_BATCH = 20_000;

type Ref = { field: string; key: string; params?: Record<string, string | number> };

export async function importStart(ctx: LoggedInCtx, fileName: string, size: number) {
  const { id } = await ctx.db
    .insertInto('fuel_imports')
    .values({ file_name: fileName, size, status: 'uploading', created_at: nowMinute(ctx), created_by_name: ctx.actor.displayName })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id };
}

/** The import's record without its file (megabytes, read only when the statement is parsed). */
async function loadImport(ctx: Ctx, id: number) {
  const row = await ctx.db
    .selectFrom('fuel_imports')
    .select(['id', 'file_name', 'size', 'status', 'sha256', 'imported_at', 'created_by_name'])
    .select((eb) => eb('content', 'is not', null).as('has_content'))
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('fuel_imports', id);
  return row;
}

export async function importChunk(ctx: LoggedInCtx, id: number, seq: number, data: string) {
  const imp = await loadImport(ctx, id);
  if (imp.status !== 'uploading') throw fieldError('CONFLICT', 'id', { key: 'err.importUploaded', params: { file: imp.file_name } });
  const bytes = Buffer.from(data, 'base64');
  if (bytes.length === 0 || bytes.toString('base64') !== data) throw fieldError('INVALID_INPUT', 'data', { key: 'err.importChunkBroken' });
  await ctx.db
    .insertInto('fuel_import_chunks')
    .values({ import_id: id, seq, data: bytes })
    .onConflict((oc) => oc.columns(['import_id', 'seq']).doUpdateSet({ data: bytes }))
    .execute();
  const { received } = await ctx.db
    .selectFrom('fuel_import_chunks')
    .select((eb) => eb.fn.sum<number>(eb.fn('length', ['data'])).as('received'))
    .where('import_id', '=', id)
    .executeTakeFirstOrThrow();
  if (Number(received) > imp.size) throw fieldError('CONFLICT', 'data', { key: 'err.importSizeMismatch', params: { file: imp.file_name, size: imp.size, received: Number(received) } });
  return { received: Number(received), size: imp.size };
}

/** The whole file: assembled from its chunks the first time (then kept, the chunks dropped); read when not parsed already. */
async function fileOf(ctx: Ctx, id: number) {
  const imp = await loadImport(ctx, id);
  if (imp.has_content) {
    const content = async () => (await ctx.db.selectFrom('fuel_imports').select('content').where('id', '=', id).executeTakeFirstOrThrow()).content!;
    return { imp: { ...imp, sha256: imp.sha256! }, content };
  }
  const chunks = await ctx.db.selectFrom('fuel_import_chunks').select(['seq', 'data']).where('import_id', '=', id).orderBy('seq').execute();
  const content = Buffer.concat(chunks.map((c) => c.data));
  if (content.length !== imp.size || chunks.some((c, i) => c.seq !== i)) {
    throw fieldError('CONFLICT', 'id', { key: 'err.importIncomplete', params: { file: imp.file_name, size: imp.size, received: content.length } });
  }
  const sha256 = createHash('sha256').update(content).digest('hex');
  await ctx.db.updateTable('fuel_imports').set({ content, sha256, status: 'uploaded' }).where('id', '=', id).execute();
  await ctx.db.deleteFrom('fuel_import_chunks').where('import_id', '=', id).execute();
  return { imp: { ...imp, sha256 }, content: async () => content };
}

// Parsing a large statement takes a while: the last few are kept by content hash, so paging
// through a preview and then importing reads the file once.
const parsedCache = new Map<string, ParsedStatement>();
async function parse(fileName: string, sha: string, content: () => Promise<Uint8Array>): Promise<ParsedStatement> {
  const hit = parsedCache.get(sha);
  if (hit) return hit;
  const parsed = await readStatement(fileName, await content());
  parsedCache.set(sha, parsed);
  if (parsedCache.size > 3) parsedCache.delete(parsedCache.keys().next().value!);
  return parsed;
}

/** Which mapping to use: the one given, the profile's remembered one when it fits the headers, or a guess. */
async function chooseMapping(ctx: Ctx, profile: string, headers: string[], given: StatementMapping | undefined) {
  if (given) return { mapping: given, source: 'given' as const };
  const saved = await ctx.db.selectFrom('fuel_import_profiles').selectAll().where('name', '=', profile).executeTakeFirst();
  if (saved) {
    const mapping = JSON.parse(saved.mapping) as StatementMapping;
    const savedHeaders = JSON.parse(saved.headers) as string[];
    const fits = Object.values(mapping).every((col) => col !== undefined && headers[col] === savedHeaders[col]);
    if (fits) return { mapping, source: 'profile' as const };
  }
  return { mapping: guessMapping(headers), source: 'guessed' as const };
}

interface Checked extends ImportRow {
  key: string | null;
  fill: ImportedFill | null;
  month: string | null;
}

/**
 * A long list of values as ONE parameter (a JSON array read by json_each): a statement of
 * 100 000 rows looked up with one statement on the index, not two hundred of 500 parameters
 * each to prepare.
 */
const jsonList = (values: string[]) => sql<string>`(SELECT value FROM json_each(${JSON.stringify(values)}))`;

// A row's values depend on the file and the mapping alone: worked out once per mapping of a
// (cached) statement, so the preview's pages and the commit read the cells once.
const rowCache = new WeakMap<ParsedStatement, Map<string, ReturnType<typeof mapRows>>>();
function mapRows(parsed: ParsedStatement, mapping: StatementMapping) {
  const memo = cellMemo();
  return parsed.rows.map((cells, i) => ({ rowNumber: parsed.rowNumbers[i]!, cells, ...rowValues(cells, mapping, parsed.lastRowOpen && i === parsed.rows.length - 1, memo) }));
}
const mappingKey = (mapping: StatementMapping) => JSON.stringify(Object.entries(mapping).sort());
function readRows(parsed: ParsedStatement, mapping: StatementMapping) {
  const key = mappingKey(mapping);
  let byMapping = rowCache.get(parsed);
  if (!byMapping) rowCache.set(parsed, (byMapping = new Map()));
  let rows = byMapping.get(key);
  if (!rows) {
    rows = mapRows(parsed, mapping);
    byMapping.set(key, rows);
    if (byMapping.size > 3) byMapping.delete(byMapping.keys().next().value!);
  }
  return rows;
}

/** Every row through the mapping and the same rules as a fill-up entered by hand. */
async function checkRows(ctx: Ctx, parsed: ParsedStatement, mapping: StatementMapping): Promise<Checked[]> {
  const rows = readRows(parsed, mapping);
  const vehicles = new Map(
    (await ctx.db.selectFrom('vehicles as v').innerJoin('vehicle_models as m', 'm.id', 'v.model_id').select(['v.id', 'v.plate', 'v.retired_at', 'm.tank_capacity']).execute()).map((v) => [v.plate, v]),
  );
  const drivers = new Map<string, number[]>();
  for (const d of await ctx.db.selectFrom('drivers').select(['id', 'name']).where('retired_at', 'is', null).execute()) drivers.set(d.name, [...(drivers.get(d.name) ?? []), d.id]);
  const stations = new Map((await ctx.db.selectFrom('fuel_stations').select(['id', 'name']).where('retired_at', 'is', null).execute()).map((s) => [s.name, s.id]));
  // One pass for what the lookups below need: the months, the time span of the rows without a
  // driver's name, the invoice numbers.
  const months = new Set<string>();
  const invoices = new Set<string>();
  let first: string | null = null;
  let last: string | null = null;
  for (const { values: v } of rows) {
    if (!v) continue;
    months.add(monthOf(v.filledAt));
    invoices.add(v.invoiceNo);
    if (!v.driverName) {
      if (first === null || v.filledAt < first) first = v.filledAt;
      if (last === null || v.filledAt > last) last = v.filledAt;
    }
  }
  // A row of a month whose settlement is locked is refused like one of a signed month.
  const locked = new Set<string>();
  for (const month of months) {
    if (await isMonthLocked(ctx, month)) locked.add(month);
  }
  const signed = new Map((await ctx.db.selectFrom('fuel_signoffs').select(['month', 'signed_at', 'signed_by_name']).where('reopened_at', 'is', null).execute()).map((s) => [s.month, s]));
  // Who had the vehicle out at the time of a fill without a driver on the statement.
  const tickets =
    first !== null && last !== null
      ? await ctx.db
          .selectFrom('dispatch_tickets')
          .select(['vehicle_id', 'driver_id', 'departed_at', 'returned_at'])
          .where('departed_at', 'is not', null)
          .where('departed_at', '<=', last)
          .where((eb) => eb.or([eb('returned_at', 'is', null), eb('returned_at', '>=', first)]))
          .execute()
      : [];
  const tripsOf = new Map<number, typeof tickets>();
  for (const t of tickets) {
    const trips = tripsOf.get(t.vehicle_id);
    if (trips) trips.push(t);
    else tripsOf.set(t.vehicle_id, [t]);
  }
  // Invoices already in the database (entered by hand, or another statement): shown, not refused.
  const knownInvoices = new Set<string>();
  for (const f of await ctx.db.selectFrom('fuel_fillups').select(['invoice_no']).where('invoice_no', 'in', jsonList([...invoices])).execute()) knownInvoices.add(f.invoice_no);
  const now = nowMinute(ctx);
  const seen = new Map<string, number>();
  const out: Checked[] = [];
  for (const r of rows) {
    const problems: Ref[] = [...r.problems];
    const warnings: Ref[] = [];
    const v = r.values;
    let fill: Checked['fill'] = null;
    let key: string | null = null;
    if (v) {
      const vehicle = vehicles.get(v.plate);
      if (!vehicle) problems.push({ field: 'plate', key: 'err.importUnknownPlate', params: { plate: v.plate } });
      else if (vehicle.retired_at) problems.push({ field: 'plate', key: 'err.importRetiredVehicle', params: { plate: v.plate } });
      let driverId: number | undefined;
      if (v.driverName) {
        const ids = drivers.get(v.driverName) ?? [];
        if (ids.length === 1) driverId = ids[0];
        else problems.push({ field: 'driverName', key: ids.length ? 'err.importAmbiguousDriver' : 'err.importUnknownDriver', params: { name: v.driverName } });
      } else if (vehicle) {
        driverId = (tripsOf.get(vehicle.id) ?? []).find((t) => t.departed_at! <= v.filledAt && (t.returned_at === null || t.returned_at >= v.filledAt))?.driver_id;
        if (driverId === undefined) problems.push({ field: 'driverName', key: 'err.importNoDriver', params: { plate: v.plate, at: v.filledAt } });
      }
      if (v.filledAt > now) problems.push({ field: 'filledAt', key: 'err.futureTime', params: { now } });
      const month = monthOf(v.filledAt);
      const s = signed.get(month);
      if (locked.has(month)) problems.push({ field: 'filledAt', key: 'err.periodLocked', params: { month } });
      else if (s) problems.push({ field: 'filledAt', key: 'err.fuelMonthSigned', params: { month, at: s.signed_at, by: s.signed_by_name } });
      const stationId = stations.get(v.stationName);
      key = `${v.plate}|${v.filledAt}|${v.invoiceNo}|${v.litres}|${v.amountFen}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) problems.push({ field: 'invoiceNo', key: 'err.importSameRow', params: { row: earlier } });
      else seen.set(key, r.rowNumber);
      if (problems.length === 0) fill = fillOf(v, vehicle!.id, driverId!, stationId);
      if (stationId === undefined) warnings.push({ field: 'stationName', key: 'fuelAnomaly.station_not_approved', params: { station: v.stationName } });
      const expected = expectedAmountFen(v.litres, v.unitPriceFen);
      if (expected !== v.amountFen) warnings.push({ field: 'amount', key: 'fuelAnomaly.amount_mismatch', params: { amount: Y(v.amountFen), expected: Y(expected) } });
      if (vehicle && v.litres > vehicle.tank_capacity) warnings.push({ field: 'litres', key: 'fuelAnomaly.over_tank', params: { litres: L(v.litres), tank: L(vehicle.tank_capacity) } });
      if (knownInvoices.has(v.invoiceNo)) warnings.push({ field: 'invoiceNo', key: 'fuelAnomaly.duplicate_invoice', params: { invoice: v.invoiceNo } });
    }
    out.push({
      rowNumber: r.rowNumber,
      cells: r.cells,
      plate: v?.plate ?? null,
      driverName: v?.driverName ?? null,
      filledAt: v?.filledAt ?? null,
      litres: v?.litres ?? null,
      amountFen: v?.amountFen ?? null,
      problems,
      warnings,
      duplicate: false,
      key,
      fill,
      month: v ? monthOf(v.filledAt) : null,
    });
  }
  // Rows already in the database (an earlier import of the same statement) are skipped, whatever
  // else would now be said of them (their month signed since, a vehicle retired since).
  const keys = out.flatMap((r) => (r.key ? [r.key] : []));
  const existing = new Set<string>();
  for (const f of await ctx.db.selectFrom('fuel_fillups').select('import_key').where('import_key', 'in', jsonList(keys)).execute()) existing.add(f.import_key!);
  for (const r of out) {
    if (r.key && existing.has(r.key)) Object.assign(r, { duplicate: true, fill: null, problems: [], warnings: [] });
  }
  return out;
}

const rejected = (r: Checked) => !r.fill && !r.duplicate;
const publicRow = ({ key: _k, fill: _f, month: _m, ...row }: Checked): ImportRow => ({ ...row, cells: shownCells(row.cells) });

/** What a cell may show on the screen and in the rejected-rows file: a huge cell is cut, not sent whole. */
const SHOWN_CELL_CHARS = 200;
function shownCells(cells: string[]): string[] {
  return cells.slice(0, MAX_COLUMNS).map((c) => (c.length > SHOWN_CELL_CHARS ? `${c.slice(0, SHOWN_CELL_CHARS)}…` : c));
}

// The checks of the last statement checked, kept for the commit that follows its preview. They
// are reused only while nothing can have changed what they found: the same file, mapping and
// minute, and no row written since, by this connection (total_changes()) or by another
// (data_version). Kept per opened database, so a restore never meets the old one's checks.
const lastChecked = new WeakMap<SystemState, { stamp: string; rows: Checked[] }>();
async function databaseStamp(ctx: Ctx) {
  const { rows } = await sql<{ changes: number; version: number }>`SELECT total_changes() AS changes, (SELECT data_version FROM pragma_data_version) AS version`.execute(ctx.db);
  return `${rows[0]!.changes}|${rows[0]!.version}`;
}
async function checkRowsOnce(ctx: Ctx, sha: string, parsed: ParsedStatement, mapping: StatementMapping): Promise<Checked[]> {
  const stamp = [sha, mappingKey(mapping), nowMinute(ctx), await databaseStamp(ctx)].join('|');
  const hit = lastChecked.get(ctx.system);
  if (hit?.stamp === stamp) return hit.rows;
  const rows = await checkRows(ctx, parsed, mapping);
  lastChecked.set(ctx.system, { stamp, rows });
  return rows;
}

async function prepare(ctx: Ctx, id: number, profile: string, given: StatementMapping | undefined) {
  const { imp, content } = await fileOf(ctx, id);
  const parsed = await parse(imp.file_name, imp.sha256, content);
  const { mapping, source } = await chooseMapping(ctx, profile, parsed.headers, given);
  const mappingIssues = mappingProblems(mapping, parsed.headers).map((p) => ({ field: p.field, key: p.key, ...(p.params ? { params: p.params } : {}) }));
  const rows = mappingIssues.length ? [] : await checkRowsOnce(ctx, imp.sha256, parsed, mapping);
  return { imp, parsed, mapping, source, mappingIssues, rows };
}

export async function importPreview(ctx: LoggedInCtx, input: z.output<typeof importPreviewInput>): Promise<ImportPreview> {
  const { imp, parsed, mapping, source, mappingIssues, rows } = await prepare(ctx, input.id, input.profile, input.mapping);
  const same = await ctx.db
    .selectFrom('fuel_imports')
    .select(['imported_at', 'created_by_name', 'file_name'])
    .where('sha256', '=', imp.sha256)
    .where('status', '=', 'imported')
    .where('id', '!=', imp.id)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  const shown = input.only === 'problems' ? rows.filter((r) => r.problems.length > 0 || r.warnings.length > 0) : rows;
  return {
    id: imp.id,
    fileName: imp.file_name,
    format: parsed.format,
    encoding: parsed.encoding,
    headers: parsed.headers,
    mapping,
    mappingSource: source,
    mappingProblems: mappingIssues,
    total: parsed.rows.length,
    valid: rows.filter((r) => r.fill).length,
    duplicates: rows.filter((r) => r.duplicate).length,
    rejected: mappingIssues.length ? parsed.rows.length : rows.filter(rejected).length,
    warnings: rows.filter((r) => r.fill && r.warnings.length > 0).length,
    sameFile: same ? { importedAt: same.imported_at!, byName: same.created_by_name, fileName: same.file_name } : null,
    rows: shown.slice((input.page - 1) * input.pageSize, input.page * input.pageSize).map(publicRow),
    rowsTotal: shown.length,
  };
}

export async function importCommit(ctx: LoggedInCtx, id: number, profile: string, given: StatementMapping): Promise<ImportCommit> {
  const { imp, parsed, mapping, mappingIssues, rows } = await prepare(ctx, id, profile, given);
  if (imp.status === 'imported') throw fieldError('CONFLICT', 'id', { key: 'err.importDone', params: { file: imp.file_name, at: imp.imported_at! } });
  if (mappingIssues.length) throw fieldError('INVALID_INPUT', `mapping.${mappingIssues[0]!.field}`, mappingIssues[0]!);
  const now = nowMinute(ctx);
  const toSave = rows.filter((r) => r.fill);
  // The rows go in as JSON arrays read by jsonb_each (one statement per batch, no value bound
  // one by one), grouped by vehicle and in time: each vehicle's index entries are then written
  // side by side, not scattered over ten years of them.
  const ids: number[] = [];
  for (let i = 0; i < toSave.length; i += INSERT_BATCH) {
    const batch = toSave.slice(i, i + INSERT_BATCH).map((r, j) => {
      const f = r.fill!;
      return [
        f.vehicleId,
        f.driverId,
        f.filledAt,
        r.month!,
        f.stationId ?? null,
        f.stationName ?? r.cells[mapping.stationName!]!.trim(),
        f.fuelGrade,
        f.litres,
        f.unitPriceFen,
        f.amountFen,
        f.invoiceNo,
        f.odometerKm ?? null,
        f.fullTank ? 1 : 0,
        r.key,
        i + j,
      ];
    });
    const { rows: inserted } = await sql<{ id: number }>`
      INSERT INTO fuel_fillups (vehicle_id, driver_id, filled_at, month, station_id, station_name, fuel_grade, litres, unit_price_fen, amount_fen,
        invoice_no, odometer_km, full_tank, import_key, source, note, created_at, created_by_name, import_id)
      SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7, value ->> 8, value ->> 9,
        value ->> 10, value ->> 11, value ->> 12, value ->> 13, 'import', NULL, ${now}, ${ctx.actor.displayName}, ${imp.id}
      FROM jsonb_each(${JSON.stringify(batch)})
      ORDER BY value ->> 0, value ->> 2, value ->> 14
      RETURNING id`.execute(ctx.db);
    ids.push(...inserted.map((x) => x.id));
  }
  ids.sort((a, b) => a - b);
  const counts = { imported: toSave.length, duplicates: rows.filter((r) => r.duplicate).length, rejected: rows.filter(rejected).length };
  await ctx.db
    .updateTable('fuel_imports')
    .set({ status: 'imported', profile, mapping: JSON.stringify(mapping), rows_total: parsed.rows.length, rows_imported: counts.imported, rows_duplicate: counts.duplicates, rows_rejected: counts.rejected, imported_at: now })
    .where('id', '=', imp.id)
    .execute();
  const remembered = { mapping: JSON.stringify(mapping), headers: JSON.stringify(parsed.headers), updated_at: now, updated_by_name: ctx.actor.displayName };
  await ctx.db
    .insertInto('fuel_import_profiles')
    .values({ name: profile, ...remembered })
    .onConflict((oc) => oc.column('name').doUpdateSet(remembered))
    .execute();
  await ctx.audit({ action: 'fuel.import', entity: 'fuel_imports', entityId: imp.id, after: { fileName: imp.file_name, sha256: imp.sha256, profile, mapping, ...counts, fillupIds: ids } });
  return { ...counts, headers: parsed.headers, rejected: rows.filter(rejected).map(publicRow) };
}

export async function importProfiles(ctx: Ctx) {
  const rows = await ctx.db.selectFrom('fuel_import_profiles').select(['name', 'updated_at', 'updated_by_name']).orderBy('updated_at', 'desc').execute();
  return rows.map((r) => ({ name: r.name, updatedAt: r.updated_at, updatedByName: r.updated_by_name }));
}
