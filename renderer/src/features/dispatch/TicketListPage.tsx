import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import dayjs from 'dayjs';
import { FLAG_FILTERS, type DispatchListInput } from '../../../../shared/api/dispatch.ts';
import { UNFINISHED_TICKETS } from '../../../../shared/domain/dispatch.ts';
import { MONTH_RE } from '../../../../shared/domain/period.ts';
import { useChoiceParam } from '../../lib/query.ts';
import { TicketTable } from './TicketTable.tsx';

/**
 * All tickets over the years; `?flag=unresolved` opens it as the reviewer's list, `?open=YYYY-MM`
 * as the month's trips not finished (what keeps the month's settlement from being prepared).
 */
export function TicketListPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const flag = useChoiceParam('flag', FLAG_FILTERS);
  const open = params.get('open');
  const month = open && MONTH_RE.test(open) ? dayjs(`${open}-01`) : null;
  const initial: Partial<DispatchListInput> = flag ? { flag } : month ? { statuses: [...UNFINISHED_TICKETS], from: month.format('YYYY-MM-DD'), to: month.endOf('month').format('YYYY-MM-DD') } : {};
  return (
    <Card title={t('ui.dispatch.tickets')}>
      <TicketTable key={`${flag ?? ''}|${open ?? ''}`} initial={initial} />
    </Card>
  );
}
