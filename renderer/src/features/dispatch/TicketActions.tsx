// The buttons of a ticket for what its status allows and the person may do, each with its
// dialog: approve (also by phone), reject, cancel, check out, check in, close, print.
import { Button, Checkbox, DatePicker, Form, Input, InputNumber, Popconfirm, Radio, Space, Typography, App } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { TicketDetail } from '../../../../shared/api/dispatch.ts';
import { DISPATCH_REQUESTERS } from '../../../../shared/api/index.ts';
import type { Role } from '../../../../shared/domain/roles.ts';
import { canCall } from '../../lib/access.ts';
import { call } from '../../lib/api.ts';
import { intOrRaw, showApiError } from '../../lib/forms.ts';
import { useSession } from '../../lib/session.tsx';
import { ActionModal } from '../../lib/ActionModal.tsx';
import { MINUTE_FORMAT, minuteOf } from './parts.tsx';

type Action = 'approve' | 'reject' | 'cancel' | 'checkOut' | 'checkIn';

const ON_BEHALF: Role[] = ['fleet_office', 'fleet_captain'];

export function TicketActions({ ticket, onChanged }: { ticket: TicketDetail; onChanged(t: TicketDetail): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useSession();
  const navigate = useNavigate();
  const [open, setOpen] = useState<Action | null>(null);
  const [lastKm, setLastKm] = useState<number | null>(null);
  const [tolerance, setTolerance] = useState<number | null>(null);

  const own = user.driverId !== null && user.driverId === ticket.driverId;
  const forTicket = (others: Role[]) => (own && user.roles.includes('driver')) || user.roles.some((r) => others.includes(r));
  const s = ticket.status;
  const may = {
    approve: s === 'requested' && canCall(user.roles, 'dispatch.approve'),
    cancel: (s === 'requested' || s === 'approved') && forTicket(DISPATCH_REQUESTERS.filter((r) => r !== 'driver')),
    checkOut: s === 'approved' && forTicket(ON_BEHALF),
    checkIn: s === 'departed' && forTicket(ON_BEHALF),
    close: s === 'returned' && canCall(user.roles, 'dispatch.close'),
  };
  const unresolved = ticket.flagDetails.filter((f) => !f.resolvedAt).length;

  // Read before the dialog opens, so the form starts from the vehicle's last reading.
  useEffect(() => {
    if (!may.checkOut) return;
    void call('vehicles.get', { id: ticket.vehicleId }).then((v) => setLastKm(v.odometerKm)).catch(() => setLastKm(null));
    void call('policy.get', {}).then((p) => setTolerance(p.version.settings.dispatch.unloggedMileageToleranceKm)).catch(() => setTolerance(null));
  }, [may.checkOut, ticket.vehicleId]);

  const done = (action: keyof typeof doneKeys) => (result: TicketDetail) => {
    setOpen(null);
    void message.success(t(`ui.dispatch.done.${doneKeys[action]}`));
    onChanged(result);
  };
  const doneKeys = { approve: 'approve', reject: 'reject', cancel: 'cancel', checkOut: 'checkOut', checkIn: 'checkIn' } as const;

  const close = async () => {
    try {
      onChanged(await call('dispatch.close', { id: ticket.id }));
      void message.success(t('ui.dispatch.done.close'));
    } catch (err) {
      void message.error(showApiError(null, err, t));
    }
  };

  const now = dayjs().second(0);
  return (
    <Space wrap>
      {may.approve && (
        <>
          <Button type="primary" onClick={() => setOpen('approve')}>
            {t('ui.dispatch.approve')}
          </Button>
          <Button danger onClick={() => setOpen('reject')}>
            {t('ui.dispatch.reject')}
          </Button>
        </>
      )}
      {may.checkOut && (
        <Button type="primary" onClick={() => setOpen('checkOut')}>
          {t('ui.dispatch.checkOut')}
        </Button>
      )}
      {may.checkIn && (
        <Button type="primary" onClick={() => setOpen('checkIn')}>
          {t('ui.dispatch.checkIn')}
        </Button>
      )}
      {may.close && (
        <Popconfirm title={t('ui.dispatch.confirmClose')} onConfirm={() => void close()} okText={t('ui.dispatch.close')} cancelText={t('ui.common.cancel')} disabled={unresolved > 0}>
          <Button disabled={unresolved > 0} title={unresolved > 0 ? t('ui.dispatch.needs.resolveFlag') : undefined}>
            {t('ui.dispatch.close')}
          </Button>
        </Popconfirm>
      )}
      {may.cancel && <Button onClick={() => setOpen('cancel')}>{t('ui.dispatch.cancel')}</Button>}
      <Button onClick={() => navigate(`/print/ticket/${ticket.id}`)}>{t('ui.dispatch.print')}</Button>

      <ActionModal
        open={open === 'approve'}
        title={t('ui.dispatch.approve')}
        method="dispatch.approve"
        initialValues={{ byPhone: false }}
        build={(v) => ({ id: ticket.id, byPhone: v.byPhone === true, approvedAt: v.byPhone ? minuteOf(v.approvedAt as never) : undefined, note: v.note })}
        onClose={() => setOpen(null)}
        onDone={done('approve')}
      >
        <Form.Item name="byPhone" valuePropName="checked">
          <Checkbox>{t('ui.dispatch.approvePhone')}</Checkbox>
        </Form.Item>
        <Form.Item noStyle shouldUpdate={(a, b) => a.byPhone !== b.byPhone}>
          {({ getFieldValue }) =>
            getFieldValue('byPhone') ? (
              <Form.Item name="approvedAt" label={t('field.approvedAt')} required>
                <DatePicker showTime={{ format: 'HH:mm' }} format={MINUTE_FORMAT} style={{ width: '100%' }} />
              </Form.Item>
            ) : null
          }
        </Form.Item>
        <Form.Item name="note" label={t('field.note')}>
          <Input maxLength={200} />
        </Form.Item>
      </ActionModal>

      {(['reject', 'cancel'] as const).map((a) => (
        <ActionModal
          key={a}
          open={open === a}
          title={t(`ui.dispatch.${a}`)}
          method={a === 'reject' ? 'dispatch.reject' : 'dispatch.cancel'}
          build={(v) => ({ id: ticket.id, reason: v.reason ?? '' })}
          onClose={() => setOpen(null)}
          onDone={done(a)}
        >
          <Form.Item name="reason" label={t(`ui.dispatch.reasonTitle.${a}`)} required>
            <Input.TextArea maxLength={200} autoSize={{ minRows: 2 }} autoFocus />
          </Form.Item>
        </ActionModal>
      ))}

      <ActionModal
        open={open === 'checkOut'}
        title={t('ui.dispatch.checkOut')}
        method="dispatch.checkOut"
        initialValues={{ departedAt: now, odometerOutKm: lastKm ?? undefined }}
        build={(v) => ({ id: ticket.id, departedAt: minuteOf(v.departedAt as never), odometerOutKm: intOrRaw(v.odometerOutKm) })}
        onClose={() => setOpen(null)}
        onDone={done('checkOut')}
      >
        <Form.Item name="departedAt" label={t('field.departedAt')} required>
          <DatePicker showTime={{ format: 'HH:mm' }} format={MINUTE_FORMAT} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="odometerOutKm"
          label={t('field.odometerOutKm')}
          required
          extra={
            <Typography.Text type="secondary">
              {lastKm !== null && t('ui.dispatch.lastKnown', { km: lastKm })}
              {tolerance !== null && ` · ${t('ui.dispatch.tolerance', { km: tolerance })}`}
            </Typography.Text>
          }
        >
          <InputNumber style={{ width: '100%' }} min={0} precision={0} autoFocus data-testid="odometer-out" />
        </Form.Item>
      </ActionModal>

      <ActionModal
        open={open === 'checkIn'}
        title={t('ui.dispatch.checkIn')}
        method="dispatch.checkIn"
        initialValues={{ returnedAt: now, parkedAtPlace: true }}
        build={(v) => ({ id: ticket.id, returnedAt: minuteOf(v.returnedAt as never), odometerInKm: intOrRaw(v.odometerInKm), parkedAtPlace: v.parkedAtPlace === true, parkingNote: v.parkingNote })}
        onClose={() => setOpen(null)}
        onDone={done('checkIn')}
      >
        <Form.Item name="returnedAt" label={t('field.returnedAt')} required>
          <DatePicker showTime={{ format: 'HH:mm' }} format={MINUTE_FORMAT} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="odometerInKm" label={t('field.odometerInKm')} required extra={t('ui.dispatch.lastKnown', { km: ticket.odometerOutKm ?? '' })}>
          <InputNumber style={{ width: '100%' }} min={0} precision={0} autoFocus data-testid="odometer-in" />
        </Form.Item>
        <Form.Item name="parkedAtPlace" label={t('ui.common.labelled', { label: t('field.parkedAtPlace'), value: ticket.parkingPlace })} required>
          <Radio.Group
            options={[
              { value: true, label: t('ui.dispatch.parkedYes') },
              { value: false, label: t('ui.dispatch.parkedNo') },
            ]}
          />
        </Form.Item>
        <Form.Item name="parkingNote" label={t('field.parkingNote')}>
          <Input maxLength={200} />
        </Form.Item>
      </ActionModal>
    </Space>
  );
}
