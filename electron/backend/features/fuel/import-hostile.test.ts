// Hostile fuel-card statements through the real backend (upload in chunks, preview, commit):
// cut files, binary junk, wrong and mixed encodings, empty and header-only files, huge cells
// and cells a spreadsheet would run as formulas. Each is refused with a message naming the
// file and the line, or the row and the field, or neutralised; and whatever is refused leaves
// every table as it was: nothing is ever half-imported.
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvRow, startsLikeFormula, unsafeImportedText } from '../../../../shared/domain/spreadsheet-safety.ts';
import { seedDepot } from '../../testing/depot.ts';
import { openHarness, tableCounts, type Caller, type Harness } from '../../testing/harness.ts';

let h: Harness;
let office: Caller;

beforeAll(async () => {
  h = await openHarness();
  const admin = await h.as('admin');
  await seedDepot(admin, {
    vehicles: { 苏ED3101: 10000 },
    drivers: { 李志强: 'KF1002', 张伟: 'KF1003' },
    stations: ['中石化城东加油站'],
    staff: ['bangongshi'],
  });
  office = await h.as('bangongshi');
});
afterAll(() => h.close());

const PROFILE = '测试加油卡';
const HEADERS = ['交易时间', '车牌号', '司机', '加油站', '油品', '数量', '单价', '金额', '发票号码', '里程', '是否加满'];
const MAPPING = { filledAt: 0, plate: 1, driverName: 2, stationName: 3, fuelGrade: 4, litres: 5, unitPrice: 6, amount: 7, invoiceNo: 8, odometerKm: 9, fullTank: 10 };
let invoiceSeq = 0;
/** A valid fill on the given day of November 2026, with a fresh invoice number unless one is given. */
function fill(day: number, over: Partial<Record<keyof typeof MAPPING, string>> = {}): string[] {
  const v = { filledAt: `2026-11-${String(day).padStart(2, '0')} 08:15`, plate: '苏ED3101', driverName: '李志强', stationName: '中石化城东加油站', fuelGrade: '92#', litres: '30.00', unitPrice: '7.50', amount: '225.00', invoiceNo: `HX${String(++invoiceSeq).padStart(5, '0')}`, odometerKm: '', fullTank: '是', ...over };
  return (Object.keys(MAPPING) as (keyof typeof MAPPING)[]).map((k) => v[k]);
}
const cellText = (c: string) => (/[",\r\n\t]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
const csv = (rows: string[][], end = '\r\n') => rows.map((r) => r.map(cellText).join(',')).join('\r\n') + end;
const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf-8'));

/** Uploads a file in chunks as the screen does; returns the import's id. */
async function upload(name: string, bytes: Uint8Array, chunk = 64 * 1024): Promise<number> {
  const { id } = await office.ok('fuel.importStart', { fileName: name, size: bytes.length });
  for (let seq = 0; seq * chunk < bytes.length; seq++) {
    await office.ok('fuel.importChunk', { id, seq, data: Buffer.from(bytes.subarray(seq * chunk, (seq + 1) * chunk)).toString('base64') });
  }
  return id;
}

/**
 * Uploads a file that must be refused as a whole: the preview and the commit are both refused
 * with the same message on the file, in both languages, and no table changes (beyond the
 * upload itself, which is kept for the user to see what was sent).
 */
async function refusedFile(name: string, bytes: Uint8Array): Promise<{ zh: string; en: string }> {
  const before = await tableCounts(h.backend);
  const id = await upload(name, bytes);
  const uploaded = await tableCounts(h.backend);
  expect(uploaded.fuel_fillups).toBe(before.fuel_fillups);
  const zh = await office.call('fuel.importPreview', { id, profile: PROFILE });
  const en = await office.call('fuel.importPreview', { id, profile: PROFILE }, 'en');
  const commit = await office.call('fuel.importCommit', { id, profile: PROFILE, mapping: MAPPING });
  if (zh.ok || en.ok || commit.ok) throw new Error(`${name} was not refused`);
  expect(zh.error.code).toBe('INVALID_INPUT');
  expect(commit.error.fields).toEqual(zh.error.fields);
  expect(Object.keys(zh.error.fields ?? {})).toEqual(['file']);
  expect(await tableCounts(h.backend)).toEqual(uploaded);
  return { zh: zh.error.fields!.file!, en: en.error.fields!.file! };
}

/** A preview of a file that can be read, with its rows by row number. */
async function preview(name: string, bytes: Uint8Array) {
  const id = await upload(name, bytes);
  const p = await office.ok('fuel.importPreview', { id, profile: PROFILE, mapping: MAPPING, pageSize: 200 });
  return { id, p, byRow: new Map(p.rows.map((r) => [r.rowNumber, r])) };
}

/** A zip archive of stored (uncompressed) files: a valid zip that is no workbook. */
function storedZip(files: Record<string, string>): Uint8Array {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [fileName, text] of Object.entries(files)) {
    const data = Buffer.from(text);
    const name = Buffer.from(fileName);
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    parts.push(local, name, data);
    central.push(entry, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(central.length / 2, 8);
  end.writeUInt16LE(central.length / 2, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...parts, directory, end]));
}

/** Deterministic junk, so a failure can be reproduced. */
function junk(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    out[i] = (x >> 8) & 0xff;
  }
  return out;
}

