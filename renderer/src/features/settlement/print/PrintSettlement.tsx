// The settlement printouts, fed only with the backend's numbers: the month's sheet (A4
// landscape: a row per person, a column per kind of line, totals, the net in capital
// numerals, signature lines for 制表 / 车队审核 / 经理室审批 / 财务, the audit head and page
// numbers on every page) and one person's slip (every line with its source). In the desktop app
// the sheet is printed to PDF by the shell and archived with the settlement; in the browser the
// same page goes to the browser's print dialog.
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { Route, useParams, useSearchParams } from 'react-router';
import type { Settlement } from '../../../../../shared/api/settlement.ts';
import { amountInWords } from '../../../../../shared/domain/amount-words.ts';
import { formatFen } from '../../../../../shared/domain/money.ts';
import { LINE_KINDS } from '../../../../../shared/domain/settlement.ts';
import { printAndArchive } from '../../../lib/shell.ts';
import { Printout } from '../../../lib/Printout.tsx';
import { notLoaded, useCall } from '../../../lib/useCall.tsx';
import './settlement-print.css';

type Sig = Settlement['prepared'];

/** The audit head (or "draft") in every page's bottom-left margin: CSS cannot read it from the page. */
function MarginNote({ page, text }: { page: string; text: string }) {
  const css = `@page ${page} { @bottom-left { content: ${JSON.stringify(text)}; font-size: 7pt; color: #444; } }`;
  return <style>{css}</style>;
}

function useSigned() {
  const { t } = useTranslation();
  return (s: Sig) => (s ? t('ui.settlementPrint.signedBy', { name: s.byName, role: t(`role.${s.role}`), at: s.at }) : null);
}

export function PrintSettlementSheet() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { month = '' } = useParams();
  const loaded = useCall('settlement.get', { month });
  const signed = useSigned();
  const data = loaded.data;
  if (!data) return notLoaded(loaded);
  const p = (k: string, o?: Record<string, unknown>) => t(`ui.settlementPrint.${k}`, o ?? {});
  const locked = data.status === 'locked' && data.auditHead !== null;
  const print = async () => {
    const archived = await printAndArchive(month, { landscape: true });
    if (archived) void message.success(p('archived', { name: archived.fileName }));
  };
  return (
    <Printout
      testId="print-settlement"
      className="settlement-sheet"
      company={p('company')}
      title={p('title')}
      number={
        <div className="settle-meta">
          <span>{p('month', { month: data.month })}</span>
          <span>{p('status', { status: t(`settlementStatus.${data.status}`) })}</span>
        </div>
      }
      printLabel={window.depot ? p('printPdf') : p('print')}
      onPrint={() => void print()}
      signatures={(['prepared', 'reviewed', 'approved', 'finance'] as const).map((k) => p(`sign.${k}`))}
      signedBy={[signed(data.prepared), signed(data.reviewed), signed(data.approved), signed(data.locked)]}
    >
      <MarginNote page="settlement-sheet" text={locked ? p('marginNote', { hash: data.auditHead }) : p('marginDraft')} />
      <table className="settle-table" data-testid="print-settlement-table">
        <thead>
          <tr>
            <th>{p('seq')}</th>
            <th>{p('name')}</th>
            <th>{p('employeeNo')}</th>
            <th>{p('post')}</th>
            <th>{p('km')}</th>
            {LINE_KINDS.map((k) => (
              <th key={k}>{t(`lineKind.${k}`)}</th>
            ))}
            <th>{p('net')}</th>
            <th>{p('receipt')}</th>
            <th>{p('reasons')}</th>
          </tr>
        </thead>
        <tbody>
          {data.rows.map((r, i) => (
            <tr key={r.id}>
              <td className="num">{i + 1}</td>
              <td className="nowrap">{r.name}</td>
              <td className="nowrap">{r.employeeNo ?? ''}</td>
              <td className="nowrap">{t(`personPost.${r.post}`)}</td>
              <td className="num">{r.officialKm}</td>
              {LINE_KINDS.map((k) => (
                <td key={k} className="num">
                  {r.totals[k] === 0 ? '' : formatFen(r.totals[k])}
                </td>
              ))}
              <td className="num">{formatFen(r.netFen)}</td>
              <td />
              <td className="reasons">{r.reasons.join(t('ui.common.sepLong'))}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={4}>{p('total', { n: data.rows.length })}</td>
            <td className="num">{data.rows.reduce((s, r) => s + r.officialKm, 0)}</td>
            {LINE_KINDS.map((k) => (
              <td key={k} className="num">
                {formatFen(data.totals[k])}
              </td>
            ))}
            <td className="num" data-testid="print-settlement-net">
              {formatFen(data.netFen)}
            </td>
            <td />
            <td />
          </tr>
        </tfoot>
      </table>
      {i18n.language !== 'en' && <div className="settle-words">{p('amountWords', { words: amountInWords(data.netFen) })}</div>}
      <div className="settle-audit" data-testid="print-settlement-audit">
        {locked ? p('auditHead', { hash: data.auditHead }) : p('auditDraft')}
      </div>
    </Printout>
  );
}

export function PrintSettlementSlip() {
  const { t } = useTranslation();
  const { month = '' } = useParams();
  const [params] = useSearchParams();
  const person = (k: string) => (params.get(k) ? { [k]: Number(params.get(k)) } : {});
  const loaded = useCall('settlement.slip', { month, ...person('driverId'), ...person('userId') });
  const data = loaded.data;
  if (!data) return notLoaded(loaded);
  const p = (k: string, o?: Record<string, unknown>) => t(`ui.settlementPrint.${k}`, o ?? {});
  const r = data.row;
  return (
    <Printout
      testId="print-slip"
      className="settlement-slip"
      company={p('company')}
      title={p('slipTitle')}
      number={
        <div className="settle-meta">
          <span>{p('slipPerson', { name: r.name, post: t(`personPost.${r.post}`), no: r.employeeNo ? ` · ${r.employeeNo}` : '' })}</span>
          <span>{p('month', { month: data.month })}</span>
        </div>
      }
      printLabel={p('print')}
      signatures={[p('slipSign.person'), p('slipSign.captain')]}
    >
      <MarginNote page="settlement-slip" text={`${r.name} · ${data.month}`} />
      <p>{r.safe ? p('slipSafe') : p('slipUnsafe', { reasons: r.reasons.join(t('ui.common.sepLong')) })}</p>
      <table className="settle-table">
        <thead>
          <tr>
            <th>{p('seq')}</th>
            <th>{p('line.kind')}</th>
            <th>{p('line.text')}</th>
            <th>{p('line.source')}</th>
            <th>{p('line.amount')}</th>
          </tr>
        </thead>
        <tbody>
          {data.lines.map((l, i) => (
            <tr key={i}>
              <td className="num">{i + 1}</td>
              <td className="nowrap">{t(`lineKind.${l.kind}`)}</td>
              <td>{l.text}</td>
              <td className="nowrap">{l.sourceNumber ?? ''}</td>
              <td className="num">{formatFen(l.amountFen)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={4}>{p('slipNet', { amount: formatFen(r.netFen) })}</td>
            <td className="num" data-testid="print-slip-net">
              {formatFen(r.netFen)}
            </td>
          </tr>
        </tfoot>
      </table>
    </Printout>
  );
}

export const settlementPrintRoutes = [
  <Route key="print-settlement" path="/print/settlement/:month" element={<PrintSettlementSheet />} />,
  <Route key="print-slip" path="/print/settlement/:month/slip" element={<PrintSettlementSlip />} />,
];
