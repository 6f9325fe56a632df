// The frame of every A4 printout: back and print buttons (not printed), the company line,
// the title and number, the page's content, blank signature lines to sign on paper, and the
// time it was printed.
import { Button, Space } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import './print.css';

export interface PrintoutProps {
  testId: string;
  className?: string;
  company: string;
  title: string;
  /** under the title, e.g. "编号：WX2026-000001 · 已付款" */
  number?: ReactNode;
  printLabel: string;
  /** the labels of the signature lines, in order */
  signatures: readonly string[];
  /** who already signed in the app, under each label (null: not yet) */
  signedBy?: readonly (string | null)[];
  /** what the print button does (default: the browser's print dialog) */
  onPrint?: () => void;
  signaturesClassName?: string;
  children: ReactNode;
}

export function Printout(p: PrintoutProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <div className="print-shell">
      <Space className="no-print" style={{ marginBottom: 16 }}>
        <Button onClick={() => navigate(-1)}>{t('ui.common.back')}</Button>
        <Button type="primary" onClick={() => (p.onPrint ? p.onPrint() : window.print())}>
          {p.printLabel}
        </Button>
      </Space>
      <article className={`print-page${p.className ? ` ${p.className}` : ''}`} data-testid={p.testId}>
        <header>
          <div className="print-company">{p.company}</div>
          <h1>{p.title}</h1>
          {p.number !== undefined && <div className="print-number">{p.number}</div>}
        </header>
        {p.children}
        <section className={p.signaturesClassName ?? 'print-signatures'}>
          {p.signatures.map((label, i) => (
            <div key={label} className="print-signature">
              <span>{label}：</span>
              {p.signedBy && <span className="print-signed">{p.signedBy[i] ?? ''}</span>}
              <span className="print-line" />
              <span>{t('ui.common.dateLine')}</span>
            </div>
          ))}
        </section>
        <footer>{t('ui.common.printedAt', { at: dayjs().format('YYYY-MM-DD HH:mm') })}</footer>
      </article>
    </div>
  );
}