/** The text of every saved fill's station name and invoice number. */
async function storedTexts(): Promise<string[]> {
  const { default: SQLite } = await import('better-sqlite3');
  const db = new SQLite(h.dbFile, { readonly: true });
  try {
    return (db.prepare('SELECT station_name, invoice_no FROM fuel_fillups').all() as { station_name: string; invoice_no: string }[]).flatMap((r) => [r.station_name, r.invoice_no]);
  } finally {
    db.close();
  }
}

describe('empty and header-only files', () => {
  it('refuses an empty upload before anything is kept', async () => {
    const before = await tableCounts(h.backend);
    const r = await office.call('fuel.importStart', { fileName: 'empty.csv', size: 0 });
    expect(r.ok ? null : r.error).toMatchObject({ code: 'INVALID_INPUT', fields: { size: '文件是空的' } });
    expect(await tableCounts(h.backend)).toEqual(before);
  });

  it('refuses a file that is only a BOM, or only blank lines', async () => {
    expect((await refusedFile('bom.csv', new Uint8Array([0xef, 0xbb, 0xbf]))).zh).toBe('文件 bom.csv 是空的，没有可导入的内容');
    expect((await refusedFile('blank.csv', utf8('\r\n,,,\r\n'))).en).toBe('The file blank.csv is empty: there is nothing to import');
  });

  it('refuses a header row without fill-ups, as CSV and as .xlsx', async () => {
    expect((await refusedFile('header.csv', utf8(csv([HEADERS])))).zh).toBe('文件 header.csv 只有表头，没有加油记录');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('对账单').addRow(HEADERS);
    expect((await refusedFile('header.xlsx', new Uint8Array(await wb.xlsx.writeBuffer()))).zh).toBe('文件 header.xlsx 只有表头，没有加油记录');
  });
});

describe('binary garbage', () => {
  it('refuses random bytes, a PNG and a bare zip header as not a statement', async () => {
    expect((await refusedFile('random.csv', junk(8192, 42))).zh).toBe('文件 random.csv 无法读取：不是 CSV 或 Excel（.xlsx）对账单');
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d5a0fa0000000049454e44ae426082', 'hex');
    expect((await refusedFile('photo.png', new Uint8Array(png))).en).toBe('The file photo.png cannot be read: it is not a CSV or Excel (.xlsx) statement');
    const zipHeaderOnly = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...junk(500, 7)]);
    expect((await refusedFile('fake.xlsx', zipHeaderOnly)).zh).toBe('文件 fake.xlsx 已损坏或不完整，无法作为 Excel（.xlsx）读取：请重新导出对账单');
  });

  it('refuses a real zip that is some other document (no worksheet)', async () => {
    const docx = storedZip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w:document/>' });
    expect((await refusedFile('report.xlsx', docx)).en).toBe('The file report.xlsx is damaged or incomplete and cannot be read as Excel (.xlsx): export the statement again');
  });
});

