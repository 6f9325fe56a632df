// One assessment sheet (a driver's or a vehicle's month): the score and what it means for pay,
// every deduction (from items, removable by the fleet office until the month is signed; from
// violations, linked and removed only by voiding the violation), and the fleet office's form
// to take points off for an item.
import { Alert, App, Button, Col, Drawer, Form, Input, InputNumber, Popconfirm, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { z } from 'zod';
import { api } from '../../../../shared/api/index.ts';
import type { assessmentDeduction, assessmentSheetOutput, assessmentSheetRow } from '../../../../shared/api/conduct.ts';
import type { AssessmentSubject } from '../../../../shared/domain/assessment.ts';
import { canCall } from '../../lib/access.ts';
import { call } from '../../lib/api.ts';
import { intOrRaw, showApiError, validate } from '../../lib/forms.ts';
import { useSession } from '../../lib/session.tsx';
import { notLoaded, useCall } from '../../lib/useCall.tsx';
import { yuan } from './parts.tsx';

type Sheet = z.infer<typeof assessmentSheetOutput>;
type Deduction = z.infer<typeof assessmentDeduction>;
type SheetRow = z.infer<typeof assessmentSheetRow>;

export function SheetDrawer({ month, row, threshold, onClose, onChanged }: { month: string; row: SheetRow | null; threshold: number | null; onClose(): void; onChanged(): void }) {
  const { t } = useTranslation();
  return (
    <Drawer
      open={row !== null}
      onClose={onClose}
      size={880}
      title={row ? t('ui.conduct.sheet.title', { name: row.name, month, subject: t(`assessmentSubject.${row.subject}`) }) : ''}
      data-testid="assessment-sheet"
      destroyOnHidden
    >
      {row && <SheetView key={`${row.subject}-${row.subjectId}-${month}`} month={month} subject={row.subject} subjectId={row.subjectId} threshold={threshold} onChanged={onChanged} />}
    </Drawer>
  );
}

function SheetView({ month, subject, subjectId, threshold, onChanged }: { month: string; subject: AssessmentSubject; subjectId: number; threshold: number | null; onChanged(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useSession();
  const h = (k: string, o?: Record<string, unknown>) => t(`ui.conduct.sheet.${k}`, o ?? {});
  const loaded = useCall('assessment.sheet', { month, subject, subjectId });
  const sheet = loaded.data;
  if (!sheet) return notLoaded(loaded);
  const mayDeduct = canCall(user.roles, 'assessment.deduct');
  const mayRemove = canCall(user.roles, 'assessment.removeDeduction') && sheet.signed === null;
  const changed = (s: Sheet) => {
    loaded.setData(s);
    onChanged();
  };
  const remove = async (d: Deduction) => {
    try {
      changed(await call('assessment.removeDeduction', { id: d.id! }));
      void message.success(h('removed', { item: d.itemName }));
    } catch (err) {
      void message.error(showApiError(null, err, t));
    }
  };
  const below = threshold !== null && sheet.score < threshold;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Row gutter={16} data-testid="sheet-figures">
        <Col flex="1 1 120px">
          <Statistic title={h('score')} value={sheet.score} suffix={`/ ${sheet.fullScore}`} styles={{ content: below ? { color: '#cf1322' } : undefined }} data-testid="sheet-score" />
        </Col>
        <Col flex="1 1 120px">
          <Statistic title={h('deducted')} value={sheet.deductedPoints} />
        </Col>
        <Col flex="1 1 120px">
          <Statistic title={h('pay')} value={yuan(sheet.payDeductionFen)} styles={{ content: sheet.payDeductionFen > 0 ? { color: '#cf1322' } : undefined }} />
        </Col>
        {subject === 'driver' && (
          <Col flex="1 1 120px">
            <Statistic title={h('bonus')} value={sheet.bonusAllowed ? t('ui.conduct.assessment.bonusYes') : t('ui.conduct.assessment.bonusNo')} styles={{ content: sheet.bonusAllowed ? undefined : { color: '#cf1322' } }} />
          </Col>
        )}
      </Row>
      {sheet.signed && (
        <Alert
          type="success"
          showIcon
          data-testid="sheet-signed"
          title={t('ui.conduct.sign.signed', { month: sheet.month, by: sheet.signed.byName, role: t(`role.${sheet.signed.role}`), at: sheet.signed.at })}
          description={mayDeduct ? h('signedNoChange') : undefined}
        />
      )}
      {mayDeduct && sheet.signed === null && <DeductForm month={month} subject={subject} subjectId={subjectId} onDone={changed} />}
      <Table<Deduction>
        rowKey={(d) => (d.id !== null ? `i${d.id}` : `v${d.violationId}`)}
        size="small"
        pagination={false}
        dataSource={sheet.deductions}
        locale={{ emptyText: h('none') }}
        data-testid="sheet-deductions"
        columns={[
          {
            key: 'item',
            title: h('col.item'),
            render: (_: unknown, d: Deduction) =>
              d.source === 'violation' ? (
                <span>
                  <Tag color="red">{h('fromViolation')}</Tag>
                  {d.itemName} {d.violationId !== null && <Link to={`/violations?id=${d.violationId}`}>{d.violationNumber}</Link>}
                </span>
              ) : (
                d.itemName
              ),
          },
          { key: 'points', title: h('col.points'), align: 'right' as const, width: 80, render: (_: unknown, d: Deduction) => <Typography.Text type="danger">−{d.points}</Typography.Text> },
          { key: 'note', title: h('col.note'), render: (_: unknown, d: Deduction) => d.note ?? '' },
          {
            key: 'by',
            title: h('col.by'),
            width: 170,
            render: (_: unknown, d: Deduction) => (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {d.byName}
                <br />
                {d.at}
              </Typography.Text>
            ),
          },
          ...(mayRemove
            ? [
                {
                  key: 'action',
                  width: 90,
                  render: (_: unknown, d: Deduction) =>
                    d.source === 'item' && d.id !== null ? (
                      <Popconfirm
                        title={h('removeConfirm', { item: d.itemName, points: d.points })}
                        okText={h('remove')}
                        cancelText={t('ui.common.cancel')}
                        okButtonProps={{ danger: true }}
                        onConfirm={() => remove(d)}
                      >
                        <Button size="small" danger>
                          {h('remove')}
                        </Button>
                      </Popconfirm>
                    ) : (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {h('viaVoid')}
                      </Typography.Text>
                    ),
                },
              ]
            : []),
        ]}
      />
    </Space>
  );
}

/** The fleet office's form: an item of the subject, its points (changeable), a note. */
function DeductForm({ month, subject, subjectId, onDone }: { month: string; subject: AssessmentSubject; subjectId: number; onDone(s: Sheet): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const h = (k: string, o?: Record<string, unknown>) => t(`ui.conduct.sheet.${k}`, o ?? {});
  const items = useCall('assessment.items', { subject });
  const options = (items.data?.items ?? []).filter((i) => i.retiredAt === null).map((i) => ({ value: i.id, label: h('itemOption', { name: i.name, points: i.points }), points: i.points, name: i.name }));

  const submit = async () => {
    if (busy) return;
    setError(null);
    const v = form.getFieldsValue(true) as Record<string, unknown>;
    const input = validate(form, api['assessment.deduct'].input, { month, subject, subjectId, itemId: v.itemId, points: intOrRaw(v.points), note: v.note }, t);
    if (input === null) return;
    setBusy(true);
    try {
      const sheet = await call('assessment.deduct', input);
      const item = options.find((o) => o.value === input.itemId);
      form.resetFields();
      onDone(sheet);
      void message.success(h('deductedDone', { item: item?.name ?? '', points: input.points ?? item?.points ?? '' }));
    } catch (err) {
      setError(showApiError(form, err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ background: '#fafafa', border: '1px solid #f0f0f0', borderRadius: 8, padding: '16px 16px 0' }} data-testid="deduct-form">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="deduct-error" />}
      <Form
        form={form}
        layout="vertical"
        onFinish={() => void submit()}
        onValuesChange={(changed: Record<string, unknown>) => {
          if ('itemId' in changed) {
            const item = options.find((o) => o.value === changed.itemId);
            if (item) form.setFieldValue('points', item.points);
          }
          const stale = Object.keys(changed).filter((k) => form.getFieldError(k).length > 0);
          if (stale.length) form.setFields(stale.map((name) => ({ name, errors: [] })));
        }}
      >
        <div style={{ display: 'flex', gap: 12, alignItems: 'flex-start' }}>
          <Form.Item name="itemId" label={t('field.itemId')} required style={{ flex: 3 }}>
            <Select options={options} showSearch={{ optionFilterProp: 'label' }} data-testid="deduct-item" />
          </Form.Item>
          <Form.Item name="points" label={t('field.points')} required style={{ width: 100 }}>
            <InputNumber min={1} max={100} precision={0} style={{ width: '100%' }} data-testid="deduct-points" />
          </Form.Item>
          <Form.Item name="note" label={h('note')} style={{ flex: 3 }}>
            <Input maxLength={200} data-testid="deduct-note" />
          </Form.Item>
          <Form.Item label={<span />} style={{ flex: '0 0 auto' }}>
            <Button type="primary" htmlType="submit" loading={busy}>
              {h('deduct')}
            </Button>
          </Form.Item>
        </div>
      </Form>
    </div>
  );
}
