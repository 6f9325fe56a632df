// A driver's own slip (我的结算单) for a month: the lines with their records and the net, or a
// clear message when the month has no slip for them yet.
import { Button, Card, Result, Space, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCall } from '../../lib/useCall.tsx';
import { PrintSlipButton, SlipView } from './Slip.tsx';
import { MonthChooser, useMonthParam } from './parts.tsx';

export function MySlipPage() {
  const { t } = useTranslation();
  const [month, setMonth] = useMonthParam();
  const loaded = useCall('settlement.slip', { month });
  const slip = loaded.data && loaded.data.month === month ? loaded.data : null;
  return (
    <Card
      title={t('ui.settlement.my.title')}
      extra={
        <Space>
          <MonthChooser month={month} onChange={setMonth} />
          {slip && <PrintSlipButton month={month} />}
          <Button onClick={() => void loaded.reload()}>{t('ui.common.refresh')}</Button>
        </Space>
      }
    >
      {loaded.error ? (
        <Result status="info" title={t('ui.settlement.my.none', { month })} subTitle={loaded.error} data-testid="my-slip-none" />
      ) : slip ? (
        <SlipView slip={slip} staff={false} />
      ) : (
        <Spin />
      )}
    </Card>
  );
}
