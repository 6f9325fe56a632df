// Recording an accident, or editing an open one: the time, vehicle and driver, the dispatch
// ticket it happened on (or private use), the place and what happened, the police finding,
// how it was reported, the costs line by line (元 typed, fen sent) and the insurance recovered.
// Validated with the method's own schema; the backend's refusal is shown on the fields and
// above them, and nothing typed is lost. Also opened from an unlogged-mileage flag
// (/accidents/new?flagId=&vehicleId=&driverId=): private use on that flag's vehicle.
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, Radio, Result, Row, Select, Space, Switch, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import type { z } from 'zod';
import { accidentCreateInput, accidentUpdateInput, type Accident } from '../../../../shared/api/accidents.ts';
import { FINDINGS, REPORTINGS } from '../../../../shared/domain/accident.ts';
import { formatFixed, parseFixed, parseYuan } from '../../../../shared/domain/money.ts';
import { call } from '../../lib/api.ts';
import { showApiError, validate } from '../../lib/forms.ts';
import { notLoaded, useCall } from '../../lib/useCall.tsx';
import { dayjsOf, driverOptions, MINUTE_FORMAT, minuteOf, useChoices, vehicleOptions } from '../dispatch/parts.tsx';
import { CostLines } from './CostLines.tsx';
import { searchFilter } from './parts.tsx';
import { TicketPicker } from './TicketPicker.tsx';

interface CostValues {
  kind?: string;
  amountFen?: string;
  note?: string;
}

interface Values {
  occurredAt?: Dayjs | null;
  vehicleId?: number;
  driverId?: number;
  privateUse?: boolean;
  ticketId?: number;
  place?: string;
  description?: string;
  finding?: string;
  findingNo?: string;
  reporting?: string;
  major?: boolean;
  notParked?: boolean;
  costs?: (CostValues | undefined)[];
  insuranceFen?: string;
}

/**
 * Yuan text → fen. A number with more than two decimals becomes a fraction, so the schema
 * says "at most two decimals"; other text goes on for the schema to refuse.
 */
function fenOrRaw(v: unknown): unknown {
  if (v === undefined || v === null || v === '') return undefined;
  const s = String(v);
  const fen = parseYuan(s);
  if (fen !== null) return fen;
  const finer = parseFixed(s, 8);
  return finer !== null ? finer / 1_000_000 : s;
}

function toValues(a: Accident): Values {
  return {
    occurredAt: dayjsOf(a.occurredAt),
    vehicleId: a.vehicleId,
    driverId: a.driverId,
    privateUse: a.privateUse,
    ticketId: a.ticketId ?? undefined,
    place: a.place,
    description: a.description,
    finding: a.finding,
    findingNo: a.findingNo ?? undefined,
    reporting: a.reporting,
    major: a.major,
    notParked: a.notParked,
    costs: a.costs.map((c) => ({ kind: c.kind, amountFen: formatFixed(c.amountFen, 2), note: c.note ?? undefined })),
    insuranceFen: a.insuranceFen ? formatFixed(a.insuranceFen, 2) : undefined,
  };
}

function build(v: Values) {
  const privateUse = v.privateUse === true;
  return {
    occurredAt: minuteOf(v.occurredAt),
    vehicleId: v.vehicleId,
    driverId: v.driverId,
    privateUse,
    ticketId: privateUse ? undefined : v.ticketId,
    place: v.place ?? '',
    description: v.description ?? '',
    finding: v.finding,
    findingNo: v.findingNo,
    reporting: v.reporting,
    major: v.major === true,
    notParked: v.notParked === true,
    costs: (v.costs ?? []).map((c) => ({ kind: c?.kind, amountFen: fenOrRaw(c?.amountFen), note: c?.note })),
    insuranceFen: fenOrRaw(v.insuranceFen),
  };
}

/** /accidents/new, and from a flag /accidents/new?flagId=&vehicleId=&driverId= */
export function AccidentNewPage() {
  const [params] = useSearchParams();
  const num = (k: string) => {
    const n = Number(params.get(k));
    return Number.isInteger(n) && n > 0 ? n : undefined;
  };
  const flagId = num('flagId');
  const initial: Values = {
    privateUse: flagId !== undefined,
    vehicleId: num('vehicleId'),
    driverId: num('driverId'),
    finding: 'pending',
    reporting: 'in_time',
    major: false,
    notParked: false,
    costs: [],
  };
  return <AccidentForm initial={initial} flagId={flagId} />;
}

/** /accidents/:id/edit — an open accident only. */
export function AccidentEditPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const loaded = useCall('accidents.get', { id: Number(id) });
  if (!loaded.data) return notLoaded(loaded);
  if (loaded.data.status !== 'open') return <Result status="warning" title={t('ui.accidents.form.closedTitle', { number: loaded.data.number })} />;
  return <AccidentForm accident={loaded.data} initial={toValues(loaded.data)} />;
}

