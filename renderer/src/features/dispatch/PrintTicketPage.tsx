// The printable dispatch ticket: A4, Chinese, with signature lines for driver and approver.
// It prints the same numbers the backend returned; the print dialog (or Electron's PDF) does the rest.
import { Printout } from '../../lib/Printout.tsx';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { notLoaded, useCall } from '../../lib/useCall.tsx';

export function PrintTicketPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const loaded = useCall('dispatch.get', { id: Number(id) });
  const ticket = loaded.data;
  if (!ticket) return notLoaded(loaded);
  const p = (k: string, o?: Record<string, unknown>) => t(`ui.dispatch.printout.${k}`, o);
  const dash = (v: string | number | null) => (v === null || v === '' ? '' : String(v));
  const approval = ticket.approvedByName
    ? `${ticket.approvedByName}（${t(`role.${ticket.approvedRole}`)}） ${ticket.approvedAt}${ticket.approvedByPhone ? `  ${t('ui.dispatch.byPhone')}` : ''}`
    : '';
  return (
    <Printout testId="print-ticket" company={p('company')} title={p('title')} number={<>{p('number')}：{ticket.number} · {t(`ticketStatus.${ticket.status}`)}</>} printLabel={t('ui.dispatch.print')} signatures={(['driver', 'approver', 'office'] as const).map((k) => p(`sign.${k}`))}>
        <table className="print-table">
          <tbody>
            <tr>
              <th>{t('field.vehicleId')}</th>
              <td>
                {ticket.plate}（{ticket.vehicleModel}）
              </td>
              <th>{t('entity.drivers')}</th>
              <td>
                {ticket.driverName}（{ticket.employeeNo}）
              </td>
            </tr>
            <tr>
              <th>{t('field.permitNo')}</th>
              <td>{ticket.permitNo}</td>
              <th>{t('field.purposeKind')}</th>
              <td>{t(`purposeKind.${ticket.purposeKind}`)}</td>
            </tr>
            <tr>
              <th>{t('field.destination')}</th>
              <td colSpan={3}>{ticket.destination}</td>
            </tr>
            <tr>
              <th>{t('field.purposeNote')}</th>
              <td colSpan={3}>{dash(ticket.purposeNote)}</td>
            </tr>
            <tr>
              <th>{t('field.plannedDeparture')}</th>
              <td>{ticket.plannedDeparture}</td>
              <th>{t('field.plannedReturn')}</th>
              <td>{ticket.plannedReturn}</td>
            </tr>
            <tr>
              <th>{p('requestedBy')}</th>
              <td>
                {ticket.requestedByName} {ticket.requestedAt}
              </td>
              <th>{ticket.status === 'rejected' ? t('ui.dispatch.event.rejected') : t('ui.dispatch.col.approval')}</th>
              <td>{approval}</td>
            </tr>
            <tr>
              <th>{t('field.departedAt')}</th>
              <td>{dash(ticket.departedAt)}</td>
              <th>{t('field.odometerOutKm')}</th>
              <td>{dash(ticket.odometerOutKm)}</td>
            </tr>
            <tr>
              <th>{t('field.returnedAt')}</th>
              <td>{dash(ticket.returnedAt)}</td>
              <th>{t('field.odometerInKm')}</th>
              <td>{dash(ticket.odometerInKm)}</td>
            </tr>
            <tr>
              <th>{t('field.distanceKm')}</th>
              <td>{dash(ticket.distanceKm)}</td>
              <th>{p('parked')}</th>
              <td>
                {ticket.parkedAtPlace === null ? '' : ticket.parkedAtPlace ? t('ui.dispatch.parkedYes') : t('ui.dispatch.parkedNo')}
                {ticket.parkingNote ? `：${ticket.parkingNote}` : ''}（{ticket.parkingPlace}）
              </td>
            </tr>
            <tr>
              <th>{p('flags')}</th>
              <td colSpan={3}>
                {ticket.flagDetails.length === 0
                  ? t('ui.dispatch.noFlags')
                  : ticket.flagDetails.map((f) => (
                      <div key={f.id}>
                        {t(`flagKind.${f.kind}`)}
                        {f.gapKm !== null ? `（${t('ui.dispatch.gap', { gap: f.gapKm, last: f.lastKm })}）` : ''}
                        {f.resolvedAt ? `：${f.explanation}（${f.resolvedByName} ${f.resolvedAt}）` : ''}
                      </div>
                    ))}
              </td>
            </tr>
          </tbody>
        </table>
    </Printout>
  );
}
