// One repair order: what was asked, who approved it (by phone, with the form filed later),
// the shop's list with the catalogue check of every line, the old parts' check, corrections
// and reasons, the backend's totals, the driver's signature, an engine seizure, the timeline,
// and the actions its status allows the person.
import { ActionModal } from '../../lib/ActionModal.tsx';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Form, Input, Row, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { RepairOrder } from '../../../../shared/api/repairs.ts';
import { formatFixed } from '../../../../shared/domain/money.ts';
import { fenOrRaw, MarkerTags, qty, RepairStatusTag, scaledOrRaw, urgentText, yuan } from './parts.tsx';
import { RepairActions, useMay } from './RepairActions.tsx';
import { notLoaded, useCall } from '../../lib/useCall.tsx';

type Line = RepairOrder['lines'][number];
type T = (k: string, o?: Record<string, unknown>) => string;

export function RepairPage() {
  const { id } = useParams();
  const loaded = useCall('repairs.get', { id: Number(id) });
  if (!loaded.data) return notLoaded(loaded);
  return <RepairView order={loaded.data} onChanged={loaded.setData} />;
}

/** Signed as the lines are now / changed since the signature / not signed yet. */
function SignedMark({ order }: { order: RepairOrder }) {
  const { t } = useTranslation();
  if (order.lines.length === 0) return <>—</>;
  if (order.signed)
    return (
      <Tag color="green" data-testid="signed">
        {t('ui.repairs.signed.yes', { name: order.driverName })}
      </Tag>
    );
  const signedBefore = order.events.some((e) => e.step === 'sign');
  return (
    <Tag color={signedBefore ? 'red' : 'orange'} data-testid="signed">
      {t(signedBefore ? 'ui.repairs.signed.again' : 'ui.repairs.signed.no', { name: order.driverName })}
    </Tag>
  );
}

function RepairView({ order, onChanged }: { order: RepairOrder; onChanged(o: RepairOrder): void }) {
  const { t } = useTranslation();
  const dash = (v: string | null) => (v === null || v === '' ? '—' : v);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <span data-testid="repair-title">{t('ui.repairs.title', { number: order.number })}</span>
            <RepairStatusTag status={order.status} />
            <MarkerTags order={order} />
          </Space>
        }
        extra={<RepairActions order={order} onChanged={onChanged} />}
        styles={{ header: { flexWrap: 'wrap', gap: 8, paddingBlock: 8 } }}
      >
        <Row gutter={24}>
          <Col xs={24} xl={12}>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('field.vehicleId')}>
                <Link to={`/vehicles/${order.vehicleId}`}>{order.plate}</Link>
              </Descriptions.Item>
              <Descriptions.Item label={t('ui.repairs.field.driver')}>
                <Link to={`/drivers/${order.driverId}`}>{order.driverName}</Link>
              </Descriptions.Item>
              <Descriptions.Item label={t('ui.repairs.field.shop')}>{order.shopName}</Descriptions.Item>
              <Descriptions.Item label={t('ui.repairs.col.created')}>{order.createdAt}</Descriptions.Item>
              {order.urgent && (
                <Descriptions.Item label={t('ui.repairs.urgentLabel')}>
                  <Typography.Text type="warning" data-testid="urgent-note">
                    {urgentText(order, t)}
                  </Typography.Text>
                </Descriptions.Item>
              )}
              {order.decisionReason && <Descriptions.Item label={t('ui.repairs.rejectedReason')}>{order.decisionReason}</Descriptions.Item>}
            </Descriptions>
          </Col>
          <Col xs={24} xl={12}>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('field.symptoms')}>
                <span style={{ whiteSpace: 'pre-wrap' }}>{order.symptoms}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('field.requestedWork')}>
                <span style={{ whiteSpace: 'pre-wrap' }}>{dash(order.requestedWork)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('ui.repairs.signed.label')}>
                <SignedMark order={order} />
              </Descriptions.Item>
              {order.paymentApprovedAt && <Descriptions.Item label={t('ui.repairs.paymentApprovedAt')}>{order.paymentApprovedAt}</Descriptions.Item>}
            </Descriptions>
          </Col>
        </Row>
        {order.seizureCause && (
          <Alert
            type="error"
            showIcon
            style={{ marginTop: 16 }}
            data-testid="seizure-box"
            title={t('ui.repairs.seizure.title', { cause: t(`ui.repairs.seizure.causes.${order.seizureCause}`) })}
            description={
              <>
                <div>{order.seizureNote}</div>
                <div>
                  <Typography.Text strong>{t('ui.repairs.seizure.charge', { amount: yuan(order.driverChargeFen) })}</Typography.Text>
                </div>
                <div>{t('ui.repairs.seizure.flagged', { driver: order.driverName })}</div>
              </>
            }
          />
        )}
      </Card>
      <LinesCard order={order} onChanged={onChanged} />
      <Card title={t('ui.repairs.timeline')}>
        <Timeline
          items={order.events.map((e, i) => ({
            color: e.step === 'reject' || e.step === 'refuseSignature' || e.step === 'markSeizure' ? 'red' : e.step === 'pay' ? 'green' : 'blue',
            content: (
              <div data-testid={`event-${e.step}`} key={i}>
                <Typography.Text strong>{t(`repairStep.${e.step}`)}</Typography.Text> {e.at} {t('ui.repairs.eventBy', { name: e.byName, role: t(`role.${e.role}`) })}
                {e.recordedAt !== e.at && <Typography.Text type="secondary"> · {t('ui.repairs.recordedAt', { at: e.recordedAt })}</Typography.Text>}
                {e.note && (
                  <div>
                    <Typography.Text type="secondary">{e.note}</Typography.Text>
                  </div>
                )}
              </div>
            ),
          }))}
        />
      </Card>
    </Space>
  );
}

