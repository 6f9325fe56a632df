// Kilometres of official trips per vehicle and per driver in a month, counted by the month of
// return: what the fuel audit and the settlement read.
import { Alert, App, Card, Col, DatePicker, Row, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MonthlyKm } from '../../../../shared/api/dispatch.ts';
import { call } from '../../lib/api.ts';
import { showApiError } from '../../lib/forms.ts';
import { useMonthParam } from '../../lib/query.ts';

export function MonthlyKmPage() {
  const { t } = useTranslation();
  const asked = useMonthParam();
  const [month, setMonth] = useState<Dayjs>(() => asked ?? dayjs());
  const { message } = App.useApp();
  const [data, setData] = useState<MonthlyKm | null>(null);
  useEffect(() => {
    void call('dispatch.monthlyKm', { month: month.format('YYYY-MM') })
      .then(setData)
      .catch((err) => {
        setData(null);
        void message.error(showApiError(null, err, t));
      });
  }, [month, message, t]);
  return (
    <Card title={t('ui.dispatch.kmTitle')} extra={<DatePicker picker="month" value={month} onChange={(m) => m && setMonth(m)} allowClear={false} aria-label={t('ui.dispatch.month')} />}>
      <Alert type="info" showIcon title={t('ui.dispatch.kmNote')} style={{ marginBottom: 16 }} />
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <Table
            title={() => t('ui.dispatch.kmVehicles')}
            size="small"
            rowKey="vehicleId"
            dataSource={data?.vehicles ?? []}
            pagination={false}
            columns={[
              { key: 'plate', title: t('field.plate'), render: (_, r) => <Link to={`/vehicles/${r.vehicleId}`}>{r.plate}</Link> },
              { key: 'trips', title: t('ui.dispatch.kmCol.trips'), dataIndex: 'trips', align: 'right' },
              { key: 'km', title: t('ui.dispatch.kmCol.km'), dataIndex: 'km', align: 'right' },
            ]}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>{t('ui.common.sum')}</Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">{data?.totalTrips ?? 0}</Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">{data?.totalKm ?? 0}</Table.Summary.Cell>
              </Table.Summary.Row>
            )}
          />
        </Col>
        <Col xs={24} xl={12}>
          <Table
            title={() => t('ui.dispatch.kmDrivers')}
            size="small"
            rowKey="driverId"
            dataSource={data?.drivers ?? []}
            pagination={false}
            columns={[
              { key: 'name', title: t('field.name'), render: (_, r) => <Link to={`/drivers/${r.driverId}`}>{t('ui.common.withNo', { name: r.name, no: r.employeeNo })}</Link> },
              { key: 'trips', title: t('ui.dispatch.kmCol.trips'), dataIndex: 'trips', align: 'right' },
              { key: 'km', title: t('ui.dispatch.kmCol.km'), dataIndex: 'km', align: 'right' },
            ]}
          />
        </Col>
      </Row>
    </Card>
  );
}
