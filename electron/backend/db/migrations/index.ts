// The static list of migrations (no folder scanning: the app is bundled). Names sort by date;
// migrations only add, never change what an earlier one made.
import type { Kysely } from 'kysely';
import * as foundation from './2026-11-23-001-foundation.ts';
import * as userDriverLink from './2026-11-23-002-user-driver-link.ts';
import * as dispatch from './2026-11-23-003-dispatch.ts';
import * as dispatchIndexes from './2026-11-23-004-dispatch-indexes.ts';
import * as repairs from './2026-11-23-005-repairs.ts';
import * as maintenance from './2026-11-23-006-maintenance.ts';
import * as fuel from './2026-11-23-007-fuel.ts';
import * as fuelSignoffImport from './2026-11-23-008-fuel-signoff-import.ts';
import * as safety from './2026-11-23-009-safety.ts';
import * as settlement from './2026-11-23-010-settlement.ts';
import * as ticketTextSearch from './2026-12-03-011-ticket-text-search.ts';
import * as ticketMonthKm from './2026-12-03-012-ticket-month-km.ts';
import * as ticketTextScan from './2026-12-03-013-ticket-text-scan.ts';

export interface Migration {
  up(db: Kysely<unknown>): Promise<void>;
}

export const migrations: Record<string, Migration> = {
  '2026-11-23-001-foundation': foundation,
  '2026-11-23-002-user-driver-link': userDriverLink,
  '2026-11-23-003-dispatch': dispatch,
  '2026-11-23-004-dispatch-indexes': dispatchIndexes,
  '2026-11-23-005-repairs': repairs,
  '2026-11-23-006-maintenance': maintenance,
  '2026-11-23-007-fuel': fuel,
  '2026-11-23-008-fuel-signoff-import': fuelSignoffImport,
  '2026-11-23-009-safety': safety,
  '2026-11-23-010-settlement': settlement,
  '2026-12-03-011-ticket-text-search': ticketTextSearch,
  '2026-12-03-012-ticket-month-km': ticketMonthKm,
  '2026-12-03-013-ticket-text-scan': ticketTextScan,
};
