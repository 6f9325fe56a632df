// The fuel area's menu entries and routes, in one place for the app's frame.
import type { TFunction } from 'i18next';
import { Route } from 'react-router';
import type { Method } from '../../../../shared/api/index.ts';
import type { Role } from '../../../../shared/domain/roles.ts';
import { canCall } from '../../lib/access.ts';
import { AuditPage } from './AuditPage.tsx';
import { FillupsPage } from './FillupsPage.tsx';
import { ImportPage } from './ImportPage.tsx';

const PAGES: { key: string; label: string; method: Method }[] = [
  { key: 'fuel-audit', label: 'ui.fuel.audit', method: 'fuel.audit' },
  { key: 'fillups', label: 'ui.fuel.fillups', method: 'fuel.list' },
  { key: 'fuel-import', label: 'ui.fuel.import.menu', method: 'fuel.importStart' },
];

export function fuelMenu(t: TFunction, roles: readonly Role[]) {
  return PAGES.filter((p) => canCall(roles, p.method)).map((p) => ({ key: p.key, label: t(p.label) }));
}

export function fuelRoutes(guard: (method: Method, page: React.ReactNode) => React.ReactNode) {
  return [
    <Route key="fuel-audit" path="/fuel-audit" element={guard('fuel.audit', <AuditPage />)} />,
    <Route key="fillups" path="/fillups" element={<FillupsPage />} />,
    <Route key="fuel-import" path="/fuel-import" element={guard('fuel.importStart', <ImportPage />)} />,
  ];
}
