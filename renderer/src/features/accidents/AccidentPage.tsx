// One accident: its facts, the costs with the backend's total, the driver's share with its
// computation in words, what still stands in the way of closing it, the flags for the
// director (a repeat lists every accident it counted), the attachments, and the actions the
// person may take.
import { Alert, Card, Col, Descriptions, Empty, Row, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Accident } from '../../../../shared/api/accidents.ts';
import { notLoaded, useCall } from '../../lib/useCall.tsx';
import { AccidentActions } from './AccidentActions.tsx';
import { Attachments } from './Attachments.tsx';
import { AccidentStatusTag, FindingTag, FlagTags, yuan } from './parts.tsx';

type Cost = Accident['costs'][number];

export function AccidentPage() {
  const { id } = useParams();
  const { i18n } = useTranslation();
  const loaded = useCall('accidents.get', { id: Number(id) });
  const { reload } = loaded;
  // The backend writes the words, flags and blockers in the person's language: ask again when it changes.
  const lang = useRef(i18n.language);
  useEffect(() => {
    if (lang.current === i18n.language) return;
    lang.current = i18n.language;
    void reload();
  }, [i18n.language, reload]);
  if (!loaded.data) return notLoaded(loaded);
  return <AccidentView accident={loaded.data} onChanged={loaded.setData} />;
}

function AccidentView({ accident: a, onChanged }: { accident: Accident; onChanged(a: Accident): void }) {
  const { t } = useTranslation();
  const d = (k: string, o?: Record<string, unknown>) => t(`ui.accidents.detail.${k}`, o);
  const dash = (v: string | null | undefined) => (v === null || v === undefined || v === '' ? '—' : v);
  const yesNo = (v: boolean) => t(v ? 'ui.common.yes' : 'ui.common.no');

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <span data-testid="accident-title">{d('title', { number: a.number })}</span>
            <AccidentStatusTag status={a.status} />
            <FindingTag finding={a.finding} />
            {a.privateUse && <Tag color="purple">{t('ui.accidents.privateUse')}</Tag>}
            <FlagTags flags={a.flags} />
          </Space>
        }
        extra={<AccidentActions accident={a} onChanged={onChanged} />}
        styles={{ header: { flexWrap: 'wrap', gap: 8, paddingBlock: 8 } }}
      >
        {a.flagDetails.map((flag) => (
          <Alert
            key={flag.kind}
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid={`flag-detail-${flag.kind}`}
            title={flag.text}
            description={
              flag.related.length > 0 ? (
                <Space wrap size={[12, 4]}>
                  <span>{d('related')}</span>
                  {flag.related.map((r) => (
                    <span key={r.id}>
                      {r.id === a.id ? <Typography.Text strong>{r.number}</Typography.Text> : <Link to={`/accidents/${r.id}`}>{r.number}</Link>}
                      <Typography.Text type="secondary">{t('ui.common.paren', { text: `${r.occurredAt} ${t(`finding.${r.finding}`)}` })}</Typography.Text>
                    </span>
                  ))}
                </Space>
              ) : undefined
            }
          />
        ))}
        {a.status === 'open' && a.closeBlockers.length > 0 && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="close-blockers"
            title={d('blockers')}
            description={
              <ul style={{ margin: 0, paddingLeft: 20 }}>
                {a.closeBlockers.map((b) => (
                  <li key={b}>{b}</li>
                ))}
              </ul>
            }
          />
        )}
        <Row gutter={[24, 16]}>
          <Col xs={24} xl={14}>
            <Descriptions column={1} size="small" bordered styles={{ label: { width: 130 } }}>
              <Descriptions.Item label={t('field.occurredAt')}>{a.occurredAt}</Descriptions.Item>
              <Descriptions.Item label={t('field.vehicleId')}>
                <Link to={`/vehicles/${a.vehicleId}`}>{a.plate}</Link>
              </Descriptions.Item>
              <Descriptions.Item label={t('ui.accidents.form.driver')}>
                <Link to={`/drivers/${a.driverId}`}>{a.driverName}</Link>
              </Descriptions.Item>
              <Descriptions.Item label={t('field.ticketId')}>
                {a.ticketId !== null ? <Link to={`/tickets/${a.ticketId}`}>{a.ticketNumber}</Link> : <Typography.Text type="warning">{d('privateTicket')}</Typography.Text>}
              </Descriptions.Item>
              <Descriptions.Item label={t('field.place')}>{a.place}</Descriptions.Item>
              <Descriptions.Item label={t('field.description')}>
                <span style={{ whiteSpace: 'pre-wrap' }}>{a.description}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('field.finding')}>
                {t(`finding.${a.finding}`)}
                {a.findingNo && <Typography.Text type="secondary">{t('ui.common.paren', { text: d('findingNo', { no: a.findingNo }) })}</Typography.Text>}
              </Descriptions.Item>
              <Descriptions.Item label={t('field.reporting')}>
                <Typography.Text type={a.reporting === 'in_time' ? undefined : 'danger'}>{t(`reporting.${a.reporting}`)}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('field.major')}>{yesNo(a.major)}</Descriptions.Item>
              <Descriptions.Item label={t('field.notParked')}>{yesNo(a.notParked)}</Descriptions.Item>
              <Descriptions.Item label={d('recorded')}>{d('by', { at: a.recordedAt, name: a.recordedByName, role: t(`role.${a.recordedRole}`) })}</Descriptions.Item>
              {a.closedAt && (
                <Descriptions.Item label={d('closed')}>
                  <span data-testid="closed-by">{d('by', { at: a.closedAt, name: dash(a.closedByName), role: a.closedRole ? t(`role.${a.closedRole}`) : '' })}</span>
                  {a.closeNote && <div>{d('note', { note: a.closeNote })}</div>}
                </Descriptions.Item>
              )}
              {a.reopenedAt && (
                <Descriptions.Item label={d('reopened')}>
                  {d('byName', { at: a.reopenedAt, name: dash(a.reopenedByName) })}
                  {a.reopenReason && <div>{d('reason', { reason: a.reopenReason })}</div>}
                </Descriptions.Item>
              )}
            </Descriptions>
          </Col>
          <Col xs={24} xl={10}>
            <ShareCard accident={a} />
          </Col>
        </Row>
      </Card>
      <CostsCard accident={a} />
      <Attachments accident={a} onChanged={onChanged} />
    </Space>
  );
}

