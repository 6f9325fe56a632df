// One purchase in full: its items, amounts, and who confirmed and approved it when.
import { Descriptions, Drawer, Table, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Purchase } from '../../../../shared/api/maintenance.ts';
import { PurchaseActions, quantityText } from './PurchaseActions.tsx';
import { BearsText, PurchaseStatusTag, yuan } from './parts.tsx';

export function PurchaseDrawer({ purchase, onClose, onChanged }: { purchase: Purchase | null; onClose(): void; onChanged(p: Purchase): void }) {
  const { t } = useTranslation();
  const m = (k: string, o?: Record<string, unknown>) => t(`ui.maintenance.purchase.${k}`, o);
  const p = purchase;
  return (
    <Drawer open={p !== null} onClose={onClose} size={640} title={p ? m('detailTitle', { number: p.number }) : ''} extra={p && <PurchaseActions purchase={p} onChanged={onChanged} />} data-testid="purchase-drawer">
      {p && (
        <>
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label={m('col.status')} span={2}>
              <PurchaseStatusTag status={p.status} />
              {p.bearsReason && <BearsText reason={p.bearsReason} />}
            </Descriptions.Item>
            <Descriptions.Item label={m('col.plate')}>{p.plate}</Descriptions.Item>
            <Descriptions.Item label={m('col.driver')}>{p.driverName}</Descriptions.Item>
            <Descriptions.Item label={m('col.estimated')}>{yuan(p.estimatedFen)}</Descriptions.Item>
            <Descriptions.Item label={m('field.actual')}>{yuan(p.actualFen)}</Descriptions.Item>
            <Descriptions.Item label={m('field.boughtOn')}>{p.boughtOn ?? ''}</Descriptions.Item>
            <Descriptions.Item label={m('field.receiptNo')}>{p.receiptNo ?? ''}</Descriptions.Item>
            {p.note && (
              <Descriptions.Item label={m('field.note')} span={2}>
                {p.note}
              </Descriptions.Item>
            )}
          </Descriptions>
          <Table
            style={{ marginTop: 16 }}
            size="small"
            rowKey={(_, i) => String(i)}
            pagination={false}
            dataSource={p.items}
            columns={[
              { key: 'name', title: m('field.name'), dataIndex: 'name' },
              { key: 'quantity', title: m('field.quantity'), align: 'right', render: (_, i) => quantityText(i.quantity) },
              { key: 'unit', title: m('field.unit'), dataIndex: 'unit' },
              { key: 'estimated', title: m('field.estimated'), align: 'right', render: (_, i) => yuan(i.estimatedFen) },
            ]}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={3}>
                  {t('ui.common.sum')}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">
                  {yuan(p.estimatedFen)}
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )}
          />
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {m('progress')}
          </Typography.Title>
          <Timeline items={progressOf(p, m)} data-testid="purchase-progress" />
        </>
      )}
    </Drawer>
  );
}

/** The steps taken (with who and when) and the next one awaited. */
function progressOf(p: Purchase, m: (k: string, o?: Record<string, unknown>) => string) {
  const at = (s: string) => <Typography.Text type="secondary"> {s}</Typography.Text>;
  const items: { color?: string; content: React.ReactNode }[] = [{ color: 'blue', content: <>{m('ev.created', { name: p.createdByName })}{at(p.createdAt)}</> }];
  const note = (s: string | null) => (s ? <div>{s}</div> : null);
  if (p.confirmedAt) items.push({ color: 'blue', content: <>{m('ev.confirmed', { name: p.confirmedByName ?? '' })}{at(p.confirmedAt)}{note(p.confirmNote)}</> });
  if (p.approvedAt) items.push({ color: 'green', content: <>{m('ev.approved', { name: p.approvedByName ?? '' })}{at(p.approvedAt)}{note(p.approveNote)}</> });
  if (p.rejectedReason) items.push({ color: 'red', content: <>{m('ev.rejected', { name: p.rejectedByName ?? '', reason: p.rejectedReason })}{at(p.rejectedAt ?? '')}</> });
  if (p.boughtOn) {
    items.push({
      color: p.bearsReason ? 'red' : 'green',
      content: m('ev.bought', { date: p.boughtOn, amount: yuan(p.actualFen), receipt: p.receiptNo ?? '' }),
    });
  } else if (p.status === 'requested') items.push({ color: 'gray', content: m('ev.waitConfirm') });
  else if (p.status === 'confirmed') items.push({ color: 'gray', content: m('ev.waitApprove') });
  else if (p.status === 'approved') items.push({ color: 'gray', content: m('ev.waitBuy') });
  return items;
}
