// A month's settlement as an Excel file with the same numbers as the screen and the printout:
// one sheet for the summary (a row per person, a column per kind of line) and one for the
// lines with their sources. Amounts are written as the number their exact two-decimal text
// denotes, so every cell shows the fen the backend computed; text from records is written as
// text through sheetRow (shared/domain/spreadsheet-safety.ts): a name or a note starting with
// '=' stays that text and never becomes a formula.
import ExcelJS from 'exceljs';
import { formatFixed } from '../../../../shared/domain/money.ts';
import { LINE_KINDS, type LineKind } from '../../../../shared/domain/settlement.ts';
import { safeFileName, sheetRow } from '../../../../shared/domain/spreadsheet-safety.ts';
import { translator } from '../../../../shared/i18n/index.ts';
import type { LoggedInCtx } from '../../core/context.ts';
import { DomainError } from '../../core/errors.ts';
import { renderMessage } from '../../core/messages.ts';

const yuan = (fen: number) => Number(formatFixed(fen, 2));
const MONEY = '#,##0.00;[Red]-#,##0.00';

export async function settlementXlsx(ctx: LoggedInCtx, month: string): Promise<{ fileName: string; base64: string }> {
  const s = await ctx.db.selectFrom('settlements').selectAll().where('month', '=', month).executeTakeFirst();
  if (!s) throw new DomainError('NOT_FOUND', { key: 'err.settlementMissing', params: { month } });
  const rows = await ctx.db.selectFrom('settlement_rows').selectAll().where('settlement_id', '=', s.id).orderBy('id').execute();
  const lines = rows.length
    ? await ctx.db
        .selectFrom('settlement_lines')
        .selectAll()
        .where(
          'row_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('row_id')
        .orderBy('id')
        .execute()
    : [];
  const t = translator(ctx.lang);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'depot';

  const summary = wb.addWorksheet(t('entity.settlements'));
  summary.addRow(sheetRow([`${t('entity.settlements')} ${month} · ${t(`settlementStatus.${s.status}`)}`])).font = { bold: true, size: 14 };
  summary.addRow(sheetRow([]));
  const head = summary.addRow(sheetRow(['#', t('settlementExport.name'), t('field.employeeNo'), t('settlementExport.post'), t('settlementExport.km'), t('settlementExport.safe'), ...LINE_KINDS.map((k) => t(`lineKind.${k}`)), t('settlementExport.net'), t('settlementExport.reasons')]));
  head.font = { bold: true };
  const sums = Object.fromEntries(LINE_KINDS.map((k) => [k, 0])) as Record<LineKind, number>;
  let net = 0;
  rows.forEach((r, i) => {
    const totals = JSON.parse(r.totals) as Record<LineKind, number>;
    for (const k of LINE_KINDS) sums[k] += totals[k];
    net += r.net_fen;
    const reasons = (JSON.parse(r.reasons) as { key: string; params?: Record<string, unknown> }[]).map((ref) => renderMessage(ref, t)).join(t('err.listSep'));
    summary.addRow(sheetRow([i + 1, r.name, r.employee_no ?? '', t(`personPost.${r.post}`), r.official_km, r.safe ? '✓' : '✗', ...LINE_KINDS.map((k) => yuan(totals[k])), yuan(r.net_fen), reasons]));
  });
  const total = summary.addRow(sheetRow(['', t('settlementExport.total'), '', '', rows.reduce((x, r) => x + r.official_km, 0), '', ...LINE_KINDS.map((k) => yuan(sums[k])), yuan(net), '']));
  total.font = { bold: true };
  LINE_KINDS.forEach((_, i) => (summary.getColumn(7 + i).numFmt = MONEY));
  summary.getColumn(7 + LINE_KINDS.length).numFmt = MONEY;
  [5, 12, 10, 12, 10, 6, ...LINE_KINDS.map(() => 12), 12, 60].forEach((w, i) => (summary.getColumn(i + 1).width = w));
  summary.views = [{ state: 'frozen', ySplit: 3 }];

  const detail = wb.addWorksheet(t('settlementExport.lines'));
  detail.addRow(sheetRow([t('settlementExport.name'), t('field.employeeNo'), t('settlementExport.kind'), t('settlementExport.amount'), t('settlementExport.source'), t('settlementExport.text')])).font = { bold: true };
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const l of lines) {
    const r = byId.get(l.row_id)!;
    detail.addRow(sheetRow([r.name, r.employee_no ?? '', t(`lineKind.${l.kind}`), yuan(l.amount_fen), l.source_number ?? '', renderMessage(JSON.parse(l.text) as { key: string; params?: Record<string, unknown> }, t)]));
  }
  detail.getColumn(4).numFmt = MONEY;
  [12, 10, 14, 12, 22, 60].forEach((w, i) => (detail.getColumn(i + 1).width = w));
  detail.views = [{ state: 'frozen', ySplit: 1 }];

  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return { fileName: safeFileName(`${t('entity.settlements')}-${month}.xlsx`), base64: buffer.toString('base64') };
}
