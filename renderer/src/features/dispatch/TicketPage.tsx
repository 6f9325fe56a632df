// One ticket: what was asked and approved, the trip, its flags (each resolved with an
// explanation or with the violation it shows), the timeline of who did what when, and the actions its status allows.
import { Alert, Card, Col, Descriptions, Empty, Form, Input, List, Row, Space, Tag, Timeline, Typography, App, Button } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { DispatchFlag, TicketDetail } from '../../../../shared/api/dispatch.ts';
import { canCall } from '../../lib/access.ts';
import { useSession } from '../../lib/session.tsx';
import { notLoaded, useCall } from '../../lib/useCall.tsx';
import { ActionModal } from '../../lib/ActionModal.tsx';
import { FlagViolationActions, FlagViolationLink } from './FlagViolation.tsx';
import { FlagTags, StatusTag } from './parts.tsx';
import { TicketActions } from './TicketActions.tsx';

export function TicketPage() {
  const { id } = useParams();
  const loaded = useCall('dispatch.get', { id: Number(id) });
  if (!loaded.data) return notLoaded(loaded);
  return <TicketView ticket={loaded.data} onChanged={loaded.setData} />;
}

function TicketView({ ticket, onChanged }: { ticket: TicketDetail; onChanged(t: TicketDetail): void }) {
  const { t } = useTranslation();
  const dash = (v: string | number | null) => (v === null || v === '' ? '—' : v);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <span>{t('ui.dispatch.ticketTitle', { number: ticket.number })}</span>
            <StatusTag status={ticket.status} />
            <FlagTags ticket={ticket} />
          </Space>
        }
        extra={<TicketActions ticket={ticket} onChanged={onChanged} />}
      >
        <Row gutter={24}>
          <Col xs={24} xl={12}>
            <Descriptions title={t('ui.dispatch.info')} column={1} size="small" bordered>
              <Descriptions.Item label={t('field.vehicleId')}>
                <Link to={`/vehicles/${ticket.vehicleId}`}>{ticket.plate}</Link> · {ticket.vehicleModel}
              </Descriptions.Item>
              <Descriptions.Item label={t('entity.drivers')}>
                <Link to={`/drivers/${ticket.driverId}`}>{ticket.driverName}</Link>
                {t('ui.common.paren', { text: ticket.employeeNo })}
              </Descriptions.Item>
              <Descriptions.Item label={t('field.purposeKind')}>{t(`purposeKind.${ticket.purposeKind}`)}</Descriptions.Item>
              <Descriptions.Item label={t('field.destination')}>{ticket.destination}</Descriptions.Item>
              <Descriptions.Item label={t('field.purposeNote')}>{dash(ticket.purposeNote)}</Descriptions.Item>
              <Descriptions.Item label={t('ui.dispatch.plannedWindow')}>
                {ticket.plannedDeparture} — {ticket.plannedReturn}
              </Descriptions.Item>
              <Descriptions.Item label={ticket.status === 'rejected' ? t('ui.dispatch.event.rejected') : t('ui.dispatch.col.approval')}>
                {ticket.approvedByName ? (
                  <>
                    {t('ui.dispatch.eventBy', { name: ticket.approvedByName, role: t(`role.${ticket.approvedRole}`) })} {ticket.approvedAt}
                    {ticket.approvedByPhone && (
                      <Tag color="orange" style={{ marginLeft: 8 }}>
                        {t('ui.dispatch.byPhone')}
                      </Tag>
                    )}
                  </>
                ) : (
                  '—'
                )}
              </Descriptions.Item>
              {ticket.decisionReason && <Descriptions.Item label={t('field.reason')}>{ticket.decisionReason}</Descriptions.Item>}
            </Descriptions>
          </Col>
          <Col xs={24} xl={12}>
            <Descriptions title={t('ui.dispatch.trip')} column={1} size="small" bordered>
              <Descriptions.Item label={t('field.departedAt')}>{dash(ticket.departedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('field.odometerOutKm')}>{dash(ticket.odometerOutKm)}</Descriptions.Item>
              <Descriptions.Item label={t('field.returnedAt')}>{dash(ticket.returnedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('field.odometerInKm')}>{dash(ticket.odometerInKm)}</Descriptions.Item>
              <Descriptions.Item label={t('field.distanceKm')}>{dash(ticket.distanceKm)}</Descriptions.Item>
              <Descriptions.Item label={`${t('field.parkedAtPlace')}${t('ui.common.paren', { text: ticket.parkingPlace })}`}>
                {ticket.parkedAtPlace === null ? '—' : ticket.parkedAtPlace ? t('ui.dispatch.parkedYes') : t('ui.dispatch.parkedNo')}
                {ticket.parkingNote && ` · ${ticket.parkingNote}`}
              </Descriptions.Item>
              {ticket.closedAt && (
                <Descriptions.Item label={t('ticketStatus.closed')}>
                  {ticket.closedByName} {ticket.closedAt}
                </Descriptions.Item>
              )}
            </Descriptions>
          </Col>
        </Row>
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <FlagsCard ticket={ticket} onChanged={onChanged} />
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('ui.dispatch.timeline')}>
            <Timeline
              items={ticket.events.map((e) => ({
                color: e.kind === 'flag_raised' ? 'red' : e.kind === 'rejected' || e.kind === 'cancelled' ? 'gray' : 'blue',
                content: (
                  <div data-testid={`event-${e.kind}`}>
                    <Typography.Text strong>{t(`ui.dispatch.event.${e.kind}`)}</Typography.Text> {e.at}{' '}
                    {t('ui.dispatch.eventBy', { name: e.byName, role: t(`role.${e.role}`) })}
                    {e.onBehalf && <Tag style={{ marginLeft: 8 }}>{t('ui.dispatch.onBehalf')}</Tag>}
                    {enteredLater(e.at, e.recordedAt) && <Typography.Text type="secondary"> · {t('ui.dispatch.recordedLater', { at: e.recordedAt })}</Typography.Text>}
                    {e.note && (
                      <div>
                        <Typography.Text type="secondary">{e.kind.startsWith('flag') ? flagNote(e.note, t) : e.note}</Typography.Text>
                      </div>
                    )}
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}

/** Entered more than an hour after it happened (a phone approval, a late check-in). */
function enteredLater(at: string, recordedAt: string): boolean {
  return dayjs(recordedAt).diff(dayjs(at), 'minute') > 60;
}

/** Flag events carry 'kind' or 'kind: explanation'; show the kind by its name. */
function flagNote(note: string, t: (k: string, o?: Record<string, unknown>) => string): string {
  const [kind, ...rest] = note.split(': ');
  const name = t(`flagKind.${kind}`);
  return rest.length ? t('ui.common.labelled', { label: name, value: rest.join(': ') }) : name;
}

function FlagsCard({ ticket, onChanged }: { ticket: TicketDetail; onChanged(t: TicketDetail): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useSession();
  const [resolving, setResolving] = useState<DispatchFlag | null>(null);
  const canResolve = canCall(user.roles, 'dispatch.resolveFlag');
  return (
    <Card title={t('ui.dispatch.flags')}>
      {ticket.flagDetails.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ui.dispatch.noFlags')} />
      ) : (
        <List
          dataSource={ticket.flagDetails}
          renderItem={(f) => (
            <List.Item
              data-testid={`flag-row-${f.kind}`}
              extra={
                <Space wrap style={{ justifyContent: 'flex-end' }}>
                  {!f.resolvedAt && canResolve && (
                    <Button type="primary" size="small" onClick={() => setResolving(f)}>
                      {t('ui.dispatch.resolve')}
                    </Button>
                  )}
                  <FlagViolationActions ticket={ticket} flag={f} onChanged={onChanged} />
                </Space>
              }
            >
              <List.Item.Meta
                title={
                  <Space>
                    <Tag color={f.resolvedAt ? 'default' : 'error'}>{t(`flagKind.${f.kind}`)}</Tag>
                    <Typography.Text type="secondary">{f.raisedAt}</Typography.Text>
                  </Space>
                }
                description={
                  <>
                    {f.gapKm !== null && <div data-testid="flag-gap">{t('ui.dispatch.gap', { gap: f.gapKm, last: f.lastKm })}</div>}
                    {f.kind === 'not_parked' && ticket.parkingNote && <div>{ticket.parkingNote}</div>}
                    {f.violationId !== null && <FlagViolationLink violationId={f.violationId} />}
                    {f.resolvedAt && <div>{t('ui.dispatch.resolvedBy', { name: f.resolvedByName, role: t(`role.${f.resolvedRole}`), at: f.resolvedAt, text: f.explanation })}</div>}
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
      <ActionModal
        open={resolving !== null}
        title={resolving ? t('ui.dispatch.resolveTitle', { kind: t(`flagKind.${resolving.kind}`) }) : ''}
        okText={t('ui.dispatch.resolve')}
        method="dispatch.resolveFlag"
        build={(v) => ({ flagId: resolving?.id, explanation: v.explanation ?? '' })}
        onClose={() => setResolving(null)}
        onDone={(r) => {
          setResolving(null);
          void message.success(t('ui.dispatch.done.resolveFlag'));
          onChanged(r);
        }}
      >
        <Alert type="info" showIcon title={t('ui.dispatch.violationHint')} style={{ marginBottom: 16 }} />
        <Form.Item name="explanation" label={t('field.explanation')} required>
          <Input.TextArea maxLength={500} autoSize={{ minRows: 3 }} autoFocus />
        </Form.Item>
      </ActionModal>
    </Card>
  );
}
