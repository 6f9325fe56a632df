// The buttons of a purchase for what its status allows and the person may do, each with its
// dialog: confirm (group leader), approve (director), reject (with a reason), record the
// purchase (with a warning, and a confirmation, when it will not be reimbursed).
import { ActionModal } from '../../lib/ActionModal.tsx';
import { Alert, App, Button, DatePicker, Form, Input, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Purchase } from '../../../../shared/api/maintenance.ts';
import { bearsReason, mayRefusePurchase, purchaseStepAllowed } from '../../../../shared/domain/maintenance.ts';
import { formatFen } from '../../../../shared/domain/money.ts';
import { canCall } from '../../lib/access.ts';
import { fixedOrRaw } from '../../lib/forms.ts';
import { useSession } from '../../lib/session.tsx';
import {DATE_FORMAT} from './parts.tsx';

type Action = 'confirm' | 'approve' | 'reject' | 'buy';

/** What the person may do with the purchase now. */
export function usePurchaseSteps(p: Purchase) {
  const { user } = useSession();
  const own = user.driverId !== null && user.driverId === p.driverId && user.roles.includes('driver');
  // nobody decides their own purchase (the group leader also drives)
  const mine = user.driverId !== null && user.driverId === p.driverId;
  return {
    confirm: !mine && purchaseStepAllowed('confirm', p.status) && canCall(user.roles, 'purchases.confirm'),
    approve: !mine && purchaseStepAllowed('approve', p.status) && canCall(user.roles, 'purchases.approve'),
    reject: !mine && mayRefusePurchase(user.roles, p.status),
    buy: purchaseStepAllowed('buy', p.status) && (own || user.roles.includes('fleet_office')),
  };
}

function BuyWarning({ purchase }: { purchase: Purchase }) {
  const { t } = useTranslation();
  const boughtOn = Form.useWatch('boughtOn') as Dayjs | undefined;
  const reason = bearsReason(purchase.status, (boughtOn ?? dayjs()).format(DATE_FORMAT), purchase.approvedAt);
  return reason ? (
    <Alert type="warning" showIcon style={{ marginBottom: 16 }} data-testid="bears-warning" title={t('ui.maintenance.purchase.bearsWarning', { reason: t(`ui.maintenance.purchase.bearsReason.${reason}`) })} />
  ) : (
    <Alert type="success" showIcon style={{ marginBottom: 16 }} title={t('ui.maintenance.purchase.reimbursableHint')} />
  );
}

