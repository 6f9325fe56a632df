// A repair request (draft): the vehicle, its driver (a driver files only for themselves), the
// designated shop, the symptoms and the work asked for.
import { ActionModal } from '../../lib/ActionModal.tsx';
import { Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RepairOrder } from '../../../../shared/api/repairs.ts';
import { useSession } from '../../lib/session.tsx';
import { driverOptions, useChoices, vehicleOptions } from '../dispatch/parts.tsx';
import {searchFilter, useShops} from './parts.tsx';

export function CreateRepairModal({ open, onClose, onDone }: { open: boolean; onClose(): void; onDone(o: RepairOrder): void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  // The backend's rule: someone who only drives files for themselves.
  const onlyOwn = user.roles.every((r) => r === 'driver');
  const { vehicles, drivers } = useChoices();
  const shops = useShops();

  return (
    <ActionModal
      open={open}
      title={t('ui.repairs.create')}
      okText={t('ui.repairs.createOk')}
      method="repairs.create"
      width={640}
      initialValues={{ driverId: onlyOwn ? (user.driverId ?? undefined) : undefined }}
      build={(v) => ({ vehicleId: v.vehicleId, driverId: v.driverId, shopId: v.shopId, symptoms: v.symptoms ?? '', requestedWork: v.requestedWork })}
      onClose={onClose}
      onDone={onDone}
    >
      <div style={{ display: 'flex', gap: 16 }}>
        <Form.Item name="vehicleId" label={t('field.vehicleId')} required style={{ flex: 1 }}>
          <Select showSearch={{ filterOption: searchFilter }} options={vehicleOptions(vehicles.filter((v) => v.status !== 'retired'), t)} autoFocus data-testid="repair-vehicle" />
        </Form.Item>
        <Form.Item name="driverId" label={t('ui.repairs.field.driver')} required style={{ flex: 1 }} extra={onlyOwn ? t('ui.repairs.ownOnly') : undefined}>
          <Select showSearch={{ filterOption: searchFilter }} disabled={onlyOwn} options={driverOptions(drivers, t)} data-testid="repair-driver" />
        </Form.Item>
      </div>
      <Form.Item name="shopId" label={t('ui.repairs.field.shop')} required extra={t('ui.repairs.shopHint')}>
        <Select showSearch={{ filterOption: searchFilter }} options={shops.map((s) => ({ value: s.id, label: s.name, search: `${s.name} ${s.address ?? ''}` }))} data-testid="repair-shop" />
      </Form.Item>
      <Form.Item name="symptoms" label={t('field.symptoms')} required>
        <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} />
      </Form.Item>
      <Form.Item name="requestedWork" label={t('ui.repairs.field.requestedWork')}>
        <Input.TextArea maxLength={500} autoSize={{ minRows: 1, maxRows: 4 }} />
      </Form.Item>
    </ActionModal>
  );
}
