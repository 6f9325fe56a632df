// The settlement area's menu entries and routes, in one place for the app's frame.
import type { TFunction } from 'i18next';
import type { Method } from '../../../../shared/api/index.ts';
import type { Role } from '../../../../shared/domain/roles.ts';

export function settlementMenu(_t: TFunction, _roles: readonly Role[]): { key: string; label: string }[] {
  return [];
}

export function settlementRoutes(_guard: (method: Method, page: React.ReactNode) => React.ReactNode): React.ReactNode[] {
  return [];
}
