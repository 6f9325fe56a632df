// The searchable, sortable, paged list of tickets over the years; the vehicle and driver
// pages use it with their own filter fixed. Paging and sorting happen in the backend.
import { App, Button, DatePicker, Input, Select, Space, Table, Typography } from 'antd';
import type { SortOrder } from 'antd/es/table/interface';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DISPATCH_SORTS, FLAG_FILTERS, type DispatchListInput, type TicketSummary } from '../../../../shared/api/dispatch.ts';
import { FLAG_KINDS, PURPOSE_KINDS, TICKET_STATUSES } from '../../../../shared/domain/dispatch.ts';
import { call } from '../../lib/api.ts';
import { showApiError } from '../../lib/forms.ts';
import { sortOf } from '../../lib/tables.ts';
import { driverOptions, FlagTags, StatusTag, useChoices, vehicleOptions } from './parts.tsx';

type Sort = (typeof DISPATCH_SORTS)[number];
type Fixed = Pick<DispatchListInput, 'vehicleId' | 'driverId'>;

export function TicketTable({ fixed = {}, initial = {}, toolbar }: { fixed?: Fixed; initial?: Partial<DispatchListInput>; toolbar?: React.ReactNode }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { vehicles, drivers } = useChoices();
  const [query, setQuery] = useState<DispatchListInput & { page: number; pageSize: number }>({ page: 1, pageSize: 20, ...initial });
  const [typed, setTyped] = useState('');
  const [data, setData] = useState<{ items: TicketSummary[]; total: number }>({ items: [], total: 0 });
  const [loading, setLoading] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(await call('dispatch.list', { ...query, ...fixed }));
    } catch (err) {
      void message.error(showApiError(null, err, t));
    } finally {
      setLoading(false);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query, fixed.vehicleId, fixed.driverId, message, t]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    const timer = setTimeout(() => setQuery((q) => ((q.search ?? '') === typed ? q : { ...q, search: typed || undefined, page: 1 })), 250);
    return () => clearTimeout(timer);
  }, [typed]);

  const set = (patch: Partial<DispatchListInput>) => setQuery((q) => ({ ...q, ...patch, page: 1 }));
  const sortOrder = (field: Sort): SortOrder => (query.sortField === field ? (query.sortOrder === 'desc' ? 'descend' : 'ascend') : field === 'start' && !query.sortField ? 'descend' : null);
  const filter = (input: string, o?: { search?: string }) => (o?.search ?? '').toLowerCase().includes(input.toLowerCase());

  const columns = [
    { key: 'number', title: t('ui.dispatch.col.number'), sorter: true, sortOrder: sortOrder('number'), render: (r: TicketSummary) => <Link to={`/tickets/${r.id}`}>{r.number}</Link> },
    { key: 'start', title: t('ui.dispatch.col.start'), sorter: true, sortOrder: sortOrder('start'), render: (r: TicketSummary) => r.departedAt ?? r.plannedDeparture },
    ...(fixed.vehicleId ? [] : [{ key: 'plate', title: t('ui.dispatch.col.plate'), sorter: true, sortOrder: sortOrder('plate'), render: (r: TicketSummary) => r.plate }]),
    ...(fixed.driverId ? [] : [{ key: 'driver', title: t('ui.dispatch.col.driver'), sorter: true, sortOrder: sortOrder('driver'), render: (r: TicketSummary) => r.driverName }]),
    {
      key: 'purpose',
      title: t('ui.dispatch.col.purpose'),
      render: (r: TicketSummary) => (
        <>
          <Typography.Text type="secondary">{t(`purposeKind.${r.purposeKind}`)}</Typography.Text> {r.destination}
        </>
      ),
    },
    { key: 'status', title: t('ui.dispatch.col.status'), sorter: true, sortOrder: sortOrder('status'), render: (r: TicketSummary) => <StatusTag status={r.status} /> },
    { key: 'distance', title: t('ui.dispatch.col.distance'), sorter: true, sortOrder: sortOrder('distance'), align: 'right' as const, render: (r: TicketSummary) => r.distanceKm ?? '' },
    { key: 'flags', title: t('ui.dispatch.col.flags'), render: (r: TicketSummary) => <FlagTags ticket={r} /> },
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search allowClear placeholder={t('ui.dispatch.filters.search')} value={typed} onChange={(e) => setTyped(e.target.value)} style={{ width: 260 }} aria-label={t('ui.common.search')} />
        {!fixed.vehicleId && (
          <Select allowClear showSearch={{ filterOption: filter }} placeholder={t('ui.dispatch.filters.vehicle')} style={{ width: 220 }} options={vehicleOptions(vehicles, t)} value={query.vehicleId} onChange={(v) => set({ vehicleId: v })} />
        )}
        {!fixed.driverId && (
          <Select allowClear showSearch={{ filterOption: filter }} placeholder={t('ui.dispatch.filters.driver')} style={{ width: 180 }} options={driverOptions(drivers, t)} value={query.driverId} onChange={(v) => set({ driverId: v })} />
        )}
        <Select
          mode="multiple"
          allowClear
          placeholder={t('ui.dispatch.filters.status')}
          style={{ minWidth: 160 }}
          options={TICKET_STATUSES.map((s) => ({ value: s, label: t(`ticketStatus.${s}`) }))}
          value={query.statuses ?? []}
          onChange={(v) => set({ statuses: v.length ? v : undefined })}
          data-testid="filter-status"
        />
        <DatePicker.RangePicker
          placeholder={[t('field.from'), t('field.to')]}
          value={[query.from ? dayjs(query.from) : null, query.to ? dayjs(query.to) : null]}
          onChange={(v: [Dayjs | null, Dayjs | null] | null) => set({ from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD') })}
        />
        <Select allowClear placeholder={t('ui.dispatch.filters.purpose')} style={{ width: 120 }} options={PURPOSE_KINDS.map((k) => ({ value: k, label: t(`purposeKind.${k}`) }))} value={query.purposeKind} onChange={(v) => set({ purposeKind: v })} />
        <Select
          allowClear
          placeholder={t('ui.dispatch.filters.flag')}
          style={{ width: 170 }}
          options={FLAG_FILTERS.map((f) => ({ value: f, label: (FLAG_KINDS as readonly string[]).includes(f) ? t(`flagKind.${f}`) : t(`ui.dispatch.flagFilter.${f}`) }))}
          value={query.flag}
          onChange={(v) => set({ flag: v })}
          data-testid="filter-flag"
        />
        {toolbar}
        <Button onClick={() => void load()}>{t('ui.common.refresh')}</Button>
      </Space>
      <Table<TicketSummary>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={data.items}
        columns={columns}
        pagination={{ current: query.page, pageSize: query.pageSize, total: data.total, showSizeChanger: true, showTotal: (total) => t('ui.common.total', { total }) }}
        onChange={(p, _f, sorter) => setQuery((q) => ({ ...q, page: p.current ?? 1, pageSize: p.pageSize ?? 20, ...sortOf(sorter, (key) => key as Sort) }))}
      />
    </>
  );
}
