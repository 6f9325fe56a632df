// Fill-ups (加油记录), newest first (drivers: their own), paged in the backend, by month and
// vehicle, and recording one by hand.
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Fillup } from '../../../../shared/api/fuel.ts';
import { canCall } from '../../lib/access.ts';
import { useSession } from '../../lib/session.tsx';
import { useList } from '../../lib/useCall.tsx';
import { useChoices, vehicleOptions } from '../dispatch/parts.tsx';
import { FillupModal } from './FillupModal.tsx';
import { FillupTable } from './parts.tsx';

interface Query {
  month?: string;
  vehicleId?: number;
  page: number;
  pageSize: number;
}

const searchFilter = (input: string, o?: { search?: string }) => (o?.search ?? '').toLowerCase().includes(input.toLowerCase());

export function FillupsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useSession();
  const { vehicles } = useChoices();
  const [month, setMonth] = useState<Dayjs | null>(null);
  const [query, setQuery] = useState<Query>({ page: 1, pageSize: 20 });
  const [creating, setCreating] = useState(false);
  const { data, loading, reload } = useList<'fuel.list', Fillup>('fuel.list', query);
  const set = (patch: Partial<Query>) => setQuery((q) => ({ ...q, ...patch, page: 1 }));

  return (
    <Card
      title={t('ui.fuel.fillups')}
      extra={
        canCall(user.roles, 'fuel.create') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('ui.fuel.create')}
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <DatePicker
          picker="month"
          value={month}
          placeholder={t('ui.fuel.allMonths')}
          onChange={(m: Dayjs | null) => {
            setMonth(m);
            set({ month: m ? m.format('YYYY-MM') : undefined });
          }}
          aria-label={t('ui.fuel.month')}
          data-testid="fillups-month"
        />
        <Select
          allowClear
          showSearch={{ filterOption: searchFilter }}
          placeholder={t('ui.fuel.filterVehicle')}
          style={{ width: 260 }}
          options={vehicleOptions(vehicles, t)}
          value={query.vehicleId}
          onChange={(v?: number) => set({ vehicleId: v })}
          aria-label={t('ui.fuel.filterVehicle')}
          data-testid="fillups-vehicle"
        />
        <Button onClick={() => void reload()}>{t('ui.common.refresh')}</Button>
      </Space>
      <FillupTable
        fills={data.items}
        showPlate
        loading={loading}
        pagination={{ current: query.page, pageSize: query.pageSize, total: data.total, showSizeChanger: true, showTotal: (total) => t('ui.common.total', { total }), onChange: (page, pageSize) => setQuery((q) => ({ ...q, page, pageSize })) }}
      />
      {creating && (
        <FillupModal
          onClose={() => setCreating(false)}
          onDone={(f) => {
            setCreating(false);
            void message.success(t('ui.fuel.created', { plate: f.plate, invoice: f.invoiceNo }));
            void reload();
          }}
        />
      )}
    </Card>
  );
}
