// Pieces shared by the settlement screens: the month in the address (?month=YYYY-MM, last month
// by default) with its picker, money as people read it (formatted from the backend's integer
// fen, never computed here; what is taken off in red), the status tag, and the link from a
// slip's line to the record it comes from.
import { Button, DatePicker, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { z } from 'zod';
import type { settlementLineEntity, settlementRowEntity } from '../../../../shared/api/settlement.ts';
import { formatFen } from '../../../../shared/domain/money.ts';
import { MONTH_RE } from '../../../../shared/domain/period.ts';

export type SheetRow = z.infer<typeof settlementRowEntity>;
export type SlipLine = z.infer<typeof settlementLineEntity>;
export type Status = 'none' | 'draft' | 'fleet_reviewed' | 'approved' | 'locked';

export const MONTH = 'YYYY-MM';

/** The month before this one, 'YYYY-MM': the month usually settled. */
export const lastMonthText = () => dayjs().startOf('month').subtract(1, 'month').format(MONTH);

/** Fen → '1,234.56'. */
export const yuan = (fen: number) => formatFen(fen);

/** The month shown, kept in the address so a link can name it; last month when none is given. */
export function useMonthParam(): [string, (month: string) => void] {
  const [params, setParams] = useSearchParams();
  const asked = params.get('month');
  const month = asked && MONTH_RE.test(asked) ? asked : lastMonthText();
  return [month, (m: string) => setParams({ month: m })];
}

/** The month picker with a shortcut to last month (months to come cannot be picked). */
export function MonthChooser({ month, onChange }: { month: string; onChange(month: string): void }) {
  const { t } = useTranslation();
  const last = lastMonthText();
  return (
    <Space>
      <DatePicker
        picker="month"
        value={dayjs(month, MONTH)}
        onChange={(m) => m && onChange(m.format(MONTH))}
        allowClear={false}
        disabledDate={(d) => d.isAfter(dayjs(), 'month')}
        aria-label={t('ui.settlement.month')}
        data-testid="settlement-month"
      />
      <Button onClick={() => onChange(last)} disabled={month === last}>
        {t('ui.settlement.lastMonth')}
      </Button>
    </Space>
  );
}

/** An amount in yuan: taken off in red, nothing in grey (or a dash, where a sheet of zeros would hide the figures). */
export function Money({ fen, strong, testId, zeroDash }: { fen: number; strong?: boolean; testId?: string; zeroDash?: boolean }) {
  return (
    <Typography.Text type={fen < 0 ? 'danger' : fen === 0 ? 'secondary' : undefined} strong={strong} style={{ whiteSpace: 'nowrap' }} data-testid={testId}>
      {fen === 0 && zeroDash ? '—' : yuan(fen)}
    </Typography.Text>
  );
}

const STATUS_COLORS: Record<Status, string> = { none: 'default', draft: 'orange', fleet_reviewed: 'blue', approved: 'cyan', locked: 'green' };

export function StatusTag({ status }: { status: Status }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="settlement-status">
      {t(`settlementStatus.${status}`)}
    </Tag>
  );
}

const POST_COLORS: Record<SheetRow['post'], string> = { driver: 'default', group_leader: 'blue', director: 'purple', deputy_director: 'purple' };

export function PostTag({ post }: { post: SheetRow['post'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={POST_COLORS[post]} style={{ marginInlineEnd: 0 }}>
      {t(`personPost.${post}`)}
    </Tag>
  );
}

/**
 * Where a line comes from, as a link to the record: the violation, the accident, the repair
 * order, the month's fuel audit or trip kilometres, the assessment, the corrected month of an
 * adjustment. `staff`: the month-wide pages (fuel audit, trip km) are not a driver's.
 */
export function SourceLink({ line, month, staff }: { line: SlipLine; month: string; staff: boolean }) {
  const { t } = useTranslation();
  const s = (k: string, o?: Record<string, unknown>) => t(`ui.settlement.source.${k}`, o ?? {});
  const number = line.sourceNumber ?? '';
  const monthOf = (text: string) => (MONTH_RE.test(text.split(' ')[0] ?? '') ? text.split(' ')[0]! : month);
  const link = (to: string, text: string) => (
    <Link to={to} data-testid={`source-${line.sourceType}`}>
      {text}
    </Link>
  );
  switch (line.sourceType) {
    case 'violation':
      return line.sourceId === null ? <>{number}</> : link(`/violations?id=${line.sourceId}`, s('violation', { number }));
    case 'accident':
      return line.sourceId === null ? <>{number}</> : link(`/accidents/${line.sourceId}`, s('accident', { number }));
    case 'repair':
      return line.sourceId === null ? <>{number}</> : link(`/repairs/${line.sourceId}`, s('repair', { number }));
    case 'fuel_penalty':
      return staff ? link(`/fuel-audit?month=${monthOf(number)}`, s('fuel', { number })) : <>{s('fuel', { number })}</>;
    case 'trips':
      return staff ? link(`/trip-km?month=${month}`, s('trips', { month })) : <>{s('trips', { month })}</>;
    case 'assessment':
      return staff ? link(`/assessment?month=${monthOf(number)}`, s('assessment', { month: monthOf(number) })) : <>{s('assessment', { month: monthOf(number) })}</>;
    case 'adjustment':
      return link(`/settlement?month=${monthOf(number)}`, s('adjustment', { month: monthOf(number) }));
    default:
      return null;
  }
}
