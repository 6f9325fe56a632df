// Recording a fill-up by hand: a driver for themselves, the fleet office or captain for anyone.
// The amount is prefilled as litres × unit price (the shared integer rule) and stays editable,
// with a warning when it is not that product (an amount on the invoice that does not add up).
import { DatePicker, Form, Input, Radio, Select, Switch, Typography, type FormInstance } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FUEL_GRADES, type Fillup } from '../../../../shared/api/fuel.ts';
import type { FuelStation } from '../../../../shared/api/masterdata.ts';
import { expectedAmountFen } from '../../../../shared/domain/fuel.ts';
import { formatFen, formatFixed, parseFixed } from '../../../../shared/domain/money.ts';
import { ActionModal } from '../../lib/ActionModal.tsx';
import { call } from '../../lib/api.ts';
import { fixedOrRaw, intOrRaw } from '../../lib/forms.ts';
import { useSession } from '../../lib/session.tsx';
import { driverOptions, MINUTE_FORMAT, minuteOf, useChoices, vehicleOptions } from '../dispatch/parts.tsx';

/** The station select's value for a station not on the approved list (named in a field). */
const OTHER = 'other';

const searchFilter = (input: string, o?: { search?: string }) => (o?.search ?? '').toLowerCase().includes(input.toLowerCase());

/** The approved stations (a handful). */
function useStations() {
  const [stations, setStations] = useState<FuelStation[]>([]);
  useEffect(() => {
    void call('stations.list', { page: 1, pageSize: 200 })
      .then((r) => setStations(r.items))
      .catch(() => undefined);
  }, []);
  return stations;
}

