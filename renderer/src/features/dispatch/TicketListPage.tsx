import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { FLAG_FILTERS } from '../../../../shared/api/dispatch.ts';
import { TicketTable } from './TicketTable.tsx';

/** All tickets over the years; `?flag=unresolved` opens it as the reviewer's list. */
export function TicketListPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const flag = params.get('flag');
  const initial = flag && (FLAG_FILTERS as readonly string[]).includes(flag) ? { flag: flag as (typeof FLAG_FILTERS)[number] } : {};
  return (
    <Card title={t('ui.dispatch.tickets')}>
      <TicketTable key={flag ?? ''} initial={initial} />
    </Card>
  );
}