describe('truncated files', () => {
  const rows = () => [HEADERS, fill(1), fill(2), fill(3, { fullTank: '是' })];

  it('refuses a UTF-8 file cut in the middle of a character, naming the line', async () => {
    const bytes = utf8(csv(rows(), ''));
    // the file ends in '是' (3 bytes): keep its first byte only
    const r = await refusedFile('cut-utf8.csv', bytes.subarray(0, bytes.length - 2));
    expect(r.zh).toBe('文件 cut-utf8.csv 不完整：在第 4 行中途被截断，请重新导出完整的对账单');
    expect(r.en).toBe('The file cut-utf8.csv is incomplete: it is cut off in line 4; export the whole statement again');
  });

  it('refuses a GBK file cut in the middle of a character', async () => {
    const bytes = new Uint8Array(iconv.encode(csv(rows(), ''), 'gbk'));
    expect((await refusedFile('cut-gbk.csv', bytes.subarray(0, bytes.length - 1))).zh).toContain('在第 4 行中途被截断');
  });

  it('refuses a UTF-16 file cut after half a character', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv(rows(), ''), 'utf16le')]);
    expect((await refusedFile('cut-utf16.txt', new Uint8Array(bytes.subarray(0, bytes.length - 1)))).zh).toContain('在第 4 行中途被截断');
  });

  it('refuses a file cut inside a quoted cell: the rows after it are not silently swallowed', async () => {
    // a quote that never closes would make one cell of everything after it
    const text = csv([HEADERS, fill(4)]) + '2026-11-05 08:15,苏ED3101,李志强,"中石化城东加油站,92#,30.00\r\n' + csv([fill(6), fill(7)]);
    const r = await refusedFile('quote.csv', utf8(text));
    expect(r.zh).toBe('文件 quote.csv 第 3 行的引号不配对（文件可能被截断），无法分清各列和各行');
  });

  it('refuses a cut-off last row field by field and imports the complete rows', async () => {
    const whole = csv([HEADERS, fill(8), fill(9), fill(10, { invoiceNo: 'CUT0001', odometerKm: '10400' })], '');
    // cut inside the invoice number of the last row: its odometer and full-tank cells are gone
    const cut = whole.slice(0, whole.indexOf('CUT0001') + 3);
    const before = await tableCounts(h.backend);
    const { id, p, byRow } = await preview('cut-row.csv', utf8(cut));
    expect(p).toMatchObject({ total: 3, valid: 2, rejected: 1 });
    expect(byRow.get(4)!.problems).toEqual([
      { field: 'odometerKm', key: 'err.importCutRow' },
      { field: 'fullTank', key: 'err.importCutRow' },
    ]);
    const r = await office.ok('fuel.importCommit', { id, profile: PROFILE, mapping: MAPPING });
    expect(r).toMatchObject({ imported: 2 });
    expect(r.rejected.map((x) => x.rowNumber)).toEqual([4]);
    expect((await tableCounts(h.backend)).fuel_fillups).toBe(before.fuel_fillups! + 2);
    expect(await storedTexts()).not.toContain('CUT');
  });

  it('refuses a truncated .xlsx as damaged', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('对账单');
    ws.addRow(HEADERS);
    for (let d = 11; d <= 12; d++) ws.addRow(fill(d));
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    expect((await refusedFile('cut.xlsx', bytes.subarray(0, Math.floor(bytes.length * 0.7)))).zh).toContain('已损坏或不完整');
  });
});

describe('wrong encodings', () => {
  it('refuses a GBK file labelled UTF-8 by its BOM, naming the first line that is not UTF-8', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...iconv.encode(csv([HEADERS, fill(13)]), 'gbk')]);
    const r = await refusedFile('mislabelled.csv', bytes);
    expect(r.zh).toBe('文件 mislabelled.csv 第 1 行含有无法识别的字符（文件编码有误，或混用了 UTF-8 与 GBK）：请以 UTF-8 或 GBK 重新保存后再导入');
  });

  it('refuses a UTF-8 file with a line pasted in from a GBK one, naming that line', async () => {
    const bytes = Buffer.concat([Buffer.from(csv([HEADERS, fill(14), fill(15)])), iconv.encode(csv([fill(16, { driverName: '张伟' })]), 'gbk'), Buffer.from(csv([fill(17)]))]);
    const r = await refusedFile('mixed.csv', new Uint8Array(bytes));
    expect(r.en).toBe('Line 4 of mixed.csv holds characters that cannot be read (a wrong encoding, or UTF-8 and GBK mixed): save it again as UTF-8 or GBK, then import it');
  });

  it('reads UTF-16 with a BOM (Excel’s "Unicode text", tab-separated), little- and big-endian', async () => {
    const tsv = [HEADERS, fill(18, { invoiceNo: 'U16LE01' })].map((r) => r.join('\t')).join('\r\n') + '\r\n';
    const le = await preview('unicode.txt', new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tsv, 'utf16le')])));
    expect(le.p).toMatchObject({ format: 'csv', encoding: 'utf-16le', headers: HEADERS, total: 1, valid: 1 });
    expect(le.byRow.get(2)).toMatchObject({ plate: '苏ED3101', driverName: '李志强', amountFen: 22500, problems: [] });
    const swapped = Buffer.from(tsv.replace('U16LE01', 'U16BE01'), 'utf16le').swap16();
    const be = await preview('unicode-be.txt', new Uint8Array(Buffer.concat([Buffer.from([0xfe, 0xff]), swapped])));
    expect(be.p).toMatchObject({ encoding: 'utf-16be', valid: 1 });
    expect(be.byRow.get(2)!.cells[8]).toBe('U16BE01');
  });
});

