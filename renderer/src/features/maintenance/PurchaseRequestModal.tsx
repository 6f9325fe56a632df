// Asking to buy oil or small parts: the vehicle, the driver who buys (a driver asks only for
// themselves), and item lines (name, quantity, unit, estimated amount) added and removed freely.
import { ActionModal } from '../../lib/ActionModal.tsx';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Purchase } from '../../../../shared/api/maintenance.ts';
import { formatFen, parseFixed } from '../../../../shared/domain/money.ts';
import { fixedOrRaw } from '../../lib/forms.ts';
import { useSession } from '../../lib/session.tsx';
import { driverOptions, useChoices, vehicleOptions } from '../dispatch/parts.tsx';
import {searchFilter} from './parts.tsx';

type ItemValues = { name?: string; quantity?: string; unit?: string; estimatedFen?: string } | undefined;

/** The running estimate of the lines typed so far, in fen (lines not yet a valid amount count as 0). */
function estimateOf(items: ItemValues[] | undefined): number {
  return (items ?? []).reduce((sum, i) => sum + Math.max(0, parseFixed(i?.estimatedFen ?? '', 2) ?? 0), 0);
}

function EstimatedTotal() {
  const { t } = useTranslation();
  const items = Form.useWatch('items') as ItemValues[] | undefined;
  return (
    <Typography.Text strong data-testid="estimated-total">
      {t('ui.maintenance.purchase.estimatedTotal', { amount: formatFen(estimateOf(items)) })}
    </Typography.Text>
  );
}

export function PurchaseRequestModal({ open, onClose, onDone }: { open: boolean; onClose(): void; onDone(p: Purchase): void }) {
  const { t } = useTranslation();
  const f = (k: string) => t(`ui.maintenance.purchase.field.${k}`);
  const { user } = useSession();
  // Only the fleet office asks on behalf of another driver.
  const onlyOwn = !user.roles.includes('fleet_office');
  const { vehicles, drivers } = useChoices();

  return (
    <ActionModal
      open={open}
      title={t('ui.maintenance.purchase.requestTitle')}
      okText={t('ui.maintenance.purchase.request')}
      method="purchases.create"
      width={760}
      initialValues={{ driverId: onlyOwn ? (user.driverId ?? undefined) : undefined, items: [{}] }}
      build={(v) => ({
        vehicleId: v.vehicleId,
        driverId: v.driverId,
        items: ((v.items as ItemValues[] | undefined) ?? []).map((i) => ({
          name: i?.name ?? '',
          quantity: fixedOrRaw(i?.quantity, 2),
          unit: i?.unit,
          estimatedFen: fixedOrRaw(i?.estimatedFen, 2),
        })),
        note: v.note,
      })}
      onClose={onClose}
      onDone={onDone}
    >
      <div style={{ display: 'flex', gap: 16 }}>
        <Form.Item name="vehicleId" label={f('vehicleId')} required style={{ flex: 1 }}>
          <Select showSearch={{ filterOption: searchFilter }} options={vehicleOptions(vehicles.filter((v) => v.status !== 'retired'), t)} autoFocus data-testid="purchase-vehicle" />
        </Form.Item>
        <Form.Item name="driverId" label={f('driverId')} required style={{ flex: 1 }}>
          <Select showSearch={{ filterOption: searchFilter }} disabled={onlyOwn} options={driverOptions(drivers, t)} data-testid="purchase-driver" />
        </Form.Item>
      </div>
      <Form.List name="items">
        {(fields, { add, remove }, { errors }) => (
          <Form.Item label={f('items')} required>
            <div style={{ display: 'grid', gridTemplateColumns: '2.2fr 1fr 1fr 1.3fr 32px', gap: '0 8px' }}>
              {fields.map((field, index) => (
                <div key={field.key} style={{ display: 'contents' }} data-testid={`item-row-${index}`}>
                  <Form.Item name={[field.name, 'name']} label={index === 0 ? f('name') : undefined} style={{ marginBottom: 8 }}>
                    <Input maxLength={60} aria-label={`${f('name')} ${index + 1}`} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'quantity']} label={index === 0 ? f('quantity') : undefined} style={{ marginBottom: 8 }}>
                    <Input inputMode="decimal" aria-label={`${f('quantity')} ${index + 1}`} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'unit']} label={index === 0 ? f('unit') : undefined} style={{ marginBottom: 8 }}>
                    <Input maxLength={10} placeholder={t('ui.maintenance.purchase.unitPlaceholder')} aria-label={`${f('unit')} ${index + 1}`} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'estimatedFen']} label={index === 0 ? f('estimated') : undefined} style={{ marginBottom: 8 }}>
                    <Input inputMode="decimal" aria-label={`${f('estimated')} ${index + 1}`} />
                  </Form.Item>
                  <Form.Item label={index === 0 ? ' ' : undefined} style={{ marginBottom: 8 }}>
                    <Button
                      type="text"
                      icon={<MinusCircleOutlined />}
                      disabled={fields.length === 1}
                      onClick={() => remove(field.name)}
                      aria-label={`${t('ui.maintenance.purchase.removeItem')} ${index + 1}`}
                      title={t('ui.maintenance.purchase.removeItem')}
                    />
                  </Form.Item>
                </div>
              ))}
            </div>
            <Form.ErrorList errors={errors} />
            <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginTop: 4 }}>
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} disabled={fields.length >= 50}>
                {t('ui.maintenance.purchase.addItem')}
              </Button>
              <EstimatedTotal />
            </div>
          </Form.Item>
        )}
      </Form.List>
      <Form.Item name="note" label={f('note')}>
        <Input.TextArea maxLength={200} autoSize={{ minRows: 1, maxRows: 3 }} />
      </Form.Item>
    </ActionModal>
  );
}
