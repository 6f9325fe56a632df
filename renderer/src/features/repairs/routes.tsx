// The maintenance area's menu entries and routes, in one place for the app's frame.
import type { TFunction } from 'i18next';
import { Route } from 'react-router';
import type { Method } from '../../../../shared/api/index.ts';
import type { Role } from '../../../../shared/domain/roles.ts';
import { canCall } from '../../lib/access.ts';
import { FlagsPage } from '../maintenance/FlagsPage.tsx';
import { PrintStatementPage } from '../maintenance/PrintStatementPage.tsx';
import { PurchasesPage } from '../maintenance/PurchasesPage.tsx';
import { RoutinePage } from '../maintenance/RoutinePage.tsx';
import { StatementPage } from '../maintenance/StatementPage.tsx';
import { PrintRepairPage } from './PrintRepairPage.tsx';
import { RepairListPage } from './RepairListPage.tsx';
import { RepairPage } from './RepairPage.tsx';

const PAGES: { key: string; label: string; method: Method }[] = [
  { key: 'repairs', label: 'ui.repairs.list', method: 'repairs.list' },
  { key: 'purchases', label: 'ui.maintenance.purchases', method: 'purchases.list' },
  { key: 'routine', label: 'ui.maintenance.routine', method: 'routine.due' },
  { key: 'repair-statement', label: 'ui.maintenance.statement', method: 'repairs.statement' },
  { key: 'personnel-flags', label: 'ui.maintenance.flags', method: 'personnel.flags' },
];

export function maintenanceMenu(t: TFunction, roles: readonly Role[]) {
  return PAGES.filter((p) => canCall(roles, p.method)).map((p) => ({ key: p.key, label: t(p.label) }));
}

/** Routes inside the app's frame; `guard` refuses a page the user's roles may not use. */
export function maintenanceRoutes(guard: (method: Method, page: React.ReactNode) => React.ReactNode) {
  return [
    <Route key="repairs" path="/repairs" element={<RepairListPage />} />,
    <Route key="repair" path="/repairs/:id" element={<RepairPage />} />,
    <Route key="purchases" path="/purchases" element={<PurchasesPage />} />,
    <Route key="routine" path="/routine" element={guard('routine.due', <RoutinePage />)} />,
    <Route key="statement" path="/repair-statement" element={guard('repairs.statement', <StatementPage />)} />,
    <Route key="flags" path="/personnel-flags" element={guard('personnel.flags', <FlagsPage />)} />,
  ];
}

/** Printouts, shown alone without the frame. */
export const maintenancePrintRoutes = [
  <Route key="print-repair" path="/print/repair/:id" element={<PrintRepairPage />} />,
  <Route key="print-statement" path="/print/repair-statement/:shopId/:month" element={<PrintStatementPage />} />,
];