describe('huge cells', () => {
  it('refuses a row with a megabyte in one cell, sends back only the start of it, and imports the rest', async () => {
    const huge = '站'.repeat(1_000_000);
    const before = await tableCounts(h.backend);
    const { id, p, byRow } = await preview('huge-cell.csv', utf8(csv([HEADERS, fill(19), fill(19, { stationName: huge }), fill(20)])));
    expect(p).toMatchObject({ total: 3, valid: 2, rejected: 1 });
    expect(byRow.get(3)!.problems).toEqual([{ field: 'stationName', key: 'err.tooLong', params: { max: 60 } }]);
    expect(byRow.get(3)!.cells[3]).toBe(`${'站'.repeat(200)}…`);
    expect(JSON.stringify(p).length).toBeLessThan(20_000);
    const r = await office.ok('fuel.importCommit', { id, profile: PROFILE, mapping: MAPPING });
    expect(r.imported).toBe(2);
    expect(JSON.stringify(r).length).toBeLessThan(20_000);
    expect((await tableCounts(h.backend)).fuel_fillups).toBe(before.fuel_fillups! + 2);
  });

  it('refuses a huge cell in a parsed field at once, without running its patterns over it', async () => {
    const started = Date.now();
    const { byRow } = await preview('brackets.csv', utf8(csv([HEADERS, fill(21, { fuelGrade: '('.repeat(500_000), litres: '9'.repeat(300_000) })])));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(byRow.get(2)!.problems).toEqual([
      { field: 'fuelGrade', key: 'err.tooLong', params: { max: 60 } },
      { field: 'litres', key: 'err.tooLong', params: { max: 60 } },
    ]);
  });

  it('refuses a header row with a huge column name or thousands of columns', async () => {
    const long = await refusedFile('long-header.csv', utf8(csv([[...HEADERS.slice(0, 3), 'x'.repeat(300_000), ...HEADERS.slice(4)], fill(22)])));
    expect(long.zh).toBe('文件 long-header.csv 第 1 行第 4 列的表头超过 200 个字符，不是对账单的列名');
    const wide = await refusedFile('wide.csv', utf8(csv([[...HEADERS, ...Array.from({ length: 5000 }, (_, i) => `列${i}`)], fill(22)])));
    expect(wide.en).toBe('The header row (line 1) of wide.csv has 5011 columns, more than 200: it is not a statement');
  });
});

