// The captain's month on the audit screen: the signature bar (sign, or the director's
// reopening with a reason), the items to resolve with the explain/penalise dialog, and the
// penalties per driver the signature produced. Every figure is the backend's.
import { CheckCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Form, Input, InputNumber, Radio, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FuelItem, FuelMonth } from '../../../../shared/api/fuel.ts';
import { ActionModal } from '../../lib/ActionModal.tsx';
import { canCall } from '../../lib/access.ts';
import { fixedOrRaw } from '../../lib/forms.ts';
import { useSession } from '../../lib/session.tsx';
import { yuan } from './parts.tsx';
import { ReopenMonthModal } from '../../lib/ReopenMonthModal.tsx';

type Done = (m: FuelMonth) => void;

/** The month's state and its one action: the captain signs, the director reopens. */
export function SignoffBar({ data, onDone }: { data: FuelMonth; onDone: Done }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useSession();
  const [reopening, setReopening] = useState(false);
  const [signing, setSigning] = useState(false);
  const s = (k: string, o?: Record<string, unknown>) => t(`ui.fuel.signoff.${k}`, o ?? {});
  const reopened = data.history.filter((h) => h.reopenedAt);
  const canSign = canCall(user.roles, 'fuel.sign');
  const why = !data.ended ? s('notEnded') : data.unresolved > 0 ? s('unresolvedTip', { n: data.unresolved }) : null;
  return (
    <>
      <Alert
        data-testid="signoff-bar"
        style={{ marginBottom: 16 }}
        type={data.state === 'signed' ? 'success' : data.unresolved > 0 ? 'warning' : 'info'}
        showIcon
        title={data.state === 'signed' ? s('signed', { by: data.signedByName, at: data.signedAt }) : data.unresolved > 0 ? s('open', { n: data.unresolved }) : s('ready')}
        description={
          reopened.length > 0 && (
            <ul style={{ margin: 0, paddingLeft: 20 }} data-testid="signoff-history">
              {reopened.map((h, i) => (
                <li key={i}>{s('reopenedLine', { signedBy: h.signedByName, signedAt: h.signedAt, by: h.reopenedByName, at: h.reopenedAt, reason: h.reopenReason })}</li>
              ))}
            </ul>
          )
        }
        action={
          data.state === 'open'
            ? canSign && (
                <Tooltip title={why}>
                  <Button type="primary" disabled={why !== null} onClick={() => setSigning(true)}>
                    {s('sign')}
                  </Button>
                </Tooltip>
              )
            : canCall(user.roles, 'fuel.reopen') && (
                <Button danger onClick={() => setReopening(true)}>
                  {s('reopen')}
                </Button>
              )
        }
      />
      {signing && (
        <ActionModal
          open
          title={s('signTitle', { month: data.month })}
          okText={s('sign')}
          method="fuel.sign"
          build={() => ({ month: data.month })}
          onClose={() => setSigning(false)}
          onDone={(m) => {
            setSigning(false);
            void message.success(s('signedDone', { month: m.month }));
            onDone(m);
          }}
        >
          <p data-testid="sign-summary">{s('signSummary', { month: data.month, n: data.items.length, penalised: data.items.filter((i) => i.resolution?.decision === 'penalised').length })}</p>
        </ActionModal>
      )}
      {reopening && <ReopenMonthModal method="fuel.reopen" month={data.month} texts="ui.fuel.signoff" onClose={() => setReopening(false)} onDone={onDone} />}
    </>
  );
}

/** What an item is, in words: the excess of the vehicle, or the anomaly of one fill. */
function ItemText({ item }: { item: FuelItem }) {
  const { t } = useTranslation();
  return item.anomalyKind === null ? (
    <Typography.Text type="danger">{t('ui.fuel.signoff.overItem', item.params)}</Typography.Text>
  ) : (
    <span>{t(`fuelAnomaly.${item.anomalyKind}`, item.params)}</span>
  );
}

