// The buttons of a repair order for the steps its status allows and the person may take, each
// with its dialog: report, approve / reject, phone approval, to the shop, the shop's list, the
// driver's signature or refusal, the old parts' check, settlement, review, payment approval,
// payment, engine seizure, print. Line-level steps (old part, correction) are on the lines.
import { ActionModal } from '../../lib/ActionModal.tsx';
import { Alert, App, Button, DatePicker, Descriptions, Form, Input, Select, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Method } from '../../../../shared/api/index.ts';
import { SEIZURE_CAUSES, type RepairOrder } from '../../../../shared/api/repairs.ts';
import { stepAllowed, type RepairStep } from '../../../../shared/domain/repairs.ts';
import { canCall } from '../../lib/access.ts';
import { useSession } from '../../lib/session.tsx';
import { MINUTE_FORMAT, minuteOf } from '../dispatch/parts.tsx';
import { LinesModal } from './LinesModal.tsx';
import {qty, yuan} from './parts.tsx';

type Dialog = 'report' | 'approve' | 'reject' | 'phoneApprove' | 'toShop' | 'enterWork' | 'sign' | 'refuseSignature' | 'verifyParts' | 'settle' | 'review' | 'approvePayment' | 'pay' | 'markSeizure';

/** May this person take this step of this order now? Role (as the backend checks) and status. */
export function useMay(order: RepairOrder) {
  const { user } = useSession();
  const ownVehicle = user.driverId !== null && user.driverId === order.driverId;
  return (step: RepairStep) => {
    if (!canCall(user.roles, `repairs.${step}` as Method) || !stepAllowed(step, order.status)) return false;
    if (step === 'sign' || step === 'refuseSignature') return ownVehicle;
    if (step === 'markSeizure') return order.seizureCause === null;
    return true;
  };
}

