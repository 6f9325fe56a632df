// The accidents area's menu entries and routes, in one place for the app's frame.
import type { TFunction } from 'i18next';
import { Route } from 'react-router';
import type { Method } from '../../../../shared/api/index.ts';
import type { Role } from '../../../../shared/domain/roles.ts';
import { canCall } from '../../lib/access.ts';
import { AccidentEditPage, AccidentNewPage } from './AccidentFormPage.tsx';
import { AccidentListPage } from './AccidentListPage.tsx';
import { AccidentPage } from './AccidentPage.tsx';

export function accidentsMenu(t: TFunction, roles: readonly Role[]): { key: string; label: string }[] {
  return canCall(roles, 'accidents.list') ? [{ key: 'accidents', label: t('ui.accidents.menu') }] : [];
}

/** Routes inside the app's frame; `guard` refuses a page the user's roles may not use. */
export function accidentsRoutes(guard: (method: Method, page: React.ReactNode) => React.ReactNode): React.ReactNode[] {
  return [
    <Route key="accidents" path="/accidents" element={<AccidentListPage />} />,
    <Route key="accident-new" path="/accidents/new" element={guard('accidents.create', <AccidentNewPage />)} />,
    <Route key="accident" path="/accidents/:id" element={<AccidentPage />} />,
    <Route key="accident-edit" path="/accidents/:id/edit" element={guard('accidents.update', <AccidentEditPage />)} />,
  ];
}
