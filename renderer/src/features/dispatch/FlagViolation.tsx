// A dispatch flag's way to a penalty: record the violation it shows (the flag is resolved with
// it), see the violation once recorded (its number linked, the fine and points the backend
// fixed), and, for unlogged mileage, go to recording an accident in private use.
import { Alert, App, Button, Checkbox, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { DispatchFlag, TicketDetail } from '../../../../shared/api/dispatch.ts';
import { formatFen } from '../../../../shared/domain/money.ts';
import { FLAG_VIOLATION, VIOLATION_RULES } from '../../../../shared/domain/violation.ts';
import { ActionModal } from '../../lib/ActionModal.tsx';
import { canCall } from '../../lib/access.ts';
import { call } from '../../lib/api.ts';
import { useSession } from '../../lib/session.tsx';
import { useCall } from '../../lib/useCall.tsx';
import { driverOptions, useChoices } from './parts.tsx';

const searchFilter = (input: string, o?: { search?: string }) => (o?.search ?? '').toLowerCase().includes(input.toLowerCase());

/** The buttons on a flag: record the violation, record an accident in private use. */
export function FlagViolationActions({ ticket, flag, onChanged }: { ticket: TicketDetail; flag: DispatchFlag; onChanged(t: TicketDetail): void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const navigate = useNavigate();
  const [recording, setRecording] = useState(false);
  const mayRecord = canCall(user.roles, 'violations.fromFlag') && !flag.resolvedAt && flag.violationId === null;
  const mayAccident = flag.kind === 'unlogged_mileage' && canCall(user.roles, 'accidents.create');
  if (!mayRecord && !mayAccident) return null;
  return (
    <>
      {mayRecord && (
        <Button size="small" danger onClick={() => setRecording(true)}>
          {t('ui.dispatch.recordViolation')}
        </Button>
      )}
      {mayAccident && (
        <Button size="small" onClick={() => navigate(`/accidents/new?flagId=${flag.id}&vehicleId=${ticket.vehicleId}&driverId=${ticket.driverId}`)}>
          {t('ui.dispatch.privateAccident')}
        </Button>
      )}
      {recording && <FlagViolationModal ticket={ticket} flag={flag} onClose={() => setRecording(false)} onChanged={onChanged} />}
    </>
  );
}

function FlagViolationModal({ ticket, flag, onClose, onChanged }: { ticket: TicketDetail; flag: DispatchFlag; onClose(): void; onChanged(t: TicketDetail): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { drivers } = useChoices();
  const kind = FLAG_VIOLATION[flag.kind];
  const rule = VIOLATION_RULES[kind];
  const catalogue = useCall('violations.catalogue', { month: flag.raisedAt.slice(0, 7) });
  const entry = catalogue.data?.items.find((i) => i.kind === kind);
  const fine = entry?.fines.driver;
  // the ticket's driver is always a choice, even when the driver list cannot be read
  const options = drivers.length ? driverOptions(drivers, t) : [{ value: ticket.driverId, label: t('ui.common.withNo', { name: ticket.driverName, no: ticket.employeeNo }), search: ticket.driverName }];
  return (
    <ActionModal
      open
      title={t('ui.dispatch.recordViolationTitle', { kind: t(`violationKind.${kind}`) })}
      okText={t('ui.dispatch.recordViolation')}
      okDanger
      method="violations.fromFlag"
      initialValues={{ driverId: ticket.driverId, serious: false }}
      build={(v) => ({ flagId: flag.id, driverId: v.driverId, serious: rule.onSerious ? v.serious === true : false, description: v.description ?? '' })}
      onClose={onClose}
      onDone={(v) => {
        onClose();
        void message.success(t('ui.dispatch.violationRecorded', { number: v.number, fine: formatFen(v.fineFen) }));
        void call('dispatch.get', { id: ticket.id })
          .then(onChanged)
          .catch(() => undefined);
      }}
    >
      {entry && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="flag-violation-policy"
          title={
            fine === null || fine === undefined || entry.fineSource === 'none'
              ? t('ui.dispatch.violationPolicyNoFine', { kind: t(`violationKind.${kind}`), points: entry.points })
              : t('ui.dispatch.violationPolicy', { kind: t(`violationKind.${kind}`), fine: formatFen(fine), points: entry.points })
          }
        />
      )}
      <Form.Item name="driverId" label={t('ui.dispatch.violationDriver')} required extra={flag.kind === 'unlogged_mileage' ? t('ui.dispatch.violationDriverHint') : undefined}>
        <Select showSearch={{ filterOption: searchFilter }} options={options} data-testid="flag-violation-driver" />
      </Form.Item>
      {rule.onSerious && (
        <Form.Item name="serious" valuePropName="checked">
          <Checkbox>{t('field.serious')}</Checkbox>
        </Form.Item>
      )}
      <Form.Item name="description" label={t('ui.dispatch.violationDescription')} required>
        <Input.TextArea maxLength={500} showCount autoSize={{ minRows: 3 }} autoFocus />
      </Form.Item>
    </ActionModal>
  );
}

/** The violation recorded for a flag: its number (to the violations page), fine and points. */
export function FlagViolationLink({ violationId }: { violationId: number }) {
  const { t } = useTranslation();
  const loaded = useCall('violations.get', { id: violationId });
  const v = loaded.data;
  return (
    <Space size={4} wrap data-testid="flag-violation">
      <Tag color={v?.voidedAt ? 'default' : 'red'}>{t('ui.dispatch.violationLink')}</Tag>
      <Link to={`/violations?id=${violationId}`}>{v ? v.number : t('ui.dispatch.violationOpen')}</Link>
      {v && (
        <Typography.Text type={v.voidedAt ? 'secondary' : 'danger'} delete={v.voidedAt !== null} data-testid="flag-violation-fine">
          {t('ui.dispatch.violationFine', { fine: formatFen(v.fineFen), points: v.points })}
        </Typography.Text>
      )}
      {v?.voidedAt && <Tag>{t('ui.dispatch.violationVoided')}</Tag>}
    </Space>
  );
}
