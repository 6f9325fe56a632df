// Pieces shared by the home page's charts: the card with the chart beside its table, the axis
// ticks, and the table's figure columns. A chart draws the backend's integers scaled for the axis
// (fen / 100, hundredths / 100) and nothing else; every label, tooltip and table cell shows the
// backend's figure formatted, never a float.
import { Card, Col, Row, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export const COLORS = {
  blue: '#1677ff',
  green: '#389e0d',
  red: '#cf1322',
  orange: '#d46b08',
  gold: '#d4b106',
  grey: '#8c8c8c',
  dark: '#262626',
  purple: '#722ed1',
};

/** '2026-07' → '26/07', the axis's month. */
export const monthTick = (month: string) => month.slice(2).replace('-', '/');

/** The value axis's unit, above the axis (the chart's top margin leaves room for it). */
export const unitLabel = (unit: string) => ({ value: unit, position: 'top' as const, offset: 10 });

/** Month ticks, small enough for twelve; some left out when the chart is too narrow for all. */
export const MONTH_AXIS = { interval: 'preserveStartEnd', minTickGap: 2, tick: { fontSize: 12 } } as const;

/** An axis tick in its unit, compact (12万, 12K): only the axis's scale, the figures are in the table. */
export function useAxisNumber(): (v: number) => string {
  const { i18n } = useTranslation();
  const format = new Intl.NumberFormat(i18n.language === 'en' ? 'en' : 'zh-CN', { notation: 'compact', maximumFractionDigits: 1 });
  return (v: number) => format.format(v);
}

/** A chart with its figures as a table beside it (below it on a narrow window). */
export function ChartCard({ name, title, extra, chart, table, tableSpan = 10 }: { name: string; title: ReactNode; extra?: ReactNode; chart: ReactNode; table: ReactNode; tableSpan?: number }) {
  return (
    <Card title={title} extra={extra} data-testid={`dashboard-${name}`}>
      <Row gutter={[24, 16]}>
        <Col xs={24} lg={24 - tableSpan}>
          <div data-testid={`dashboard-${name}-chart`}>{chart}</div>
        </Col>
        <Col xs={24} lg={tableSpan}>
          <div data-testid={`dashboard-${name}-table`}>{table}</div>
        </Col>
      </Row>
    </Card>
  );
}

/** A column header with its unit under it, as the fuel audit's tables have. */
export function withUnit(title: string, unit: string): ReactNode {
  return (
    <>
      {title}
      <br />
      <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
        {unit}
      </Typography.Text>
    </>
  );
}

/** A figure cell: right-aligned, on one line. */
export const figure = { align: 'right' as const, onCell: () => ({ style: { whiteSpace: 'nowrap' as const } }) };