/** The driver's share as the backend computed it (frozen once closed), with the words. */
function ShareCard({ accident: a }: { accident: Accident }) {
  const { t } = useTranslation();
  const d = (k: string, o?: Record<string, unknown>) => t(`ui.accidents.detail.${k}`, o);
  const s = a.share;
  const tone = s.state === 'computed' ? undefined : s.state === 'cap_unset' ? 'danger' : 'secondary';
  return (
    <Card type="inner" title={d('shareTitle')} data-testid="share-card" extra={<Typography.Text type="secondary">{d('policyMonth', { month: s.policyMonth })}</Typography.Text>}>
      <div style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{d('shareLabel', { driver: a.driverName })}</Typography.Text>
        <div>
          <Typography.Text strong style={{ fontSize: 24 }} type={tone} data-testid="share-fen">
            {s.shareFen === null ? '—' : d('yuanAmount', { amount: yuan(s.shareFen) })}
          </Typography.Text>
          {s.capped && (
            <Tag color="blue" style={{ marginLeft: 8 }}>
              {d('capped')}
            </Tag>
          )}
        </div>
      </div>
      <div data-testid="share-words">
        {s.words.map((w, i) => (
          <Typography.Paragraph key={i} style={{ marginBottom: 4 }} type={s.state === 'cap_unset' ? 'danger' : undefined}>
            {w}
          </Typography.Paragraph>
        ))}
      </div>
      {a.status === 'closed' && a.closedMonth && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }} data-testid="closed-month">
          {d('chargedTo', { month: a.closedMonth })}
        </Typography.Paragraph>
      )}
      {a.status === 'open' && s.state === 'computed' && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {d('notFrozen')}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

function CostsCard({ accident: a }: { accident: Accident }) {
  const { t } = useTranslation();
  const d = (k: string, o?: Record<string, unknown>) => t(`ui.accidents.detail.${k}`, o);
  const columns = [
    { key: 'n', title: '#', width: 48, render: (_: unknown, _c: Cost, i: number) => i + 1 },
    { key: 'kind', title: t('ui.accidents.form.costKind'), width: 160, render: (_: unknown, c: Cost) => t(`costKind.${c.kind}`) },
    { key: 'amount', title: d('amount'), width: 160, align: 'right' as const, render: (_: unknown, c: Cost) => yuan(c.amountFen) },
    { key: 'note', title: t('ui.accidents.form.costNote'), render: (_: unknown, c: Cost) => c.note ?? '' },
  ];
  return (
    <Card title={d('costsTitle')}>
      {a.costs.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={d('noCosts')} />
      ) : (
        <Table<Cost>
          rowKey={(_, i) => String(i)}
          size="small"
          pagination={false}
          dataSource={a.costs}
          columns={columns}
          data-testid="accident-costs"
          summary={() => (
            <Table.Summary>
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={2} align="right">
                  <strong>{d('costTotal')}</strong>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  <strong data-testid="cost-total">{yuan(a.costFen)}</strong>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3} />
              </Table.Summary.Row>
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={2} align="right">
                  {d('insurance')}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  <span data-testid="insurance">{yuan(a.insuranceFen)}</span>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3} />
              </Table.Summary.Row>
            </Table.Summary>
          )}
        />
      )}
    </Card>
  );
}
