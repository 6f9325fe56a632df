// Twelve months of settlements (dashboard.money): bonuses, subsidies and adjustments stacked
// above the axis, deductions below it, the net as a line; a month with no settlement prepared
// draws nothing and says so in the table.
import { Empty, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DashboardMoney } from '../../../../shared/api/dashboard.ts';
import { notLoaded, useCall } from '../../lib/useCall.tsx';
import { Money, StatusTag } from '../settlement/parts.tsx';
import { yuan } from '../fuel/parts.tsx';
import { ChartCard, COLORS, figure, MONTH_AXIS, monthTick, unitLabel, useAxisNumber, withUnit } from './chartParts.tsx';

type MoneyMonth = DashboardMoney['months'][number];
type MoneyKey = 'bonusFen' | 'subsidyFen' | 'adjustmentFen' | 'deductionFen' | 'netFen';

const SERIES: { key: MoneyKey; label: string; color: string }[] = [
  { key: 'bonusFen', label: 'bonus', color: COLORS.green },
  { key: 'subsidyFen', label: 'subsidy', color: COLORS.blue },
  { key: 'adjustmentFen', label: 'adjustment', color: COLORS.gold },
  { key: 'deductionFen', label: 'deduction', color: COLORS.red },
];

const ORDER: MoneyKey[] = [...SERIES.map((s) => s.key), 'netFen'];

export function MoneyChart({ month }: { month: string }) {
  const { t } = useTranslation();
  const loaded = useCall('dashboard.money', { month });
  const d = loaded.data;
  const m = (k: string) => t(`ui.home.charts.money.${k}`);
  const body = d ? <MoneyBars months={d.months} /> : notLoaded(loaded);
  const table = d && (
    <Table<MoneyMonth>
      size="small"
      rowKey="month"
      pagination={false}
      scroll={{ x: 'max-content' }}
      dataSource={d.months}
      locale={{ emptyText: t('ui.home.charts.noData') }}
      columns={[
        { key: 'month', title: t('ui.home.charts.monthCol'), dataIndex: 'month', onCell: () => ({ style: { whiteSpace: 'nowrap' } }) },
        { key: 'status', title: m('status'), render: (_, r) => <StatusTag status={r.status} /> },
        ...(['bonusFen', 'subsidyFen', 'deductionFen', 'adjustmentFen', 'netFen'] as const).map((k) => ({
          key: k,
          title: withUnit(m(k.replace('Fen', '')), t('ui.home.charts.yuan')),
          ...figure,
          // a month with no settlement has no figures: '—', not zeros
          render: (_: unknown, r: MoneyMonth) => (r.status === 'none' ? '—' : <Money fen={r[k]} strong={k === 'netFen'} />),
        })),
      ]}
    />
  );
  return <ChartCard name="money" title={m('title')} chart={body} table={table} tableSpan={14} />;
}

function MoneyBars({ months }: { months: MoneyMonth[] }) {
  const { t } = useTranslation();
  const axis = useAxisNumber();
  if (months.every((r) => r.status === 'none')) return <Empty description={t('ui.home.charts.money.none')} />;
  // yuan only to place the bars; the tooltip shows the backend's fen formatted
  const scaled = (r: MoneyMonth, k: MoneyKey) => (r.status === 'none' ? null : r[k] / 100);
  const data = months.map((r) => ({ month: monthTick(r.month), raw: r, ...Object.fromEntries(ORDER.map((k) => [k, scaled(r, k)])) }));
  return (
    <div style={{ width: '100%', height: 460 }}>
      <ResponsiveContainer>
        <ComposedChart data={data} stackOffset="sign" margin={{ left: 8, right: 16, top: 28, bottom: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="month" {...MONTH_AXIS} />
          <YAxis tickFormatter={axis} width={56} label={unitLabel(t('ui.home.charts.yuan'))} />
          <ReferenceLine y={0} stroke={COLORS.grey} />
          <Tooltip itemSorter={(item) => ORDER.indexOf(item.dataKey as MoneyKey)} formatter={(_v, name, item) => [t('ui.home.charts.amount', { amount: yuan((item.payload as { raw: MoneyMonth }).raw[item.dataKey as MoneyKey]) }), name]} />
          <Legend itemSorter={null} />
          {SERIES.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={t(`ui.home.charts.money.${s.label}`)} stackId="money" fill={s.color} isAnimationActive={false} maxBarSize={28} />
          ))}
          <Line dataKey="netFen" name={t('ui.home.charts.money.net')} stroke={COLORS.dark} strokeWidth={2} connectNulls={false} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
