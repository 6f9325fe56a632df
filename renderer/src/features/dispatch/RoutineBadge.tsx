// A vehicle's routine maintenance at a glance: due, overdue or fine, the next due km and the
// last service, from the backend's due list.
import { Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../shared/api/index.ts';
import { call } from '../../lib/api.ts';

type Row = MethodOutput<'routine.due'>['items'][number];
const COLORS = { ok: 'green', due: 'orange', overdue: 'red' } as const;

export function RoutineBadge({ vehicleId }: { vehicleId: number }) {
  const { t } = useTranslation();
  const [row, setRow] = useState<Row | null>(null);
  useEffect(() => {
    void call('routine.due', { vehicleId })
      .then((r) => setRow(r.items[0] ?? null))
      .catch(() => setRow(null));
  }, [vehicleId]);
  if (!row) return <>—</>;
  return (
    <Space size={4} wrap data-testid="routine-badge">
      <Tag color={COLORS[row.state]}>{t(`ui.dispatch.routineState.${row.state}`)}</Tag>
      <Typography.Text>
        {row.remainingKm < 0 ? t('ui.dispatch.routineOverdueText', { next: row.nextDueKm, over: -row.remainingKm }) : t('ui.dispatch.routineText', { next: row.nextDueKm, remaining: row.remainingKm })}
      </Typography.Text>
      <Typography.Text type="secondary">
        {row.lastServiceOn ? t('ui.dispatch.routineLast', { on: row.lastServiceOn, km: row.lastServiceKm }) : t('ui.dispatch.routineNever')}
      </Typography.Text>
    </Space>
  );
}
