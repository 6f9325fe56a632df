// Kysely queries of the dispatch log. Every function takes the transaction it runs in.
import { sql, type Kysely } from 'kysely';
import type { DispatchListInput } from '../../../../shared/api/dispatch.ts';
import { FLAG_KINDS, type FlagKind, type TicketStatus, type TimeWindow } from '../../../../shared/domain/dispatch.ts';
import { containsPattern, like } from '../../core/sql.ts';
import type { Database, DispatchEventTable, DispatchFlagTable } from '../../db/schema.ts';

type Db = Kysely<Database>;

export function ticketQuery(db: Db) {
  return db
    .selectFrom('dispatch_tickets as t')
    .innerJoin('vehicles as v', 'v.id', 't.vehicle_id')
    .innerJoin('vehicle_models as m', 'm.id', 'v.model_id')
    .innerJoin('drivers as d', 'd.id', 't.driver_id')
    .selectAll('t')
    .select(['v.plate', 'v.parking_place', 'm.name as model_name', 'd.name as driver_name', 'd.employee_no', 'd.permit_no']);
}

export type TicketRow = Awaited<ReturnType<ReturnType<typeof ticketQuery>['executeTakeFirstOrThrow']>>;

export async function findTicket(db: Db, id: number): Promise<TicketRow | undefined> {
  return ticketQuery(db).where('t.id', '=', id).executeTakeFirst();
}

export async function flagsOf(db: Db, ticketIds: number[]): Promise<(Omit<DispatchFlagTable, 'id'> & { id: number })[]> {
  if (ticketIds.length === 0) return [];
  return db.selectFrom('dispatch_flags').selectAll().where('ticket_id', 'in', ticketIds).orderBy('id').execute();
}

export async function eventsOf(db: Db, ticketId: number): Promise<(Omit<DispatchEventTable, 'id'> & { id: number })[]> {
  return db.selectFrom('dispatch_events').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute();
}

export interface Holder {
  id: number;
  number: string;
  status: string;
  window: TimeWindow;
}

/**
 * The other tickets holding a vehicle or a driver: those not yet departed (their planned
 * window), those out (from departure to `outUntil`, or without end when null) and the trips
 * already made (departure to return).
 */
export async function holdersOf(
  db: Db,
  column: 'vehicle_id' | 'driver_id',
  refId: number,
  exceptTicketId: number | null,
  from: string,
  outUntil: (plannedReturn: string) => string | null,
): Promise<Holder[]> {
  let q = db
    .selectFrom('dispatch_tickets')
    .select(['id', 'number', 'status', 'planned_departure', 'planned_return', 'departed_at', 'returned_at'])
    .where(column, '=', refId)
    .where('status', 'in', ['requested', 'approved', 'departed', 'returned', 'closed'])
    // Only tickets that could reach the window: those still open, or ending after it begins.
    .where((eb) => eb.or([eb('status', 'in', ['requested', 'approved', 'departed']), eb('returned_at', '>', from)]));
  if (exceptTicketId !== null) q = q.where('id', '!=', exceptTicketId);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    status: r.status,
    window:
      r.status === 'requested' || r.status === 'approved'
        ? { start: r.planned_departure, end: r.planned_return }
        : { start: r.departed_at!, end: r.status === 'departed' ? outUntil(r.planned_return) : r.returned_at },
  }));
}

