// Asking for a vehicle: a driver asks for themselves; the office may ask for any driver.
import { DatePicker, Form, Input, Radio, Select } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { TicketDetail } from '../../../../shared/api/dispatch.ts';
import { PURPOSE_KINDS } from '../../../../shared/domain/dispatch.ts';
import { useSession } from '../../lib/session.tsx';
import { ActionModal } from '../../lib/ActionModal.tsx';
import { driverOptions, MINUTE_FORMAT, minuteOf, useChoices, vehicleOptions } from './parts.tsx';

export function RequestModal({ open, onClose, onDone }: { open: boolean; onClose(): void; onDone(t: TicketDetail): void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const onlyOwn = user.roles.every((r) => r === 'driver');
  const { vehicles, drivers } = useChoices();
  const start = dayjs().add(1, 'hour').startOf('hour');
  const filter = (input: string, o?: { search?: string }) => (o?.search ?? '').toLowerCase().includes(input.toLowerCase());

  return (
    <ActionModal
      open={open}
      title={t('ui.dispatch.requestTitle')}
      method="dispatch.request"
      initialValues={{ purposeKind: 'delivery', driverId: onlyOwn ? (user.driverId ?? undefined) : undefined, plannedDeparture: start, plannedReturn: start.hour(17) > start ? start.hour(17) : start.add(2, 'hour') }}
      build={(v) => ({
        vehicleId: v.vehicleId,
        driverId: v.driverId,
        purposeKind: v.purposeKind,
        destination: v.destination ?? '',
        purposeNote: v.purposeNote,
        plannedDeparture: minuteOf(v.plannedDeparture as never),
        plannedReturn: minuteOf(v.plannedReturn as never),
      })}
      onClose={onClose}
      onDone={onDone}
    >
      <Form.Item name="vehicleId" label={t('field.vehicleId')} required>
        <Select showSearch={{ filterOption: filter }} options={vehicleOptions(vehicles.filter((v) => v.status !== 'retired' && v.status !== 'in_repair'), t)} autoFocus data-testid="request-vehicle" />
      </Form.Item>
      <Form.Item name="driverId" label={t('field.driverId')} required>
        <Select showSearch={{ filterOption: filter }} disabled={onlyOwn} options={driverOptions(drivers, t)} data-testid="request-driver" />
      </Form.Item>
      <Form.Item name="purposeKind" label={t('field.purposeKind')} required>
        <Radio.Group options={PURPOSE_KINDS.map((k) => ({ value: k, label: t(`purposeKind.${k}`) }))} />
      </Form.Item>
      <Form.Item name="destination" label={t('field.destination')} required>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="purposeNote" label={t('field.purposeNote')}>
        <Input.TextArea maxLength={500} autoSize={{ minRows: 1, maxRows: 3 }} />
      </Form.Item>
      <div style={{ display: 'flex', gap: 16 }}>
        <Form.Item name="plannedDeparture" label={t('field.plannedDeparture')} required style={{ flex: 1 }}>
          <DatePicker showTime={{ format: 'HH:mm' }} format={MINUTE_FORMAT} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="plannedReturn" label={t('field.plannedReturn')} required style={{ flex: 1 }}>
          <DatePicker showTime={{ format: 'HH:mm' }} format={MINUTE_FORMAT} style={{ width: '100%' }} />
        </Form.Item>
      </div>
    </ActionModal>
  );
}
