// Who may call what, by group: the roles of each method in the contract (index.ts) are one of
// these, or the roles named there for a single method.
import type { Role } from '../domain/roles.ts';

export const ADMIN: readonly Role[] = ['admin'];
export const POLICY_EDITORS: readonly Role[] = ['director', 'admin'];
/** Who keeps master data: the administrator and the fleet's office-holders. */
export const MASTER_EDITORS: readonly Role[] = ['admin', 'director', 'deputy_director', 'fleet_office', 'fleet_captain'];
/** Who may see the backups and take one now; choosing the folder and restoring are the administrator's. */
export const BACKUP_OPERATORS: readonly Role[] = ['admin', 'director'];

/** Everyone but drivers may read the audit history of records. */
export const STAFF: readonly Role[] = ['admin', 'director', 'deputy_director', 'fleet_office', 'fleet_captain', 'group_leader', 'manager_office', 'finance'];

/** Who may ask for a vehicle: drivers (for themselves) and the people who organise the work. */
export const DISPATCH_REQUESTERS: readonly Role[] = ['driver', 'group_leader', 'fleet_office', 'fleet_captain', 'director', 'deputy_director'];
/** The director dispatches; the deputy acts for the director. */
export const DISPATCH_APPROVERS: readonly Role[] = ['director', 'deputy_director'];
/** Drivers check their own tickets out and in; the fleet office or captain may do it for them. */
export const DISPATCH_DRIVERS: readonly Role[] = ['driver', 'fleet_office', 'fleet_captain'];
/** Who reviews returned tickets, resolves their flags and closes them. */
export const DISPATCH_REVIEWERS: readonly Role[] = ['director', 'deputy_director', 'fleet_office', 'fleet_captain'];

/** Who enters fuel-card statements. */
export const FUEL_IMPORTERS: readonly Role[] = ['fleet_office', 'fleet_captain'];
/** Who sees shop statements: those who settle, review, approve and pay them. */
export const STATEMENT_READERS: readonly Role[] = ['fleet_office', 'fleet_captain', 'manager_office', 'finance', 'director', 'deputy_director'];