/** Another ticket out now (checked out, not yet in) on this vehicle or with this driver. */
export async function departedOf(db: Db, vehicleId: number, driverId: number, exceptTicketId: number) {
  return db
    .selectFrom('dispatch_tickets')
    .select(['number', 'vehicle_id'])
    .where('status', '=', 'departed')
    .where((eb) => eb.or([eb('vehicle_id', '=', vehicleId), eb('driver_id', '=', driverId)]))
    .where('id', '!=', exceptTicketId)
    .orderBy('vehicle_id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function readingsAround(db: Db, vehicleId: number, at: string) {
  const cols = ['odometer_readings.at', 'odometer_readings.km', 'dispatch_tickets.number'] as const;
  const base = () =>
    db
      .selectFrom('odometer_readings')
      .leftJoin('dispatch_tickets', 'dispatch_tickets.id', 'odometer_readings.ticket_id')
      .select(cols)
      .where('odometer_readings.vehicle_id', '=', vehicleId);
  const before = await base().where('odometer_readings.at', '<=', at).orderBy('odometer_readings.at', 'desc').orderBy('odometer_readings.km', 'desc').limit(1).executeTakeFirst();
  const after = await base().where('odometer_readings.at', '>', at).orderBy('odometer_readings.at', 'asc').orderBy('odometer_readings.km', 'asc').limit(1).executeTakeFirst();
  return { before, after };
}

export async function lastReading(db: Db, vehicleId: number): Promise<number | undefined> {
  const r = await db.selectFrom('odometer_readings').select('km').where('vehicle_id', '=', vehicleId).orderBy('at', 'desc').orderBy('km', 'desc').limit(1).executeTakeFirst();
  return r?.km;
}

/**
 * The list's filters on the ticket table alone (plate and driver name looked up first), so
 * counting a million tickets reads one index instead of joining every row.
 *
 * The search box: a ticket number (or its beginning) is a range on the number's index; other
 * text finds the tickets of the vehicles and drivers whose plate, name or staff number holds
 * it, and the tickets whose destination or note holds it — through the trigram index when the
 * term has three characters or more. A shorter term that names a vehicle or driver (a
 * two-character name, 张伟) finds their tickets only: reading every ticket's text for it took
 * longer than a list may; one that names none is looked for in the text itself.
 */
async function filteredTickets(db: Db, input: DispatchListInput) {
  let q = db.selectFrom('dispatch_tickets as t');
  let readsText = false;
  if (input.vehicleId) q = q.where('t.vehicle_id', '=', input.vehicleId);
  if (input.driverId) q = q.where('t.driver_id', '=', input.driverId);
  if (input.statuses?.length) q = q.where('t.status', 'in', input.statuses as TicketStatus[]);
  if (input.purposeKind) q = q.where('t.purpose_kind', '=', input.purposeKind);
  if (input.from) q = q.where('t.start_at', '>=', `${input.from} 00:00`);
  if (input.to) q = q.where('t.start_at', '<=', `${input.to} 23:59`);
  // A ticket has at most one flag of each kind, so its counts are 1..kinds when flagged: an
  // IN list the planner reads as equalities on the count's index (a `> 0` range it did not
  // trust, and walked all tickets by date instead).
  if (input.flag === 'any') q = q.where('t.flag_count', 'in', FLAG_COUNTS);
  else if (input.flag === 'unresolved') q = q.where('t.open_flag_count', 'in', FLAG_COUNTS);
  else if (input.flag && (FLAG_KINDS as readonly string[]).includes(input.flag)) {
    const kind = input.flag as FlagKind;
    q = q.where('t.id', 'in', (eb) => eb.selectFrom('dispatch_flags as f').select('f.ticket_id').where('f.kind', '=', kind));
  }
  const term = input.search?.trim();
  if (term && TICKET_NUMBER_PREFIX_RE.test(term)) {
    // A ticket number, or its beginning: a range on the unique index.
    const from = term.toUpperCase();
    q = q.where('t.number', '>=', from).where('t.number', '<', from.slice(0, -1) + String.fromCharCode(from.charCodeAt(from.length - 1) + 1));
  } else if (term) {
    const pattern = containsPattern(term);
    const vehicleIds = (await db.selectFrom('vehicles').select('id').where(like('plate', pattern)).execute()).map((v) => v.id);
    const driverIds = (await db.selectFrom('drivers').select('id').where((e) => e.or([like('name', pattern), like('employee_no', pattern)])).execute()).map((d) => d.id);
    const trigrams = [...term].length >= 3;
    readsText = !trigrams && !vehicleIds.length && !driverIds.length;
    q = q.where((eb) =>
      eb.or([
        ...(vehicleIds.length ? [eb('t.vehicle_id', 'in', vehicleIds)] : []),
        ...(driverIds.length ? [eb('t.driver_id', 'in', driverIds)] : []),
        ...(trigrams
          ? // the term as one phrase: its quotes doubled
            [eb('t.id', 'in', sql<number>`(SELECT rowid FROM dispatch_ticket_text WHERE dispatch_ticket_text MATCH ${`"${term.replace(/"/g, '""')}"`})`)]
          : vehicleIds.length || driverIds.length
            ? []
            : [like('t.destination', pattern), like('t.purpose_note', pattern)]),
      ]),
    );
  }
  return { q, readsText };
}

const TICKET_NUMBER_PREFIX_RE = /^pc\d/i;
const FLAG_COUNTS = FLAG_KINDS.map((_, i) => i + 1);

/** A text search that finds at most this many tickets sorts them from their ids. */
const FEW_FOUND = 2000;

export async function listTickets(db: Db, input: DispatchListInput & { page: number; pageSize: number }) {
  const { q, readsText } = await filteredTickets(db, input);
  // A search in the tickets' own text (a short term naming no vehicle or driver) has no index in
  // the list's order: walking the tickets by date for a term found in few of them would read
  // them all. Its count reads the destination-and-note index once and, when it finds few
  // tickets, brings their ids along: the page is then sorted from them.
  let total: number;
  let few: number[] | null = null;
  if (readsText) {
    const found = await q
      .select((eb) => [eb.fn.countAll<number>().as('n'), sql<string | null>`CASE WHEN count(*) <= ${FEW_FOUND} THEN json_group_array(t.id) END`.as('ids')])
      .executeTakeFirstOrThrow();
    total = Number(found.n);
    if (found.ids !== null) few = JSON.parse(found.ids) as number[];
  } else {
    total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  }
  const offset = (input.page - 1) * input.pageSize;
  if (offset >= total) return { rows: [], total };
  const order = input.sortOrder ?? (input.sortField ? 'asc' : 'desc');
  // The page's ids first, then their details: the joins touch only the rows shown.
  const sort = input.sortField ?? 'start';
  let ids = (few ? q.where('t.id', 'in', sql<number>`(SELECT value FROM json_each(${JSON.stringify(few)}))`) : q).select('t.id');
  if (sort === 'plate') ids = ids.innerJoin('vehicles as v', 'v.id', 't.vehicle_id').orderBy('v.plate', order).orderBy('t.start_at', order);
  else if (sort === 'driver') ids = ids.innerJoin('drivers as d', 'd.id', 't.driver_id').orderBy('d.name', order).orderBy('t.start_at', order);
  else ids = ids.orderBy(sql.ref(SORT_COLUMNS[sort]), order);
  const page = await ids.orderBy('t.id', order).limit(input.pageSize).offset(offset).execute();
  const byId = new Map((page.length ? await ticketQuery(db).where('t.id', 'in', page.map((r) => r.id)).execute() : []).map((r) => [r.id, r]));
  return { rows: page.map((r) => byId.get(r.id)!), total };
}

const SORT_COLUMNS = {
  number: 't.number',
  start: 't.start_at',
  status: 't.status',
  distance: 't.distance_km',
} as const;
