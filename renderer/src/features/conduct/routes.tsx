// The violations and assessment area's menu entries and routes, in one place for the app's frame.
import type { TFunction } from 'i18next';
import { Route } from 'react-router';
import type { Method } from '../../../../shared/api/index.ts';
import type { Role } from '../../../../shared/domain/roles.ts';
import { canCall } from '../../lib/access.ts';
import { AssessmentPage } from './AssessmentPage.tsx';
import { ViolationsPage } from './ViolationsPage.tsx';

const PAGES: { key: string; label: string; method: Method }[] = [
  { key: 'violations', label: 'ui.conduct.violations', method: 'violations.list' },
  { key: 'assessment', label: 'ui.conduct.assessment.menu', method: 'assessment.month' },
];

export function conductMenu(t: TFunction, roles: readonly Role[]): { key: string; label: string }[] {
  return PAGES.filter((p) => canCall(roles, p.method)).map((p) => ({ key: p.key, label: t(p.label) }));
}

export function conductRoutes(guard: (method: Method, page: React.ReactNode) => React.ReactNode): React.ReactNode[] {
  return [
    <Route key="violations" path="/violations" element={guard('violations.list', <ViolationsPage />)} />,
    <Route key="assessment" path="/assessment" element={guard('assessment.month', <AssessmentPage />)} />,
  ];
}
