// The start-up checks: a banner on every screen (the login page too) when the database failed
// quick_check, its audit chain or the chain's tail, saying what to do; and the lines of the
// backup page.
import { Alert, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { healthOutput } from '../../../../shared/api/backup.ts';
import { call } from '../../lib/api.ts';

type Health = z.infer<typeof healthOutput>;

/** Dispatched on the window when the start-up checks' result changed (the administrator accepted the database). */
export const HEALTH_CHANGED = 'depot-health-changed';

export function HealthBanner() {
  const { t } = useTranslation();
  const [health, setHealth] = useState<Health | null>(null);
  useEffect(() => {
    const load = () => void call('system.health', {}).then(setHealth, () => undefined);
    load();
    window.addEventListener(HEALTH_CHANGED, load);
    return () => window.removeEventListener(HEALTH_CHANGED, load);
  }, []);
  if (!health || (health.quickCheck.ok && health.auditChain.ok && health.auditTail.ok)) return null;
  const what = [
    !health.quickCheck.ok ? t('ui.backup.quickBad', { problems: health.quickCheck.problems.slice(0, 3).join('；') }) : null,
    health.quickCheck.ok && !health.auditChain.ok ? t('ui.backup.chainBad', { id: health.auditChain.firstBadId }) : null,
    !health.auditTail.ok ? t('ui.backup.tailBad', { id: health.auditTail.lastSeenRow }) : null,
  ]
    .filter(Boolean)
    .join('；');
  return <Alert type="error" showIcon banner data-testid="health-banner" title={t('ui.backup.bannerBad', { what })} />;
}

export function HealthLines({ health }: { health: Health }) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="health-lines">
      <Typography.Text type="secondary">{t('ui.backup.checkedAt', { at: health.checkedAt })}</Typography.Text>
      <Alert
        type={health.quickCheck.ok ? 'success' : 'error'}
        showIcon
        title={health.quickCheck.ok ? t('ui.backup.quickOk') : t('ui.backup.quickBad', { problems: health.quickCheck.problems.join('；') })}
      />
      <Alert
        type={health.auditChain.ok ? 'success' : 'error'}
        showIcon
        title={
          health.auditChain.ok
            ? t('ui.backup.chainOk', { rows: health.auditChain.rows })
            : health.auditChain.firstBadId !== null
              ? t('ui.backup.chainBad', { id: health.auditChain.firstBadId })
              : t('ui.backup.chainUnchecked')
        }
      />
      {!health.auditTail.ok && <Alert type="error" showIcon title={t('ui.backup.tailBad', { id: health.auditTail.lastSeenRow })} />}
      {health.restored && <Alert type="info" showIcon title={t('ui.backup.restored', { file: health.restored.asideFile })} />}
    </Space>
  );
}
