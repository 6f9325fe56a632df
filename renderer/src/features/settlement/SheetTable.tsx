// The month's sheet (结算表): a row per person with the official kilometres, whether the month
// was safe (and why not), the total of each kind of line, the net, and the backend's totals
// under it. A row opens the person's slip.
import { Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Settlement } from '../../../../shared/api/settlement.ts';
import { LINE_KINDS } from '../../../../shared/domain/settlement.ts';
import { SafeMark } from './Slip.tsx';
import { Money, PostTag, type SheetRow } from './parts.tsx';

export function SheetTable({ data, onOpen }: { data: Settlement; onOpen(row: SheetRow): void }) {
  const { t } = useTranslation();
  const c = (k: string) => t(`ui.settlement.col.${k}`);
  const columns = [
    {
      key: 'name',
      title: c('name'),
      width: 110,
      fixed: 'left' as const,
      render: (_: unknown, r: SheetRow) => (
        <Space orientation="vertical" size={0}>
          <Typography.Link strong onClick={() => onOpen(r)} data-testid="row-name">
            {r.name}
          </Typography.Link>
          <Space size={4} wrap>
            {r.employeeNo && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.employeeNo}
              </Typography.Text>
            )}
            <PostTag post={r.post} />
          </Space>
        </Space>
      ),
    },
    {
      key: 'km',
      title: (
        <>
          {c('km')}
          <br />
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
            {c('kmUnit')}
          </Typography.Text>
        </>
      ),
      width: 76,
      align: 'right' as const,
      render: (_: unknown, r: SheetRow) => r.officialKm,
    },
    { key: 'safe', title: c('safe'), width: 140, render: (_: unknown, r: SheetRow) => <SafeMark row={r} /> },
    ...LINE_KINDS.map((k) => ({
      key: k,
      title: t(`lineKind.${k}`),
      width: 80,
      align: 'right' as const,
      render: (_: unknown, r: SheetRow) => <Money fen={r.totals[k]} zeroDash />,
    })),
    {
      key: 'net',
      title: c('net'),
      width: 96,
      align: 'right' as const,
      fixed: 'right' as const,
      render: (_: unknown, r: SheetRow) => <Money fen={r.netFen} strong testId="row-net" />,
    },
  ];
  return (
    <Table<SheetRow>
      rowKey="id"
      size="small"
      dataSource={data.rows}
      columns={columns}
      pagination={false}
      sticky
      scroll={{ x: 1060 }}
      data-testid="settlement-sheet"
      locale={{ emptyText: data.status === 'none' ? t('ui.settlement.notPreparedEmpty', { month: data.month }) : t('ui.settlement.empty') }}
      onRow={(r) => ({ onClick: () => onOpen(r), style: { cursor: 'pointer' } })}
      summary={() =>
        data.rows.length > 0 ? (
          <Table.Summary>
            <Table.Summary.Row data-testid="sheet-totals">
              <Table.Summary.Cell index={0} colSpan={3}>
                <Typography.Text strong>{t('ui.settlement.totalRow', { n: data.rows.length })}</Typography.Text>
              </Table.Summary.Cell>
              {LINE_KINDS.map((k, i) => (
                <Table.Summary.Cell key={k} index={i + 3} align="right">
                  <Money fen={data.totals[k]} strong />
                </Table.Summary.Cell>
              ))}
              <Table.Summary.Cell index={LINE_KINDS.length + 3} align="right">
                <Money fen={data.netFen} strong testId="sheet-net" />
              </Table.Summary.Cell>
            </Table.Summary.Row>
          </Table.Summary>
        ) : null
      }
    />
  );
}
