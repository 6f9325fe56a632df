// Policy settings: the figures in force for a month, grouped as in DOMAIN.md; a new version
// from a chosen month onward (director, administrator); the history of versions.
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Drawer, Form, Input, Row, Space, Switch, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { policyUpdateInput, type PolicyVersion } from '../../../../shared/api/governance.ts';
import { POLICY_FIELDS, getPolicyValue, type PolicySettings } from '../../../../shared/domain/policy.ts';
import { canCall } from '../../lib/access.ts';
import { call } from '../../lib/api.ts';
import { showApiError, validate } from '../../lib/forms.ts';
import { useSession } from '../../lib/session.tsx';
import { displayValue, formToSettings, settingsToForm } from './policyValues.ts';

const GROUPS = [...new Set(POLICY_FIELDS.map((f) => f.group))];

export function PolicyPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useSession();
  const [month, setMonth] = useState<Dayjs>(dayjs());
  const [current, setCurrent] = useState<{ version: PolicyVersion; unset: string[] } | null>(null);
  const [history, setHistory] = useState<PolicyVersion[]>([]);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm();

  const load = useCallback(async () => {
    const [p, h] = await Promise.all([call('policy.get', { month: month.format('YYYY-MM') }), call('policy.history', {})]);
    setCurrent(p);
    setHistory(h.items);
  }, [month]);

  useEffect(() => {
    void load();
  }, [load]);

  /** The form starts from the figures in force in the effective month, reloaded when it changes. */
  const loadFor = async (effective: Dayjs) => {
    const p = await call('policy.get', { month: effective.format('YYYY-MM') });
    // Figures the person has already typed are never overwritten.
    const typed = POLICY_FIELDS.some((f) => form.isFieldTouched(['settings', f.group, ...f.path.split('.')]));
    if (!typed) form.setFieldsValue(settingsToForm(p.version.settings));
  };

  /** The viewed month left a setting unset (the main-liability cap): it may be filled in for that month. */
  const mayBackfill = (current?.unset.length ?? 0) > 0;

  const startEdit = () => {
    setError(null);
    form.resetFields();
    // A change cannot reach back before this month, except to fill in what that month left unset.
    const effective = month.isBefore(dayjs(), 'month') && !mayBackfill ? dayjs() : month;
    form.setFieldsValue({ effectiveMonth: effective, reason: '' });
    void loadFor(effective);
    setEditing(true);
  };

  const effectiveMonth = Form.useWatch('effectiveMonth', form) as Dayjs | undefined;
  const later = effectiveMonth ? history.filter((v) => v.id !== 0 && v.effectiveMonth > effectiveMonth.format('YYYY-MM')) : [];

  const save = async () => {
    const v = form.getFieldsValue(true);
    const effective = (v.effectiveMonth as Dayjs | undefined)?.format('YYYY-MM');
    const input = validate(form, policyUpdateInput, { effectiveMonth: effective, settings: formToSettings(v), reason: v.reason }, t);
    if (!input) return;
    try {
      await call('policy.update', input);
      void message.success(t('ui.policy.saved', { month: input.effectiveMonth }));
      setEditing(false);
      void load();
    } catch (err) {
      setError(showApiError(form, err, t));
    }
  };

  const label = (group: string, path: string) => t(`policy.${group}.${path}`);
  const shown = (settings: PolicySettings, f: (typeof POLICY_FIELDS)[number]) => {
    const v = displayValue(f.kind, getPolicyValue(settings, f.group, f.path));
    // An unset cap blocks work (red); an unset minimum score just means none is required.
    if (v === null) return f.kind === 'fenOrUnset' ? <Tag color="red">{t('ui.common.unset')}</Tag> : t('ui.common.none');
    if (f.kind === 'bool') return v === 'yes' ? t('ui.common.yes') : t('ui.common.no');
    return v;
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={current ? t('ui.policy.inForce', { month: month.format('YYYY-MM') }) : t('ui.policy.title')}
        extra={
          <Space>
            <Typography.Text>{t('ui.policy.month')}</Typography.Text>
            <DatePicker picker="month" value={month} allowClear={false} onChange={(d) => d && setMonth(d)} aria-label={t('field.month')} />
            {canCall(user.roles, 'policy.update') && (
              <Button type="primary" onClick={startEdit}>
                {t('ui.policy.edit')}
              </Button>
            )}
          </Space>
        }
      >
        {current && (
          <>
            <Typography.Paragraph type="secondary">
              {current.version.id === 0 ? t('ui.policy.defaults') : t('ui.policy.version', { month: current.version.effectiveMonth, by: current.version.createdBy, at: current.version.createdAt })}
            </Typography.Paragraph>
            {current.unset.length > 0 && (
              <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('ui.policy.unsetAlert', { list: current.unset.map((k) => t(`policy.${k}`)).join(t('ui.common.sep')) })} />
            )}
            {GROUPS.map((g) => (
              <Descriptions key={g} title={t(`policyGroup.${g}`)} bordered size="small" column={2} style={{ marginBottom: 16 }} styles={{ label: { width: '32%' }, content: { width: '18%' } }}>
                {POLICY_FIELDS.filter((f) => f.group === g).map((f) => (
                  <Descriptions.Item key={f.path} label={label(f.group, f.path)}>
                    {shown(current.version.settings, f)}
                  </Descriptions.Item>
                ))}
              </Descriptions>
            ))}
          </>
        )}
      </Card>
      <Card title={t('ui.policy.history')}>
        <Table<PolicyVersion>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={history}
          columns={[
            { key: 'm', title: t('field.effectiveMonth'), dataIndex: 'effectiveMonth', render: (m: string, v) => (v.id === 0 ? t('ui.policy.defaults') : m) },
            { key: 'at', title: t('ui.policy.changed'), render: (_, v) => (v.id === 0 ? '' : `${v.createdBy} · ${v.createdAt}`) },
            { key: 'r', title: t('field.reason'), dataIndex: 'reason' },
          ]}
        />
      </Card>
      <Drawer
        open={editing}
        title={t('ui.policy.edit')}
        size="large"
        onClose={() => setEditing(false)}
        extra={
          <Space>
            <Button onClick={() => setEditing(false)}>{t('ui.common.cancel')}</Button>
            <Button type="primary" onClick={() => form.submit()}>
              {t('ui.common.save')}
            </Button>
          </Space>
        }
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={save}
          requiredMark={false}
          onValuesChange={(changed: { effectiveMonth?: Dayjs | null }) => {
            if (changed.effectiveMonth) void loadFor(changed.effectiveMonth);
          }}
        >
          {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} />}
          {later.length > 0 && (
            <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('ui.policy.laterVersions', { months: later.map((v) => v.effectiveMonth).join('、') })} />
          )}
          <Form.Item name="effectiveMonth" label={t('field.effectiveMonth')} extra={mayBackfill ? t('ui.policy.backfillHelp') : t('ui.policy.effectiveHelp')}>
            <DatePicker picker="month" disabledDate={(d) => d.isBefore(mayBackfill ? month : dayjs(), 'month')} />
          </Form.Item>
          <Form.Item name="reason" label={t('field.reason')}>
            <Input />
          </Form.Item>
          {GROUPS.map((g) => (
            <div key={g}>
              <Typography.Title level={5}>{t(`policyGroup.${g}`)}</Typography.Title>
              <Row gutter={16}>
                {POLICY_FIELDS.filter((f) => f.group === g).map((f) => (
                  <Col span={12} key={f.path}>
                    <Form.Item
                      name={['settings', f.group, ...f.path.split('.')]}
                      label={label(f.group, f.path)}
                      valuePropName={f.kind === 'bool' ? 'checked' : 'value'}
                      extra={f.kind.endsWith('OrUnset') ? t('ui.policy.leaveEmptyUnset') : undefined}
                    >
                      {f.kind === 'bool' ? <Switch /> : <Input inputMode={f.kind === 'time' ? 'text' : 'decimal'} placeholder={f.kind.endsWith('OrUnset') ? t('ui.common.unset') : undefined} />}
                    </Form.Item>
                  </Col>
                ))}
              </Row>
            </div>
          ))}
        </Form>
      </Drawer>
    </Space>
  );
}
