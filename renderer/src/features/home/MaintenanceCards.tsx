// The home page's maintenance cards: repair orders at a step the user's roles may take, the
// routine maintenance reminder, and the dismissal flags waiting for the director.
import { Button, Card, List, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { MethodOutput } from '../../../../shared/api/index.ts';
import { actionableRepairStatuses, canCall } from '../../lib/access.ts';
import { call } from '../../lib/api.ts';
import { useSession } from '../../lib/session.tsx';

export function MaintenanceCards() {
  const { t } = useTranslation();
  const { user } = useSession();
  const navigate = useNavigate();
  const statuses = actionableRepairStatuses(user.roles);
  const [repairs, setRepairs] = useState<MethodOutput<'repairs.list'> | null>(null);
  const [routine, setRoutine] = useState<MethodOutput<'routine.due'> | null>(null);
  const [flags, setFlags] = useState<MethodOutput<'personnel.flags'> | null>(null);
  const canDecide = canCall(user.roles, 'personnel.decide');

  useEffect(() => {
    if (statuses.length) void call('repairs.list', { statuses, pageSize: 8 }).then(setRepairs).catch(() => setRepairs(null));
    if (canCall(user.roles, 'routine.due')) void call('routine.due', { states: ['overdue', 'due'], pageSize: 1 }).then(setRoutine).catch(() => setRoutine(null));
    if (canDecide) void call('personnel.flags', { open: true, pageSize: 8 }).then(setFlags).catch(() => setFlags(null));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <>
      {statuses.length > 0 && (
        <Card title={t('ui.home.repairs')} extra={<Button onClick={() => navigate('/repairs')}>{t('ui.home.repairsAll')}</Button>} data-testid="home-repairs">
          <List
            dataSource={repairs?.items ?? []}
            locale={{ emptyText: t('ui.home.repairsNone') }}
            renderItem={(r) => (
              <List.Item extra={<Tag color="processing">{t(`repairStatus.${r.status}`)}</Tag>}>
                <List.Item.Meta title={<Link to={`/repairs/${r.id}`}>{r.number}</Link>} description={`${r.plate} · ${r.driverName} · ${r.shopName}`} />
              </List.Item>
            )}
          />
        </Card>
      )}
      {routine && (
        <Card title={t('ui.home.routine')} extra={<Button onClick={() => navigate('/routine')}>{t('ui.home.routineOpen')}</Button>} data-testid="home-routine">
          <Typography.Text type={routine.counts.overdue ? 'danger' : undefined}>
            {t('ui.home.routineCounts', { overdue: routine.counts.overdue, due: routine.counts.due, reminder: routine.reminderKm })}
          </Typography.Text>
        </Card>
      )}
      {canDecide && (
        <Card title={t('ui.home.flags')} extra={<Button onClick={() => navigate('/personnel-flags')}>{t('ui.home.flagsOpen')}</Button>} data-testid="home-flags">
          <List
            dataSource={flags?.items ?? []}
            locale={{ emptyText: t('ui.home.flagsNone') }}
            renderItem={(f) => (
              <List.Item>
                <List.Item.Meta title={`${f.driverName} · ${f.sourceNumber}`} description={`${f.raisedAt} · ${f.reason}`} />
              </List.Item>
            )}
          />
        </Card>
      )}
    </>
  );
}
