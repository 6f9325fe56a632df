// Violations and fines (违规处罚): the list, newest first and paged in the backend (drivers see
// their own), with filters by month and kind and the voided ones on request; one violation in
// a drawer (also opened from a link, /violations?id=…); recording a new one; and the month's
// catalogue of fines, points and consequences. Every figure is the backend's.
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, DatePicker, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { Violation } from '../../../../shared/api/conduct.ts';
import { VIOLATION_KINDS, consequenceFor, type ViolationKind } from '../../../../shared/domain/violation.ts';
import { canCall } from '../../lib/access.ts';
import { useSession } from '../../lib/session.tsx';
import { notLoaded, useCall, useList } from '../../lib/useCall.tsx';
import { ConsequenceTag, MONTH, yuan } from './parts.tsx';
import { RecordViolationModal } from './RecordViolationModal.tsx';
import { ViolationDrawer } from './ViolationDrawer.tsx';

interface Query {
  month?: string;
  kind?: ViolationKind;
  includeVoided: boolean;
  page: number;
  pageSize: number;
}

export function ViolationsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const [query, setQuery] = useState<Query>({ includeVoided: false, page: 1, pageSize: 20 });
  const [recording, setRecording] = useState(false);
  const { data, loading, reload } = useList<'violations.list', Violation>('violations.list', query);
  const openId = params.get('id') ? Number(params.get('id')) : null;
  const open = (id: number | null) => setParams(id === null ? {} : { id: String(id) });
  const set = (patch: Partial<Query>) => setQuery((q) => ({ ...q, ...patch, page: 1 }));
  const c = (k: string) => t(`ui.conduct.col.${k}`);

  const columns = [
    {
      key: 'number',
      title: c('number'),
      width: 140,
      render: (v: Violation) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          <Typography.Link onClick={() => open(v.id)}>{v.number}</Typography.Link>
          {v.voidedAt && (
            <Tag style={{ display: 'block', width: 'fit-content', marginTop: 2 }} data-testid="row-voided">
              {t('ui.conduct.voided')}
            </Tag>
          )}
        </span>
      ),
    },
    { key: 'date', title: c('date'), width: 100, render: (v: Violation) => v.occurredOn },
    {
      key: 'person',
      title: c('person'),
      width: 130,
      render: (v: Violation) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {v.offenderName}
          <Tag style={{ marginLeft: 6 }}>{t(`offenderRole.${v.offenderRole}`)}</Tag>
        </span>
      ),
    },
    { key: 'kind', title: c('kind'), render: (v: Violation) => t(`violationKind.${v.kind}`) },
    {
      key: 'fine',
      title: c('fine'),
      width: 120,
      align: 'right' as const,
      render: (v: Violation) => (
        <span style={{ whiteSpace: 'nowrap' }} data-testid="row-fine">
          {v.doubled && (
            <Tag color="volcano" style={{ marginRight: 6 }}>
              {t('ui.conduct.doubled')}
            </Tag>
          )}
          <Typography.Text delete={v.voidedAt !== null} type={v.voidedAt ? 'secondary' : undefined}>
            {yuan(v.fineFen)}
          </Typography.Text>
        </span>
      ),
    },
    { key: 'points', title: c('points'), width: 60, align: 'right' as const, render: (v: Violation) => v.points },
    {
      key: 'repeat',
      title: c('repeat'),
      width: 130,
      render: (v: Violation) => (v.repeatOfId !== null ? <Typography.Link onClick={() => open(v.repeatOfId)}>{v.repeatOfNumber}</Typography.Link> : null),
    },
    { key: 'consequence', title: c('consequence'), width: 80, render: (v: Violation) => <ConsequenceTag consequence={v.consequence} /> },
    {
      key: 'source',
      title: c('source'),
      width: 150,
      render: (v: Violation) =>
        v.ticketId !== null ? (
          <span style={{ whiteSpace: 'nowrap' }}>
            <Link to={`/tickets/${v.ticketId}`}>{v.ticketNumber}</Link>
            {v.flagKind && (
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                {t(`flagKind.${v.flagKind}`)}
              </Typography.Text>
            )}
          </span>
        ) : (
          <Typography.Text type="secondary">{t('ui.conduct.detail.manual')}</Typography.Text>
        ),
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={t('ui.conduct.violations')}
        extra={
          canCall(user.roles, 'violations.create') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setRecording(true)}>
              {t('ui.conduct.record.title')}
            </Button>
          )
        }
      >
        <Space wrap style={{ marginBottom: 16 }}>
          <DatePicker
            picker="month"
            value={query.month ? dayjs(query.month, MONTH) : null}
            onChange={(m) => set({ month: m ? m.format(MONTH) : undefined })}
            placeholder={t('ui.conduct.allMonths')}
            aria-label={t('ui.conduct.filterMonth')}
            data-testid="filter-month"
          />
          <Select
            allowClear
            style={{ width: 240 }}
            placeholder={t('ui.conduct.filterKind')}
            aria-label={t('ui.conduct.filterKind')}
            options={VIOLATION_KINDS.map((k) => ({ value: k, label: t(`violationKind.${k}`) }))}
            value={query.kind}
            onChange={(k?: ViolationKind) => set({ kind: k })}
            data-testid="filter-kind"
          />
          <Checkbox checked={query.includeVoided} onChange={(e) => set({ includeVoided: e.target.checked })}>
            {t('field.includeVoided')}
          </Checkbox>
          <Button onClick={() => void reload()}>{t('ui.common.refresh')}</Button>
        </Space>
        <Table<Violation>
          rowKey="id"
          size="middle"
          loading={loading}
          dataSource={data.items}
          columns={columns}
          scroll={{ x: 1080 }}
          data-testid="violations-table"
          locale={{ emptyText: t('ui.conduct.empty') }}
          rowClassName={(v) => (v.voidedAt ? 'violation-voided' : '')}
          onRow={(v) => ({ onDoubleClick: () => open(v.id) })}
          pagination={{ current: query.page, pageSize: query.pageSize, total: data.total, showSizeChanger: true, showTotal: (total) => t('ui.common.total', { total }) }}
          onChange={(p) => setQuery((q) => ({ ...q, page: p.current ?? 1, pageSize: p.pageSize ?? 20 }))}
        />
      </Card>
      <CatalogueCard month={query.month} />
      <ViolationDrawer id={openId} onClose={() => open(null)} onOpen={open} onChanged={() => void reload()} />
      <RecordViolationModal
        open={recording}
        onClose={() => setRecording(false)}
        onDone={(v) => {
          setRecording(false);
          void message.success(t('ui.conduct.record.done', { number: v.number, fine: yuan(v.fineFen) }));
          void reload();
          open(v.id);
        }}
      />
    </Space>
  );
}

