// Routine maintenance (例行保养): how many vehicles are overdue, due soon or fine, the list
// per vehicle with its next due km, recording a service, and a vehicle's service history.
import { ActionModal } from '../../lib/ActionModal.tsx';
import { Alert, App, Button, Card, DatePicker, Drawer, Form, Input, InputNumber, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { z } from 'zod';
import type { routineDueOutput, routineDueRow, routineServiceEntity } from '../../../../shared/api/maintenance.ts';
import { ROUTINE_STATES, type RoutineState } from '../../../../shared/domain/maintenance.ts';
import { canCall } from '../../lib/access.ts';
import { call } from '../../lib/api.ts';
import { intOrRaw, showApiError } from '../../lib/forms.ts';
import { useSession } from '../../lib/session.tsx';
import {DATE_FORMAT, RoutineStateTag, searchFilter, useShops} from './parts.tsx';

type Row = z.infer<typeof routineDueRow>;
type Due = z.infer<typeof routineDueOutput>;
type Service = z.infer<typeof routineServiceEntity>;
type Filter = RoutineState | 'all';

const COUNT_COLORS: Record<RoutineState, string> = { overdue: 'red', due: 'orange', ok: 'green' };

export function RoutinePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useSession();
  const r = (k: string, o?: Record<string, unknown>) => t(`ui.maintenance.routineDue.${k}`, o);
  const [filter, setFilter] = useState<Filter>('all');
  const [paging, setPaging] = useState({ page: 1, pageSize: 50 });
  const [data, setData] = useState<Due | null>(null);
  const [loading, setLoading] = useState(false);
  const [recording, setRecording] = useState<Row | null>(null);
  const [history, setHistory] = useState<Row | null>(null);
  const mayRecord = canCall(user.roles, 'routine.record');

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(await call('routine.due', { ...(filter === 'all' ? {} : { states: [filter] }), ...paging }));
    } catch (err) {
      void message.error(showApiError(null, err, t));
    } finally {
      setLoading(false);
    }
  }, [filter, paging, message, t]);
  useEffect(() => {
    void load();
  }, [load]);

  const pick = (f: Filter) => {
    setFilter(f);
    setPaging((p) => ({ ...p, page: 1 }));
  };
  const counts = data?.counts ?? { overdue: 0, due: 0, ok: 0 };
  const order: RoutineState[] = ['overdue', 'due', 'ok'];

  const columns = [
    { key: 'plate', title: r('col.plate'), render: (_: unknown, v: Row) => <Link to={`/vehicles/${v.vehicleId}`}>{v.plate}</Link> },
    { key: 'model', title: r('col.model'), dataIndex: 'modelName' },
    { key: 'interval', title: r('col.interval'), dataIndex: 'intervalKm', align: 'right' as const },
    { key: 'odometer', title: r('col.odometer'), dataIndex: 'odometerKm', align: 'right' as const },
    {
      key: 'last',
      title: r('col.last'),
      render: (_: unknown, v: Row) =>
        v.lastServiceOn === null ? <Typography.Text type="secondary">{r('never')}</Typography.Text> : r('lastAt', { date: v.lastServiceOn, km: v.lastServiceKm ?? '' }),
    },
    { key: 'nextDue', title: r('col.nextDue'), dataIndex: 'nextDueKm', align: 'right' as const },
    {
      key: 'remaining',
      title: r('col.remaining'),
      align: 'right' as const,
      render: (_: unknown, v: Row) =>
        v.remainingKm < 0 ? (
          <Typography.Text type="danger" strong>
            {r('over', { km: -v.remainingKm })}
          </Typography.Text>
        ) : (
          <Typography.Text type={v.state === 'due' ? 'warning' : undefined} strong={v.state === 'due'}>
            {v.remainingKm}
          </Typography.Text>
        ),
    },
    { key: 'state', title: r('col.state'), render: (_: unknown, v: Row) => <RoutineStateTag state={v.state} /> },
    {
      key: 'actions',
      title: r('col.actions'),
      render: (_: unknown, v: Row) => (
        <Space size={4}>
          {mayRecord && (
            <Button size="small" type={v.state === 'ok' ? 'default' : 'primary'} onClick={() => setRecording(v)}>
              {r('record')}
            </Button>
          )}
          <Button size="small" onClick={() => setHistory(v)}>
            {r('history')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <Card title={t('ui.maintenance.routine')} extra={<Button onClick={() => void load()}>{t('ui.common.refresh')}</Button>}>
      <Space wrap size="middle" style={{ marginBottom: 16 }} data-testid="routine-counts">
        {order.map((s) => (
          <Tag key={s} color={COUNT_COLORS[s]} style={{ fontSize: 14, padding: '4px 10px', cursor: 'pointer' }} onClick={() => pick(s)} data-testid={`count-${s}`}>
            {r(`counts.${s}`, { n: counts[s] })}
          </Tag>
        ))}
      </Space>
      {data && <Alert type="info" showIcon title={r('intro', { km: data.reminderKm })} style={{ marginBottom: 16 }} />}
      <Segmented<Filter>
        style={{ marginBottom: 16 }}
        value={filter}
        onChange={pick}
        options={[{ value: 'all', label: r('all') }, ...ROUTINE_STATES.slice().sort((a, b) => order.indexOf(a) - order.indexOf(b)).map((s) => ({ value: s, label: r(`state.${s}`) }))]}
        data-testid="routine-filter"
      />
      <Table<Row>
        rowKey="vehicleId"
        size="middle"
        loading={loading}
        dataSource={data?.items ?? []}
        columns={columns}
        rowClassName={(v) => `routine-row-${v.state}`}
        pagination={{ current: paging.page, pageSize: paging.pageSize, total: data?.total ?? 0, showSizeChanger: true, showTotal: (total) => t('ui.common.total', { total }) }}
        onChange={(p) => setPaging({ page: p.current ?? 1, pageSize: p.pageSize ?? 50 })}
      />
      {recording && (
        <RecordModal
          row={recording}
          onClose={() => setRecording(null)}
          onDone={() => {
            void message.success(r('recorded', { plate: recording.plate }));
            setRecording(null);
            void load();
          }}
        />
      )}
      <HistoryDrawer row={history} onClose={() => setHistory(null)} />
    </Card>
  );
}

function RecordModal({ row, onClose, onDone }: { row: Row; onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const r = (k: string, o?: Record<string, unknown>) => t(`ui.maintenance.routineDue.${k}`, o);
  const shops = useShops();
  return (
    <ActionModal
      open
      title={r('recordTitle', { plate: row.plate })}
      okText={r('record')}
      method="routine.record"
      initialValues={{ doneOn: dayjs(), odometerKm: row.odometerKm }}
      build={(v) => ({
        vehicleId: row.vehicleId,
        doneOn: (v.doneOn as Dayjs | undefined)?.format(DATE_FORMAT),
        odometerKm: intOrRaw(v.odometerKm),
        shopId: v.shopId ?? undefined,
        note: v.note,
      })}
      onClose={onClose}
      onDone={onDone}
    >
      <div style={{ display: 'flex', gap: 16 }}>
        <Form.Item name="doneOn" label={r('field.doneOn')} required style={{ flex: 1 }}>
          <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="odometerKm" label={r('field.odometerKm')} required style={{ flex: 1 }} extra={r('odometerHint', { km: row.odometerKm })}>
          <InputNumber style={{ width: '100%' }} min={0} precision={0} autoFocus data-testid="routine-odometer" />
        </Form.Item>
      </div>
      <Form.Item name="shopId" label={r('field.shopId')}>
        <Select allowClear showSearch={{ filterOption: searchFilter }} options={shops.map((s) => ({ value: s.id, label: s.name, search: s.name }))} />
      </Form.Item>
      <Form.Item name="note" label={r('field.note')}>
        <Input maxLength={200} />
      </Form.Item>
    </ActionModal>
  );
}

function HistoryDrawer({ row, onClose }: { row: Row | null; onClose(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const r = (k: string, o?: Record<string, unknown>) => t(`ui.maintenance.routineDue.${k}`, o);
  const [items, setItems] = useState<Service[] | null>(null);
  useEffect(() => {
    setItems(null);
    if (!row) return;
    // a late answer for a vehicle no longer shown is dropped
    let live = true;
    call('routine.history', { vehicleId: row.vehicleId })
      .then((h) => live && setItems(h.items))
      .catch((err) => {
        if (!live) return;
        setItems([]);
        void message.error(showApiError(null, err, t));
      });
    return () => {
      live = false;
    };
  }, [row, message, t]);
  return (
    <Drawer open={row !== null} onClose={onClose} size={760} title={row ? r('historyTitle', { plate: row.plate }) : ''} data-testid="routine-history">
      <Table<Service>
        rowKey="id"
        size="small"
        loading={items === null}
        dataSource={items ?? []}
        pagination={false}
        locale={{ emptyText: r('historyEmpty') }}
        columns={[
          { key: 'doneOn', title: r('hcol.doneOn'), dataIndex: 'doneOn', onCell: () => ({ style: { whiteSpace: 'nowrap' } }) },
          { key: 'odometer', title: r('hcol.odometer'), dataIndex: 'odometerKm', align: 'right' },
          { key: 'shop', title: r('hcol.shop'), render: (_, s) => s.shopName ?? '', onCell: () => ({ style: { whiteSpace: 'nowrap' } }) },
          { key: 'note', title: r('hcol.note'), render: (_, s) => s.note ?? '' },
          {
            key: 'recorded',
            title: r('hcol.recorded'),
            render: (_, s) => (
              <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
                {s.recordedByName}
                <br />
                {s.recordedAt}
              </Typography.Text>
            ),
          },
        ]}
      />
    </Drawer>
  );
}
