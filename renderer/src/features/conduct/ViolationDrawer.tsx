// One violation: who, when, what, where it came from, how the fine was reached (the backend's
// words), and the director's or deputy's voiding with a reason.
import { Alert, App, Button, Descriptions, Drawer, Form, Input, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Violation } from '../../../../shared/api/conduct.ts';
import { ActionModal } from '../../lib/ActionModal.tsx';
import { canCall } from '../../lib/access.ts';
import { useSession } from '../../lib/session.tsx';
import { notLoaded, useCall } from '../../lib/useCall.tsx';
import { ConsequenceTag, yuan } from './parts.tsx';

export function ViolationDrawer({ id, onClose, onOpen, onChanged }: { id: number | null; onClose(): void; onOpen(id: number): void; onChanged(v: Violation): void }) {
  const { t } = useTranslation();
  return (
    <Drawer open={id !== null} onClose={onClose} size={720} title={t('ui.conduct.detail.title')} data-testid="violation-drawer" destroyOnHidden>
      {id !== null && <ViolationDetail key={id} id={id} onOpen={onOpen} onChanged={onChanged} />}
    </Drawer>
  );
}

function ViolationDetail({ id, onOpen, onChanged }: { id: number; onOpen(id: number): void; onChanged(v: Violation): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useSession();
  const [voiding, setVoiding] = useState(false);
  const loaded = useCall('violations.get', { id });
  const v = loaded.data;
  if (!v) return notLoaded(loaded);
  const d = (k: string, o?: Record<string, unknown>) => t(`ui.conduct.detail.${k}`, o ?? {});
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="violation-number">
          {v.number}
        </Typography.Title>
        <Tag color={v.voidedAt ? 'default' : 'red'}>{t(`violationKind.${v.kind}`)}</Tag>
        <ConsequenceTag consequence={v.consequence} />
        {v.voidedAt && <Tag data-testid="voided-tag">{t('ui.conduct.voided')}</Tag>}
        {!v.voidedAt && canCall(user.roles, 'violations.void') && (
          <Button danger size="small" onClick={() => setVoiding(true)}>
            {d('void')}
          </Button>
        )}
      </Space>
      {v.voidedAt && <Alert type="warning" showIcon title={d('voidedLine', { by: v.voidedByName, at: v.voidedAt, reason: v.voidReason })} data-testid="voided-line" />}
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={d('person')}>
          {v.driverId !== null ? <Link to={`/drivers/${v.driverId}`}>{v.offenderName}</Link> : v.offenderName}
          <Tag style={{ marginLeft: 8 }}>{t(`offenderRole.${v.offenderRole}`)}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('field.occurredOn')}>{v.occurredOn}</Descriptions.Item>
        <Descriptions.Item label={d('vehicle')}>{v.vehicleId !== null ? <Link to={`/vehicles/${v.vehicleId}`}>{v.plate}</Link> : '—'}</Descriptions.Item>
        <Descriptions.Item label={d('source')}>
          {v.ticketId !== null ? (
            <>
              {v.flagKind ? d('fromFlag', { kind: t(`flagKind.${v.flagKind}`) }) : d('fromTicket')} <Link to={`/tickets/${v.ticketId}`}>{v.ticketNumber}</Link>
            </>
          ) : (
            d('manual')
          )}
        </Descriptions.Item>
        <Descriptions.Item label={d('description')}>{v.description}</Descriptions.Item>
        <Descriptions.Item label={d('fine')}>
          <Typography.Text strong type={v.voidedAt ? 'secondary' : 'danger'} delete={v.voidedAt !== null} data-testid="violation-fine">
            {yuan(v.fineFen)}
          </Typography.Text>{' '}
          {t('ui.conduct.yuan')}
          {v.doubled && (
            <Tag color="volcano" style={{ marginLeft: 8 }}>
              {t('ui.conduct.doubled')}
            </Tag>
          )}
          {v.doubled && <Typography.Text type="secondary"> {d('base', { fine: yuan(v.baseFen) })}</Typography.Text>}
        </Descriptions.Item>
        <Descriptions.Item label={d('points')}>{v.points}</Descriptions.Item>
        <Descriptions.Item label={d('ordinal')}>{d('ordinalValue', { n: v.ordinal })}</Descriptions.Item>
        {v.repeatOfId !== null && (
          <Descriptions.Item label={d('repeat')}>
            <Typography.Link onClick={() => onOpen(v.repeatOfId!)}>{v.repeatOfNumber}</Typography.Link>
          </Descriptions.Item>
        )}
        {v.personnelFlagId !== null && (
          <Descriptions.Item label={d('personnelFlag')}>
            <Link to="/personnel-flags">{d('personnelFlagLink')}</Link>
          </Descriptions.Item>
        )}
        <Descriptions.Item label={d('recorded')}>{d('recordedLine', { by: v.recordedByName, role: t(`role.${v.recordedRole}`), at: v.recordedAt })}</Descriptions.Item>
      </Descriptions>
      <div>
        <Typography.Title level={5}>{d('words')}</Typography.Title>
        <ol style={{ paddingLeft: 24, margin: 0, lineHeight: 1.9 }} data-testid="violation-words">
          {v.words.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ol>
      </div>
      {voiding && (
        <ActionModal
          open
          title={d('voidTitle', { number: v.number })}
          okText={d('void')}
          okDanger
          method="violations.void"
          build={(f) => ({ id: v.id, reason: f.reason ?? '' })}
          confirm={() => ({ content: d('voidConfirm', { number: v.number, person: v.offenderName, fine: yuan(v.fineFen) }), danger: true })}
          onClose={() => setVoiding(false)}
          onDone={(r) => {
            setVoiding(false);
            void message.success(d('voidedDone', { number: r.number }));
            loaded.setData(r);
            onChanged(r);
          }}
        >
          <p style={{ marginTop: 0 }}>{d('voidHint')}</p>
          <Form.Item name="reason" label={d('voidReason')} required>
            <Input.TextArea rows={3} maxLength={200} showCount autoFocus />
          </Form.Item>
        </ActionModal>
      )}
    </Space>
  );
}
