// The repair orders, newest first (drivers: their own), paged in the backend, with a filter
// by status and vehicle, and the button for a new repair request.
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { z } from 'zod';
import type { repairSummary } from '../../../../shared/api/repairs.ts';
import { REPAIR_STATUSES, type RepairStatus } from '../../../../shared/domain/repairs.ts';
import { canCall } from '../../lib/access.ts';
import { useSession } from '../../lib/session.tsx';
import { useList } from '../../lib/useCall.tsx';
import { useChoices, vehicleOptions } from '../dispatch/parts.tsx';
import { CreateRepairModal } from './CreateRepairModal.tsx';
import { MarkerTags, RepairStatusTag, searchFilter, yuan } from './parts.tsx';

type Summary = z.infer<typeof repairSummary>;
interface Query {
  statuses?: RepairStatus[];
  vehicleId?: number;
  page: number;
  pageSize: number;
}

export function RepairListPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useSession();
  const navigate = useNavigate();
  const { vehicles } = useChoices();
  const [query, setQuery] = useState<Query>({ page: 1, pageSize: 20 });
  const [creating, setCreating] = useState(false);

  const { data, setData, loading, reload: load } = useList<'repairs.list', Summary>('repairs.list', query);

  const set = (patch: Partial<Query>) => setQuery((q) => ({ ...q, ...patch, page: 1 }));
  const c = (k: string) => t(`ui.repairs.col.${k}`);
  const columns = [
    { key: 'number', title: c('number'), width: 150, render: (r: Summary) => <Link to={`/repairs/${r.id}`}>{r.number}</Link> },
    { key: 'plate', title: c('plate'), width: 100, render: (r: Summary) => r.plate },
    { key: 'driver', title: c('driver'), width: 90, render: (r: Summary) => r.driverName },
    { key: 'shop', title: c('shop'), width: 160, ellipsis: true, render: (r: Summary) => r.shopName },
    { key: 'symptoms', title: c('symptoms'), ellipsis: true, render: (r: Summary) => r.symptoms },
    {
      key: 'status',
      title: c('status'),
      width: 200,
      render: (r: Summary) => (
        <>
          <RepairStatusTag status={r.status} />
          <MarkerTags order={r} />
        </>
      ),
    },
    { key: 'total', title: c('total'), width: 110, align: 'right' as const, render: (r: Summary) => (r.totalFen > 0 ? yuan(r.totalFen) : '') },
    { key: 'created', title: c('created'), width: 150, render: (r: Summary) => r.createdAt },
  ];

  return (
    <Card
      title={t('ui.repairs.list')}
      extra={
        canCall(user.roles, 'repairs.create') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('ui.repairs.create')}
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          mode="multiple"
          allowClear
          placeholder={t('ui.repairs.filterStatus')}
          style={{ minWidth: 220 }}
          options={REPAIR_STATUSES.map((s) => ({ value: s, label: t(`repairStatus.${s}`) }))}
          value={query.statuses ?? []}
          onChange={(v: RepairStatus[]) => set({ statuses: v.length ? v : undefined })}
          data-testid="filter-status"
          aria-label={t('ui.repairs.filterStatus')}
        />
        <Select
          allowClear
          showSearch={{ filterOption: searchFilter }}
          placeholder={t('ui.repairs.filterVehicle')}
          style={{ width: 240 }}
          options={vehicleOptions(vehicles, t)}
          value={query.vehicleId}
          onChange={(v?: number) => set({ vehicleId: v })}
          aria-label={t('ui.repairs.filterVehicle')}
        />
        <Button onClick={() => void load()}>{t('ui.common.refresh')}</Button>
      </Space>
      <Table<Summary>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={data.items}
        columns={columns}
        scroll={{ x: 1000 }}
        onRow={(r) => ({ onDoubleClick: () => navigate(`/repairs/${r.id}`) })}
        pagination={{ current: query.page, pageSize: query.pageSize, total: data.total, showSizeChanger: true, showTotal: (total) => t('ui.common.total', { total }) }}
        onChange={(p) => setQuery((q) => ({ ...q, page: p.current ?? 1, pageSize: p.pageSize ?? 20 }))}
      />
      <CreateRepairModal
        open={creating}
        onClose={() => setCreating(false)}
        onDone={(o) => {
          setCreating(false);
          void message.success(t('ui.repairs.done.create', { number: o.number }));
          navigate(`/repairs/${o.id}`);
        }}
      />
    </Card>
  );
}