describe('cells a spreadsheet would run as formulas', () => {
  it('refuses each such cell by row and field, neutralises a leading tab on plain text, and stores no formula', async () => {
    const rows = [
      HEADERS,
      fill(23, { stationName: "=cmd|' /C calc'!A0" }),
      fill(23, { invoiceNo: '+1+1' }),
      fill(23, { invoiceNo: '-2+3' }),
      fill(23, { driverName: '@SUM(1)' }),
      fill(23, { stationName: '\t=1+1' }),
      fill(23, { invoiceNo: '\r=HYPERLINK("http://x.invalid","a")' }),
      fill(23, { invoiceNo: 'FP\u0007BELL' }),
      fill(23, { stationName: '\t中石化城东加油站', invoiceNo: 'TABBED01' }),
      fill(23, { invoiceNo: '-2026112301' }),
      fill(23, { invoiceNo: 'PLAIN01' }),
    ];
    const before = await tableCounts(h.backend);
    const { id, p, byRow } = await preview('formulas.csv', utf8(csv(rows)));
    const problems = (row: number) => byRow.get(row)!.problems.map((x) => `${x.field}:${x.key}`);
    expect(problems(2)).toEqual(['stationName:err.importFormula']);
    expect(problems(3)).toEqual(['invoiceNo:err.importFormula']);
    expect(problems(4)).toEqual(['invoiceNo:err.importFormula']);
    expect(problems(5)).toEqual(['driverName:err.importFormula']);
    expect(problems(6)).toEqual(['stationName:err.importFormula']);
    expect(problems(7)).toEqual(['invoiceNo:err.importFormula']);
    // (the quoted CR in row 7 is a line break: that record spans lines 7 and 8)
    expect(problems(9)).toEqual(['invoiceNo:err.importFormula']);
    expect(p).toMatchObject({ total: 10, valid: 3, rejected: 7 });

    const r = await office.ok('fuel.importCommit', { id, profile: PROFILE, mapping: MAPPING });
    expect(r.imported).toBe(3);
    expect(r.rejected.map((x) => x.rowNumber)).toEqual([2, 3, 4, 5, 6, 7, 9]);
    // the rejected rows come back as they were, and the screen offers them as a CSV built as
    // ImportPage.tsx builds it: no field of it starts a formula
    expect(r.rejected[0]!.cells[3]).toBe("=cmd|' /C calc'!A0");
    const rejectedCsv = Papa.unparse({ fields: csvRow(['行号', ...r.headers, '原因']), data: r.rejected.map((x) => csvRow([String(x.rowNumber), ...x.cells, '疑似表格公式'])) });
    const fields = Papa.parse<string[]>(rejectedCsv).data.flat();
    expect(fields).toContain("'=cmd|' /C calc'!A0");
    for (const field of fields) expect(startsLikeFormula(field), field).toBe(false);
    expect((await tableCounts(h.backend)).fuel_fillups).toBe(before.fuel_fillups! + 3);
    const list = await office.ok('fuel.list', { month: '2026-11', pageSize: 100 });
    const saved = new Map(list.items.map((f) => [f.invoiceNo, f.stationName]));
    // the tab in front of plain text is dropped, the text kept
    expect(saved.get('TABBED01')).toBe('中石化城东加油站');
    expect(saved.has('-2026112301')).toBe(true);
    for (const text of await storedTexts()) expect(unsafeImportedText(text), text).toBe(false);
  });

  it('refuses formula text in an .xlsx: a text cell, and a formula whose result is such text', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('对账单');
    ws.addRow(HEADERS);
    ws.addRow(fill(22, { stationName: "=cmd|' /C calc'!A0" }));
    const viaFormula = ws.addRow(fill(22));
    viaFormula.getCell(9).value = { formula: 'CONCAT("=1","+1")', result: '=1+1' };
    // a formula computing a figure is read as its result, as before
    const computed = ws.addRow(fill(22, { invoiceNo: 'XLSX01' }));
    computed.getCell(8).value = { formula: 'F4*G4', result: 225 };
    const { p, byRow } = await preview('formulas.xlsx', new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(byRow.get(2)!.problems).toEqual([{ field: 'stationName', key: 'err.importFormula' }]);
    expect(byRow.get(3)!.problems).toEqual([{ field: 'invoiceNo', key: 'err.importFormula' }]);
    expect(byRow.get(4)).toMatchObject({ amountFen: 22500, problems: [] });
    expect(p).toMatchObject({ valid: 1, rejected: 2 });
  });
});

describe('all or nothing', () => {
  it('a commit that fails half-way through saves nothing at all; the same commit later saves every valid row', async () => {
    const rows = [HEADERS, ...Array.from({ length: 450 }, (_, i) => fill(1 + (i % 20), { invoiceNo: `BATCH${String(i).padStart(4, '0')}` }))];
    const { id, p } = await preview('batch.csv', utf8(csv(rows)));
    expect(p.valid).toBe(450);
    // A failure in the second batch of inserts (rows are saved 400 at a time), as a full disk
    // or a broken database would make one.
    const { default: SQLite } = await import('better-sqlite3');
    const raw = new SQLite(h.dbFile);
    raw.exec("CREATE TRIGGER fail_half_way BEFORE INSERT ON fuel_fillups WHEN NEW.invoice_no = 'BATCH0420' BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    try {
      const before = await tableCounts(h.backend);
      const failed = await office.call('fuel.importCommit', { id, profile: 'batch', mapping: MAPPING });
      expect(failed.ok ? null : failed.error.code).toBe('INTERNAL');
      expect(await tableCounts(h.backend)).toEqual(before);
      expect((await office.ok('fuel.importProfiles', {})).map((x) => x.name)).not.toContain('batch');
    } finally {
      raw.exec('DROP TRIGGER fail_half_way');
      raw.close();
    }
    const before = await tableCounts(h.backend);
    const r = await office.ok('fuel.importCommit', { id, profile: 'batch', mapping: MAPPING });
    expect(r.imported).toBe(450);
    expect((await tableCounts(h.backend)).fuel_fillups).toBe(before.fuel_fillups! + 450);
  });
});
