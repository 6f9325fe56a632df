// Fill-ups (加油记录), newest first (drivers: their own), paged in the backend, by month and
// vehicle, and recording one by hand.
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { REIMBURSE_STATES, type Fillup } from '../../../../shared/api/fuel.ts';
import { showApiError } from '../../lib/forms.ts';
import { call } from '../../lib/api.ts';

type ReimburseState = (typeof REIMBURSE_STATES)[number];
import { canCall } from '../../lib/access.ts';
import { useSession } from '../../lib/session.tsx';
import { useList } from '../../lib/useCall.tsx';
import { useChoices, vehicleOptions } from '../dispatch/parts.tsx';
import { FillupModal } from './FillupModal.tsx';
import { FillupTable } from './parts.tsx';

interface Query {
  month?: string;
  vehicleId?: number;
  state?: ReimburseState;
  page: number;
  pageSize: number;
}

const searchFilter = (input: string, o?: { search?: string }) => (o?.search ?? '').toLowerCase().includes(input.toLowerCase());

export function FillupsPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const { user } = useSession();
  const { vehicles } = useChoices();
  const [month, setMonth] = useState<Dayjs | null>(null);
  const [query, setQuery] = useState<Query>({ page: 1, pageSize: 20 });
  const [creating, setCreating] = useState(false);
  const { data, loading, reload } = useList<'fuel.list', Fillup>('fuel.list', query);
  const set = (patch: Partial<Query>) => setQuery((q) => ({ ...q, ...patch, page: 1 }));
  // The reimbursement step this person takes on many invoices at once, if any.
  const step = canCall(user.roles, 'fuel.register') ? ('register' as const) : canCall(user.roles, 'fuel.approve') ? ('approve' as const) : null;
  const [selected, setSelected] = useState<number[]>([]);
  const takes = (f: Fillup) => (step === 'register' ? f.state === 'entered' : f.state === 'registered');
  const runStep = () => {
    if (!step || selected.length === 0) return;
    modal.confirm({
      title: t('ui.common.confirmTitle'),
      content: t(`ui.fuel.${step}Confirm`, { n: selected.length }),
      okText: t(`ui.fuel.${step}`),
      cancelText: t('ui.common.cancel'),
      onOk: async () => {
        try {
          const r = await call(step === 'register' ? 'fuel.register' : 'fuel.approve', { ids: selected });
          void message.success(t(step === 'register' ? 'ui.fuel.registered' : 'ui.fuel.approved', { n: r.count }));
          setSelected([]);
          void reload();
        } catch (err) {
          void message.error(showApiError(null, err, t));
        }
      },
    });
  };

  return (
    <Card
      title={t('ui.fuel.fillups')}
      extra={
        <Space>
          {canCall(user.roles, 'fuel.importStart') && (
            <Link to="/fuel-import">
              <Button icon={<UploadOutlined />}>{t('ui.fuel.import.menu')}</Button>
            </Link>
          )}
          {canCall(user.roles, 'fuel.create') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('ui.fuel.create')}
            </Button>
          )}
        </Space>
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
        <Select
          allowClear
          placeholder={t('ui.fuel.stateFilter')}
          style={{ width: 180 }}
          options={REIMBURSE_STATES.map((s) => ({ value: s, label: t(`ui.fuel.state.${s}`) }))}
          value={query.state}
          onChange={(v?: ReimburseState) => set({ state: v })}
          aria-label={t('ui.fuel.stateFilter')}
          data-testid="fillups-state"
        />
        <Button onClick={() => void reload()}>{t('ui.common.refresh')}</Button>
        {step && (
          <Button type="primary" disabled={selected.length === 0} onClick={runStep} data-testid="fillups-step">
            {t(`ui.fuel.${step}`)}
            {selected.length > 0 && ` · ${t('ui.fuel.selected', { n: selected.length })}`}
          </Button>
        )}
      </Space>
      <FillupTable
        fills={data.items}
        showPlate
        loading={loading}
        rowSelection={step ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]), getCheckboxProps: (f) => ({ disabled: !takes(f) }) } : undefined}
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
