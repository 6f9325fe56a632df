import { api, type Method } from '../../../shared/api/index.ts';
import type { Role } from '../../../shared/domain/roles.ts';

/** May a user with these roles call the method? The same rule the backend enforces. */
export function canCall(roles: readonly Role[], method: Method): boolean {
  const access = api[method].access;
  if (access === 'public' || access === 'any') return true;
  return roles.some((r) => (access as readonly Role[]).includes(r));
}
