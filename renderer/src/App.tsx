// Start-up: first run → set-up wizard; no session → login; else the app.
import { Result, Spin } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../shared/api/accounts.ts';
import { AppLayout } from './features/layout/AppLayout.tsx';
import { LoginPage } from './features/auth/LoginPage.tsx';
import { SetupWizard } from './features/setup/SetupWizard.tsx';
import { call, hasToken, onSessionEnded, setToken } from './lib/api.ts';
import { SessionContext } from './lib/session.tsx';

type State = { kind: 'loading' } | { kind: 'error' } | { kind: 'setup' } | { kind: 'login' } | { kind: 'app'; user: User };

export function App() {
  const { t } = useTranslation();
  const [state, setState] = useState<State>({ kind: 'loading' });

  const start = useCallback(async () => {
    try {
      const status = await call('setup.status', {});
      if (!status.initialized) return setState({ kind: 'setup' });
      if (!hasToken()) return setState({ kind: 'login' });
      const user = await call('auth.me', {}).catch(() => null);
      setState(user ? { kind: 'app', user } : { kind: 'login' });
    } catch {
      setState({ kind: 'error' });
    }
  }, []);

  useEffect(() => {
    onSessionEnded(() => {
      setToken(null);
      setState({ kind: 'login' });
    });
    void start();
  }, [start]);

  const loggedIn = (token: string, user: User) => {
    setToken(token);
    setState({ kind: 'app', user });
  };

  const logout = async () => {
    await call('auth.logout', {}).catch(() => undefined);
    setToken(null);
    setState({ kind: 'login' });
  };

  switch (state.kind) {
    case 'loading':
      return <Spin fullscreen tip={t('ui.common.loading')} />;
    case 'error':
      return <Result status="error" title={t('ui.common.networkError')} />;
    case 'setup':
      return <SetupWizard onDone={loggedIn} />;
    case 'login':
      return <LoginPage onLoggedIn={loggedIn} />;
    case 'app':
      return (
        <SessionContext.Provider value={{ user: state.user, logout }}>
          <AppLayout />
        </SessionContext.Provider>
      );
  }
}
