// The monthly fuel audit per vehicle (单车耗油核算): the month's signature, its totals, one row
// per vehicle against its model's limit (the most excess first), the items the captain must
// resolve, the penalties per driver, the fleet's excess chart, and a vehicle's month in a
// drawer: its twelve-month chart, the computation in words, the drivers' shares, its items, the
// fill-ups with their anomalies and the trips. Every figure is the backend's; this screen only
// formats them.
import { WarningOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Card, Col, DatePicker, Drawer, Row, Space, Statistic, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { FuelAuditRow } from '../../../../shared/api/fuel.ts';
import { notLoaded, useCall } from '../../lib/useCall.tsx';
import type { FuelMonth } from '../../../../shared/api/fuel.ts';
import { FleetExcessChart, VehicleTrendChart } from './Charts.tsx';
import { AuditStatusTag, FillupTable, fixed2, yuan } from './parts.tsx';
import { ItemsTable, PenaltyTable, SignoffBar } from './Signoff.tsx';
import { useMonthParam } from '../../lib/query.ts';

const MONTH = 'YYYY-MM';

export function AuditPage() {
  const { t } = useTranslation();
  const asked = useMonthParam();
  const [month, setMonth] = useState<Dayjs>(() => asked ?? dayjs().startOf('month'));
  const [open, setOpen] = useState<FuelAuditRow | null>(null);
  const monthText = month.format(MONTH);
  const loaded = useCall('fuel.audit', { month: monthText });
  const signoff = useCall('fuel.month', { month: monthText });
  const [tab, setTab] = useState('rows');
  /** a resolution, signature or reopening changes the month's items and penalties */
  const monthChanged = (m: FuelMonth) => signoff.setData(m);
  const openByVehicle = new Map<number, number>();
  for (const i of signoff.data?.items ?? []) if (!i.resolution || i.stale) openByVehicle.set(i.vehicleId, (openByVehicle.get(i.vehicleId) ?? 0) + 1);
  const lastMonth = dayjs().startOf('month').subtract(1, 'month');
  const c = (k: string) => t(`ui.fuel.col.${k}`);
  /** A figure's column: right-aligned, its unit under the name. */
  const num = (k: string, unit: string) => ({
    key: k,
    align: 'right' as const,
    title: (
      <>
        {c(k)}
        <br />
        <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
          {t(`ui.fuel.unit.${unit}`)}
        </Typography.Text>
      </>
    ),
  });

  const columns = [
    {
      key: 'plate',
      title: c('plate'),
      width: 100,
      fixed: 'left' as const,
      render: (_: unknown, r: FuelAuditRow) => (
        <Typography.Link strong onClick={() => setOpen(r)} style={{ whiteSpace: 'nowrap' }}>
          {r.plate}
        </Typography.Link>
      ),
    },
    { key: 'model', title: c('model'), dataIndex: 'modelName' },
    {
      ...num('km', 'km'),
      render: (_: unknown, r: FuelAuditRow) => (
        <>
          {r.km}
          {r.odometerKm !== null && r.odometerKm !== r.km && (
            <Tooltip title={t('ui.fuel.odometerDiffersTip', { km: r.km, odometer: r.odometerKm })}>
              <Typography.Text type="warning" style={{ fontSize: 12, display: 'block' }} data-testid="odometer-differs">
                <WarningOutlined /> {t('ui.fuel.odometerDiffers', { odometer: r.odometerKm })}
              </Typography.Text>
            </Tooltip>
          )}
        </>
      ),
    },
    { ...num('litres', 'litres'), render: (_: unknown, r: FuelAuditRow) => fixed2(r.litres) },
    {
      ...num('actual', 'per100'),
      render: (_: unknown, r: FuelAuditRow) => (
        <Typography.Text type={r.status === 'over' ? 'danger' : undefined} strong={r.status === 'over'}>
          {r.actual === null ? '—' : fixed2(r.actual)}
        </Typography.Text>
      ),
    },
    {
      ...num('fullToFull', 'per100'),
      title: (
        <Tooltip title={t('ui.fuel.fullToFullTip')}>
          {c('fullToFull')}
          <br />
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
            {t('ui.fuel.unit.per100')}
          </Typography.Text>
        </Tooltip>
      ),
      render: (_: unknown, r: FuelAuditRow) => <Typography.Text type="secondary">{r.fullToFull === null ? '—' : fixed2(r.fullToFull)}</Typography.Text>,
    },
    {
      ...num('limit', 'per100'),
      render: (_: unknown, r: FuelAuditRow) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {fixed2(r.limit)}
          {r.seasonal && (
            <Tag color="blue" style={{ marginLeft: 6, marginRight: 0 }} data-testid="seasonal">
              {t('ui.fuel.seasonal')}
            </Tag>
          )}
        </span>
      ),
    },
    { ...num('allowed', 'litres'), render: (_: unknown, r: FuelAuditRow) => fixed2(r.allowedLitres) },
    {
      ...num('excessLitres', 'litres'),
      render: (_: unknown, r: FuelAuditRow) => (r.excessLitres > 0 ? <Typography.Text type="danger">{fixed2(r.excessLitres)}</Typography.Text> : fixed2(r.excessLitres)),
    },
    {
      ...num('excessFen', 'yuan'),
      defaultSortOrder: 'descend' as const,
      sorter: (a: FuelAuditRow, b: FuelAuditRow) => a.excessFen - b.excessFen || a.excessLitres - b.excessLitres,
      render: (_: unknown, r: FuelAuditRow) =>
        r.excessFen > 0 ? (
          <Typography.Text type="danger" strong>
            {yuan(r.excessFen)}
          </Typography.Text>
        ) : (
          yuan(r.excessFen)
        ),
    },
    { key: 'status', title: c('status'), width: 100, render: (_: unknown, r: FuelAuditRow) => <AuditStatusTag status={r.status} /> },
    {
      key: 'anomalies',
      align: 'right' as const,
      width: 116,
      title: c('anomalies'),
      sorter: (a: FuelAuditRow, b: FuelAuditRow) => a.anomalies - b.anomalies,
      render: (_: unknown, r: FuelAuditRow) => (r.anomalies > 0 ? <Badge count={r.anomalies} overflowCount={999} data-testid="anomaly-count" /> : <Typography.Text type="secondary">0</Typography.Text>),
    },
    {
      key: 'open',
      title: c('open'),
      width: 96,
      render: (_: unknown, r: FuelAuditRow) => {
        const n = openByVehicle.get(r.vehicleId) ?? 0;
        if (n > 0) return <Tag color="warning">{t('ui.fuel.openCount', { n })}</Tag>;
        return r.excessLitres > 0 || r.anomalies > 0 ? <Tag color="success">{t('ui.fuel.allResolved')}</Tag> : null;
      },
    },
  ];

  const data = loaded.data;
  return (
    <Card
      title={t('ui.fuel.audit')}
      extra={
        <Space>
          <DatePicker picker="month" value={month} onChange={(m) => m && setMonth(m.startOf('month'))} allowClear={false} aria-label={t('ui.fuel.month')} data-testid="audit-month" />
          <Button onClick={() => setMonth(lastMonth)} disabled={month.isSame(lastMonth, 'month')}>
            {t('ui.fuel.lastMonth')}
          </Button>
          <Button onClick={() => void loaded.reload()}>{t('ui.common.refresh')}</Button>
        </Space>
      }
    >
      <Alert type="info" showIcon title={t('ui.fuel.auditIntro')} style={{ marginBottom: 16 }} />
      {signoff.data && <SignoffBar data={signoff.data} onDone={monthChanged} />}
      {notLoaded(loaded) ??
        (data && (
          <>
            <Row gutter={[16, 16]} style={{ marginBottom: 16 }} data-testid="audit-totals">
              <Col flex="1 1 140px">
                <Statistic title={t('ui.fuel.totals.km')} value={data.totals.km} />
              </Col>
              <Col flex="1 1 140px">
                <Statistic title={t('ui.fuel.totals.litres')} value={fixed2(data.totals.litres)} />
              </Col>
              <Col flex="1 1 140px">
                <Statistic title={t('ui.fuel.totals.amount')} value={yuan(data.totals.amountFen)} />
              </Col>
              <Col flex="1 1 140px">
                <Statistic title={t('ui.fuel.totals.over')} value={data.totals.over} styles={{ content: data.totals.over > 0 ? { color: '#cf1322' } : undefined }} data-testid="total-over" />
              </Col>
              <Col flex="1 1 140px">
                <Statistic title={t('ui.fuel.totals.excessLitres')} value={fixed2(data.totals.excessLitres)} styles={{ content: data.totals.excessLitres > 0 ? { color: '#cf1322' } : undefined }} />
              </Col>
              <Col flex="1 1 140px">
                <Statistic title={t('ui.fuel.totals.excess')} value={yuan(data.totals.excessFen)} styles={{ content: data.totals.excessFen > 0 ? { color: '#cf1322' } : undefined }} data-testid="total-excess" />
              </Col>
              <Col flex="1 1 140px">
                <Statistic title={t('ui.fuel.totals.anomalies')} value={data.totals.anomalies} styles={{ content: data.totals.anomalies > 0 ? { color: '#cf1322' } : undefined }} />
              </Col>
            </Row>
            <Tabs
              activeKey={tab}
              onChange={setTab}
              items={[
                {
                  key: 'rows',
                  label: t('ui.fuel.tab.rows'),
                  children: (
                  <Table<FuelAuditRow>
                    rowKey="vehicleId"
                    size="middle"
                    dataSource={data.rows}
                    columns={columns}
                    pagination={false}
                    // the headers wrap at the window's width; narrower, the table scrolls
                    scroll={{ x: 1080 }}
                    locale={{ emptyText: t('ui.fuel.empty') }}
                    showSorterTooltip={false}
                    rowClassName={(r) => `audit-row-${r.status}`}
                    onRow={(r) => ({ onClick: () => setOpen(r), style: { cursor: 'pointer' } })}
                  />
                  ),
                },
                {
                  key: 'items',
                  label: t('ui.fuel.tab.items', { n: signoff.data?.unresolved ?? 0 }),
                  children: signoff.data ? <ItemsTable data={signoff.data} onDone={monthChanged} /> : notLoaded(signoff),
                },
                { key: 'penalties', label: t('ui.fuel.tab.penalties'), children: signoff.data ? <PenaltyTable data={signoff.data} /> : notLoaded(signoff) },
                { key: 'chart', label: t('ui.fuel.tab.chart'), children: <FleetExcessChart rows={data.rows} /> },
              ]}
            />
          </>
        ))}
      <Drawer open={open !== null} onClose={() => setOpen(null)} size={1200} title={open ? t('ui.fuel.drawerTitle', { plate: open.plate, month: monthText }) : ''} data-testid="fuel-vehicle" destroyOnHidden>
        {open && <VehicleMonth month={monthText} vehicleId={open.vehicleId} signoff={signoff.data} onMonthChanged={monthChanged} />}
      </Drawer>
    </Card>
  );
}

