// A designated shop's monthly statement (修理厂月结单): the repair orders whose payment the
// manager office approved in the month, with totals; printed on A4 or exported to Excel.
import { Alert, App, Button, Card, DatePicker, Select, Space, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { RepairStatement } from '../../../../shared/api/repairs.ts';
import { call } from '../../lib/api.ts';
import { showApiError } from '../../lib/forms.ts';
import { searchFilter, useShops, yuan } from './parts.tsx';
import { downloadBase64 } from '../../lib/download.ts';

type Order = RepairStatement['orders'][number];


const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function StatementPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const s = (k: string, o?: Record<string, unknown>) => t(`ui.maintenance.shopStatement.${k}`, o);
  const shops = useShops(true);
  const [month, setMonth] = useState<Dayjs>(dayjs());
  const [shopId, setShopId] = useState<number | undefined>(undefined);
  const [data, setData] = useState<RepairStatement | null>(null);
  const [loading, setLoading] = useState(false);
  const [exporting, setExporting] = useState(false);

  // The first shop in use is shown until another is chosen.
  useEffect(() => {
    if (shopId === undefined) setShopId(shops.find((x) => x.retiredAt === null)?.id ?? shops[0]?.id);
  }, [shops, shopId]);

  const monthText = month.format('YYYY-MM');
  useEffect(() => {
    if (shopId === undefined) return;
    let live = true;
    setLoading(true);
    call('repairs.statement', { month: monthText, shopId })
      .then((r) => live && setData(r))
      .catch((err) => {
        if (!live) return;
        setData(null);
        void message.error(showApiError(null, err, t));
      })
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [monthText, shopId, message, t]);

  const exportXlsx = async () => {
    if (shopId === undefined) return;
    setExporting(true);
    try {
      const f = await call('repairs.statementXlsx', { month: monthText, shopId });
      downloadBase64(f.fileName, f.base64, XLSX_TYPE);
      void message.success(s('exported', { file: f.fileName }));
    } catch (err) {
      void message.error(showApiError(null, err, t));
    } finally {
      setExporting(false);
    }
  };

  const orders = data?.orders ?? [];
  const columns = [
    { key: 'number', title: s('col.number'), render: (_: unknown, o: Order) => <Link to={`/repairs/${o.id}`}>{o.number}</Link> },
    { key: 'plate', title: s('col.plate'), dataIndex: 'plate' },
    { key: 'driver', title: s('col.driver'), dataIndex: 'driverName' },
    { key: 'approvedAt', title: s('col.approvedAt'), dataIndex: 'paymentApprovedAt' },
    { key: 'status', title: s('col.status'), render: (_: unknown, o: Order) => <Tag color={o.status === 'paid' ? 'green' : 'blue'}>{t(`repairStatus.${o.status}`)}</Tag> },
    { key: 'parts', title: s('col.parts'), align: 'right' as const, render: (_: unknown, o: Order) => yuan(o.partsFen) },
    { key: 'labour', title: s('col.labour'), align: 'right' as const, render: (_: unknown, o: Order) => yuan(o.labourFen) },
    { key: 'total', title: s('col.total'), align: 'right' as const, render: (_: unknown, o: Order) => <strong>{yuan(o.totalFen)}</strong> },
  ];

  const shopOptions = shops.map((x) => ({
    value: x.id,
    label: x.retiredAt ? `${x.name}${t('ui.common.paren', { text: t('ui.common.retired') })}` : x.name,
    search: x.name,
  }));

  return (
    <Card
      title={s('title')}
      extra={
        <Space wrap>
          <DatePicker picker="month" value={month} onChange={(v) => v && setMonth(v)} allowClear={false} aria-label={s('month')} data-testid="statement-month" />
          <Select
            showSearch={{ filterOption: searchFilter }}
            style={{ width: 240 }}
            placeholder={s('pickShop')}
            options={shopOptions}
            value={shopId}
            onChange={setShopId}
            aria-label={s('shop')}
            data-testid="statement-shop"
          />
          <Button disabled={shopId === undefined} onClick={() => shopId !== undefined && navigate(`/print/repair-statement/${shopId}/${monthText}`)}>
            {s('print')}
          </Button>
          <Button type="primary" disabled={shopId === undefined} loading={exporting} onClick={() => void exportXlsx()}>
            {s('export')}
          </Button>
        </Space>
      }
    >
      <Alert type="info" showIcon title={s('intro')} style={{ marginBottom: 16 }} />
      <Table<Order>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={orders}
        columns={columns}
        pagination={false}
        locale={{ emptyText: s('empty') }}
        data-testid="statement-table"
        summary={() =>
          orders.length > 0 && data ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={5}>
                <strong>{t('ui.common.sum')}</strong> · {s('count', { n: orders.length })}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={5} align="right">
                <strong>{yuan(data.partsFen)}</strong>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={6} align="right">
                <strong>{yuan(data.labourFen)}</strong>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={7} align="right">
                <strong data-testid="statement-total">{yuan(data.totalFen)}</strong>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null
        }
      />
    </Card>
  );
}
