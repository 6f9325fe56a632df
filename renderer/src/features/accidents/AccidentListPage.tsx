// The accidents, newest first (drivers: their own), paged in the backend, filtered by state,
// with the button to record a new one for the people who record them.
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Segmented, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ACCIDENT_LIST_FILTERS, type AccidentSummary } from '../../../../shared/api/accidents.ts';
import { canCall } from '../../lib/access.ts';
import { useSession } from '../../lib/session.tsx';
import { useList } from '../../lib/useCall.tsx';
import { AccidentStatusTag, FindingTag, FlagTags, yuan } from './parts.tsx';
import { useChoiceParam } from '../../lib/query.ts';

type Filter = (typeof ACCIDENT_LIST_FILTERS)[number];
interface Query {
  filter: Filter;
  page: number;
  pageSize: number;
}

export function AccidentListPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const navigate = useNavigate();
  const asked = useChoiceParam('filter', ACCIDENT_LIST_FILTERS);
  const [query, setQuery] = useState<Query>({ filter: asked ?? 'all', page: 1, pageSize: 20 });
  const { data, loading, reload } = useList<'accidents.list', AccidentSummary>('accidents.list', query);
  const c = (k: string) => t(`ui.accidents.col.${k}`);
  const nowrap = () => ({ style: { whiteSpace: 'nowrap' as const } });

  const columns = [
    { key: 'number', title: c('number'), onCell: nowrap, render: (r: AccidentSummary) => <Link to={`/accidents/${r.id}`}>{r.number}</Link> },
    { key: 'occurredAt', title: c('occurredAt'), onCell: nowrap, render: (r: AccidentSummary) => r.occurredAt },
    { key: 'plate', title: c('plate'), onCell: nowrap, render: (r: AccidentSummary) => r.plate },
    { key: 'driver', title: c('driver'), onCell: nowrap, render: (r: AccidentSummary) => r.driverName },
    {
      key: 'finding',
      title: c('finding'),
      onCell: nowrap,
      render: (r: AccidentSummary) => (
        <>
          <FindingTag finding={r.finding} />
          {r.privateUse && <Typography.Text type="secondary">{t('ui.accidents.privateUse')}</Typography.Text>}
        </>
      ),
    },
    {
      key: 'reporting',
      title: c('reporting'),
      onCell: nowrap,
      render: (r: AccidentSummary) => <Typography.Text type={r.reporting === 'in_time' ? undefined : 'danger'}>{t(`reporting.${r.reporting}`)}</Typography.Text>,
    },
    { key: 'cost', title: c('cost'), align: 'right' as const, onCell: nowrap, render: (r: AccidentSummary) => yuan(r.costFen) },
    { key: 'share', title: c('share'), align: 'right' as const, onCell: nowrap, render: (r: AccidentSummary) => yuan(r.shareFen) },
    { key: 'status', title: c('status'), onCell: nowrap, render: (r: AccidentSummary) => <AccidentStatusTag status={r.status} /> },
    { key: 'flags', title: c('flags'), render: (r: AccidentSummary) => <FlagTags flags={r.flags} /> },
  ];

  return (
    <Card
      title={t('ui.accidents.title')}
      extra={
        canCall(user.roles, 'accidents.create') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/accidents/new')} data-testid="accident-create">
            {t('ui.accidents.create')}
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Segmented<Filter>
          options={ACCIDENT_LIST_FILTERS.map((f) => ({ value: f, label: t(`ui.accidents.filter.${f}`) }))}
          value={query.filter}
          onChange={(filter) => setQuery((q) => ({ ...q, filter, page: 1 }))}
          data-testid="accident-filter"
        />
        <Button onClick={() => void reload()}>{t('ui.common.refresh')}</Button>
      </Space>
      <Table<AccidentSummary>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={data.items}
        columns={columns}
        scroll={{ x: 1100 }}
        onRow={(r) => ({ onDoubleClick: () => navigate(`/accidents/${r.id}`) })}
        pagination={{ current: query.page, pageSize: query.pageSize, total: data.total, showSizeChanger: true, showTotal: (total) => t('ui.common.total', { total }) }}
        onChange={(p) => setQuery((q) => ({ ...q, page: p.current ?? 1, pageSize: p.pageSize ?? 20 }))}
      />
    </Card>
  );
}
