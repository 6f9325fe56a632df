// The home page's charts (staff only): the month they end with, kept in the address
// (?month=YYYY-MM, this month by default), and the four charts each with its table.
import { Button, Card, Col, DatePicker, Row, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { canCall } from '../../lib/access.ts';
import { useMonthParam } from '../../lib/query.ts';
import { useSession } from '../../lib/session.tsx';
import { AccidentsChart } from './AccidentsChart.tsx';
import { FuelChart } from './FuelChart.tsx';
import { MoneyChart } from './MoneyChart.tsx';
import { RepairsChart } from './RepairsChart.tsx';

const MONTH = 'YYYY-MM';

/** The charts as columns of the home page's grid; nothing for a user who may not see them (drivers). */
export function DashboardCharts() {
  const { user } = useSession();
  return canCall(user.roles, 'dashboard.money') ? <Charts /> : null;
}

function Charts() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const asked = useMonthParam();
  const thisMonth = dayjs().startOf('month');
  const month = (asked && !asked.isAfter(thisMonth) ? asked : thisMonth).format(MONTH);
  const choose = (m: string) => {
    const next = new URLSearchParams(params);
    next.set('month', m);
    setParams(next, { replace: true });
  };
  return (
    <>
      <Col span={24}>
        <Card size="small">
          <Space wrap align="center">
            <Typography.Title level={5} style={{ margin: 0 }}>
              {t('ui.home.charts.title')}
            </Typography.Title>
            <label htmlFor="dashboard-month">{t('ui.home.charts.month')}</label>
            <DatePicker
              id="dashboard-month"
              picker="month"
              value={dayjs(month, MONTH)}
              onChange={(m) => m && choose(m.format(MONTH))}
              allowClear={false}
              disabledDate={(d) => d.isAfter(dayjs(), 'month')}
              aria-label={t('ui.home.charts.month')}
              data-testid="dashboard-month"
            />
            <Button onClick={() => choose(thisMonth.format(MONTH))} disabled={month === thisMonth.format(MONTH)}>
              {t('ui.home.charts.thisMonth')}
            </Button>
          </Space>
        </Card>
      </Col>
      <Col span={24}>
        <MoneyChart month={month} />
      </Col>
      <Col span={24}>
        <AccidentsChart month={month} />
      </Col>
      <Col span={24}>
        <RepairsChart month={month} />
      </Col>
      <Col span={24}>
        <FuelChart month={month} />
      </Col>
    </>
  );
}
