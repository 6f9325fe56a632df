// One person's slip for a month (结算单): who, the official kilometres, whether the month was
// safe and, when not, why; every line with the record it comes from and the net. The staff open
// it from a row of the sheet; a driver sees their own. Every figure is the backend's.
import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Button, Descriptions, Drawer, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { MethodOutput } from '../../../../shared/api/index.ts';
import { notLoaded, useCall } from '../../lib/useCall.tsx';
import { Money, PostTag, SourceLink, StatusTag, type SheetRow, type SlipLine } from './parts.tsx';

export type Slip = MethodOutput<'settlement.slip'>;

/** Safe, or the reasons it was not (always shown: they are why no bonus is paid). */
export function SafeMark({ row }: { row: Pick<SheetRow, 'safe' | 'reasons' | 'post'> }) {
  const { t } = useTranslation();
  const drives = row.post === 'driver' || row.post === 'group_leader';
  if (row.safe && row.reasons.length === 0) {
    return drives ? (
      <Tag color="success" icon={<CheckCircleFilled />} data-testid="safe-yes">
        {t('ui.settlement.safe')}
      </Tag>
    ) : (
      <Typography.Text type="secondary">—</Typography.Text>
    );
  }
  return (
    <div data-testid="safe-no">
      {drives && (
        <Tag color="error" icon={<CloseCircleFilled />}>
          {t('ui.settlement.unsafe')}
        </Tag>
      )}
      <ul style={{ margin: '4px 0 0', paddingLeft: 18, color: '#cf1322', fontSize: 12, lineHeight: 1.6 }} data-testid="unsafe-reasons">
        {row.reasons.map((r, i) => (
          <li key={i}>{r}</li>
        ))}
      </ul>
    </div>
  );
}

/** The slip printed on its own (A4), for the person. */
export function PrintSlipButton({ month, row }: { month: string; row?: Pick<SheetRow, 'driverId' | 'userId'> }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const who = row ? (row.driverId !== null ? `?driverId=${row.driverId}` : row.userId !== null ? `?userId=${row.userId}` : '') : '';
  return (
    <Button onClick={() => navigate(`/print/settlement/${month}/slip${who}`)} data-testid="print-slip-button">
      {t('ui.settlement.slip.print')}
    </Button>
  );
}

export function SlipView({ slip, staff }: { slip: Slip; staff: boolean }) {
  const { t } = useTranslation();
  const s = (k: string, o?: Record<string, unknown>) => t(`ui.settlement.slip.${k}`, o ?? {});
  const r = slip.row;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="settlement-slip">
      <Descriptions size="small" bordered column={2} styles={{ label: { width: 110, whiteSpace: 'nowrap' } }}>
        <Descriptions.Item label={s('person')}>
          <Space wrap={false}>
            <Typography.Text strong data-testid="slip-name" style={{ whiteSpace: 'nowrap' }}>
              {r.name}
            </Typography.Text>
            {r.employeeNo && (
              <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
                {r.employeeNo}
              </Typography.Text>
            )}
            <PostTag post={r.post} />
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={s('month')}>
          <Space>
            {slip.month}
            <StatusTag status={slip.status} />
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={s('officialKm')}>{t('ui.settlement.km', { km: r.officialKm })}</Descriptions.Item>
        <Descriptions.Item label={s('safe')}>
          <SafeMark row={r} />
        </Descriptions.Item>
      </Descriptions>
      <Table<SlipLine>
        rowKey={(_, i) => String(i)}
        size="small"
        dataSource={slip.lines}
        pagination={false}
        locale={{ emptyText: s('noLines') }}
        data-testid="slip-lines"
        columns={[
          { key: 'kind', title: s('kind'), width: 130, render: (_, l) => <Tag>{t(`lineKind.${l.kind}`)}</Tag> },
          { key: 'text', title: s('text'), render: (_, l) => l.text },
          { key: 'source', title: s('source'), width: 200, render: (_, l) => <SourceLink line={l} month={slip.month} staff={staff} /> },
          { key: 'amount', title: s('amount'), width: 130, align: 'right', render: (_, l) => <Money fen={l.amountFen} /> },
        ]}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={3}>
              <Typography.Text strong>{s('net')}</Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right">
              <Money fen={r.netFen} strong testId="slip-net" />
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
    </Space>
  );
}

/** A row's slip in a drawer, from the sheet. */
export function SlipDrawer({ month, row, onClose }: { month: string; row: SheetRow | null; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <Drawer
      open={row !== null}
      onClose={onClose}
      size={900}
      title={row ? t('ui.settlement.slip.title', { name: row.name, month }) : ''}
      extra={row ? <PrintSlipButton month={month} row={row} /> : null}
      data-testid="slip-drawer"
      destroyOnHidden
    >
      {row && <DrawerSlip month={month} row={row} />}
    </Drawer>
  );
}

function DrawerSlip({ month, row }: { month: string; row: SheetRow }) {
  const loaded = useCall('settlement.slip', row.driverId !== null ? { month, driverId: row.driverId } : { month, userId: row.userId ?? undefined });
  if (!loaded.data) return notLoaded(loaded);
  return <SlipView slip={loaded.data} staff />;
}
