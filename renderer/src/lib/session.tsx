// Who is logged in, shared by every screen.
import { createContext, useContext } from 'react';
import type { User } from '../../../shared/api/accounts.ts';

export interface SessionValue {
  user: User;
  logout(): Promise<void>;
}

export const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a session');
  return s;
}
