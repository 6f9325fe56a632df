// A vehicle's page: its trips and its odometer history; a driver's page: their trips.
import { Card, Descriptions, Space, Table, Tabs } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { canCall } from '../../lib/access.ts';
import { call } from '../../lib/api.ts';
import { useSession } from '../../lib/session.tsx';
import { notLoaded, useCall } from '../../lib/useCall.tsx';
import { PermitTag } from '../masterdata/PermitTag.tsx';
import { RoutineBadge } from './RoutineBadge.tsx';
import { TicketTable } from './TicketTable.tsx';

export function VehicleTripsPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const { id } = useParams();
  const loaded = useCall('vehicles.get', { id: Number(id) });
  const v = loaded.data;
  if (!v) return notLoaded(loaded);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={`${t('entity.vehicles')} ${v.plate}`}>
        <Descriptions size="small" column={{ xs: 1, lg: 3 }}>
          <Descriptions.Item label={t('field.modelName')}>{v.modelName}</Descriptions.Item>
          <Descriptions.Item label={t('field.status')}>{t(`vehicleStatus.${v.status}`)}</Descriptions.Item>
          <Descriptions.Item label={t('field.odometerKm')}>{v.odometerKm}</Descriptions.Item>
          <Descriptions.Item label={t('field.parkingPlace')}>{v.parkingPlace}</Descriptions.Item>
          <Descriptions.Item label={t('field.vin')}>{v.vin ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('field.purchaseDate')}>{v.purchaseDate ?? '—'}</Descriptions.Item>
          {canCall(user.roles, 'routine.due') && (
            <Descriptions.Item label={t('ui.dispatch.routine')} span={3}>
              <RoutineBadge vehicleId={v.id} />
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Card>
        <Tabs
          items={[
            { key: 'trips', label: t('ui.dispatch.vehicleTrips'), children: <TicketTable fixed={{ vehicleId: v.id }} /> },
            ...(canCall(user.roles, 'dispatch.odometer') ? [{ key: 'odometer', label: t('ui.dispatch.odometer'), children: <OdometerHistory vehicleId={v.id} /> }] : []),
          ]}
        />
      </Card>
    </Space>
  );
}

function OdometerHistory({ vehicleId }: { vehicleId: number }) {
  const { t } = useTranslation();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [data, setData] = useState<Awaited<ReturnType<typeof call<'dispatch.odometer'>>> | null>(null);
  useEffect(() => {
    void call('dispatch.odometer', { vehicleId, ...page })
      .then(setData)
      .catch(() => setData(null));
  }, [vehicleId, page]);
  return (
    <Table
      size="small"
      rowKey={(r) => `${r.at}-${r.source}-${r.ticketId}`}
      title={() => (data ? t('ui.dispatch.odometerCurrent', { km: data.currentKm, initial: data.initialKm }) : '')}
      dataSource={data?.items ?? []}
      pagination={{ current: page.page, pageSize: page.pageSize, total: data?.total ?? 0, onChange: (p, s) => setPage({ page: p, pageSize: s }), showTotal: (total) => t('ui.common.total', { total }) }}
      columns={[
        { key: 'at', title: t('ui.dispatch.col.start'), dataIndex: 'at' },
        { key: 'km', title: t('field.odometerKm'), dataIndex: 'km', align: 'right' },
        { key: 'source', title: t('ui.dispatch.col.status'), render: (_, r) => t(`ui.dispatch.source.${r.source}`) },
        { key: 'ticket', title: t('ui.dispatch.col.number'), render: (_, r) => (r.ticketId ? <Link to={`/tickets/${r.ticketId}`}>{r.ticketNumber}</Link> : '') },
      ]}
    />
  );
}

export function DriverTripsPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const loaded = useCall('drivers.get', { id: Number(id) });
  const d = loaded.data;
  if (!d) return notLoaded(loaded);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={`${t('entity.drivers')} ${t('ui.common.withNo', { name: d.name, no: d.employeeNo })}`}>
        <Descriptions size="small" column={{ xs: 1, lg: 3 }}>
          <Descriptions.Item label={t('field.permitNo')}>{d.permitNo}</Descriptions.Item>
          <Descriptions.Item label={t('ui.master.permitValidity')}>
            {d.permitValidFrom} — {d.permitValidTo}
          </Descriptions.Item>
          <Descriptions.Item label={t('field.permitState')}>
            <PermitTag driver={d} />
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('ui.dispatch.driverTrips')}>
        <TicketTable fixed={{ driverId: d.id }} />
      </Card>
    </Space>
  );
}