/** The items of a month (or of one vehicle), each with its resolution or the button to make one. */
export function ItemsTable({ data, vehicleId, onDone }: { data: FuelMonth; vehicleId?: number; onDone: Done }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [resolving, setResolving] = useState<FuelItem | null>(null);
  const s = (k: string, o?: Record<string, unknown>) => t(`ui.fuel.signoff.${k}`, o ?? {});
  const items = vehicleId === undefined ? data.items : data.items.filter((i) => i.vehicleId === vehicleId);
  const mayResolve = data.state === 'open' && canCall(user.roles, 'fuel.resolve');
  return (
    <>
      <Table<FuelItem>
        rowKey="key"
        size="small"
        dataSource={items}
        pagination={items.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        locale={{ emptyText: s('noItems') }}
        data-testid="fuel-items"
        rowClassName={(i) => (!i.resolution || i.stale ? 'item-open' : 'item-resolved')}
        columns={[
          ...(vehicleId === undefined ? [{ key: 'plate', title: t('ui.fuel.col.plate'), width: 100, dataIndex: 'plate' }] : []),
          { key: 'what', title: s('what'), render: (_: unknown, i: FuelItem) => <ItemText item={i} /> },
          {
            key: 'resolution',
            title: s('resolution'),
            render: (_: unknown, i: FuelItem) =>
              !i.resolution ? (
                <Tag icon={<ExclamationCircleFilled />} color="warning">
                  {s('unresolved')}
                </Tag>
              ) : (
                <Space orientation="vertical" size={0}>
                  <span>
                    <Tag icon={<CheckCircleFilled />} color={i.resolution.decision === 'penalised' ? 'error' : 'success'}>
                      {s(`decision.${i.resolution.decision}`)}
                      {i.resolution.decision === 'penalised' && ` ${yuan(i.resolution.amountFen)} ${t('ui.fuel.unit.yuan')}`}
                    </Tag>
                    {i.resolution.dismissal && <Tag color="error">{s('dismissalTag')}</Tag>}
                    {i.stale && <Tag color="warning">{s('stale')}</Tag>}
                  </span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {i.resolution.note} · {i.resolution.decidedByName} {i.resolution.decidedAt}
                  </Typography.Text>
                </Space>
              ),
          },
          ...(mayResolve
            ? [
                {
                  key: 'action',
                  width: 110,
                  render: (_: unknown, i: FuelItem) => (
                    <Button size="small" type={!i.resolution || i.stale ? 'primary' : 'default'} onClick={() => setResolving(i)}>
                      {i.resolution ? s('change') : s('resolve')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {resolving && <ResolveModal month={data.month} item={resolving} onClose={() => setResolving(null)} onDone={(m) => (setResolving(null), onDone(m))} />}
    </>
  );
}

function ResolveModal({ month, item, onClose, onDone }: { month: string; item: FuelItem; onClose(): void; onDone: Done }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const s = (k: string, o?: Record<string, unknown>) => t(`ui.fuel.signoff.${k}`, o ?? {});
  const isOver = item.anomalyKind === null;
  return (
    <ActionModal
      open
      title={s('resolveTitle', { plate: item.plate })}
      okText={s('save')}
      method="fuel.resolve"
      initialValues={{
        decision: item.resolution?.decision,
        note: item.resolution?.note,
        amount: item.anomalyKind !== null && item.resolution?.decision === 'penalised' ? item.resolution.amountFen / 100 : undefined,
        dismissal: item.resolution?.dismissal ?? false,
      }}
      build={(v) => ({
        month,
        vehicleId: item.vehicleId,
        ...(isOver ? {} : { fillupId: item.fillupId, anomalyKind: item.anomalyKind }),
        decision: v.decision,
        note: v.note ?? '',
        ...(!isOver && v.decision === 'penalised' ? { amountFen: fixedOrRaw(v.amount, 2) } : {}),
        dismissal: v.decision === 'penalised' && v.dismissal === true,
      })}
      onClose={onClose}
      onDone={(m) => {
        void message.success(s('resolved', { plate: item.plate }));
        onDone(m);
      }}
    >
      {(form) => (
        <>
          <p style={{ marginTop: 0 }} data-testid="resolve-item">
            <ItemText item={item} />
          </p>
          <Form.Item name="decision" label={s('decisionLabel')} required>
            <Radio.Group
              options={[
                { value: 'explained', label: s('decision.explained') },
                { value: 'penalised', label: isOver ? s('penaliseOver', { amount: yuan(item.amountFen) }) : s('decision.penalised') },
              ]}
            />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.decision !== b.decision}>
            {() =>
              !isOver &&
              form.getFieldValue('decision') === 'penalised' && (
                <Form.Item name="amount" label={s('amount')} required extra={s('amountHint', { amount: yuan(item.amountFen) })}>
                  <InputNumber min={0.01} precision={2} step={1} style={{ width: 200 }} suffix={t('ui.fuel.yuanUnit')} />
                </Form.Item>
              )
            }
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.decision !== b.decision}>
            {() =>
              form.getFieldValue('decision') === 'penalised' && (
                <Form.Item name="dismissal" valuePropName="checked" extra={s('dismissalHint')}>
                  <Checkbox>{s('dismissal')}</Checkbox>
                </Form.Item>
              )
            }
          </Form.Item>
          <Form.Item name="note" label={s('note')} required>
            <Input.TextArea rows={3} maxLength={200} showCount placeholder={s('notePlaceholder')} />
          </Form.Item>
        </>
      )}
    </ActionModal>
  );
}

/** The penalties the signature in force produced, per driver and vehicle. */
export function PenaltyTable({ data }: { data: FuelMonth }) {
  const { t } = useTranslation();
  const s = (k: string, o?: Record<string, unknown>) => t(`ui.fuel.signoff.${k}`, o ?? {});
  if (data.state !== 'signed') return <Alert type="info" showIcon title={s('penaltiesAfterSign')} />;
  return (
    <Table
      rowKey="id"
      size="small"
      dataSource={data.penalties}
      pagination={false}
      locale={{ emptyText: s('noPenalties') }}
      data-testid="fuel-penalties"
      columns={[
        { key: 'driver', title: t('ui.fuel.driverCol.name'), dataIndex: 'driverName' },
        { key: 'plate', title: t('ui.fuel.col.plate'), dataIndex: 'plate' },
        { key: 'source', title: s('source'), render: (_, p) => s(`sourceOf.${p.source}`) },
        { key: 'km', title: t('ui.fuel.driverCol.km'), align: 'right', render: (_, p) => p.km ?? '—' },
        { key: 'amount', title: s('penalty'), align: 'right', render: (_, p) => yuan(p.amountFen) },
        { key: 'note', title: s('note'), dataIndex: 'note' },
      ]}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0} colSpan={4}>
            {t('ui.common.sum')}
          </Table.Summary.Cell>
          <Table.Summary.Cell index={1} align="right">
            <strong data-testid="penalty-total">{yuan(data.penaltyTotalFen)}</strong>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={2} />
        </Table.Summary.Row>
      )}
    />
  );
}
