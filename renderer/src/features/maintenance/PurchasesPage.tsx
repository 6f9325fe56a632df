// Self-maintenance purchases (自行保养采购): the paged list, filtered by status, with the
// request dialog, each row's next step for the person, and the detail drawer.
import { Alert, App, Button, Card, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Purchase } from '../../../../shared/api/maintenance.ts';
import { PURCHASE_STATUSES, type PurchaseStatus } from '../../../../shared/domain/maintenance.ts';
import { canCall } from '../../lib/access.ts';
import { useSession } from '../../lib/session.tsx';
import { useList } from '../../lib/useCall.tsx';
import { PurchaseActions, itemsSummary } from './PurchaseActions.tsx';
import { PurchaseDrawer } from './PurchaseDrawer.tsx';
import { PurchaseRequestModal } from './PurchaseRequestModal.tsx';
import { BearsText, PurchaseStatusTag, yuan } from './parts.tsx';

export function PurchasesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useSession();
  const m = (k: string, o?: Record<string, unknown>) => t(`ui.maintenance.purchase.${k}`, o);
  const [query, setQuery] = useState<{ statuses?: PurchaseStatus[]; page: number; pageSize: number }>({ page: 1, pageSize: 20 });
  const [requesting, setRequesting] = useState(false);
  const [shown, setShown] = useState<Purchase | null>(null);

  const { data, setData, loading, reload: load } = useList<'purchases.list', Purchase>('purchases.list', query);

  /** A step done: the row (and the drawer, when open) show the answer at once, then the list reloads. */
  const changed = (p: Purchase) => {
    setData((d) => ({ ...d, items: d.items.map((x) => (x.id === p.id ? p : x)) }));
    setShown((s) => (s && s.id === p.id ? p : s));
    void load();
  };

  const nowrap = () => ({ style: { whiteSpace: 'nowrap' as const } });
  const columns = [
    {
      key: 'number',
      onCell: nowrap,
      title: m('col.number'),
      render: (_: unknown, r: Purchase) => (
        <Button type="link" style={{ padding: 0 }} onClick={() => setShown(r)}>
          {r.number}
        </Button>
      ),
    },
    { key: 'createdAt', title: m('col.createdAt'), dataIndex: 'createdAt', onCell: nowrap },
    { key: 'plate', title: m('col.plate'), dataIndex: 'plate', onCell: nowrap },
    { key: 'driver', title: m('col.driver'), dataIndex: 'driverName', onCell: nowrap },
    { key: 'items', title: m('col.items'), render: (_: unknown, r: Purchase) => itemsSummary(r, t) },
    { key: 'estimated', title: m('col.estimated'), align: 'right' as const, onCell: nowrap, render: (_: unknown, r: Purchase) => yuan(r.estimatedFen) },
    {
      key: 'status',
      title: m('col.status'),
      render: (_: unknown, r: Purchase) => (
        <Space orientation="vertical" size={2}>
          <PurchaseStatusTag status={r.status} />
          {r.status === 'rejected' && r.rejectedReason && <Typography.Text type="secondary">{r.rejectedReason}</Typography.Text>}
        </Space>
      ),
    },
    {
      key: 'actual',
      title: m('col.actual'),
      render: (_: unknown, r: Purchase) =>
        r.actualFen === null ? null : (
          <Space orientation="vertical" size={0}>
            <span>
              {yuan(r.actualFen)} <Typography.Text type="secondary">· {r.receiptNo}</Typography.Text>
            </span>
            {r.bearsReason && <BearsText reason={r.bearsReason} />}
          </Space>
        ),
    },
    { key: 'actions', title: m('col.actions'), render: (_: unknown, r: Purchase) => <PurchaseActions purchase={r} onChanged={changed} size="small" /> },
  ];

  return (
    <Card
      title={m('title')}
      extra={
        canCall(user.roles, 'purchases.create') && (
          <Button type="primary" onClick={() => setRequesting(true)}>
            {m('request')}
          </Button>
        )
      }
    >
      <Alert type="info" showIcon title={m('intro')} style={{ marginBottom: 16 }} />
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          mode="multiple"
          allowClear
          placeholder={m('filterStatus')}
          style={{ minWidth: 220 }}
          options={PURCHASE_STATUSES.map((s) => ({ value: s, label: m(`status.${s}`) }))}
          value={query.statuses ?? []}
          onChange={(v: PurchaseStatus[]) => setQuery((q) => ({ ...q, statuses: v.length ? v : undefined, page: 1 }))}
          aria-label={m('filterStatus')}
          data-testid="filter-status"
        />
        <Button onClick={() => void load()}>{t('ui.common.refresh')}</Button>
      </Space>
      <Table<Purchase>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={data.items}
        columns={columns}
        locale={{ emptyText: m('empty') }}
        pagination={{ current: query.page, pageSize: query.pageSize, total: data.total, showSizeChanger: true, showTotal: (total) => t('ui.common.total', { total }) }}
        onChange={(p) => setQuery((q) => ({ ...q, page: p.current ?? 1, pageSize: p.pageSize ?? 20 }))}
      />
      <PurchaseRequestModal
        open={requesting}
        onClose={() => setRequesting(false)}
        onDone={(p) => {
          setRequesting(false);
          void message.success(m('requested', { number: p.number }));
          setQuery((q) => ({ ...q, page: 1 }));
          void load();
        }}
      />
      <PurchaseDrawer purchase={shown} onClose={() => setShown(null)} onChanged={changed} />
    </Card>
  );
}