function AccidentForm({ accident, initial, flagId }: { accident?: Accident; initial: Values; flagId?: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { vehicles, drivers } = useChoices();
  const f = (k: string, o?: Record<string, unknown>) => t(`ui.accidents.form.${k}`, o);

  const privateUse = Form.useWatch('privateUse', form) === true;

  const submit = async () => {
    if (busy) return;
    setError(null);
    const v = form.getFieldsValue(true) as Values;
    const built = build(v);
    const input = accident
      ? validate(form, accidentUpdateInput, { id: accident.id, ...built }, t)
      : validate(form, accidentCreateInput, { ...built, flagId }, t);
    if (input === null) return;
    setBusy(true);
    try {
      const saved = accident
        ? await call('accidents.update', input as z.output<typeof accidentUpdateInput>)
        : await call('accidents.create', input as z.output<typeof accidentCreateInput>);
      void message.success(t(accident ? 'ui.accidents.done.update' : 'ui.accidents.done.create', { number: saved.number }));
      navigate(`/accidents/${saved.id}`, { replace: !accident });
    } catch (err) {
      setError(showApiError(form, err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={accident ? f('editTitle', { number: accident.number }) : f('newTitle')} data-testid="accident-form">
      {flagId !== undefined && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={f('fromFlag')} data-testid="from-flag" />}
      {error && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={error} data-testid="form-error" />}
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={() => void submit()}
        onValuesChange={(changed: Values) => {
          // A message shown on a field goes once the person changes that field.
          const stale = Object.keys(changed).filter((k) => k !== 'costs' && form.getFieldError(k).length > 0);
          if (stale.length) form.setFields(stale.map((name) => ({ name, errors: [] })));
          if (changed.privateUse === true) form.setFieldValue('ticketId', undefined);
        }}
        style={{ maxWidth: 1100 }}
      >
        <Row gutter={16}>
          <Col xs={24} md={8}>
            {/* Enter confirms the time typed; it does not send the whole form. */}
            <Form.Item name="occurredAt" label={t('field.occurredAt')} required>
              <DatePicker
                showTime={{ format: 'HH:mm' }}
                format={MINUTE_FORMAT}
                style={{ width: '100%' }}
                autoFocus
                disabledDate={(d) => d.isAfter(dayjs(), 'day')}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') e.preventDefault();
                }}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="vehicleId" label={t('field.vehicleId')} required>
              <Select showSearch={{ filterOption: searchFilter }} disabled={flagId !== undefined} options={vehicleOptions(vehicles, t)} data-testid="accident-vehicle" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="driverId" label={f('driver')} required>
              <Select showSearch={{ filterOption: searchFilter }} options={driverOptions(drivers, t)} data-testid="accident-driver" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={4}>
            <Form.Item name="privateUse" label={t('field.privateUse')} valuePropName="checked" extra={privateUse ? f('privateUseHint') : undefined}>
              <Switch disabled={flagId !== undefined} />
            </Form.Item>
          </Col>
          <Col xs={24} md={20}>
            <TicketPicker form={form} accident={accident} />
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="place" label={t('field.place')} required>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name="description" label={t('field.description')} required>
              <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 6 }} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={6}>
            <Form.Item name="finding" label={t('field.finding')} required extra={f('findingHint')}>
              <Select options={FINDINGS.map((x) => ({ value: x, label: t(`finding.${x}`) }))} data-testid="accident-finding" />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="findingNo" label={f('findingNo')}>
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="reporting" label={t('field.reporting')} required>
              <Radio.Group options={REPORTINGS.map((x) => ({ value: x, label: t(`reporting.${x}`) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={6}>
            <Form.Item name="major" label={t('field.major')} valuePropName="checked" extra={f('majorHint')}>
              <Switch />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="notParked" label={t('field.notParked')} valuePropName="checked" extra={f('notParkedHint')}>
              <Switch />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={5}>{f('costsTitle')}</Typography.Title>
        <CostLines form={form} />
        <Row gutter={16} style={{ marginTop: 16 }}>
          <Col xs={24} md={8}>
            <Form.Item name="insuranceFen" label={f('insurance')} extra={f('insuranceHint')}>
              <Input inputMode="decimal" style={{ textAlign: 'right' }} />
            </Form.Item>
          </Col>
        </Row>
        <Space style={{ marginTop: 8 }}>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="accident-save">
            {accident ? t('ui.common.save') : f('createOk')}
          </Button>
          <Button onClick={() => navigate(accident ? `/accidents/${accident.id}` : '/accidents')}>{t('ui.common.cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );
}