/** "原 2.00 个 × 400.00 元 → 现 2.00 个 × 380.00 元，原因：…" */
function correctionText(l: Line, t: T): string | null {
  if (!l.correctedFrom) return null;
  return t('ui.repairs.correction', {
    from: `${qty(l.correctedFrom.quantity)}${l.unit} × ${yuan(l.correctedFrom.unitPriceFen)}`,
    to: `${qty(l.quantity)}${l.unit} × ${yuan(l.unitPriceFen)}`,
    reason: l.correctionReason ?? '',
  });
}

function LinesCard({ order, onChanged }: { order: RepairOrder; onChanged(o: RepairOrder): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const may = useMay(order);
  const [checking, setChecking] = useState<Line | null>(null);
  const [correcting, setCorrecting] = useState<Line | null>(null);
  const c = (k: string) => t(`ui.repairs.col.${k}`);

  const columns = [
    { key: 'n', title: '#', width: 40, render: (l: Line) => l.position },
    { key: 'kind', title: c('kind'), width: 56, render: (l: Line) => t(l.kind === 'part' ? 'ui.repairs.lines.kindPart' : 'ui.repairs.lines.kindLabour') },
    {
      key: 'name',
      title: c('name'),
      render: (l: Line) => (
        <>
          <span style={{ marginRight: 4 }}>{l.name}</span>
          {l.kind === 'part' && (l.partId === null ? <Tag color="orange">{t('ui.repairs.freeTextTag')}</Tag> : <Tag>{t('ui.repairs.catalogueTag')}</Tag>)}
          {l.isMajor && <Tag color="volcano">{t('ui.repairs.majorPart')}</Tag>}
          {l.freeTextReason && (
            <div>
              <Typography.Text type="secondary">{t('ui.repairs.freeTextReason', { reason: l.freeTextReason })}</Typography.Text>
            </div>
          )}
        </>
      ),
    },
    { key: 'quantity', title: c('quantity'), align: 'right' as const, width: 90, render: (l: Line) => `${qty(l.quantity)} ${l.unit}` },
    { key: 'price', title: c('unitPrice'), align: 'right' as const, width: 100, render: (l: Line) => yuan(l.unitPriceFen) },
    {
      key: 'reference',
      title: c('reference'),
      align: 'right' as const,
      width: 100,
      render: (l: Line) => (l.referencePriceFen === null ? '—' : <Typography.Text type={l.needsReason ? 'danger' : undefined}>{yuan(l.referencePriceFen)}</Typography.Text>),
    },
    { key: 'total', title: c('lineTotal'), align: 'right' as const, width: 110, render: (l: Line) => yuan(l.totalFen) },
    {
      key: 'check',
      title: c('check'),
      width: 200,
      render: (l: Line) => {
        const correction = correctionText(l, t);
        return (
          <>
            {l.needsReason && (
              <div>
                <Tag color="red">{t('ui.repairs.aboveReference')}</Tag>
                {l.deviationReason ? t('ui.repairs.deviationReason', { reason: l.deviationReason }) : <Typography.Text type="danger">{t('ui.repairs.deviationMissing')}</Typography.Text>}
              </div>
            )}
            {!l.needsReason && l.deviationReason && <div>{t('ui.repairs.deviationReason', { reason: l.deviationReason })}</div>}
            {correction && (
              <div data-testid={`correction-${l.position - 1}`}>
                <Tag color="blue">{t('ui.repairs.corrected')}</Tag>
                {correction}
              </div>
            )}
            {may('correct') && (
              <Button size="small" onClick={() => setCorrecting(l)} data-testid={`correct-${l.position - 1}`}>
                {t('ui.repairs.action.correct')}
              </Button>
            )}
          </>
        );
      },
    },
    {
      key: 'oldPart',
      title: c('oldPart'),
      width: 170,
      render: (l: Line) =>
        !l.isMajor ? (
          ''
        ) : l.oldPartCheckedAt ? (
          <div data-testid={`old-part-${l.position - 1}`}>
            <Typography.Text type="success">{t('ui.repairs.oldPart.checked', { name: l.oldPartCheckedByName, at: l.oldPartCheckedAt })}</Typography.Text>
            {l.oldPartNote && (
              <div>
                <Typography.Text type="secondary">{l.oldPartNote}</Typography.Text>
              </div>
            )}
          </div>
        ) : (
          <Space wrap data-testid={`old-part-${l.position - 1}`}>
            <Typography.Text type="warning">{t('ui.repairs.oldPart.pending')}</Typography.Text>
            {may('checkOldPart') && (
              <Button size="small" type="primary" onClick={() => setChecking(l)} data-testid={`check-old-part-${l.position - 1}`}>
                {t('ui.repairs.action.checkOldPart')}
              </Button>
            )}
          </Space>
        ),
    },
  ];

  return (
    <Card title={t('ui.repairs.linesTitle')}>
      {order.lines.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ui.repairs.noLines')} />
      ) : (
        <Table<Line>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={order.lines}
          columns={columns}
          data-testid="repair-lines"
          scroll={{ x: 1040 }}
          summary={() => (
            <Table.Summary>
              {(
                [
                  ['parts', order.partsFen, 'parts-fen'],
                  ['labour', order.labourFen, 'labour-fen'],
                  ['total', order.totalFen, 'order-total'],
                ] as const
              ).map(([key, fen, testId]) => {
                const label = t(`ui.repairs.totals.${key}`);
                const value = <span data-testid={testId}>{yuan(fen)}</span>;
                return (
                  <Table.Summary.Row key={key}>
                    <Table.Summary.Cell index={0} colSpan={6} align="right">
                      {key === 'total' ? <strong>{label}</strong> : label}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={6} align="right">
                      {key === 'total' ? <strong>{value}</strong> : value}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={7} colSpan={2} />
                  </Table.Summary.Row>
                );
              })}
            </Table.Summary>
          )}
        />
      )}

      <ActionModal
        open={checking !== null}
        title={checking ? t('ui.repairs.action.checkOldPartTitle', { name: checking.name }) : ''}
        okText={t('ui.repairs.action.checkOldPart')}
        method="repairs.checkOldPart"
        build={(v) => ({ lineId: checking?.id, note: v.note ?? '' })}
        onClose={() => setChecking(null)}
        onDone={(o) => {
          setChecking(null);
          void message.success(t('ui.repairs.done.checkOldPart', { number: o.number }));
          onChanged(o);
        }}
      >
        {checking && (
          <Typography.Paragraph>
            {t('ui.repairs.action.checkOldPartHint', { name: checking.name, quantity: qty(checking.quantity), unit: checking.unit })}
          </Typography.Paragraph>
        )}
        <Form.Item name="note" label={t('ui.repairs.oldPart.note')} required>
          <Input maxLength={200} autoFocus placeholder={t('ui.repairs.oldPart.notePlaceholder')} />
        </Form.Item>
      </ActionModal>

      <ActionModal
        open={correcting !== null}
        title={correcting ? t('ui.repairs.action.correctTitle', { n: correcting.position, name: correcting.name }) : ''}
        okText={t('ui.repairs.action.correct')}
        method="repairs.correct"
        initialValues={correcting ? { quantity: qty(correcting.quantity), unitPriceFen: formatFixed(correcting.unitPriceFen, 2) } : undefined}
        build={(v) => ({ lineId: correcting?.id, quantity: scaledOrRaw(v.quantity, 2), unitPriceFen: fenOrRaw(v.unitPriceFen), reason: v.reason ?? '' })}
        onClose={() => setCorrecting(null)}
        onDone={(o) => {
          setCorrecting(null);
          void message.success(t('ui.repairs.done.correct', { number: o.number }));
          onChanged(o);
        }}
      >
        {correcting && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('ui.repairs.action.correctHint', {
              quantity: qty(correcting.quantity),
              unit: correcting.unit,
              price: yuan(correcting.unitPriceFen),
              reference: correcting.referencePriceFen === null ? '—' : yuan(correcting.referencePriceFen),
            })}
          />
        )}
        <div style={{ display: 'flex', gap: 16 }}>
          <Form.Item name="quantity" label={t('ui.repairs.lines.quantity')} required style={{ flex: 1 }}>
            <Input inputMode="decimal" autoFocus suffix={correcting?.unit} />
          </Form.Item>
          <Form.Item name="unitPriceFen" label={t('ui.repairs.lines.unitPrice')} required style={{ flex: 1 }}>
            <Input inputMode="decimal" />
          </Form.Item>
        </div>
        <Form.Item name="reason" label={t('ui.repairs.action.correctReason')} required>
          <Input maxLength={200} />
        </Form.Item>
      </ActionModal>
    </Card>
  );
}
