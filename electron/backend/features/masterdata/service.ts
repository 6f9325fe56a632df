// The master-data workflows, the same for every area: list (search, sort, page), get,
// create, edit, retire. Nothing is ever deleted: a record others refer to is retired.
import { sql, type Kysely } from 'kysely';
import type { ListInput } from '../../../../shared/api/common.ts';
import type { MasterArea } from '../../../../shared/api/masterdata.ts';
import { localDate, localMinute, monthOf } from '../../../../shared/domain/period.ts';
import type { Ctx, LoggedInCtx } from '../../core/context.ts';
import { DomainError, fieldError, notFound } from '../../core/errors.ts';
import { containsPattern, countRows, like } from '../../core/sql.ts';
import type { Database } from '../../db/schema.ts';
import { policyFor } from '../policy/service.ts';
import { AREAS, type AreaEnv } from './areas.ts';

// Dynamic table names: the generic repository speaks to Kysely untyped; AREAS types the edges.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const loose = (db: Kysely<Database>) => db as unknown as Kysely<any>;

async function envFor(ctx: Ctx): Promise<AreaEnv> {
  return { today: localDate(ctx.now), policy: await policyFor(ctx.db, monthOf(localDate(ctx.now))) };
}

function idColumn(area: MasterArea): string {
  return `${AREAS[area].table}.id`;
}

async function findRow(ctx: Ctx, area: MasterArea, id: number) {
  return AREAS[area].baseQuery(ctx.db).where(idColumn(area) as never, '=', id as never).executeTakeFirst();
}

export async function getEntity(ctx: Ctx, area: MasterArea, id: number): Promise<unknown> {
  const row = await findRow(ctx, area, id);
  if (!row) throw notFound(area, id);
  return AREAS[area].toEntity(row, await envFor(ctx));
}

export async function listEntities(ctx: Ctx, area: MasterArea, input: ListInput & { page: number; pageSize: number }) {
  const cfg = AREAS[area];
  let q = cfg.baseQuery(ctx.db);
  if (!input.includeRetired) q = q.where(`${cfg.table}.retired_at` as never, 'is', null as never);
  const term = input.search?.trim();
  if (term) {
    const pattern = containsPattern(term);
    q = q.where((eb) => eb.or(cfg.search.map((col) => like(col, pattern))) as never);
  }
  const total = await countRows(q);
  // own keys only: a sortField like 'valueOf' or '__proto__' must not reach Object.prototype
  const sortField = input.sortField !== undefined && Object.hasOwn(cfg.sorts, input.sortField) ? input.sortField : cfg.defaultSort;
  const sortColumn = cfg.sorts[sortField]!;
  const rows = await q
    .orderBy(sql.ref(sortColumn), input.sortOrder === 'desc' ? 'desc' : 'asc')
    .orderBy(sql.ref(idColumn(area)))
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize)
    .execute();
  const env = await envFor(ctx);
  return { items: rows.map((r) => cfg.toEntity(r, env)), total };
}

/**
 * A reference chosen for new work must exist and be active: an unknown id is NOT_FOUND, a
 * retired record is refused, each with a message on the field that chose it.
 */
export async function requireActive(ctx: Ctx, area: MasterArea, id: number, field: string): Promise<Record<string, unknown>> {
  const row = await findRow(ctx, area, id);
  if (!row) throw fieldError('NOT_FOUND', field, { key: 'err.notFound', params: { entity: `$t(entity.${area})`, id } });
  if (row.retired_at) {
    throw fieldError('CONFLICT', field, { key: 'err.retiredRef', params: { entity: `$t(entity.${area})`, name: row[AREAS[area].nameColumn] } });
  }
  return row;
}

/**
 * Unique fields must be free (a retired record keeps its value: the message says so, and the
 * record can be reactivated). A reference must be active when it is chosen, so an edit that
 * keeps an existing reference to a since-retired record is still allowed.
 */
async function checkUniqueAndRefs(ctx: Ctx, area: MasterArea, input: Record<string, unknown>, before: Record<string, unknown> | null) {
  const cfg = AREAS[area];
  for (const u of cfg.uniques) {
    let q = loose(ctx.db).selectFrom(cfg.table).select(['id', 'retired_at']).where(u.column, '=', input[u.field]);
    if (before) q = q.where('id', '!=', before.id);
    const clash = await q.executeTakeFirst();
    if (clash) {
      const key = clash.retired_at ? 'err.duplicateRetired' : 'err.duplicate';
      throw fieldError('CONFLICT', u.field, { key, params: { field: `$t(field.${u.field})`, value: input[u.field] } });
    }
  }
  for (const ref of cfg.refs) {
    if (before && before[ref.field] === input[ref.field]) continue;
    await requireActive(ctx, ref.area, input[ref.field] as number, ref.field);
  }
}

