// The home page's cards of what waits for the user's roles (dashboard.overview): the counts of
// approvals and flags, the closing month's fuel audit, and the settlements finance locks and
// pays. A part the roles have nothing to do with is null and not shown; every figure is the
// backend's, only formatted here.
import { Alert, Button, Card, Col, List, Row, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { DashboardOverview } from '../../../../shared/api/dashboard.ts';
import { canCall } from '../../lib/access.ts';
import { useSession } from '../../lib/session.tsx';
import { useCall } from '../../lib/useCall.tsx';
import { yuan } from '../fuel/parts.tsx';
import { StatusTag } from '../settlement/parts.tsx';

type CountKey = 'ticketsToApprove' | 'repairsToAct' | 'openFlags' | 'dismissalFlags';

/** Each count, where it is dealt with, and whether a count above zero is a warning. */
const COUNTS: { key: CountKey; link: string; warn: boolean }[] = [
  { key: 'ticketsToApprove', link: '/dispatch', warn: false },
  { key: 'repairsToAct', link: '/repairs', warn: false },
  { key: 'openFlags', link: '/tickets?flag=unresolved', warn: true },
  { key: 'dismissalFlags', link: '/personnel-flags', warn: true },
];

/** The role cards as columns of the home page's grid; nothing for a user without the overview (drivers). */
export function RoleCards() {
  const { user } = useSession();
  return canCall(user.roles, 'dashboard.overview') ? <Overview /> : null;
}

function Overview() {
  const loaded = useCall('dashboard.overview', {});
  const o = loaded.data;
  if (loaded.error)
    return (
      <Col span={24}>
        <Alert type="warning" showIcon title={loaded.error} />
      </Col>
    );
  if (!o) return null;
  const counts = COUNTS.filter((c) => o[c.key] !== null);
  // One row: the counts beside the fuel audit or the settlements (a user with both has them below).
  const side = [o.fuel, o.settlements].filter((p) => p !== null).length;
  const todoSpan = side === 1 ? 8 : 24;
  const sideSpan = side === 2 || counts.length === 0 ? 12 : 16;
  return (
    <>
      {counts.length > 0 && (
        <Col xs={24} lg={todoSpan}>
          <TodoCard overview={o} counts={counts} wide={todoSpan === 24} />
        </Col>
      )}
      {o.fuel && (
        <Col xs={24} lg={sideSpan}>
          <FuelCard fuel={o.fuel} />
        </Col>
      )}
      {o.settlements && (
        <Col xs={24} lg={sideSpan}>
          <SettlementsCard settlements={o.settlements} />
        </Col>
      )}
    </>
  );
}

function TodoCard({ overview, counts, wide }: { overview: DashboardOverview; counts: typeof COUNTS; wide: boolean }) {
  const { t } = useTranslation();
  return (
    <Card title={t('ui.home.todo.title')} data-testid="overview-todo">
      <Row gutter={[16, 16]}>
        {counts.map((c) => {
          const value = overview[c.key] ?? 0;
          return (
            <Col key={c.key} xs={12} md={wide ? 6 : 12}>
              <Link to={c.link} data-testid={`overview-${c.key}`}>
                <Statistic title={t(`ui.home.todo.${c.key}`)} value={value} styles={{ content: { color: value > 0 ? (c.warn ? '#cf1322' : '#1677ff') : '#8c8c8c' } }} />
              </Link>
            </Col>
          );
        })}
      </Row>
    </Card>
  );
}

function FuelCard({ fuel }: { fuel: NonNullable<DashboardOverview['fuel']> }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Card
      title={
        <>
          {t('ui.home.fuel.title', { month: fuel.month })}{' '}
          <Tag color={fuel.state === 'signed' ? 'green' : 'orange'} data-testid="overview-fuel-state">
            {t(`ui.home.fuel.state.${fuel.state}`)}
          </Tag>
        </>
      }
      extra={<Button onClick={() => navigate(`/fuel-audit?month=${fuel.month}`)}>{t('ui.home.fuel.open')}</Button>}
      data-testid="overview-fuel"
    >
      <Row gutter={[24, 16]}>
        <Col xs={24} xl={10}>
          <Row gutter={[16, 16]}>
            <Col span={12}>
              <Statistic title={t('ui.home.fuel.unresolved')} value={fuel.unresolved} styles={{ content: fuel.unresolved ? { color: '#d46b08' } : undefined }} data-testid="overview-fuel-unresolved" />
            </Col>
            <Col span={12}>
              <Statistic title={t('ui.home.fuel.over')} value={fuel.over} styles={{ content: fuel.over ? { color: '#cf1322' } : undefined }} data-testid="overview-fuel-over" />
            </Col>
            <Col span={24}>
              {/* the backend's fen, formatted: no float sums */}
              <Statistic title={t('ui.home.fuel.excess')} value={fuel.excessFen} formatter={() => yuan(fuel.excessFen)} data-testid="overview-fuel-excess" />
            </Col>
          </Row>
        </Col>
        <Col xs={24} xl={14}>
          <List
            size="small"
            bordered
            dataSource={fuel.overVehicles}
            locale={{ emptyText: t('ui.home.fuel.noneOver') }}
            renderItem={(v) => (
              <List.Item data-testid="overview-fuel-vehicle" extra={<Tag color={v.resolved ? 'green' : 'orange'}>{t(v.resolved ? 'ui.home.fuel.resolved' : 'ui.home.fuel.toResolve')}</Tag>}>
                <Typography.Text strong>{v.plate}</Typography.Text>
                <Typography.Text type="danger" style={{ marginLeft: 'auto', marginRight: 12 }}>
                  {t('ui.home.fuel.vehicle', { amount: yuan(v.excessFen) })}
                </Typography.Text>
              </List.Item>
            )}
          />
        </Col>
      </Row>
    </Card>
  );
}

function SettlementsCard({ settlements }: { settlements: NonNullable<DashboardOverview['settlements']> }) {
  const { t } = useTranslation();
  return (
    <Card title={t('ui.home.settlements.title')} data-testid="overview-settlements">
      <List
        dataSource={settlements}
        locale={{ emptyText: t('ui.home.settlements.none') }}
        renderItem={(s) => (
          <List.Item
            data-testid="overview-settlement"
            extra={
              <Tag color={s.status === 'approved' ? 'orange' : 'green'} data-testid="overview-settlement-todo">
                {t(s.status === 'approved' ? 'ui.home.settlements.toLock' : 'ui.home.settlements.toPay')}
              </Tag>
            }
          >
            <List.Item.Meta
              title={
                <>
                  <Link to={`/settlement?month=${s.month}`}>{s.month}</Link> <StatusTag status={s.status} />
                </>
              }
              description={
                <>
                  {t('ui.home.settlements.line', { rows: s.rows, net: yuan(s.netFen) })}
                  {s.lockedAt && <> · {t('ui.home.settlements.lockedAt', { at: s.lockedAt })}</>}
                </>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
