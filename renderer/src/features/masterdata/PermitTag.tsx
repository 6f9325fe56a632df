import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Driver } from '../../../../shared/api/masterdata.ts';

const COLORS = { valid: 'green', expiring: 'orange', expired: 'red', not_yet_valid: 'default' } as const;

/** The permit badge: red when expired (with how long ago), orange when expiring (days left). */
export function PermitTag({ driver }: { driver: Pick<Driver, 'permitState' | 'permitDaysLeft'> }) {
  const { t } = useTranslation();
  const text =
    driver.permitState === 'expiring'
      ? `${t('permitState.expiring')} · ${t('ui.home.daysLeft', { days: driver.permitDaysLeft })}`
      : driver.permitState === 'expired'
        ? t('ui.home.daysOver', { days: -driver.permitDaysLeft })
        : t(`permitState.${driver.permitState}`);
  return <Tag color={COLORS[driver.permitState]}>{text}</Tag>;
}
