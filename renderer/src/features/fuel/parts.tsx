// Pieces shared by the fuel screens: the audit status tag, figures as people read them
// (litres and L/100 km to 0.01, yuan to the fen — formatted from the backend's integers, never
// computed here), and the fill-ups table with each fill's anomalies under it.
import { Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Anomaly, Fillup } from '../../../../shared/api/fuel.ts';
import type { AuditStatus } from '../../../../shared/domain/fuel.ts';
import { formatFen, formatFixed } from '../../../../shared/domain/money.ts';

/** Hundredths (litres, L/100 km) → '12.34'; null → ''. */
export const fixed2 = (v: number | null | undefined) => (v === null || v === undefined ? '' : formatFixed(v, 2));
/** Fen → '1,234.56'. */
export const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? '' : formatFen(fen));

const STATUS_COLORS: Record<AuditStatus, string> = { over: 'red', within: 'green', fuel_no_distance: 'orange', distance_no_fuel: 'orange', idle: 'default' };

export function AuditStatusTag({ status }: { status: AuditStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid={`audit-status-${status}`}>
      {t(`auditStatus.${status}`)}
    </Tag>
  );
}

/** The amount paid; in red with what litres × unit price gives when they differ. */
export function AmountCell({ fill }: { fill: Pick<Fillup, 'amountFen' | 'expectedAmountFen'> }) {
  const { t } = useTranslation();
  if (fill.amountFen === fill.expectedAmountFen) return <>{yuan(fill.amountFen)}</>;
  return (
    <span data-testid="amount-mismatch">
      <Typography.Text type="danger" strong>
        {yuan(fill.amountFen)}
      </Typography.Text>
      <br />
      <Typography.Text type="danger" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
        {t('ui.fuel.shouldBe', { amount: yuan(fill.expectedAmountFen) })}
      </Typography.Text>
    </span>
  );
}

/** One fill's anomalies, one red line each, in the backend's words. */
export function AnomalyLines({ anomalies }: { anomalies: Anomaly[] }) {
  const { t } = useTranslation();
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }} data-testid="fill-anomalies">
      {anomalies.map((a, i) => (
        <Tag key={i} color="error" style={{ whiteSpace: 'normal' }} data-testid={`anomaly-${a.kind}`}>
          {t(`fuelAnomaly.${a.kind}`, a.params)}
        </Tag>
      ))}
    </div>
  );
}

const nowrap = () => ({ style: { whiteSpace: 'nowrap' as const } });

/**
 * Fill-ups, with the plate column for a list over vehicles; given the anomalies, each fill's
 * are shown in red under its row.
 */
const STATE_COLORS = { entered: 'default', registered: 'blue', approved: 'green' } as const;

export function FillupTable({
  fills,
  anomalies,
  showPlate,
  loading,
  emptyText,
  pagination,
  rowSelection,
}: {
  fills: Fillup[];
  anomalies?: Anomaly[];
  showPlate?: boolean;
  loading?: boolean;
  emptyText?: string;
  pagination?: Parameters<typeof Table<Fillup>>[0]['pagination'];
  rowSelection?: Parameters<typeof Table<Fillup>>[0]['rowSelection'];
}) {
  const { t } = useTranslation();
  const c = (k: string) => t(`ui.fuel.fillCol.${k}`);
  const of = (id: number) => (anomalies ?? []).filter((a) => a.fillupId === id);
  const withAnomalies = fills.filter((f) => of(f.id).length > 0).map((f) => f.id);
  return (
    <Table<Fillup>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={fills}
      pagination={pagination ?? false}
      rowSelection={rowSelection}
      // with the anomalies under the rows the table keeps to its width, and their lines wrap
      scroll={anomalies ? undefined : { x: 'max-content' }}
      locale={emptyText ? { emptyText } : undefined}
      rowClassName={(f) => (of(f.id).length ? 'fill-row-anomalous' : '')}
      expandable={
        anomalies
          ? {
              showExpandColumn: false,
              expandedRowKeys: withAnomalies,
              rowExpandable: (f) => of(f.id).length > 0,
              expandedRowRender: (f) => <AnomalyLines anomalies={of(f.id)} />,
            }
          : undefined
      }
      columns={[
        { key: 'time', title: c('time'), dataIndex: 'filledAt', onCell: nowrap },
        ...(showPlate ? [{ key: 'plate', title: c('plate'), dataIndex: 'plate', onCell: nowrap }] : []),
        { key: 'driver', title: c('driver'), dataIndex: 'driverName', onCell: nowrap },
        {
          key: 'station',
          title: c('station'),
          render: (_: unknown, f: Fillup) => (
            <span style={{ whiteSpace: 'nowrap' }}>
              {f.stationName}
              {f.stationId === null && (
                <Tag color="orange" style={{ marginLeft: 6 }}>
                  {t('ui.fuel.notApproved')}
                </Tag>
              )}
            </span>
          ),
        },
        { key: 'grade', title: c('grade'), dataIndex: 'fuelGrade' },
        { key: 'litres', title: c('litres'), align: 'right' as const, render: (_: unknown, f: Fillup) => fixed2(f.litres) },
        { key: 'price', title: c('price'), align: 'right' as const, render: (_: unknown, f: Fillup) => yuan(f.unitPriceFen) },
        { key: 'amount', title: c('amount'), align: 'right' as const, render: (_: unknown, f: Fillup) => <AmountCell fill={f} /> },
        { key: 'invoice', title: c('invoice'), dataIndex: 'invoiceNo', onCell: nowrap },
        { key: 'odometer', title: c('odometer'), align: 'right' as const, render: (_: unknown, f: Fillup) => f.odometerKm ?? '' },
        { key: 'fullTank', title: c('fullTank'), render: (_: unknown, f: Fillup) => (f.fullTank ? t('ui.common.yes') : t('ui.common.no')) },
        ...(showPlate
          ? [
              {
                key: 'state',
                title: c('state'),
                render: (_: unknown, f: Fillup) => (
                  <span style={{ whiteSpace: 'nowrap' }}>
                    <Tag color={STATE_COLORS[f.state]} data-testid="fillup-state">
                      {t(`ui.fuel.state.${f.state}`)}
                    </Tag>
                    {f.state !== 'entered' && (
                      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                        {f.state === 'approved' ? `${f.approvedByName} ${f.approvedAt}` : `${f.registeredByName} ${f.registeredAt}`}
                      </Typography.Text>
                    )}
                  </span>
                ),
              },
              {
                key: 'recorded',
                title: c('recorded'),
                render: (_: unknown, f: Fillup) => (
                  <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap', fontSize: 12 }}>
                    {f.createdByName}
                    <br />
                    {f.createdAt}
                  </Typography.Text>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}
