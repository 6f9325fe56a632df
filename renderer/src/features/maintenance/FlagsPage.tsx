// Dismissal flags (辞退标记): drivers flagged (an engine seized from neglect, later violations)
// and the director's decision, taken once, with an explanation and a confirmation.
import { ActionModal } from '../../lib/ActionModal.tsx';
import { Alert, App, Button, Card, Form, Input, Radio, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { z } from 'zod';
import type { personnelFlagEntity } from '../../../../shared/api/maintenance.ts';
import { canCall } from '../../lib/access.ts';
import { call } from '../../lib/api.ts';
import { showApiError } from '../../lib/forms.ts';
import { useSession } from '../../lib/session.tsx';


type Flag = z.infer<typeof personnelFlagEntity>;

/** Where the record that raised a flag is shown. */
const SOURCE_PAGES: Record<string, (id: number) => string> = {
  repair: (id) => `/repairs/${id}`,
  accident: (id) => `/accidents/${id}`,
  violation: (id) => `/violations?id=${id}`,
};

export function FlagsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useSession();
  const d = (k: string, o?: Record<string, unknown>) => t(`ui.maintenance.dismissal.${k}`, o);
  const [open, setOpen] = useState(true);
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [data, setData] = useState<{ items: Flag[]; total: number }>({ items: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [deciding, setDeciding] = useState<Flag | null>(null);
  const mayDecide = canCall(user.roles, 'personnel.decide');

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(await call('personnel.flags', { ...(open ? { open: true } : {}), ...paging }));
    } catch (err) {
      void message.error(showApiError(null, err, t));
    } finally {
      setLoading(false);
    }
  }, [open, paging, message, t]);
  useEffect(() => {
    void load();
  }, [load]);

  const source = (f: Flag) => {
    const kind = t(`ui.maintenance.dismissal.sourceType.${f.sourceType}`, { defaultValue: f.sourceType });
    const to = SOURCE_PAGES[f.sourceType]?.(f.sourceId);
    return to ? (
      <>
        {kind} <Link to={to}>{f.sourceNumber}</Link>
      </>
    ) : (
      `${kind} ${f.sourceNumber}`
    );
  };

  const nowrap = () => ({ style: { whiteSpace: 'nowrap' as const } });
  const columns = [
    { key: 'driver', title: d('col.driver'), onCell: nowrap, onHeaderCell: nowrap, render: (_: unknown, f: Flag) => <Link to={`/drivers/${f.driverId}`}>{f.driverName}</Link> },
    {
      key: 'reason',
      title: d('col.reason'),
      render: (_: unknown, f: Flag) => (
        <>
          {f.cause && <Tag color="red">{t(`seizureCause.${f.cause}`)}</Tag>}
          {f.reason}
        </>
      ),
    },
    { key: 'source', title: d('col.source'), onCell: nowrap, render: (_: unknown, f: Flag) => source(f) },
    {
      key: 'raised',
      title: d('col.raised'),
      onCell: nowrap,
      render: (_: unknown, f: Flag) => (
        <>
          {f.raisedByName}
          <br />
          <Typography.Text type="secondary">{f.raisedAt}</Typography.Text>
        </>
      ),
    },
    {
      key: 'decision',
      title: d('col.decision'),
      render: (_: unknown, f: Flag) =>
        f.decision === null ? (
          <Tag color="gold">{d('pending')}</Tag>
        ) : (
          <Space orientation="vertical" size={0}>
            <span>
              <Tag color={f.decision === 'dismissed' ? 'red' : 'green'} data-testid="flag-decision">
                {d(`decision.${f.decision}`)}
              </Tag>
              {f.decisionNote}
            </span>
            <Typography.Text type="secondary">{d('decidedBy', { name: f.decidedByName ?? '', at: f.decidedAt ?? '' })}</Typography.Text>
          </Space>
        ),
    },
    ...(mayDecide
      ? [
          {
            key: 'actions',
            title: d('col.actions'),
            render: (_: unknown, f: Flag) =>
              f.decision === null && (
                <Button size="small" type="primary" onClick={() => setDeciding(f)}>
                  {d('decide')}
                </Button>
              ),
          },
        ]
      : []),
  ];

  return (
    <Card title={t('ui.maintenance.flags')} extra={<Button onClick={() => void load()}>{t('ui.common.refresh')}</Button>}>
      <Alert type="info" showIcon title={d('intro')} style={{ marginBottom: 16 }} />
      <Segmented<'open' | 'all'>
        style={{ marginBottom: 16 }}
        value={open ? 'open' : 'all'}
        onChange={(v) => {
          setOpen(v === 'open');
          setPaging((p) => ({ ...p, page: 1 }));
        }}
        options={[
          { value: 'open', label: d('open') },
          { value: 'all', label: d('all') },
        ]}
        data-testid="flags-filter"
      />
      <Table<Flag>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={data.items}
        columns={columns}
        locale={open ? { emptyText: d('empty') } : undefined}
        pagination={{ current: paging.page, pageSize: paging.pageSize, total: data.total, showSizeChanger: true, showTotal: (total) => t('ui.common.total', { total }) }}
        onChange={(p) => setPaging({ page: p.current ?? 1, pageSize: p.pageSize ?? 20 })}
      />
      {deciding && (
        <ActionModal
          open
          title={d('decideTitle', { name: deciding.driverName })}
          okText={d('decide')}
          method="personnel.decide"
          build={(v) => ({ id: deciding.id, decision: v.decision, note: v.note ?? '' })}
          confirm={(input) => ({ content: d(`confirm.${input.decision}`, { name: deciding.driverName }), danger: input.decision === 'dismissed', okText: d(`decision.${input.decision}`) })}
          onClose={() => setDeciding(null)}
          onDone={(f) => {
            void message.success(d(`done.${f.decision ?? 'kept'}`, { name: f.driverName }));
            setDeciding(null);
            void load();
          }}
        >
          <p style={{ marginTop: 0 }}>
            {deciding.reason} · {source(deciding)}
          </p>
          <Form.Item name="decision" label={d('field.decision')} required>
            <Radio.Group
              options={[
                { value: 'dismissed', label: d('decision.dismissed') },
                { value: 'kept', label: d('decision.kept') },
              ]}
            />
          </Form.Item>
          <Form.Item name="note" label={d('field.note')} required>
            <Input.TextArea maxLength={200} autoSize={{ minRows: 2 }} />
          </Form.Item>
        </ActionModal>
      )}
    </Card>
  );
}