/** The initial reading comes before every recorded one, so it may not exceed the lowest of them. */
async function checkInitialOdometer(ctx: Ctx, vehicleId: number, km: number) {
  const lowest = await ctx.db.selectFrom('odometer_readings').select('km').where('vehicle_id', '=', vehicleId).orderBy('km').limit(1).executeTakeFirst();
  if (lowest && km > lowest.km) throw fieldError('CONFLICT', 'initialOdometerKm', { key: 'err.initialAboveReadings', params: { km: lowest.km } });
}

export async function createEntity(ctx: LoggedInCtx, area: MasterArea, input: Record<string, unknown>): Promise<unknown> {
  const cfg = AREAS[area];
  await checkUniqueAndRefs(ctx, area, input, null);
  const { id } = await loose(ctx.db).insertInto(cfg.table).values(cfg.toColumns(input)).returning('id').executeTakeFirstOrThrow();
  const entity = await getEntity(ctx, area, id);
  await ctx.audit({ action: `${area}.create`, entity: area, entityId: id, after: entity });
  return entity;
}

export async function updateEntity(ctx: LoggedInCtx, area: MasterArea, input: Record<string, unknown> & { id: number }): Promise<unknown> {
  const cfg = AREAS[area];
  const before = (await getEntity(ctx, area, input.id)) as Record<string, unknown>;
  if (before.retiredAt) throw new DomainError('CONFLICT', { key: 'err.retiredEdit', params: { entity: `$t(entity.${area})` } });
  await checkUniqueAndRefs(ctx, area, input, before);
  if (area === 'vehicles' && input.initialOdometerKm !== before.initialOdometerKm) await checkInitialOdometer(ctx, input.id, input.initialOdometerKm as number);
  await loose(ctx.db).updateTable(cfg.table).set(cfg.toColumns(input)).where('id', '=', input.id).execute();
  const after = await getEntity(ctx, area, input.id);
  await ctx.audit({ action: `${area}.update`, entity: area, entityId: input.id, before, after });
  return after;
}

export async function retireEntity(ctx: LoggedInCtx, area: MasterArea, input: { id: number; reason?: string | undefined }): Promise<unknown> {
  const cfg = AREAS[area];
  const row = await findRow(ctx, area, input.id);
  if (!row) throw notFound(area, input.id);
  if (row.retired_at) throw new DomainError('CONFLICT', { key: 'err.alreadyRetired', params: { entity: `$t(entity.${area})`, name: row[cfg.nameColumn] } });
  // A vehicle out on a trip comes back first: its ticket must still be checked in.
  if (area === 'vehicles' && row.status === 'dispatched') throw new DomainError('CONFLICT', { key: 'err.vehicleOut', params: { plate: row.plate } });
  const before = await getEntity(ctx, area, input.id);
  await loose(ctx.db)
    .updateTable(cfg.table)
    .set({ retired_at: localMinute(ctx.now), ...cfg.retireColumns })
    .where('id', '=', input.id)
    .execute();
  const after = await getEntity(ctx, area, input.id);
  await ctx.audit({ action: `${area}.retire`, entity: area, entityId: input.id, before, after: { ...(after as object), reason: input.reason ?? null } });
  return after;
}

export async function reactivateEntity(ctx: LoggedInCtx, area: MasterArea, input: { id: number; reason?: string | undefined }): Promise<unknown> {
  const cfg = AREAS[area];
  const row = await findRow(ctx, area, input.id);
  if (!row) throw notFound(area, input.id);
  if (!row.retired_at) throw new DomainError('CONFLICT', { key: 'err.notRetired', params: { entity: `$t(entity.${area})`, name: row[cfg.nameColumn] } });
  const before = await getEntity(ctx, area, input.id);
  await loose(ctx.db)
    .updateTable(cfg.table)
    .set({ retired_at: null, ...cfg.reactivateColumns })
    .where('id', '=', input.id)
    .execute();
  const after = await getEntity(ctx, area, input.id);
  await ctx.audit({ action: `${area}.reactivate`, entity: area, entityId: input.id, before, after: { ...(after as object), reason: input.reason ?? null } });
  return after;
}