/** The month's catalogue: who each violation applies to, the fine per post, the points and the consequences. */
function CatalogueCard({ month }: { month?: string }) {
  const { t } = useTranslation();
  const loaded = useCall('violations.catalogue', month ? { month } : {});
  const k = (key: string, o?: Record<string, unknown>) => t(`ui.conduct.cat.${key}`, o ?? {});
  const cat = loaded.data;
  type Item = NonNullable<typeof cat>['items'][number];
  const fineCell = (i: Item, role: 'director' | 'deputy_director' | 'driver') => {
    if (!i.roles.includes(role)) return <Typography.Text type="secondary">—</Typography.Text>;
    if (i.fineSource === 'entered') return k('entered');
    if (i.fineSource === 'none') return k('noFine');
    const fen = i.fines[role];
    return fen === null ? k('entered') : yuan(fen);
  };
  return (
    <Card title={cat ? k('title', { month: cat.month }) : k('titleNoMonth')} size="small" data-testid="violation-catalogue">
      {notLoaded(loaded) ?? (
        <Table<Item>
          rowKey="kind"
          size="small"
          pagination={false}
          dataSource={cat?.items ?? []}
          footer={() => (cat?.thirdInMonthDoubles ? k('doubles') : k('noDoubling'))}
          columns={[
            { key: 'kind', title: t('ui.conduct.col.kind'), render: (_: unknown, i: Item) => t(`violationKind.${i.kind}`) },
            { key: 'director', title: k('fineOf', { role: t('offenderRole.director') }), align: 'right' as const, render: (_: unknown, i: Item) => fineCell(i, 'director') },
            { key: 'deputy', title: k('fineOf', { role: t('offenderRole.deputy_director') }), align: 'right' as const, render: (_: unknown, i: Item) => fineCell(i, 'deputy_director') },
            { key: 'driver', title: k('fineOf', { role: t('offenderRole.driver') }), align: 'right' as const, render: (_: unknown, i: Item) => fineCell(i, 'driver') },
            { key: 'points', title: k('points'), align: 'right' as const, render: (_: unknown, i: Item) => i.points },
            {
              key: 'consequence',
              title: k('consequences'),
              render: (_: unknown, i: Item) => {
                const names = [...new Set(i.roles.map((r) => consequenceFor(r)))].map((c) => t(`consequence.${c}`)).join(t('ui.common.sep'));
                const when = i.always ? k('always') : i.onRepeat ? k('onRepeat') : i.onSerious ? k('onSerious') : null;
                return when ? (
                  <Tag color="red" style={{ whiteSpace: 'normal' }}>
                    {k('consequenceLine', { when, names })}
                  </Tag>
                ) : null;
              },
            },
          ]}
        />
      )}
    </Card>
  );
}
