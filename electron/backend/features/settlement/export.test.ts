// The settlement's Excel export and the archived printout, on the demo depot's month before
// last (its fuel audit and assessment signed by the demo): the same numbers as settlement.get,
// read back from the file; a PDF kept in the data folder, anything else refused unchanged.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINE_KINDS } from '../../../../shared/domain/settlement.ts';
import { formatFixed } from '../../../../shared/domain/money.ts';
import { openHarness, tableCounts, type Caller, type Harness } from '../../testing/harness.ts';

let h: Harness;
let office: Caller;
let finance: Caller;
const month = '2026-09';

beforeAll(async () => {
  h = await openHarness({ demo: true, now: '2026-11-23T09:30:00' });
  office = await h.as('bangongshi');
  finance = await h.as('caiwu');
  await office.ok('settlement.prepare', { month });
});
afterAll(() => h.close());

describe('export to .xlsx', () => {
  it('a summary sheet with a row per person and the totals, and a sheet of every line, all equal to the backend figures', async () => {
    const s = await finance.ok('settlement.get', { month });
    const file = await finance.ok('settlement.xlsx', { month });
    expect(file.fileName).toBe(`月度结算-${month}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer);
    const [summary, lines] = wb.worksheets;
    const y = (fen: number) => Number(formatFixed(fen, 2));
    // title, blank, header, a row per person, the total
    expect(summary!.rowCount).toBe(3 + s.rows.length + 1);
    s.rows.forEach((r, i) => {
      const row = summary!.getRow(4 + i).values as unknown[];
      expect(row[2]).toBe(r.name);
      expect(row.slice(7, 7 + LINE_KINDS.length)).toEqual(LINE_KINDS.map((k) => y(r.totals[k])));
      expect(row[7 + LINE_KINDS.length]).toBe(y(r.netFen));
    });
    const total = summary!.getRow(4 + s.rows.length).values as unknown[];
    expect(total[7 + LINE_KINDS.length]).toBe(y(s.netFen));
    expect(s.netFen).toBe(s.rows.reduce((x, r) => x + r.netFen, 0));
    // every line of every slip, with its source
    let expected = 0;
    for (const r of s.rows) expected += (await finance.ok('settlement.slip', { month, ...(r.driverId ? { driverId: r.driverId } : { userId: r.userId! }) })).lines.length;
    expect(lines!.rowCount).toBe(1 + expected);
    const sumLines = (lines!.getSheetValues() as unknown[][]).slice(2).reduce((x, v) => x + Math.round(Number(v[4]) * 100), 0);
    expect(sumLines).toBe(s.netFen);
  });
});

describe('the printed sheet archived with the settlement', () => {
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
  it('keeps the PDF in the data folder with the status it was printed in', async () => {
    const a = await finance.ok('settlement.archivePdf', { month, base64: pdf.toString('base64') });
    expect(a).toMatchObject({ month, status: 'draft', sizeBytes: pdf.length, archivedByName: '财务 蒋会计', archivedRole: 'finance' });
    const stored = path.join(path.dirname(h.dbFile), 'archive', `${a.sha256}.pdf`);
    expect(crypto.createHash('sha256').update(fs.readFileSync(stored)).digest('hex')).toBe(a.sha256);
    expect((await office.ok('settlement.archives', { month })).items.map((x) => x.id)).toEqual([a.id]);
  });
  it('refuses what is not a PDF, and a month without a settlement, changing nothing', async () => {
    const before = await tableCounts(h.backend);
    const notPdf = await finance.call('settlement.archivePdf', { month, base64: Buffer.from('<html>').toString('base64') });
    expect(notPdf).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { base64: '文件不是 PDF' } } });
    const none = await finance.call('settlement.archivePdf', { month: '2026-05', base64: pdf.toString('base64') });
    expect(none).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: '2026-05 的结算尚未制表' } });
    expect(await tableCounts(h.backend)).toEqual(before);
  });
});
