import { Button, Card, Col, List, Row, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DispatchBoard } from '../../../../shared/api/dispatch.ts';
import type { Driver } from '../../../../shared/api/masterdata.ts';
import { Link, useNavigate } from 'react-router';
import { call } from '../../lib/api.ts';
import { useSession } from '../../lib/session.tsx';
import { PermitTag } from '../masterdata/PermitTag.tsx';
import { DashboardCharts } from './DashboardCharts.tsx';
import { MaintenanceCards } from './MaintenanceCards.tsx';
import { RoleCards } from './RoleCards.tsx';

export function HomePage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const [permits, setPermits] = useState<Driver[]>([]);
  const [board, setBoard] = useState<DispatchBoard | null>(null);
  const navigate = useNavigate();

  useEffect(() => {
    call('drivers.list', { page: 1, pageSize: 200, sortField: 'permitValidTo' })
      .then((r) => setPermits(r.items.filter((d) => d.permitState === 'expired' || d.permitState === 'expiring')))
      .catch(() => setPermits([]));
    call('dispatch.board', {})
      .then(setBoard)
      .catch(() => setBoard(null));
  }, []);

  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Card>
          <Typography.Title level={4} style={{ marginTop: 0 }}>
            {t('ui.home.welcome', { name: user.displayName })}
          </Typography.Title>
          <Typography.Text type="secondary">{t('ui.home.roles', { roles: user.roles.map((r) => t(`role.${r}`)).join(t('ui.common.sep')) })}</Typography.Text>
        </Card>
      </Col>
      <RoleCards />
      <Col xs={24} lg={12}>
        <Card title={t('ui.home.review')} extra={<Button onClick={() => navigate('/dispatch')}>{t('ui.dispatch.board')}</Button>}>
          <List
            dataSource={board?.review ?? []}
            locale={{ emptyText: t('ui.dispatch.reviewNone') }}
            renderItem={(r) => (
              <List.Item extra={<Tag color={r.needs === 'resolveFlag' || r.ticket.overdue ? 'error' : 'processing'}>{t(`ui.dispatch.needs.${r.needs}`)}</Tag>}>
                <List.Item.Meta
                  title={<Link to={`/tickets/${r.ticket.id}`}>{r.ticket.number}</Link>}
                  description={`${t('ui.dispatch.route', { plate: r.ticket.plate, driver: r.ticket.driverName })} · ${r.ticket.departedAt ?? r.ticket.plannedDeparture}`}
                />
              </List.Item>
            )}
          />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Card title={t('ui.home.permits')}>
            <List
              dataSource={permits}
              locale={{ emptyText: t('ui.home.permitsNone') }}
              renderItem={(d) => (
                <List.Item extra={<PermitTag driver={d} />}>
                  <List.Item.Meta title={t('ui.common.withNo', { name: d.name, no: d.employeeNo })} description={t('ui.common.labelled', { label: t('field.permitValidTo'), value: d.permitValidTo })} />
                </List.Item>
              )}
            />
          </Card>
          <MaintenanceCards />
        </Space>
      </Col>
      <DashboardCharts />
    </Row>
  );
}