export function PurchaseActions({ purchase, onChanged, size }: { purchase: Purchase; onChanged(p: Purchase): void; size?: 'small' | 'middle' }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState<Action | null>(null);
  const may = usePurchaseSteps(purchase);
  const m = (k: string, o?: Record<string, unknown>) => t(`ui.maintenance.purchase.${k}`, o);
  const n = { number: purchase.number };

  const done = (text: string) => (result: Purchase) => {
    setOpen(null);
    if (result.status === 'driver_bears') void message.warning(m('done.buyBears'));
    else void message.success(text);
    onChanged(result);
  };

  if (!may.confirm && !may.approve && !may.reject && !may.buy) return null;
  return (
    <Space size={4} wrap>
      {may.confirm && (
        <Button size={size} type="primary" onClick={() => setOpen('confirm')}>
          {m('confirm')}
        </Button>
      )}
      {may.approve && (
        <Button size={size} type="primary" onClick={() => setOpen('approve')}>
          {m('approve')}
        </Button>
      )}
      {may.reject && (
        <Button size={size} danger onClick={() => setOpen('reject')}>
          {m('reject')}
        </Button>
      )}
      {may.buy && (
        <Button size={size} onClick={() => setOpen('buy')}>
          {m('buy')}
        </Button>
      )}

      {(['confirm', 'approve'] as const).map((a) => (
        <ActionModal
          key={a}
          open={open === a}
          title={m(`${a}Title`, n)}
          okText={m(a)}
          method={a === 'confirm' ? 'purchases.confirm' : 'purchases.approve'}
          build={(v) => ({ id: purchase.id, note: v.note })}
          onClose={() => setOpen(null)}
          onDone={done(m(`done.${a}`))}
        >
          <PurchaseSummary purchase={purchase} />
          {a === 'approve' && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={m('approveConfirm')} />}
          <Form.Item name="note" label={m('stepNote')}>
            <Input maxLength={200} autoFocus />
          </Form.Item>
        </ActionModal>
      ))}

      <ActionModal
        open={open === 'reject'}
        title={m('rejectTitle', n)}
        okText={m('reject')}
        okDanger
        method="purchases.reject"
        build={(v) => ({ id: purchase.id, reason: v.reason ?? '' })}
        onClose={() => setOpen(null)}
        onDone={done(m('done.reject'))}
      >
        <PurchaseSummary purchase={purchase} />
        <Form.Item name="reason" label={m('field.reason')} required>
          <Input.TextArea maxLength={200} autoSize={{ minRows: 2 }} autoFocus />
        </Form.Item>
      </ActionModal>

      <ActionModal
        open={open === 'buy'}
        title={m('buyTitle', n)}
        okText={m('buy')}
        method="purchases.buy"
        initialValues={{ boughtOn: dayjs() }}
        build={(v) => ({ id: purchase.id, boughtOn: (v.boughtOn as Dayjs | undefined)?.format(DATE_FORMAT), actualFen: fixedOrRaw(v.actualFen, 2), receiptNo: v.receiptNo ?? '' })}
        confirm={(input) => {
          const reason = bearsReason(purchase.status, input.boughtOn, purchase.approvedAt);
          return { content: reason ? m('bearsConfirm', { reason: m(`bearsReason.${reason}`), driver: purchase.driverName }) : m('buyConfirm'), danger: reason !== null };
        }}
        onClose={() => setOpen(null)}
        onDone={done(m('done.buyOk'))}
      >
        <PurchaseSummary purchase={purchase} />
        <BuyWarning purchase={purchase} />
        <div style={{ display: 'flex', gap: 16 }}>
          <Form.Item name="boughtOn" label={m('field.boughtOn')} required style={{ flex: 1 }}>
            <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item name="actualFen" label={m('field.actual')} required style={{ flex: 1 }}>
            <Input inputMode="decimal" autoFocus data-testid="actual-amount" />
          </Form.Item>
        </div>
        <Form.Item name="receiptNo" label={m('field.receiptNo')} required>
          <Input maxLength={40} />
        </Form.Item>
      </ActionModal>
    </Space>
  );
}

/** One line above a step's form: who buys what, for how much. */
function PurchaseSummary({ purchase }: { purchase: Purchase }) {
  const { t } = useTranslation();
  return (
    <p style={{ marginTop: 0 }}>
      {purchase.plate} · {purchase.driverName} · {itemsSummary(purchase, t, 5)} · {t('ui.maintenance.yuan', { amount: formatFen(purchase.estimatedFen) })}
    </p>
  );
}

/** Hundredths → '4', '1.5', '0.25'. */
export function quantityText(hundredths: number): string {
  const whole = Math.trunc(hundredths / 100);
  const frac = Math.abs(hundredths % 100);
  if (frac === 0) return String(whole);
  return `${hundredths < 0 && whole === 0 ? '-' : ''}${whole}.${String(frac).padStart(2, '0').replace(/0$/, '')}`;
}

export function itemsSummary(p: Pick<Purchase, 'items'>, t: (k: string, o?: Record<string, unknown>) => string, max = 2): string {
  const shown = p.items.slice(0, max).map((i) => t('ui.maintenance.purchase.itemsSummary', { name: i.name, quantity: quantityText(i.quantity), unit: i.unit }).trim());
  const more = p.items.length - shown.length;
  return shown.join(t('ui.common.sep')) + (more > 0 ? ` ${t('ui.maintenance.purchase.moreItems', { count: p.items.length })}` : '');
}
