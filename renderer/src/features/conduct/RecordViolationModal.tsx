// Recording a violation from scratch (登记违规): the kind, the post the person is fined in
// (only the posts the kind applies to), the person, the date, the vehicle, "serious" where the
// rule has a consequence for it, the amount where the fine is entered (the value of excess
// fuel), and what happened. The fine, points and consequences are the backend's; the policy's
// figures for the kind are shown from the catalogue.
import { Alert, Checkbox, DatePicker, Form, Input, Radio, Select, type FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Violation } from '../../../../shared/api/conduct.ts';
import { OFFENDER_ROLES, VIOLATION_KINDS, VIOLATION_RULES, consequenceFor, type OffenderRole, type ViolationKind } from '../../../../shared/domain/violation.ts';
import { ActionModal } from '../../lib/ActionModal.tsx';
import { useCall } from '../../lib/useCall.tsx';
import { driverOptions, useChoices, vehicleOptions } from '../dispatch/parts.tsx';
import { fenOrRaw } from '../repairs/parts.tsx';
import { DAY, MONTH, searchFilter, usePostHolders, yuan } from './parts.tsx';

export function RecordViolationModal({ open, onClose, onDone }: { open: boolean; onClose(): void; onDone(v: Violation): void }) {
  const { t } = useTranslation();
  return (
    <ActionModal
      open={open}
      width={680}
      title={t('ui.conduct.record.title')}
      okText={t('ui.conduct.record.ok')}
      method="violations.create"
      initialValues={{ offenderRole: 'driver', occurredOn: dayjs().startOf('day'), serious: false }}
      build={(v) => {
        const role = v.offenderRole as OffenderRole | undefined;
        const kind = v.kind as ViolationKind | undefined;
        const rule = kind ? VIOLATION_RULES[kind] : undefined;
        return {
          kind,
          offenderRole: role,
          driverId: role === 'driver' ? v.driverId : undefined,
          userId: role !== undefined && role !== 'driver' ? v.userId : undefined,
          occurredOn: v.occurredOn ? (v.occurredOn as Dayjs).format(DAY) : undefined,
          vehicleId: v.vehicleId ?? undefined,
          serious: rule?.onSerious ? v.serious === true : false,
          enteredFen: rule?.fine === 'entered' ? fenOrRaw(v.enteredFen) : undefined,
          description: v.description ?? '',
        };
      }}
      check={(v) => (v.kind === 'fuel_fraud' && (v.enteredFen === undefined || v.enteredFen === '') ? { enteredFen: t('err.required') } : null)}
      onClose={onClose}
      onDone={onDone}
    >
      {(form) => <RecordFields form={form} open={open} />}
    </ActionModal>
  );
}

function RecordFields({ form, open }: { form: FormInstance; open: boolean }) {
  const { t } = useTranslation();
  const r = (k: string, o?: Record<string, unknown>) => t(`ui.conduct.record.${k}`, o ?? {});
  const { vehicles, drivers } = useChoices();
  const holders = usePostHolders(open);
  const kind = Form.useWatch('kind', form) as ViolationKind | undefined;
  const role = Form.useWatch('offenderRole', form) as OffenderRole | undefined;
  const occurredOn = Form.useWatch('occurredOn', form) as Dayjs | undefined;
  const month = (occurredOn ?? dayjs()).format(MONTH);
  const catalogue = useCall('violations.catalogue', { month });
  const entry = catalogue.data?.items.find((i) => i.kind === kind);
  const rule = kind ? VIOLATION_RULES[kind] : undefined;
  const roles = entry?.roles ?? rule?.roles ?? OFFENDER_ROLES;

  // A kind that does not apply to the chosen post: the post its rule allows.
  useEffect(() => {
    if (kind && role && !roles.includes(role)) form.setFieldValue('offenderRole', roles[0]);
  }, [kind, role, roles, form]);

  const fine = entry && role ? entry.fines[role] : null;
  const people = role === 'director' || role === 'deputy_director' ? holders[role] : [];
  // Points come off a driver's assessment sheet; the director and deputy have none.
  const withPoints = (text: string) => (role === 'driver' && entry ? r('policyPoints', { text, points: entry.points }) : text);
  return (
    <>
      <Form.Item name="kind" label={r('kind')} required>
        <Select
          autoFocus
          data-testid="violation-kind"
          options={VIOLATION_KINDS.map((k) => ({ value: k, label: t(`violationKind.${k}`) }))}
          placeholder={r('kindPlaceholder')}
        />
      </Form.Item>
      <Form.Item name="offenderRole" label={t('field.offenderRole')} required>
        <Radio.Group options={OFFENDER_ROLES.map((o) => ({ value: o, label: t(`offenderRole.${o}`), disabled: !roles.includes(o) }))} />
      </Form.Item>
      {entry && role && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="violation-policy"
          title={withPoints(
            entry.fineSource === 'entered' ? r('policyEntered', { month }) : entry.fineSource === 'none' || fine === null ? r('policyNoFine', { month }) : r('policyFine', { month, fine: yuan(fine) }),
          )}
          description={[
            entry.always ? r('always', { consequence: t(`consequence.${consequenceFor(role)}`) }) : null,
            entry.onRepeat ? r('onRepeat', { consequence: t(`consequence.${consequenceFor(role)}`) }) : null,
            catalogue.data?.thirdInMonthDoubles ? r('doubles') : null,
          ]
            .filter(Boolean)
            .join(t('ui.common.sepLong'))}
        />
      )}
      <div style={{ display: 'flex', gap: 16 }}>
        {role === 'driver' || role === undefined ? (
          <Form.Item name="driverId" label={r('driver')} required style={{ flex: 1 }}>
            <Select showSearch={{ filterOption: searchFilter }} options={driverOptions(drivers, t)} data-testid="violation-driver" />
          </Form.Item>
        ) : (
          <Form.Item
            name="userId"
            label={r('person')}
            required
            style={{ flex: 1 }}
            extra={people.length === 0 ? r('noHolder', { role: t(`offenderRole.${role}`) }) : r('holderHint')}
          >
            <Select options={people} data-testid="violation-user" />
          </Form.Item>
        )}
        <Form.Item name="occurredOn" label={t('field.occurredOn')} required style={{ flex: 1 }}>
          <DatePicker style={{ width: '100%' }} allowClear={false} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
      </div>
      <Form.Item name="vehicleId" label={r('vehicle')}>
        <Select allowClear showSearch={{ filterOption: searchFilter }} options={vehicleOptions(vehicles, t)} data-testid="violation-vehicle" />
      </Form.Item>
      {rule?.fine === 'entered' && (
        <Form.Item name="enteredFen" label={t('field.enteredFen')} required extra={r('enteredHint')}>
          <Input style={{ width: 220 }} suffix={r('yuanUnit')} inputMode="decimal" />
        </Form.Item>
      )}
      {rule?.onSerious && role && (
        <Form.Item name="serious" valuePropName="checked" extra={r('seriousHint', { consequence: t(`consequence.${consequenceFor(role)}`) })}>
          <Checkbox>{t('field.serious')}</Checkbox>
        </Form.Item>
      )}
      <Form.Item name="description" label={r('description')} required>
        <Input.TextArea rows={3} maxLength={500} showCount placeholder={r('descriptionPlaceholder')} />
      </Form.Item>
    </>
  );
}