/** One vehicle's month, as the backend explains it. */
function VehicleMonth({ month, vehicleId, signoff, onMonthChanged }: { month: string; vehicleId: number; signoff: FuelMonth | null; onMonthChanged(m: FuelMonth): void }) {
  const { t } = useTranslation();
  const loaded = useCall('fuel.vehicle', { month, vehicleId });
  const v = loaded.data;
  if (!v) return notLoaded(loaded);
  const r = v.row;
  const section = (title: string) => (
    <Typography.Title level={5} style={{ marginTop: 24 }}>
      {title}
    </Typography.Title>
  );
  return (
    <div>
      <Space wrap size="middle">
        <AuditStatusTag status={r.status} />
        <Typography.Text>{r.modelName}</Typography.Text>
        {r.anomalies > 0 && (
          <Typography.Text type="danger" strong>
            {t('ui.fuel.anomalyCount', { n: r.anomalies })}
          </Typography.Text>
        )}
      </Space>

      {section(t('ui.fuel.trend'))}
      <VehicleTrendChart month={month} vehicleId={vehicleId} />

      {section(t('ui.fuel.steps'))}
      <ol style={{ paddingLeft: 24, margin: 0, lineHeight: 1.9 }} data-testid="fuel-steps">
        {v.steps.map((s, i) => (
          <li key={i} style={s.key === 'fuelStep.excess' || s.key === 'fuelStep.value' || s.key === 'fuelStep.odometerDiffers' ? { color: '#cf1322' } : undefined}>
            {t(s.key, s.params)}
          </li>
        ))}
      </ol>

      {section(t('ui.fuel.drivers'))}
      <Table
        rowKey="driverId"
        size="small"
        dataSource={v.drivers}
        pagination={false}
        style={{ maxWidth: 520 }}
        locale={{ emptyText: t('ui.fuel.noDrivers') }}
        data-testid="fuel-drivers"
        columns={[
          { key: 'name', title: t('ui.fuel.driverCol.name'), render: (_, d) => <Link to={`/drivers/${d.driverId}`}>{d.name}</Link> },
          { key: 'km', title: t('ui.fuel.driverCol.km'), dataIndex: 'km', align: 'right' },
          {
            key: 'share',
            title: t('ui.fuel.driverCol.share'),
            align: 'right',
            render: (_, d) => (d.shareFen > 0 ? <Typography.Text type="danger">{yuan(d.shareFen)}</Typography.Text> : yuan(d.shareFen)),
          },
        ]}
        summary={() =>
          v.drivers.length > 1 ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>{t('ui.common.sum')}</Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                {r.km}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right">
                {yuan(r.excessFen)}
              </Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null
        }
      />

      {signoff && signoff.items.some((i) => i.vehicleId === vehicleId) && (
        <>
          {section(t('ui.fuel.vehicleItems'))}
          <ItemsTable data={signoff} vehicleId={vehicleId} onDone={onMonthChanged} />
        </>
      )}

      {section(t('ui.fuel.fills'))}
      <div data-testid="fuel-fills">
        <FillupTable fills={v.fillups} anomalies={v.anomalies} emptyText={t('ui.fuel.noFills')} />
      </div>

      {section(t('ui.fuel.trips'))}
      <Table
        rowKey="ticketId"
        size="small"
        dataSource={v.trips}
        pagination={false}
        locale={{ emptyText: t('ui.fuel.noTrips') }}
        data-testid="fuel-trips"
        columns={[
          { key: 'number', title: t('ui.fuel.tripCol.number'), render: (_, x) => <Link to={`/tickets/${x.ticketId}`}>{x.number}</Link> },
          { key: 'driver', title: t('ui.fuel.tripCol.driver'), dataIndex: 'driverName' },
          { key: 'out', title: t('ui.fuel.tripCol.out'), render: (_, x) => x.departedAt ?? '' },
          { key: 'in', title: t('ui.fuel.tripCol.in'), render: (_, x) => x.returnedAt ?? '' },
          { key: 'km', title: t('ui.fuel.tripCol.km'), dataIndex: 'km', align: 'right' },
        ]}
      />
    </div>
  );
}