export function RepairActions({ order, onChanged }: { order: RepairOrder; onChanged(o: RepairOrder): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [open, setOpen] = useState<Dialog | null>(null);
  const may = useMay(order);
  const a = (k: string, o?: Record<string, unknown>) => t(`ui.repairs.action.${k}`, o);

  const done = (step: Dialog) => (result: RepairOrder) => {
    setOpen(null);
    void message.success(t(`ui.repairs.done.${step}`, { number: result.number }));
    onChanged(result);
  };
  const dialog = (step: Dialog) => ({ open: open === step, onClose: () => setOpen(null), onDone: done(step) });

  const button = (step: Dialog, primary = false, danger = false) =>
    may(step) && (
      <Button key={step} type={primary ? 'primary' : 'default'} danger={danger} onClick={() => setOpen(step)} data-testid={`action-${step}`}>
        {step === 'enterWork' && order.lines.length > 0 ? a('enterWorkAgain') : a(step)}
      </Button>
    );

  const totals = <Totals order={order} />;
  const majors = order.lines.filter((l) => l.isMajor);
  const note = (label = t('ui.repairs.noteOptional')) => (
    <Form.Item name="note" label={label}>
      <Input maxLength={200} autoFocus />
    </Form.Item>
  );
  const stepInput = (v: Record<string, unknown>) => ({ id: order.id, note: v.note });
  const reasonInput = (v: Record<string, unknown>) => ({ id: order.id, reason: v.reason ?? '' });

  return (
    <Space wrap>
      {button('report', true)}
      {button('approve', true)}
      {button('reject', false, true)}
      {button('phoneApprove')}
      {button('toShop', true)}
      {button('enterWork', order.lines.length === 0)}
      {button('sign', true)}
      {button('refuseSignature', false, true)}
      {button('verifyParts', true)}
      {button('settle', true)}
      {button('review', true)}
      {button('approvePayment', true)}
      {button('pay', true)}
      {button('markSeizure', false, true)}
      <Button onClick={() => navigate(`/print/repair/${order.id}`)} data-testid="action-print">
        {a('print')}
      </Button>

      <ActionModal {...dialog('report')} title={a('reportTitle', { number: order.number })} okText={a('report')} method="repairs.report" build={stepInput}>
        <Typography.Paragraph>{a('reportHint', { driver: order.driverName, plate: order.plate })}</Typography.Paragraph>
        {note()}
      </ActionModal>

      <ActionModal {...dialog('approve')} title={a('approveTitle', { number: order.number })} okText={a('approve')} method="repairs.approve" build={stepInput}>
        <Typography.Paragraph>{a('approveHint', { plate: order.plate, shop: order.shopName })}</Typography.Paragraph>
        {note()}
      </ActionModal>

      <ActionModal {...dialog('reject')} title={a('rejectTitle', { number: order.number })} okText={a('reject')} okDanger method="repairs.reject" build={reasonInput}>
        <Form.Item name="reason" label={a('rejectReason')} required>
          <Input maxLength={200} autoFocus />
        </Form.Item>
      </ActionModal>

      <ActionModal
        {...dialog('phoneApprove')}
        title={a('phoneApproveTitle', { number: order.number })}
        okText={a('phoneApprove')}
        method="repairs.phoneApprove"
        initialValues={{ approvedAt: dayjs().second(0) }}
        build={(v) => ({ id: order.id, approvedAt: minuteOf(v.approvedAt as never), note: v.note })}
      >
        <Typography.Paragraph>{a('phoneApproveHint')}</Typography.Paragraph>
        <Form.Item name="approvedAt" label={a('phoneApprovedAt')} required>
          <DatePicker showTime={{ format: 'HH:mm' }} format={MINUTE_FORMAT} style={{ width: '100%' }} autoFocus />
        </Form.Item>
        <Form.Item name="note" label={t('ui.repairs.noteOptional')}>
          <Input maxLength={200} />
        </Form.Item>
      </ActionModal>

      <ActionModal {...dialog('toShop')} title={a('toShopTitle', { number: order.number })} okText={a('toShop')} method="repairs.toShop" build={stepInput}>
        <Alert type="info" showIcon title={a('toShopHint', { plate: order.plate, shop: order.shopName })} style={{ marginBottom: 16 }} />
        {note()}
      </ActionModal>

      <LinesModal order={order} {...dialog('enterWork')} />

      <ActionModal {...dialog('sign')} title={a('signTitle', { number: order.number })} okText={a('signOk')} method="repairs.sign" build={stepInput} width={720}>
        <Table<RepairOrder['lines'][number]>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={order.lines}
          style={{ marginBottom: 16 }}
          columns={[
            { key: 'n', title: '#', width: 36, render: (l) => l.position },
            { key: 'name', title: t('ui.repairs.col.name'), render: (l) => (l.isMajor ? `${l.name}（${t('ui.repairs.majorPart')}）` : l.name) },
            { key: 'quantity', title: t('ui.repairs.col.quantity'), align: 'right', render: (l) => `${qty(l.quantity)} ${l.unit}` },
            { key: 'price', title: t('ui.repairs.col.unitPrice'), align: 'right', render: (l) => yuan(l.unitPriceFen) },
            { key: 'total', title: t('ui.repairs.col.lineTotal'), align: 'right', render: (l) => yuan(l.totalFen) },
          ]}
        />
        {totals}
        <Alert type="warning" showIcon title={a('signStatement', { count: order.lines.length, total: yuan(order.totalFen) })} style={{ marginBottom: 16 }} data-testid="sign-statement" />
        {note()}
      </ActionModal>

      <ActionModal {...dialog('refuseSignature')} title={a('refuseTitle', { number: order.number })} okText={a('refuseSignature')} okDanger method="repairs.refuseSignature" build={reasonInput}>
        <Typography.Paragraph>{a('refuseHint')}</Typography.Paragraph>
        <Form.Item name="reason" label={a('refuseReason')} required>
          <Input maxLength={200} autoFocus />
        </Form.Item>
      </ActionModal>

      <ActionModal {...dialog('verifyParts')} title={a('verifyTitle', { number: order.number })} okText={a('verifyParts')} method="repairs.verifyParts" build={stepInput}>
        {majors.length === 0 ? (
          <Typography.Paragraph>{a('verifyNone')}</Typography.Paragraph>
        ) : (
          <ul style={{ paddingLeft: 20 }} data-testid="verify-list">
            {majors.map((l) => (
              <li key={l.id}>
                {l.name} × {qty(l.quantity)}
                {l.unit}：
                {l.oldPartCheckedAt ? (
                  <Typography.Text type="success">{t('ui.repairs.oldPart.checked', { name: l.oldPartCheckedByName, at: l.oldPartCheckedAt })}</Typography.Text>
                ) : (
                  <Typography.Text type="danger">{t('ui.repairs.oldPart.pending')}</Typography.Text>
                )}
              </li>
            ))}
          </ul>
        )}
        {note()}
      </ActionModal>

      <SettleModal order={order} {...dialog('settle')} />

      {(['review', 'approvePayment'] as const).map((step) => (
        <ActionModal key={step} {...dialog(step)} title={a(`${step}Title`, { number: order.number })} okText={a(step)} method={`repairs.${step}`} build={stepInput} width={640}>
          {totals}
          {note()}
        </ActionModal>
      ))}

      <ActionModal
        {...dialog('pay')}
        title={a('payTitle', { number: order.number })}
        okText={a('pay')}
        method="repairs.pay"
        build={stepInput}
        width={640}
        confirm={() => ({ title: a('payConfirmTitle'), content: a('payConfirm', { shop: order.shopName, total: yuan(order.totalFen) }) })}
      >
        {totals}
        {order.seizureCause && <Alert type="error" showIcon title={t('ui.repairs.seizure.charge', { amount: yuan(order.driverChargeFen) })} style={{ marginBottom: 16 }} />}
        {note()}
      </ActionModal>

      <ActionModal
        {...dialog('markSeizure')}
        title={a('seizureTitle', { number: order.number })}
        okText={a('markSeizure')}
        okDanger
        method="repairs.markSeizure"
        build={(v) => ({ id: order.id, cause: v.cause, note: v.note ?? '' })}
        confirm={() => ({ title: a('seizureConfirmTitle'), content: a('seizureConfirm', { driver: order.driverName, total: yuan(order.totalFen) }) })}
      >
        <Alert type="warning" showIcon title={a('seizureHint', { driver: order.driverName })} style={{ marginBottom: 16 }} />
        <Form.Item name="cause" label={t('ui.repairs.seizure.cause')} required>
          <Select autoFocus aria-label={t('ui.repairs.seizure.cause')} options={SEIZURE_CAUSES.map((c) => ({ value: c, label: t(`ui.repairs.seizure.causes.${c}`) }))} data-testid="seizure-cause" />
        </Form.Item>
        <Form.Item name="note" label={t('ui.repairs.seizure.note')} required>
          <Input maxLength={200} placeholder={t('ui.repairs.seizure.notePlaceholder')} />
        </Form.Item>
      </ActionModal>
    </Space>
  );
}

/** The backend's totals, as they are (never recomputed here). */
function Totals({ order }: { order: Pick<RepairOrder, 'partsFen' | 'labourFen' | 'totalFen'> }) {
  const { t } = useTranslation();
  return (
    <Descriptions
      size="small"
      column={3}
      bordered
      layout="vertical"
      style={{ marginBottom: 16 }}
      items={[
        { key: 'parts', label: t('ui.repairs.totals.parts'), children: yuan(order.partsFen) },
        { key: 'labour', label: t('ui.repairs.totals.labour'), children: yuan(order.labourFen) },
        { key: 'total', label: t('ui.repairs.totals.total'), children: <strong data-testid="total-fen">{yuan(order.totalFen)}</strong> },
      ]}
    />
  );
}

/**
 * Settlement: the lines priced above the catalogue by more than the threshold, each with its
 * written reason (kept from an earlier try); the backend names a missing one on its line.
 */
function SettleModal({ order, open, onClose, onDone }: { order: RepairOrder; open: boolean; onClose(): void; onDone(o: RepairOrder): void }) {
  const { t } = useTranslation();
  const a = (k: string, o?: Record<string, unknown>) => t(`ui.repairs.action.${k}`, o);
  const deviating = order.lines.filter((l) => l.needsReason);
  const initial: { deviationReason?: string }[] = [];
  for (const l of order.lines) initial[l.position - 1] = { deviationReason: l.deviationReason ?? undefined };
  return (
    <ActionModal
      open={open}
      onClose={onClose}
      onDone={onDone}
      title={a('settleTitle', { number: order.number })}
      okText={a('settle')}
      method="repairs.settle"
      width={760}
      initialValues={{ lines: initial }}
      build={(v) => {
        const typed = (v.lines as ({ deviationReason?: string } | undefined)[] | undefined) ?? [];
        return {
          id: order.id,
          reasons: deviating
            .map((l) => ({ lineId: l.id, reason: (typed[l.position - 1]?.deviationReason ?? '').trim() }))
            // a line without a reason is left for the backend to name
            .filter((r) => r.reason !== ''),
        };
      }}
    >
      <Totals order={order} />
      {deviating.length === 0 ? (
        <Typography.Paragraph data-testid="settle-no-deviation">{a('settleNone')}</Typography.Paragraph>
      ) : (
        <>
          <Typography.Paragraph>{a('settleHint')}</Typography.Paragraph>
          {deviating.map((l, i) => (
            <Form.Item
              key={l.id}
              name={['lines', l.position - 1, 'deviationReason']}
              label={a('settleLine', {
                n: l.position,
                name: l.name,
                quantity: qty(l.quantity),
                unit: l.unit,
                price: yuan(l.unitPriceFen),
                reference: yuan(l.referencePriceFen),
              })}
              required
              data-testid={`settle-line-${l.position - 1}`}
            >
              <Input maxLength={200} autoFocus={i === 0} aria-label={`${t('ui.repairs.col.deviationReason')} ${l.position}`} />
            </Form.Item>
          ))}
        </>
      )}
    </ActionModal>
  );
}
