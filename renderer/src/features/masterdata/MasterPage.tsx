// One list page for every master-data area: server-side search, sort and paging; add, edit,
// retire (with confirmation) and the record's history.
import { Button, Card, Input, Popconfirm, Space, Switch, Table, Tag, Typography, App } from 'antd';
import type { SortOrder } from 'antd/es/table/interface';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Method } from '../../../../shared/api/index.ts';
import type { MasterArea } from '../../../../shared/api/masterdata.ts';
import { canCall } from '../../lib/access.ts';
import { call } from '../../lib/api.ts';
import { showApiError } from '../../lib/forms.ts';
import { sortOf } from '../../lib/tables.ts';
import { useSession } from '../../lib/session.tsx';
import { AREA_UI } from './areas.tsx';
import { HistoryDrawer } from './HistoryDrawer.tsx';
import { MasterForm } from './MasterForm.tsx';

type Row = { id: number; retiredAt: string | null } & Record<string, unknown>;

export function MasterPage({ area }: { area: MasterArea }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useSession();
  const ui = AREA_UI[area];
  const canEdit = canCall(user.roles, `${area}.create`);
  const canHistory = canCall(user.roles, 'audit.history');
  const [query, setQuery] = useState({ search: '', page: 1, pageSize: 20, includeRetired: false, sortField: undefined as string | undefined, sortOrder: undefined as 'asc' | 'desc' | undefined });
  const [typed, setTyped] = useState('');
  const [data, setData] = useState<{ items: Row[]; total: number }>({ items: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [editing, setEditing] = useState<Row | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [historyOf, setHistoryOf] = useState<Row | null>(null);
  const [reason, setReason] = useState('');

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const { search, ...rest } = query;
      const r = await call(`${area}.list` as Method, { ...rest, ...(search ? { search } : {}) } as never);
      setData(r as { items: Row[]; total: number });
    } catch (err) {
      void message.error(showApiError(null, err, t));
    } finally {
      setLoading(false);
    }
  }, [area, query, message, t]);

  useEffect(() => {
    void load();
  }, [load]);

  // Debounced search: the list follows the search box a moment after typing stops.
  useEffect(() => {
    const timer = setTimeout(() => setQuery((q) => (q.search === typed ? q : { ...q, search: typed, page: 1 })), 250);
    return () => clearTimeout(timer);
  }, [typed]);

  useEffect(() => {
    setTyped('');
    setQuery((q) => ({ ...q, search: '', page: 1, sortField: undefined, sortOrder: undefined }));
  }, [area]);

  const setRetired = async (row: Row, retired: boolean) => {
    try {
      await call(`${area}.${retired ? 'retire' : 'reactivate'}` as Method, { id: row.id, ...(reason.trim() ? { reason: reason.trim() } : {}) } as never);
      void message.success(t(retired ? 'ui.common.retiredDone' : 'ui.common.reactivatedDone', { name: ui.name(row) }));
      void load();
    } catch (err) {
      void message.error(showApiError(null, err, t));
    }
  };

  const actionsColumn = {
    key: 'actions',
    title: t('ui.common.actions'),
    width: 200,
    render: (_: unknown, row: Row) => (
      <Space size={0}>
        {canEdit && !row.retiredAt && (
          <Button type="link" size="small" onClick={() => (setEditing(row), setFormOpen(true))}>
            {t('ui.common.edit')}
          </Button>
        )}
        {canEdit && (
          // Retire or bring back: the same confirmation with an optional reason.
          <Popconfirm
            title={t(row.retiredAt ? 'ui.common.confirmReactivate' : 'ui.common.confirmRetire', { name: ui.name(row) })}
            description={<Input placeholder={t(row.retiredAt ? 'ui.common.reactivateReason' : 'ui.common.retireReason')} value={reason} onChange={(e) => setReason(e.target.value)} />}
            onOpenChange={() => setReason('')}
            onConfirm={() => setRetired(row, !row.retiredAt)}
            okText={t(row.retiredAt ? 'ui.common.reactivate' : 'ui.common.retire')}
            cancelText={t('ui.common.cancel')}
          >
            <Button type="link" size="small" danger={!row.retiredAt}>
              {t(row.retiredAt ? 'ui.common.reactivate' : 'ui.common.retire')}
            </Button>
          </Popconfirm>
        )}
        {canHistory && (
          <Button type="link" size="small" onClick={() => setHistoryOf(row)}>
            {t('ui.common.history')}
          </Button>
        )}
      </Space>
    ),
  };

  const columns = [
    ...ui.columns.map((c) => ({
      key: c.key,
      title: t(c.title),
      sorter: c.sortField !== undefined,
      sortOrder: (query.sortField === c.sortField && c.sortField ? (query.sortOrder === 'desc' ? 'descend' : 'ascend') : null) as SortOrder,
      render: (_: unknown, row: Row) => (
        <>
          {c === ui.columns[0] && (area === 'vehicles' || area === 'drivers') ? <Link to={`/${area}/${row.id}`}>{c.render(row as never, t)}</Link> : c.render(row as never, t)}
          {c === ui.columns[0] && row.retiredAt && <Tag style={{ marginLeft: 8 }}>{t('ui.common.retired')}</Tag>}
        </>
      ),
    })),
    // a role that can neither edit nor read history has no actions column at all
    ...(canEdit || canHistory ? [actionsColumn] : []),
  ];

  return (
    <Card
      title={t(`ui.layout.${area}`)}
      extra={
        <Space>
          <Input.Search allowClear placeholder={t('ui.common.search')} value={typed} onChange={(e) => setTyped(e.target.value)} style={{ width: 240 }} />
          <Space size={4}>
            <Switch size="small" aria-label={t('ui.common.showRetired')} checked={query.includeRetired} onChange={(v) => setQuery((q) => ({ ...q, includeRetired: v, page: 1 }))} />
            <Typography.Text>{t('ui.common.showRetired')}</Typography.Text>
          </Space>
          {canEdit && (
            <Button type="primary" onClick={() => (setEditing(null), setFormOpen(true))}>
              {t('ui.common.add')}
            </Button>
          )}
        </Space>
      }
    >
      <Table<Row>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={data.items}
        columns={columns}
        rowClassName={(r) => (r.retiredAt ? 'row-retired' : '')}
        pagination={{ current: query.page, pageSize: query.pageSize, total: data.total, showSizeChanger: true, showTotal: (total) => t('ui.common.total', { total }) }}
        onChange={(p, _f, sorter) =>
          setQuery((q) => ({ ...q, page: p.current ?? 1, pageSize: p.pageSize ?? 20, ...sortOf(sorter, (key) => ui.columns.find((c) => c.key === key)?.sortField) }))
        }
      />
      <MasterForm
        area={area}
        editing={editing}
        open={formOpen}
        onClose={(saved) => {
          setFormOpen(false);
          if (saved) void load();
        }}
      />
      <HistoryDrawer entity={area} record={historyOf} title={historyOf ? t('ui.master.historyTitle', { entity: t(`entity.${area}`), name: ui.name(historyOf) }) : ''} onClose={() => setHistoryOf(null)} />
    </Card>
  );
}
