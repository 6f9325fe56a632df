// The frame of the app: a menu showing only what the user's roles may use, the header with
// the user, language, password and logout, and the routes.
import { AccountBookOutlined, AuditOutlined, CarOutlined, DatabaseOutlined, DashboardOutlined, FileTextOutlined, HomeOutlined, SafetyOutlined, SettingOutlined, TeamOutlined, ToolOutlined } from '@ant-design/icons';
import { Button, Layout, Menu, Result, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { MASTER_AREAS } from '../../../../shared/api/masterdata.ts';
import type { Method } from '../../../../shared/api/index.ts';
import { canCall } from '../../lib/access.ts';
import { ErrorBoundary } from '../../lib/ErrorBoundary.tsx';
import { useSession } from '../../lib/session.tsx';
import { AuditPage } from '../audit/AuditPage.tsx';
import { BackupPage } from '../backup/BackupPage.tsx';
import { HealthBanner } from '../backup/HealthBanner.tsx';
import { BoardPage } from '../dispatch/BoardPage.tsx';
import { MonthlyKmPage } from '../dispatch/MonthlyKmPage.tsx';
import { PrintTicketPage } from '../dispatch/PrintTicketPage.tsx';
import { TicketListPage } from '../dispatch/TicketListPage.tsx';
import { TicketPage } from '../dispatch/TicketPage.tsx';
import { DriverTripsPage, VehicleTripsPage } from '../dispatch/VehicleTripsPage.tsx';
import { ChangePasswordModal } from '../auth/ChangePasswordModal.tsx';
import { HomePage } from '../home/HomePage.tsx';
import { MasterPage } from '../masterdata/MasterPage.tsx';
import { PolicyPage } from '../policy/PolicyPage.tsx';
import { fuelMenu, fuelRoutes } from '../fuel/routes.tsx';
import { accidentsMenu, accidentsRoutes } from '../accidents/routes.tsx';
import { conductMenu, conductRoutes } from '../conduct/routes.tsx';
import { settlementMenu, settlementRoutes } from '../settlement/routes.tsx';
import { settlementPrintRoutes } from '../settlement/print/PrintSettlement.tsx';
import { maintenanceMenu, maintenancePrintRoutes, maintenanceRoutes } from '../repairs/routes.tsx';
import { UsersPage } from '../users/UsersPage.tsx';
import { LangSwitch } from './LangSwitch.tsx';

const SYSTEM_PAGES: { key: string; method: Method; icon: React.ReactNode }[] = [
  { key: 'users', method: 'users.list', icon: <TeamOutlined /> },
  { key: 'policy', method: 'policy.history', icon: <SettingOutlined /> },
  { key: 'audit', method: 'audit.verify', icon: <AuditOutlined /> },
  { key: 'backup', method: 'backup.status', icon: <DatabaseOutlined /> },
];

/** A page the user's roles may not use answers with a clear refusal instead of failing calls. */
function Guard({ method, page }: { method: Method; page: React.ReactNode }) {
  const { t } = useTranslation();
  const { user } = useSession();
  return canCall(user.roles, method) ? page : <Result status="403" title={t('ui.layout.forbidden')} />;
}

export function AppLayout() {
  const { t } = useTranslation();
  const { user, logout } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [changingPassword, setChangingPassword] = useState(false);
  const selected = location.pathname.split('/')[1] || 'home';

  const dispatchItems = [
    { key: 'dispatch', label: t('ui.dispatch.board') },
    { key: 'tickets', label: t('ui.dispatch.tickets') },
    ...(canCall(user.roles, 'dispatch.monthlyKm') ? [{ key: 'trip-km', label: t('ui.dispatch.monthlyKm') }] : []),
  ];
  const maintenanceItems = maintenanceMenu(t, user.roles);
  const fuelItems = fuelMenu(t, user.roles);
  const safetyItems = [...accidentsMenu(t, user.roles), ...conductMenu(t, user.roles)];
  const settlementItems = settlementMenu(t, user.roles);
  const masterItems = MASTER_AREAS.filter((a) => canCall(user.roles, `${a}.list`)).map((a) => ({ key: a, label: t(`ui.layout.${a}`) }));
  const systemItems = SYSTEM_PAGES.filter((p) => canCall(user.roles, p.method)).map((p) => ({ key: p.key, icon: p.icon, label: t(`ui.layout.${p.key}`) }));

  // A printout is shown alone, without the app's frame.
  if (location.pathname.startsWith('/print/')) {
    return (
      <ErrorBoundary key={location.pathname}>
        <Routes>
          <Route path="/print/ticket/:id" element={<PrintTicketPage />} />
          {maintenancePrintRoutes}
          {settlementPrintRoutes}
        </Routes>
      </ErrorBoundary>
    );
  }

  return (
    <Layout style={{ minHeight: '100vh' }} data-testid="app-layout">
      <Layout.Sider width={208} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
        <div style={{ padding: '16px 20px', fontWeight: 600, fontSize: 16, color: '#1d5fa8' }}>
          <CarOutlined /> {t('ui.appName')}
        </div>
        <Menu
          mode="inline"
          selectedKeys={[selected]}
          defaultOpenKeys={['dispatchGroup', 'maintenanceGroup', 'fuelGroup', 'safetyGroup', 'settlementGroup', 'master', 'system']}
          onClick={(e) => navigate(`/${e.key}`)}
          items={[
            { key: 'home', icon: <HomeOutlined />, label: t('ui.layout.home') },
            { key: 'dispatchGroup', icon: <FileTextOutlined />, label: t('ui.dispatch.menu'), children: dispatchItems },
            { key: 'maintenanceGroup', icon: <ToolOutlined />, label: t('ui.repairs.menu'), children: maintenanceItems },
            { key: 'fuelGroup', icon: <DashboardOutlined />, label: t('ui.fuel.menu'), children: fuelItems },
            ...(safetyItems.length ? [{ key: 'safetyGroup', icon: <SafetyOutlined />, label: t('ui.layout.safety'), children: safetyItems }] : []),
            ...(settlementItems.length ? [{ key: 'settlementGroup', icon: <AccountBookOutlined />, label: t('ui.layout.settlement'), children: settlementItems }] : []),
            { key: 'master', icon: <ToolOutlined />, label: t('ui.layout.masterData'), children: masterItems },
            ...(systemItems.length ? [{ key: 'system', icon: <SettingOutlined />, label: t('ui.layout.system'), children: systemItems }] : []),
          ]}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 24px', display: 'flex', justifyContent: 'flex-end', alignItems: 'center', borderBottom: '1px solid #f0f0f0' }}>
          <Space size="middle">
            <Typography.Text strong>{user.displayName}</Typography.Text>
            <span>
              {user.roles.map((r) => (
                <Tag key={r}>{t(`role.${r}`)}</Tag>
              ))}
            </span>
            <LangSwitch />
            <Button type="link" onClick={() => setChangingPassword(true)}>
              {t('ui.layout.changePassword')}
            </Button>
            <Button type="link" onClick={() => void logout()}>
              {t('ui.layout.logout')}
            </Button>
          </Space>
        </Layout.Header>
        <HealthBanner />
        <Layout.Content style={{ padding: 24 }}>
          <ErrorBoundary key={location.pathname}>
          <Routes>
            <Route path="/home" element={<HomePage />} />
            <Route path="/dispatch" element={<BoardPage />} />
            <Route path="/tickets" element={<TicketListPage />} />
            <Route path="/tickets/:id" element={<TicketPage />} />
            <Route path="/trip-km" element={<Guard method="dispatch.monthlyKm" page={<MonthlyKmPage />} />} />
            <Route path="/vehicles/:id" element={<VehicleTripsPage />} />
            <Route path="/drivers/:id" element={<DriverTripsPage />} />
            {maintenanceRoutes((method, page) => <Guard method={method} page={page} />)}
            {fuelRoutes((method, page) => <Guard method={method} page={page} />)}
            {accidentsRoutes((method, page) => <Guard method={method} page={page} />)}
            {conductRoutes((method, page) => <Guard method={method} page={page} />)}
            {settlementRoutes((method, page) => <Guard method={method} page={page} />)}
            {MASTER_AREAS.map((a) => (
              <Route key={a} path={`/${a}`} element={<MasterPage key={a} area={a} />} />
            ))}
            <Route path="/users" element={<Guard method="users.list" page={<UsersPage />} />} />
            <Route path="/policy" element={<Guard method="policy.history" page={<PolicyPage />} />} />
            <Route path="/audit" element={<Guard method="audit.verify" page={<AuditPage />} />} />
            <Route path="/backup" element={<Guard method="backup.status" page={<BackupPage />} />} />
            <Route path="*" element={<Navigate to="/home" replace />} />
          </Routes>
          </ErrorBoundary>
        </Layout.Content>
      </Layout>
      <ChangePasswordModal open={changingPassword} onClose={() => setChangingPassword(false)} />
    </Layout>
  );
}