export function FillupModal({ onClose, onDone }: { onClose(): void; onDone(f: Fillup): void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const onlyOwn = user.roles.every((r) => r === 'driver');
  const { vehicles, drivers } = useChoices();
  const stations = useStations();
  const u = (k: string, o?: Record<string, unknown>) => t(`ui.fuel.${k}`, o);

  return (
    <ActionModal
      open
      width={720}
      title={u('createTitle')}
      okText={u('create')}
      method="fuel.create"
      initialValues={{ driverId: onlyOwn ? (user.driverId ?? undefined) : undefined, filledAt: dayjs().startOf('minute'), fuelGrade: '92#', fullTank: true }}
      check={(v) => (v.stationId === OTHER && !String(v.stationName ?? '').trim() ? { stationName: t('err.required') } : null)}
      build={(v) => ({
        vehicleId: v.vehicleId,
        driverId: v.driverId,
        filledAt: minuteOf(v.filledAt as never),
        stationId: v.stationId === OTHER ? undefined : v.stationId,
        stationName: v.stationId === OTHER ? v.stationName : undefined,
        fuelGrade: v.fuelGrade,
        litres: fixedOrRaw(v.litres, 2),
        unitPriceFen: fixedOrRaw(v.unitPriceFen, 2),
        amountFen: fixedOrRaw(v.amountFen, 2),
        invoiceNo: v.invoiceNo ?? '',
        odometerKm: intOrRaw(v.odometerKm),
        fullTank: v.fullTank,
        note: v.note,
      })}
      onClose={onClose}
      onDone={onDone}
    >
      {(form) => (
        <>
          <div style={{ display: 'flex', gap: 16 }}>
            <Form.Item name="vehicleId" label={t('field.vehicleId')} required style={{ flex: 1 }}>
              <Select showSearch={{ filterOption: searchFilter }} options={vehicleOptions(vehicles, t)} autoFocus data-testid="fill-vehicle" />
            </Form.Item>
            <Form.Item name="driverId" label={t('entity.drivers')} required style={{ flex: 1 }}>
              <Select showSearch={{ filterOption: searchFilter }} disabled={onlyOwn} options={driverOptions(drivers, t)} data-testid="fill-driver" />
            </Form.Item>
          </div>
          <div style={{ display: 'flex', gap: 16 }}>
            <Form.Item name="filledAt" label={t('field.filledAt')} required style={{ flex: 1 }}>
              <DatePicker showTime={{ format: 'HH:mm' }} format={MINUTE_FORMAT} style={{ width: '100%' }} data-testid="fill-time" />
            </Form.Item>
            <Form.Item name="fuelGrade" label={t('field.fuelGrade')} required style={{ flex: 1 }}>
              <Radio.Group optionType="button" options={FUEL_GRADES.map((g) => ({ value: g, label: g }))} />
            </Form.Item>
          </div>
          <div style={{ display: 'flex', gap: 16 }}>
            <Form.Item name="stationId" label={t('field.stationId')} required style={{ flex: 1 }}>
              <Select
                showSearch={{ filterOption: searchFilter }}
                options={[...stations.map((s) => ({ value: s.id as number | string, label: s.name, search: s.name })), { value: OTHER, label: u('otherStation'), search: u('otherStation') }]}
                data-testid="fill-station"
              />
            </Form.Item>
            <Form.Item noStyle dependencies={['stationId']}>
              {() =>
                form.getFieldValue('stationId') === OTHER ? (
                  <Form.Item name="stationName" label={t('field.stationName')} required style={{ flex: 1 }}>
                    <Input maxLength={60} placeholder={u('stationNamePlaceholder')} />
                  </Form.Item>
                ) : (
                  <div style={{ flex: 1 }} />
                )
              }
            </Form.Item>
          </div>
          <div style={{ display: 'flex', gap: 16 }}>
            <Form.Item name="litres" label={t('field.litres')} required style={{ flex: 1 }}>
              <Input inputMode="decimal" suffix={u('litresUnit')} style={{ textAlign: 'right' }} data-testid="fill-litres" />
            </Form.Item>
            <Form.Item name="unitPriceFen" label={t('field.unitPriceFen')} required style={{ flex: 1 }}>
              <Input inputMode="decimal" suffix={u('priceUnit')} data-testid="fill-price" />
            </Form.Item>
            <AmountField form={form} />
          </div>
          <div style={{ display: 'flex', gap: 16 }}>
            <Form.Item name="invoiceNo" label={t('field.invoiceNo')} required style={{ flex: 1 }}>
              <Input maxLength={40} />
            </Form.Item>
            <Form.Item name="odometerKm" label={u('odometerOptional')} style={{ flex: 1 }}>
              <Input inputMode="numeric" data-testid="fill-odometer" />
            </Form.Item>
            <Form.Item name="fullTank" label={t('field.fullTank')} valuePropName="checked" style={{ flex: '0 0 auto' }}>
              <Switch checkedChildren={t('ui.common.yes')} unCheckedChildren={t('ui.common.no')} />
            </Form.Item>
          </div>
          <Form.Item name="note" label={u('note')}>
            <Input maxLength={200} />
          </Form.Item>
        </>
      )}
    </ActionModal>
  );
}

/**
 * The amount: litres × unit price to the fen while the person has not typed one, then theirs;
 * a warning (not a refusal) when it is not that product.
 */
function AmountField({ form }: { form: FormInstance }) {
  const { t } = useTranslation();
  const litres = Form.useWatch('litres', form) as string | undefined;
  const price = Form.useWatch('unitPriceFen', form) as string | undefined;
  const amount = Form.useWatch('amountFen', form) as string | undefined;
  const typed = useRef(false);
  const l = litres ? parseFixed(String(litres), 2) : null;
  const p = price ? parseFixed(String(price), 2) : null;
  const expected = l !== null && p !== null && l > 0 && p > 0 ? expectedAmountFen(l, p) : null;
  useEffect(() => {
    if (typed.current) return;
    form.setFieldValue('amountFen', expected === null ? undefined : formatFixed(expected, 2));
  }, [expected, form]);
  const a = amount ? parseFixed(String(amount), 2) : null;
  const differs = expected !== null && a !== null && a !== expected;
  return (
    <Form.Item
      name="amountFen"
      label={t('field.amountFen')}
      required
      style={{ flex: 1 }}
      extra={
        differs ? (
          <Typography.Text type="warning" data-testid="amount-warning">
            {t('ui.fuel.amountDiffers', { expected: formatFen(expected) })}
          </Typography.Text>
        ) : (
          t('ui.fuel.amountHint')
        )
      }
    >
      <Input
        inputMode="decimal"
        suffix={t('ui.fuel.yuanUnit')}
        data-testid="fill-amount"
        onChange={(e) => {
          // once typed, the amount is the person's; cleared, it follows litres × price again
          typed.current = e.target.value.trim() !== '';
        }}
      />
    </Form.Item>
  );
}
