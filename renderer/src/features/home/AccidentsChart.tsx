// Accidents per quarter by the police finding (dashboard.accidents), stacked from full
// liability to none, pending on top; the counts as a table beside.
import { Empty, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ACCIDENT_FINDINGS, type DashboardAccidents } from '../../../../shared/api/dashboard.ts';
import { notLoaded, useCall } from '../../lib/useCall.tsx';
import { ChartCard, COLORS, figure } from './chartParts.tsx';

type Quarter = DashboardAccidents['quarters'][number];
type Finding = (typeof ACCIDENT_FINDINGS)[number];

const FINDING_COLORS: Record<Finding, string> = {
  full: COLORS.red,
  main: COLORS.orange,
  equal: COLORS.gold,
  secondary: COLORS.blue,
  none: COLORS.green,
  pending: COLORS.grey,
};
/** bottom to top: the worst liability at the base, pending on top */
const STACK: Finding[] = ['full', 'main', 'equal', 'secondary', 'none', 'pending'];

/** '2026-Q3' → '26 Q3' on the axis. */
const quarterTick = (q: string) => q.slice(2).replace('-', ' ');

export function AccidentsChart({ month }: { month: string }) {
  const { t } = useTranslation();
  const loaded = useCall('dashboard.accidents', { month });
  const d = loaded.data;
  const a = (k: string) => t(`ui.home.charts.accidents.${k}`);
  const table = d && (
    <Table<Quarter>
      size="small"
      rowKey="quarter"
      pagination={false}
      dataSource={d.quarters}
      locale={{ emptyText: t('ui.home.charts.noData') }}
      columns={[
        { key: 'quarter', title: a('quarter'), dataIndex: 'quarter', onCell: () => ({ style: { whiteSpace: 'nowrap' } }) },
        ...ACCIDENT_FINDINGS.map((f) => ({ key: f, title: t(`finding.${f}`), ...figure, render: (_: unknown, r: Quarter) => r.counts[f] || <span style={{ color: COLORS.grey }}>0</span> })),
        { key: 'total', title: a('total'), ...figure, render: (_: unknown, r: Quarter) => <strong>{r.total}</strong> },
      ]}
    />
  );
  return <ChartCard name="accidents" title={a('title')} chart={d ? <AccidentBars quarters={d.quarters} /> : notLoaded(loaded)} table={table} tableSpan={14} />;
}

function AccidentBars({ quarters }: { quarters: Quarter[] }) {
  const { t } = useTranslation();
  if (quarters.every((q) => q.total === 0)) return <Empty description={t('ui.home.charts.accidents.none')} />;
  const data = quarters.map((q) => ({ quarter: quarterTick(q.quarter), ...q.counts }));
  return (
    <div style={{ width: '100%', height: 340 }}>
      <ResponsiveContainer>
        <BarChart data={data} margin={{ left: 0, right: 16, top: 8, bottom: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="quarter" />
          <YAxis allowDecimals={false} width={40} />
          {/* as stacked: the top of the bar first in the tooltip, the base first in the legend */}
          <Tooltip itemSorter={(item) => -STACK.indexOf(item.dataKey as Finding)} />
          <Legend itemSorter={null} />
          {STACK.map((f) => (
            <Bar key={f} dataKey={f} name={t(`finding.${f}`)} stackId="findings" fill={FINDING_COLORS[f]} isAnimationActive={false} maxBarSize={48} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
