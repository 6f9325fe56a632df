// The printable dispatch ticket: A4, Chinese, with signature lines for driver and approver.
// It prints the same numbers the backend returned; the print dialog (or Electron's PDF) does the rest.
import { Button, Result, Space, Spin } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import type { TicketDetail } from '../../../../shared/api/dispatch.ts';
import { ApiCallError, call } from '../../lib/api.ts';
import './print.css';

export function PrintTicketPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const [ticket, setTicket] = useState<TicketDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call('dispatch.get', { id: Number(id) })
      .then(setTicket)
      .catch((err) => setError(err instanceof ApiCallError ? err.message : t('ui.common.networkError')));
  }, [id, t]);
  if (error) return <Result status="warning" title={error} />;
  if (!ticket) return <Spin />;
  const p = (k: string, o?: Record<string, unknown>) => t(`ui.dispatch.printout.${k}`, o);
  const dash = (v: string | number | null) => (v === null || v === '' ? '' : String(v));
  const approval = ticket.approvedByName
    ? `${ticket.approvedByName}（${t(`role.${ticket.approvedRole}`)}） ${ticket.approvedAt}${ticket.approvedByPhone ? `  ${t('ui.dispatch.byPhone')}` : ''}`
    : '';
  return (
    <div className="print-shell">
      <Space className="no-print" style={{ marginBottom: 16 }}>
        <Button onClick={() => navigate(-1)}>{p('back')}</Button>
        <Button type="primary" onClick={() => window.print()}>
          {t('ui.dispatch.print')}
        </Button>
      </Space>
      <article className="print-page" data-testid="print-ticket">
        <header>
          <div className="print-company">{p('company')}</div>
          <h1>{p('title')}</h1>
          <div className="print-number">
            {p('number')}：{ticket.number} · {t(`ticketStatus.${ticket.status}`)}
          </div>
        </header>
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
        <section className="print-signatures">
          {(['driver', 'approver', 'office'] as const).map((k) => (
            <div key={k} className="print-signature">
              <span>{p(`sign.${k}`)}：</span>
              <span className="print-line" />
              <span>{t('ui.common.dateLine')}</span>
            </div>
          ))}
        </section>
        <footer>{p('printedAt', { at: dayjs().format('YYYY-MM-DD HH:mm') })}</footer>
      </article>
    </div>
  );
}
