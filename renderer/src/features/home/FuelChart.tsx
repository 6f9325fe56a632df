// The fleet's fuel of twelve months (dashboard.fuel): the litres used as bars against the litres
// the limits allow as a line; the excess, in litres and in yuan, in the table beside.
import { Empty, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DashboardFuel } from '../../../../shared/api/dashboard.ts';
import { notLoaded, useCall } from '../../lib/useCall.tsx';
import { fixed2, yuan } from '../fuel/parts.tsx';
import { ChartCard, COLORS, figure, MONTH_AXIS, monthTick, unitLabel, useAxisNumber, withUnit } from './chartParts.tsx';

type FuelMonth = DashboardFuel['months'][number];

export function FuelChart({ month }: { month: string }) {
  const { t } = useTranslation();
  const loaded = useCall('dashboard.fuel', { month });
  const d = loaded.data;
  const f = (k: string) => t(`ui.home.charts.fuel.${k}`);
  const L = t('ui.home.charts.litres');
  const table = d && (
    <Table<FuelMonth>
      size="small"
      rowKey="month"
      pagination={false}
      scroll={{ x: 'max-content' }}
      dataSource={d.months}
      locale={{ emptyText: t('ui.home.charts.noData') }}
      columns={[
        { key: 'month', title: t('ui.home.charts.monthCol'), dataIndex: 'month', onCell: () => ({ style: { whiteSpace: 'nowrap' } }) },
        { key: 'litres', title: withUnit(f('litres'), L), ...figure, render: (_, r) => fixed2(r.litres) },
        { key: 'allowedLitres', title: withUnit(f('allowed'), L), ...figure, render: (_, r) => fixed2(r.allowedLitres) },
        { key: 'excessLitres', title: withUnit(f('excess'), L), ...figure, render: (_, r) => (r.excessLitres ? <span style={{ color: COLORS.red }}>{fixed2(r.excessLitres)}</span> : fixed2(r.excessLitres)) },
        { key: 'excessFen', title: withUnit(f('excess'), t('ui.home.charts.yuan')), ...figure, render: (_, r) => (r.excessFen ? <span style={{ color: COLORS.red }}>{yuan(r.excessFen)}</span> : yuan(r.excessFen)) },
        { key: 'over', title: f('over'), ...figure, render: (_, r) => t('ui.home.charts.fuel.overOf', { over: r.over, vehicles: r.vehicles }) },
      ]}
    />
  );
  return <ChartCard name="fuel" title={f('title')} chart={d ? <FuelBars months={d.months} /> : notLoaded(loaded)} table={table} tableSpan={12} />;
}

function FuelBars({ months }: { months: FuelMonth[] }) {
  const { t } = useTranslation();
  const axis = useAxisNumber();
  if (months.every((m) => m.litres === 0 && m.allowedLitres === 0)) return <Empty description={t('ui.home.charts.fuel.none')} />;
  // litres only to place the bars; the tooltip shows the backend's hundredths formatted. A month
  // without any vehicle audited draws nothing (the table still lists it).
  const none = (m: FuelMonth) => m.vehicles === 0;
  const data = months.map((m) => ({ month: monthTick(m.month), litres: none(m) ? null : m.litres / 100, allowedLitres: none(m) ? null : m.allowedLitres / 100, raw: m }));
  return (
    <div style={{ width: '100%', height: 460 }}>
      <ResponsiveContainer>
        <ComposedChart data={data} margin={{ left: 8, right: 16, top: 28, bottom: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="month" {...MONTH_AXIS} />
          <YAxis tickFormatter={axis} width={56} domain={[0, 'auto']} label={unitLabel(t('ui.home.charts.litres'))} />
          <Tooltip formatter={(_v, name, item) => [`${fixed2((item.payload as { raw: FuelMonth }).raw[item.dataKey as 'litres' | 'allowedLitres'])} L`, name]} />
          <Legend itemSorter={null} />
          <Bar dataKey="litres" name={t('ui.home.charts.fuel.litres')} fill={COLORS.blue} isAnimationActive={false} maxBarSize={32} />
          <Line type="linear" dataKey="allowedLitres" name={t('ui.home.charts.fuel.allowed')} stroke={COLORS.red} strokeDasharray="6 4" strokeWidth={2} connectNulls={false} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
