// The printable shop statement: A4, with every order approved for payment in the month, the
// totals (in capital numerals in Chinese) and signature lines for the maker, the fleet captain,
// the manager office and finance. It prints the numbers the backend returned.
import { Printout } from '../../lib/Printout.tsx';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { notLoaded, useCall } from '../../lib/useCall.tsx';
import { amountInWords } from '../../../../shared/domain/amount-words.ts';
import { yuan } from './parts.tsx';
import './statement.css';

export function PrintStatementPage() {
  const { t, i18n } = useTranslation();
  const { shopId, month } = useParams();
  const loaded = useCall('repairs.statement', { shopId: Number(shopId), month: month ?? '' });
  const data = loaded.data;
  if (!data) return notLoaded(loaded);
  const p = (k: string, o?: Record<string, unknown>) => t(`ui.maintenance.printout.${k}`, o);
  const c = (k: string) => t(`ui.maintenance.shopStatement.col.${k}`);
  return (
    <Printout testId="print-statement" company={p('company')} title={p('title')} printLabel={p('print')} signatures={(['maker', 'captain', 'manager', 'finance'] as const).map((k) => p(`sign.${k}`))}>
        <div className="stmt-meta">
          <span>{p('shop', { name: data.shopName })}</span>
          <span>{p('month', { month: data.month })}</span>
        </div>
        <table className="stmt-table">
          <thead>
            <tr>
              <th>{p('seq')}</th>
              <th>{c('number')}</th>
              <th>{c('plate')}</th>
              <th>{c('driver')}</th>
              <th>{p('approvedOn')}</th>
              <th>{c('parts')}</th>
              <th>{c('labour')}</th>
              <th>{c('total')}</th>
            </tr>
          </thead>
          <tbody>
            {data.orders.length === 0 && (
              <tr>
                <td colSpan={8} className="stmt-empty">
                  {p('none')}
                </td>
              </tr>
            )}
            {data.orders.map((o, i) => (
              <tr key={o.id}>
                <td className="num">{i + 1}</td>
                <td className="nowrap">{o.number}</td>
                <td className="nowrap">{o.plate}</td>
                <td>{o.driverName}</td>
                <td className="nowrap">{o.paymentApprovedAt.slice(0, 10)}</td>
                <td className="num">{yuan(o.partsFen)}</td>
                <td className="num">{yuan(o.labourFen)}</td>
                <td className="num">{yuan(o.totalFen)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td colSpan={5}>
                {t('ui.common.sum')}
                {t('ui.common.paren', { text: p('count', { n: data.orders.length }) })}
              </td>
              <td className="num">{yuan(data.partsFen)}</td>
              <td className="num">{yuan(data.labourFen)}</td>
              <td className="num" data-testid="print-total">
                {yuan(data.totalFen)}
              </td>
            </tr>
          </tfoot>
        </table>
        {i18n.language !== 'en' && <div className="stmt-words">{p('amountWords', { words: amountInWords(data.totalFen) })}</div>}
    </Printout>
  );
}
