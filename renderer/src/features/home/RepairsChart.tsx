// Repair cost of twelve months (dashboard.repairs), by vehicle (the ten costliest, then the
// rest together) or by repair shop: horizontal bars labelled with the backend's amounts, and
// the same rows as a table beside.
import { Empty, Segmented, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { notLoaded, useCall } from '../../lib/useCall.tsx';
import { yuan } from '../fuel/parts.tsx';
import { ChartCard, COLORS, figure, useAxisNumber } from './chartParts.tsx';

type By = 'vehicle' | 'shop';
/** One bar and one table row: a vehicle (or the others together) or a shop. */
interface CostRow {
  key: string;
  name: string;
  totalFen: number;
  orders: number;
}

export function RepairsChart({ month }: { month: string }) {
  const { t } = useTranslation();
  const [by, setBy] = useState<By>('vehicle');
  const loaded = useCall('dashboard.repairs', { month });
  const d = loaded.data;
  const r = (k: string) => t(`ui.home.charts.repairs.${k}`);
  const rows: CostRow[] = !d
    ? []
    : by === 'vehicle'
      ? d.byVehicle.map((v) => ({ key: v.vehicleId === null ? 'others' : `v${v.vehicleId}`, name: v.vehicleId === null ? r('others') : v.plate, totalFen: v.totalFen, orders: v.orders }))
      : d.byShop.map((s) => ({ key: `s${s.shopId}`, name: s.name, totalFen: s.totalFen, orders: s.orders }));
  const toggle = (
    <Segmented<By>
      value={by}
      onChange={setBy}
      options={[
        { value: 'vehicle', label: r('byVehicle') },
        { value: 'shop', label: r('byShop') },
      ]}
      data-testid="dashboard-repairs-by"
    />
  );
  const table = d && (
    <>
      <Typography.Paragraph type="secondary" data-testid="dashboard-repairs-summary">
        {t('ui.home.charts.repairs.summary', { from: d.from, to: d.to, orders: d.orders, total: yuan(d.totalFen) })}
      </Typography.Paragraph>
      <Table<CostRow>
        size="small"
        rowKey="key"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={rows}
        locale={{ emptyText: r('none') }}
        columns={[
          { key: 'name', title: r(by), dataIndex: 'name' },
          { key: 'orders', title: r('orders'), dataIndex: 'orders', ...figure },
          { key: 'totalFen', title: r('cost'), ...figure, render: (_, x) => yuan(x.totalFen) },
        ]}
      />
    </>
  );
  return <ChartCard name="repairs" title={r('title')} extra={toggle} chart={d ? <CostBars rows={rows} /> : notLoaded(loaded)} table={table} />;
}

function CostBars({ rows }: { rows: CostRow[] }) {
  const { t } = useTranslation();
  const axis = useAxisNumber();
  if (rows.length === 0) return <Empty description={t('ui.home.charts.repairs.none')} />;
  // yuan only to size the bars; the labels are the backend's fen formatted
  const data = rows.map((x) => ({ name: x.name, value: x.totalFen / 100, label: yuan(x.totalFen), orders: x.orders }));
  return (
    <div style={{ width: '100%', height: Math.max(200, 36 * data.length + 60) }}>
      <ResponsiveContainer>
        <BarChart data={data} layout="vertical" margin={{ left: 8, right: 96, top: 8, bottom: 8 }}>
          <CartesianGrid horizontal={false} strokeDasharray="3 3" />
          <XAxis type="number" tickFormatter={axis} unit={` ${t('ui.home.charts.yuan')}`} />
          <YAxis type="category" dataKey="name" width={120} interval={0} />
          <Tooltip formatter={(_v, _n, item) => [t('ui.home.charts.repairs.tip', { amount: item.payload.label, orders: item.payload.orders }), t('ui.home.charts.repairs.cost')]} />
          <Bar dataKey="value" fill={COLORS.purple} isAnimationActive={false} barSize={20}>
            <LabelList dataKey="label" position="right" />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
