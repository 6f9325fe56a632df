// The fuel charts (Recharts). What they draw is the backend's audit: values in hundredths are
// only scaled for the axis, never recomputed; labels use the same formatting as the tables.
import { Empty } from 'antd';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, LabelList, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { FuelAuditRow } from '../../../../shared/api/fuel.ts';
import { notLoaded, useCall } from '../../lib/useCall.tsx';
import { fixed2, yuan } from './parts.tsx';

const RED = '#cf1322';
const BLUE = '#1677ff';

/** This month's vehicles over their limit, the most excess first. */
export function FleetExcessChart({ rows }: { rows: FuelAuditRow[] }) {
  const { t } = useTranslation();
  const over = rows.filter((r) => r.excessFen > 0).sort((a, b) => b.excessFen - a.excessFen || a.plate.localeCompare(b.plate));
  if (over.length === 0) return <Empty description={t('ui.fuel.chart.noneOver')} />;
  const data = over.map((r) => ({ plate: r.plate, value: r.excessFen / 100, label: yuan(r.excessFen), litres: fixed2(r.excessLitres) }));
  return (
    <div data-testid="fleet-excess-chart" style={{ width: '100%', height: Math.max(160, 44 * data.length + 60) }}>
      <ResponsiveContainer>
        <BarChart data={data} layout="vertical" margin={{ left: 16, right: 80, top: 8, bottom: 8 }}>
          <CartesianGrid horizontal={false} strokeDasharray="3 3" />
          <XAxis type="number" unit={` ${t('ui.fuel.unit.yuan')}`} />
          <YAxis type="category" dataKey="plate" width={90} />
          <Tooltip formatter={(_v, _n, item) => [`${item.payload.label} ${t('ui.fuel.unit.yuan')}（${item.payload.litres} L）`, t('ui.fuel.col.excessFen')]} />
          <Bar dataKey="value" fill={RED} isAnimationActive={false} barSize={24}>
            <LabelList dataKey="label" position="right" />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** One vehicle's twelve months: actual L/100 km against the month's limit, whose seasonal step shows (a centred step: each month's limit is level around its own tick). */
export function VehicleTrendChart({ month, vehicleId }: { month: string; vehicleId: number }) {
  const { t } = useTranslation();
  const loaded = useCall('fuel.trend', { month, vehicleId });
  const d = loaded.data;
  if (!d) return notLoaded(loaded);
  // the axis needs L/100 km; the tooltip shows the backend's own figure
  const data = d.months.map((m) => ({ month: m.month.slice(2).replace('-', '/'), actual: m.actual === null ? null : m.actual / 100, limit: m.limit / 100, raw: { actual: m.actual, limit: m.limit } }));
  return (
    <div data-testid="vehicle-trend-chart" style={{ width: '100%', height: 280 }}>
      <ResponsiveContainer>
        <LineChart data={data} margin={{ left: 0, right: 24, top: 8, bottom: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="month" />
          <YAxis unit="" domain={[0, 'auto']} label={{ value: t('ui.fuel.unit.per100'), angle: -90, position: 'insideLeft', offset: 10 }} />
          <Tooltip formatter={(_v, name, item) => [fixed2(item.payload.raw[item.dataKey as 'actual' | 'limit']) || '—', name]} />
          <Legend />
          <Line type="step" dataKey="limit" name={t('ui.fuel.chart.limit')} stroke={RED} strokeDasharray="6 4" dot={false} isAnimationActive={false} />
          <Line type="linear" dataKey="actual" name={t('ui.fuel.chart.actual')} stroke={BLUE} strokeWidth={2} connectNulls={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
