// The settlement area's menu entries and routes, in one place for the app's frame. Everyone has
// the entry: the staff see the month's sheet, a driver their own slip.
import type { TFunction } from 'i18next';
import { Route } from 'react-router';
import type { Method } from '../../../../shared/api/index.ts';
import type { Role } from '../../../../shared/domain/roles.ts';
import { canCall } from '../../lib/access.ts';
import { SettlementHome } from './SettlementPage.tsx';

export function settlementMenu(t: TFunction, roles: readonly Role[]): { key: string; label: string }[] {
  if (canCall(roles, 'settlement.get')) return [{ key: 'settlement', label: t('ui.settlement.menu') }];
  return canCall(roles, 'settlement.slip') ? [{ key: 'settlement', label: t('ui.settlement.my.menu') }] : [];
}

export function settlementRoutes(guard: (method: Method, page: React.ReactNode) => React.ReactNode): React.ReactNode[] {
  return [<Route key="settlement" path="/settlement" element={guard('settlement.slip', <SettlementHome />)} />];
}
