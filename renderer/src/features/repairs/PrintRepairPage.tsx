// The printable repair order: A4, Chinese, the order's facts, the shop's list with the
// backend's totals, the urgent and seizure notes, who took each step and blank signature lines
// so it can be signed on paper. It prints the numbers the backend returned, nothing recomputed.
import { Printout } from '../../lib/Printout.tsx';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { RepairOrder } from '../../../../shared/api/repairs.ts';
import { notLoaded, useCall } from '../../lib/useCall.tsx';
import './print-repair.css';
import { qty, urgentText, yuan } from './parts.tsx';

const SIGNATURES = ['driver', 'office', 'captain', 'manager', 'finance'] as const;

export function PrintRepairPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const loaded = useCall('repairs.get', { id: Number(id) });
  const order = loaded.data;
  if (!order) return notLoaded(loaded);
  const p = (k: string, o?: Record<string, unknown>) => t(`ui.repairs.printout.${k}`, o);
  const c = (k: string) => t(`ui.repairs.col.${k}`);

  /** What the paper says of a line besides its figures. */
  const remarks = (l: RepairOrder['lines'][number]) =>
    [
      l.isMajor ? (l.oldPartCheckedAt ? p('oldPartChecked', { name: l.oldPartCheckedByName, at: l.oldPartCheckedAt }) : p('oldPartPending')) : null,
      l.freeTextReason ? t('ui.repairs.freeTextReason', { reason: l.freeTextReason }) : null,
      l.needsReason || l.deviationReason ? (l.deviationReason ? t('ui.repairs.deviationReason', { reason: l.deviationReason }) : t('ui.repairs.deviationMissing')) : null,
      l.correctedFrom
        ? t('ui.repairs.correction', {
            from: `${qty(l.correctedFrom.quantity)}${l.unit} × ${yuan(l.correctedFrom.unitPriceFen)}`,
            to: `${qty(l.quantity)}${l.unit} × ${yuan(l.unitPriceFen)}`,
            reason: l.correctionReason ?? '',
          })
        : null,
    ].filter((r): r is string => r !== null);

  return (
    <Printout testId="print-repair" className="repair-print" company={p('company')} title={p('title')} number={<>{p('number')}：{order.number} · {t(`repairStatus.${order.status}`)}</>} printLabel={t('ui.repairs.action.print')} signatures={SIGNATURES.map((k) => p(`sign.${k}`))} signaturesClassName="repair-print-signatures">
        <table className="print-table">
          <tbody>
            <tr>
              <th>{t('field.vehicleId')}</th>
              <td>{order.plate}</td>
              <th>{t('ui.repairs.field.driver')}</th>
              <td>{order.driverName}</td>
            </tr>
            <tr>
              <th>{t('ui.repairs.field.shop')}</th>
              <td>{order.shopName}</td>
              <th>{p('createdAt')}</th>
              <td>{order.createdAt}</td>
            </tr>
            <tr>
              <th>{t('field.symptoms')}</th>
              <td colSpan={3}>{order.symptoms}</td>
            </tr>
            <tr>
              <th>{t('field.requestedWork')}</th>
              <td colSpan={3}>{order.requestedWork ?? ''}</td>
            </tr>
            {order.urgent && (
              <tr>
                <th>{t('ui.repairs.urgentLabel')}</th>
                <td colSpan={3} data-testid="print-urgent">
                  {urgentText(order, t)}
                </td>
              </tr>
            )}
            {order.seizureCause && (
              <tr>
                <th>{p('seizure')}</th>
                <td colSpan={3} data-testid="print-seizure">
                  {t('ui.repairs.seizure.title', { cause: t(`ui.repairs.seizure.causes.${order.seizureCause}`) })}：{order.seizureNote}。
                  {t('ui.repairs.seizure.charge', { amount: yuan(order.driverChargeFen) })}
                </td>
              </tr>
            )}
            {order.decisionReason && (
              <tr>
                <th>{t('ui.repairs.rejectedReason')}</th>
                <td colSpan={3}>{order.decisionReason}</td>
              </tr>
            )}
          </tbody>
        </table>

        <h2>{p('lines')}</h2>
        <table className="repair-print-lines">
          <thead>
            <tr>
              <th className="n">{p('n')}</th>
              <th className="kind">{c('kind')}</th>
              <th>{c('name')}</th>
              <th className="num">{c('quantity')}</th>
              <th className="unit">{c('unit')}</th>
              <th className="num">{c('unitPrice')}</th>
              <th className="num">{c('reference')}</th>
              <th className="num">{c('lineTotal')}</th>
              <th className="remarks">{p('remarks')}</th>
            </tr>
          </thead>
          <tbody>
            {order.lines.length === 0 && (
              <tr>
                <td colSpan={9} className="empty">
                  {t('ui.repairs.noLines')}
                </td>
              </tr>
            )}
            {order.lines.map((l) => (
              <tr key={l.id}>
                <td className="n">{l.position}</td>
                <td className="kind">{t(l.kind === 'part' ? 'ui.repairs.lines.kindPart' : 'ui.repairs.lines.kindLabour')}</td>
                <td>
                  {l.name}
                  {l.isMajor ? `（${t('ui.repairs.majorPart')}）` : ''}
                  {l.kind === 'part' && l.partId === null ? `（${t('ui.repairs.freeTextTag')}）` : ''}
                </td>
                <td className="num">{qty(l.quantity)}</td>
                <td className="unit">{l.unit}</td>
                <td className="num">{yuan(l.unitPriceFen)}</td>
                <td className="num">{l.referencePriceFen === null ? '' : yuan(l.referencePriceFen)}</td>
                <td className="num">{yuan(l.totalFen)}</td>
                <td className="remarks">
                  {remarks(l).map((r, i) => (
                    <div key={i}>{r}</div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th colSpan={7}>{t('ui.repairs.totals.parts')}</th>
              <td className="num">{yuan(order.partsFen)}</td>
              <td />
            </tr>
            <tr>
              <th colSpan={7}>{t('ui.repairs.totals.labour')}</th>
              <td className="num">{yuan(order.labourFen)}</td>
              <td />
            </tr>
            <tr className="grand">
              <th colSpan={7}>{t('ui.repairs.totals.total')}</th>
              <td className="num" data-testid="print-total">
                {yuan(order.totalFen)}
              </td>
              <td>{order.signed ? p('signedNote', { name: order.driverName }) : ''}</td>
            </tr>
          </tfoot>
        </table>

        <h2>{p('steps')}</h2>
        <table className="repair-print-steps">
          <thead>
            <tr>
              <th>{p('step')}</th>
              <th>{p('person')}</th>
              <th>{p('role')}</th>
              <th>{p('time')}</th>
              <th>{p('note')}</th>
            </tr>
          </thead>
          <tbody>
            {order.events.map((e, i) => (
              <tr key={i}>
                <td>{t(`repairStep.${e.step}`)}</td>
                <td>{e.byName}</td>
                <td>{t(`role.${e.role}`)}</td>
                <td>
                  {e.at}
                  {e.recordedAt !== e.at ? `（${t('ui.repairs.recordedAt', { at: e.recordedAt })}）` : ''}
                </td>
                <td>{e.note ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>

    </Printout>
  );
}
