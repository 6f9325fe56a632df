import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Driver } from '../../../../shared/api/masterdata.ts';

const COLORS = { valid: 'green', expiring: 'orange', expired: 'red', not_yet_valid: 'default' } as const;

export function PermitTag({ driver }: { driver: Pick<Driver, 'permitState' | 'permitDaysLeft'> }) {
  const { t } = useTranslation();
  const detail =
    driver.permitState === 'expiring'
      ? ` · ${t('ui.home.daysLeft', { days: driver.permitDaysLeft })}`
      : driver.permitState === 'expired'
        ? ` · ${t('ui.home.daysOver', { days: -driver.permitDaysLeft })}`
        : '';
  return (
    <Tag color={COLORS[driver.permitState]}>
      {t(`permitState.${driver.permitState}`)}
      {detail}
    </Tag>
  );
}
