// The monthly 100-point assessment (百分量化考核): a month (last month by default), its
// signature bar (the fleet office signs once the month has ended, the director reopens with a
// reason), the sheets of drivers and of vehicles paged in the backend, one sheet in a drawer
// with its deductions and the fleet office's deduct form, and the catalogue of items. Scores,
// points and pay deductions are the backend's; this screen only shows them.
import { Alert, Button, Card, Col, DatePicker, Input, Row, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { assessmentMonthOutput, assessmentSheetRow } from '../../../../shared/api/conduct.ts';
import type { AssessmentSubject } from '../../../../shared/domain/assessment.ts';
import { ApiCallError, call } from '../../lib/api.ts';
import { AssessmentItems } from './AssessmentItems.tsx';
import { SignBar } from './AssessmentSign.tsx';
import { SheetDrawer } from './SheetDrawer.tsx';
import { MONTH, lastMonthText, yuan } from './parts.tsx';
import { useMonthParam } from '../../lib/query.ts';

export type MonthData = z.infer<typeof assessmentMonthOutput>;
type SheetRow = z.infer<typeof assessmentSheetRow>;
type Tab = AssessmentSubject | 'items';

interface Query {
  month: string;
  subject: AssessmentSubject;
  search?: string;
  page: number;
  pageSize: number;
}

/** The month's sheets; the last answer stays on screen while the next one loads. */
function useMonth(query: Query) {
  const { t } = useTranslation();
  const [data, setData] = useState<MonthData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const key = JSON.stringify(query);
  const latest = useRef(0);
  const reload = useCallback(async () => {
    const mine = ++latest.current;
    setLoading(true);
    try {
      const answer = await call('assessment.month', JSON.parse(key) as Query);
      if (mine !== latest.current) return;
      setData(answer);
      setError(null);
    } catch (err) {
      if (mine === latest.current) setError(err instanceof ApiCallError ? err.message : t('ui.common.networkError'));
    } finally {
      if (mine === latest.current) setLoading(false);
    }
  }, [key, t]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, loading, reload, setData };
}

export function AssessmentPage() {
  const { t } = useTranslation();
  const a = (k: string, o?: Record<string, unknown>) => t(`ui.conduct.assessment.${k}`, o ?? {});
  const [tab, setTab] = useState<Tab>('driver');
  const asked = useMonthParam();
  const [query, setQuery] = useState<Query>({ month: asked ? asked.format('YYYY-MM') : lastMonthText(), subject: 'driver', page: 1, pageSize: 20 });
  const [open, setOpen] = useState<SheetRow | null>(null);
  const [searchText, setSearchText] = useState('');
  const loaded = useMonth(query);
  const set = (patch: Partial<Query>) => setQuery((q) => ({ ...q, ...patch, page: 1 }));
  const lastMonth = lastMonthText();
  const data = loaded.data;
  // the answer on screen may still be another month's while the new one loads
  const current = data && data.month === query.month ? data : null;

  const columns = [
    {
      key: 'name',
      title: query.subject === 'driver' ? a('col.driver') : a('col.vehicle'),
      render: (r: SheetRow) => (
        <Typography.Link strong onClick={() => setOpen(r)}>
          {r.name}
        </Typography.Link>
      ),
    },
    {
      key: 'score',
      title: a('col.score'),
      align: 'right' as const,
      width: 90,
      render: (r: SheetRow) => (
        <Typography.Text strong type={current && r.score < current.payDeductionBelowScore ? 'danger' : undefined} data-testid="row-score">
          {r.score}
        </Typography.Text>
      ),
    },
    { key: 'deducted', title: a('col.deducted'), align: 'right' as const, width: 90, render: (r: SheetRow) => (r.deductedPoints > 0 ? `−${r.deductedPoints}` : '0') },
    { key: 'items', title: a('col.items'), align: 'right' as const, width: 90, render: (r: SheetRow) => r.itemCount },
    { key: 'violations', title: a('col.violations'), align: 'right' as const, width: 90, render: (r: SheetRow) => r.violationCount },
    {
      key: 'pay',
      title: a('col.pay'),
      align: 'right' as const,
      width: 130,
      render: (r: SheetRow) => (r.payDeductionFen > 0 ? <Typography.Text type="danger">{yuan(r.payDeductionFen)}</Typography.Text> : yuan(r.payDeductionFen)),
    },
    ...(query.subject === 'driver'
      ? [
          {
            key: 'bonus',
            title: a('col.bonus'),
            width: 110,
            render: (r: SheetRow) => (r.bonusAllowed ? <Tag color="green">{a('bonusYes')}</Tag> : <Tag color="red">{a('bonusNo')}</Tag>),
          },
        ]
      : []),
  ];

  const policyLine = current
    ? [
        a('fullScore', { n: current.fullScore }),
        current.payDeductionPerPointFen > 0 ? a('payTie', { below: current.payDeductionBelowScore, per: yuan(current.payDeductionPerPointFen) }) : a('noPayTie'),
        current.minScoreForBonus !== null ? a('bonusMin', { n: current.minScoreForBonus }) : a('bonusNoMin'),
      ].join(t('ui.common.sepLong'))
    : '';

  return (
    <Card
      title={a('title')}
      extra={
        <Space>
          <DatePicker
            picker="month"
            value={dayjs(query.month, MONTH)}
            onChange={(m) => m && set({ month: m.format(MONTH) })}
            allowClear={false}
            disabledDate={(d) => d.isAfter(dayjs(), 'month')}
            aria-label={a('month')}
            data-testid="assessment-month"
          />
          <Button onClick={() => set({ month: lastMonth })} disabled={query.month === lastMonth}>
            {a('lastMonth')}
          </Button>
          <Button onClick={() => void loaded.reload()}>{t('ui.common.refresh')}</Button>
        </Space>
      }
    >
      {loaded.error && <Alert type="warning" showIcon title={loaded.error} style={{ marginBottom: 16 }} data-testid="assessment-error" />}
      {current && <SignBar data={current} subject={query.subject} onDone={() => void loaded.reload()} />}
      {current && (
        <Typography.Paragraph type="secondary" data-testid="assessment-policy">
          {policyLine}
        </Typography.Paragraph>
      )}
      <Tabs
        activeKey={tab}
        onChange={(k) => {
          setTab(k as Tab);
          if (k !== 'items' && k !== query.subject) {
            setSearchText('');
            set({ subject: k as AssessmentSubject, search: undefined });
          }
        }}
        items={[
          ...(['driver', 'vehicle'] as const).map((s) => ({
            key: s,
            label: t(`assessmentSubject.${s}`),
            children: (
              <>
                {current && (
                  <Row gutter={16} style={{ marginBottom: 16 }} data-testid="assessment-counts">
                    <Col flex="0 0 180px">
                      <Statistic title={a('count.sheets')} value={current.counts.sheets} />
                    </Col>
                    <Col flex="0 0 180px">
                      <Statistic title={a('count.deducted')} value={current.counts.deducted} />
                    </Col>
                    <Col flex="0 0 180px">
                      <Statistic
                        title={a('count.below', { n: current.payDeductionBelowScore })}
                        value={current.counts.belowThreshold}
                        styles={{ content: current.counts.belowThreshold > 0 ? { color: '#cf1322' } : undefined }}
                      />
                    </Col>
                  </Row>
                )}
                <Input.Search
                  allowClear
                  style={{ width: 280, marginBottom: 16 }}
                  placeholder={s === 'driver' ? a('searchDriver') : a('searchVehicle')}
                  value={searchText}
                  onChange={(e) => setSearchText(e.target.value)}
                  onSearch={(v) => set({ search: v.trim() || undefined })}
                />
                <Table<SheetRow>
                  rowKey="subjectId"
                  size="middle"
                  loading={loaded.loading}
                  dataSource={current && current.items.every((r) => r.subject === s) ? current.items : []}
                  columns={columns}
                  data-testid={`sheets-${s}`}
                  locale={{ emptyText: a('empty') }}
                  onRow={(r) => ({ onClick: () => setOpen(r), style: { cursor: 'pointer' } })}
                  pagination={{
                    current: query.page,
                    pageSize: query.pageSize,
                    total: current?.total ?? 0,
                    showSizeChanger: true,
                    showTotal: (total) => t('ui.common.total', { total }),
                  }}
                  onChange={(p) => setQuery((q) => ({ ...q, page: p.current ?? 1, pageSize: p.pageSize ?? 20 }))}
                />
              </>
            ),
          })),
          { key: 'items', label: a('itemsTab'), children: <AssessmentItems /> },
        ]}
      />
      <SheetDrawer
        month={query.month}
        row={open}
        threshold={current?.payDeductionBelowScore ?? null}
        onClose={() => setOpen(null)}
        onChanged={() => void loaded.reload()}
      />
    </Card>
  );
}
