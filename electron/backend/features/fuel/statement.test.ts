// Reading fuel-card statements as the portals export them. Every file here is made in the
// test: GBK and UTF-8 CSVs, a tab-separated one, an .xlsx with a title line, real dates and a
// formula, and the files that must be refused (cut, binary, empty, header only).
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { translator } from '../../../../shared/i18n/index.ts';
import { messagesEn } from '../../../../shared/i18n/messages.en.ts';
import { messagesZhCN } from '../../../../shared/i18n/messages.zh-CN.ts';
import { DomainError } from '../../core/errors.ts';
import { guessMapping, mappingProblems, type Mapping } from './statement-mapping.ts';
import { rowValues, type StatementRow } from './statement-row.ts';
import { readStatement } from './statement.ts';

const HEADERS_ZH = ['交易时间', '车牌号', '司机', '加油站', '油品', '数量（升）', '单价(元)', '金额(元)', '发票号码', '里程', '是否加满'];
/** the mapping the Chinese headers above must produce */
const MAPPING_ZH: Mapping = { filledAt: 0, plate: 1, driverName: 2, stationName: 3, fuelGrade: 4, litres: 5, unitPrice: 6, amount: 7, invoiceNo: 8, odometerKm: 9, fullTank: 10 };
const ROW_A = ['2026-11-03 08:15', '苏ED3101', '李志强', '中石化城东加油站', '92#', '40.56', '7.89', '320.02', 'FP20261103001', '12,345', '是'];
const ROW_B = ['2026/11/5 17:40:12', '苏 ED-3108', '张伟', '中石油南环路站', '0号柴油', '35.5', '7.50', '¥266.25', 'FP20261105002', '', '否'];

const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf-8'));
const gbk = (text: string) => new Uint8Array(iconv.encode(text, 'gbk'));
/** One CSV line, quoting the cells that hold the separator, a quote or a line break, as Excel does. */
const line = (cells: string[], sep = ',') => cells.map((c) => (c.includes(sep) || /["\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(sep);
const csv = (rows: string[][], sep = ',') => rows.map((r) => line(r, sep)).join('\r\n') + '\r\n';

/** The refusal readStatement throws, with its key and the file it names. */
async function refusal(promise: Promise<unknown>): Promise<{ code: string; key: string; file: unknown }> {
  const e = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DomainError);
  const d = e as DomainError;
  expect(d.fields?.file?.key).toBe(d.ref.key);
  return { code: d.code, key: d.ref.key, file: d.ref.params?.file };
}

/** Deterministic junk, so a failure can be reproduced. */
function junk(length: number, seed: number, noNul = false): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    out[i] = noNul ? 1 + ((x >> 8) % 255) : (x >> 8) & 0xff;
  }
  return out;
}

describe('reading CSV statements', () => {
  it('decodes a GBK statement with Chinese headers, a title line, blank lines and a cell over two lines', async () => {
    const text = [
      '中石化加油卡对账单 2026年11月',
      line([...HEADERS_ZH, '备注']),
      line([...ROW_A, '']),
      '',
      line([...ROW_B, '夜间加油\n司机自付']),
      ',,,,,,,,,,,',
      line(['2026年11月7日 06:05', '苏ED3101', '', '中石化城东加油站', '95#', '20', '8.41', '168.20', 'FP3', '12600', '']),
    ].join('\r\n');
    const bytes = gbk(text);
    // really GBK: not valid UTF-8, so the reader had to fall back
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();

    const s = await readStatement('C:\\下载\\11月对账单.csv', bytes);
    expect(s.format).toBe('csv');
    expect(s.encoding).toBe('gb18030');
    expect(s.headers).toEqual([...HEADERS_ZH, '备注']);
    expect(s.rows).toHaveLength(3);
    expect(s.rows[0]).toEqual([...ROW_A, '']);
    expect(s.rows[1]![3]).toBe('中石油南环路站');
    expect(s.rows[1]![11]).toBe('夜间加油\n司机自付');
    expect(s.rows[2]![0]).toBe('2026年11月7日 06:05');
    // title on line 1, headers on 2, the blank line 4 and the empty row on line 7 are skipped;
    // the second fill spans lines 5 and 6
    expect(s.rowNumbers).toEqual([3, 5, 8]);
    expect(guessMapping(s.headers)).toEqual(MAPPING_ZH);
  });

  it('reads UTF-8 with a BOM, the BOM not part of the first header', async () => {
    const s = await readStatement('bom.csv', new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(csv([HEADERS_ZH, ROW_A]))]));
    expect(s.encoding).toBe('utf-8');
    expect(s.headers[0]).toBe('交易时间');
    expect(s.rows).toEqual([ROW_A]);
    expect(s.rowNumbers).toEqual([2]);
    expect(guessMapping(s.headers)).toEqual(MAPPING_ZH);
  });

  it('reads UTF-8 without a BOM, quoted cells with commas and quotes inside', async () => {
    const row = [...ROW_A];
    row[3] = '中石化"城东"加油站, 2号';
    const text = csv([HEADERS_ZH, row, ROW_B]);
    expect(text).toContain('"中石化""城东""加油站, 2号"');
    const s = await readStatement('plain.csv', utf8(text));
    expect(s.encoding).toBe('utf-8');
    expect(s.rows[0]![3]).toBe('中石化"城东"加油站, 2号');
    expect(s.rows[1]).toEqual(ROW_B);
    expect(s.rowNumbers).toEqual([2, 3]);
  });

  it('reads a tab-separated statement with English headers and padded cells', async () => {
    const headers = ['Transaction Time', 'Plate No.', 'Driver', 'Station', 'Product', 'Quantity (L)', 'Unit Price', 'Amount', 'Invoice No', 'Odometer', 'Full Tank'];
    const s = await readStatement('statement.txt', utf8(csv([['Fuel card statement'], headers, ROW_A.map((c) => ` ${c} `)], '\t')));
    expect(s.headers).toEqual(headers);
    expect(s.rows).toEqual([ROW_A]);
    expect(s.rowNumbers).toEqual([3]);
    expect(guessMapping(s.headers)).toEqual(MAPPING_ZH);
  });

  it('reads semicolons too', async () => {
    const s = await readStatement('eu.csv', utf8(csv([HEADERS_ZH, ROW_A], ';')));
    expect(s.headers).toHaveLength(11);
    expect(s.rows[0]![7]).toBe('320.02');
  });
});

/** An .xlsx as a portal writes it: a merged title, a blank row, headers, then fills. */
async function statementXlsx(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('对账单');
  ws.addRow(['中石化加油卡对账单 2026年11月']);
  ws.mergeCells('A1:K1');
  ws.addRow([]);
  ws.addRow(HEADERS_ZH);
  const at = (d: number, h: number, m: number) => new Date(Date.UTC(2026, 10, d, h, m));
  // row 4: plain values, numbers as numbers
  ws.addRow([at(3, 8, 15), '苏ED3101', '李志强', '中石化城东加油站', '92#', 40.56, 7.89, 320.5, 'FP001', 12345, '是']);
  // row 5: the amount is a formula; the station rich text; the invoice a hyperlink; the litres float noise
  ws.addRow([
    // a quarter past three a few hundred microseconds early, as a serial day fraction may come back
    new Date(Date.UTC(2026, 10, 5, 15, 14, 59, 999)),
    '苏ED3108',
    null,
    { richText: [{ text: '中石油' }, { text: '南环路站', font: { bold: true } }] },
    '0#柴油',
    10.1 + 20.2,
    7.5,
    { formula: 'ROUND(F5*G5,2)', result: 227.25 },
    { text: 'FP002', hyperlink: 'https://example.invalid/FP002' },
    12600,
    true,
  ]);
  // row 6: a date cell without a time
  const dateOnly = ws.addRow([at(6, 0, 0), '苏ED3101', '', '中石化城东加油站', '95#', 20, 8.41, 168.2, 'FP003', null, '']);
  dateOnly.getCell(1).numFmt = 'yyyy-mm-dd';
  // row 7: a real fill at midnight, its format showing the time
  const midnight = ws.addRow([at(7, 0, 0), '苏ED3101', '', '中石化城东加油站', '95#', 20, 8.41, 168.2, 'FP004', null, '']);
  midnight.getCell(1).numFmt = 'yyyy-mm-dd hh:mm';
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('reading xlsx statements', () => {
  it('finds the headers under the merged title and reads dates, numbers, formulas, rich text and links as text', async () => {
    const bytes = await statementXlsx();
    const s = await readStatement('对账单.csv', bytes); // the name says CSV; the content decides
    expect(s.format).toBe('xlsx');
    expect(s.encoding).toBeNull();
    expect(s.headers).toEqual(HEADERS_ZH);
    expect(s.rowNumbers).toEqual([4, 5, 6, 7]);
    expect(s.rows[0]).toEqual(['2026-11-03 08:15', '苏ED3101', '李志强', '中石化城东加油站', '92#', '40.56', '7.89', '320.5', 'FP001', '12345', '是']);
    expect(s.rows[1]).toEqual(['2026-11-05 15:15', '苏ED3108', '', '中石油南环路站', '0#柴油', '30.3', '7.5', '227.25', 'FP002', '12600', 'true']);
    expect(s.rows[2]![0]).toBe('2026-11-06');
    expect(s.rows[3]![0]).toBe('2026-11-07 00:00');
    expect(guessMapping(s.headers)).toEqual(MAPPING_ZH);

    const first = rowValues(s.rows[0]!, MAPPING_ZH);
    expect(first.problems).toEqual([]);
    expect(first.values).toMatchObject({ litres: 4056, unitPriceFen: 789, amountFen: 32050, odometerKm: 12345 });
    const second = rowValues(s.rows[1]!, MAPPING_ZH);
    expect(second.values).toMatchObject({ filledAt: '2026-11-05 15:15', driverName: null, fuelGrade: '0#', litres: 3030, unitPriceFen: 750, amountFen: 22725, fullTank: true });
    expect(rowValues(s.rows[2]!, MAPPING_ZH).problems).toEqual([{ field: 'filledAt', key: 'err.importNoTime', params: { value: '2026-11-06' } }]);
    expect(rowValues(s.rows[3]!, MAPPING_ZH).values?.filledAt).toBe('2026-11-07 00:00');
  });

  it('refuses a truncated workbook as damaged', async () => {
    const bytes = await statementXlsx();
    const r = await refusal(readStatement('cut.xlsx', bytes.slice(0, Math.floor(bytes.length / 2))));
    expect(r).toEqual({ code: 'INVALID_INPUT', key: 'err.importDamaged', file: 'cut.xlsx' });
  });

  it('refuses a workbook whose sheet has a header row only', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('空').addRow(HEADERS_ZH);
    const r = await refusal(readStatement('header.xlsx', new Uint8Array(await wb.xlsx.writeBuffer())));
    expect(r.key).toBe('err.importNoRows');
  });
});

describe('files that are not statements', () => {
  it('refuses random binary bytes', async () => {
    expect((await refusal(readStatement('random.csv', junk(4096, 7)))).key).toBe('err.importUnreadable');
  });

  it('refuses binary bytes even without a NUL among them', async () => {
    expect((await refusal(readStatement('random.csv', junk(4096, 11, true)))).key).toBe('err.importUnreadable');
  });

  it('refuses an empty file, and one of empty lines and separators', async () => {
    expect(await refusal(readStatement('/tmp/空.csv', new Uint8Array()))).toEqual({ code: 'INVALID_INPUT', key: 'err.importEmpty', file: '空.csv' });
    expect((await refusal(readStatement('blank.csv', utf8('\r\n ,, ,\r\n\r\n')))).key).toBe('err.importEmpty');
  });

  it('refuses a header row without fills', async () => {
    expect((await refusal(readStatement('header.csv', gbk(csv([HEADERS_ZH, ['', ' ', '']]))))).key).toBe('err.importNoRows');
  });

  it('marks the last row open when the file ends without a line break: a column it does not reach may be cut off', async () => {
    expect((await readStatement('a.csv', utf8(csv([HEADERS_ZH, ROW_A])))).lastRowOpen).toBe(false);
    expect((await readStatement('a.csv', utf8(csv([HEADERS_ZH, ROW_A]) + '\r\n\r\n  '))).lastRowOpen).toBe(false);
    const open = await readStatement('a.csv', utf8(csv([HEADERS_ZH, ROW_A, ROW_A.slice(0, 9)]).trimEnd()));
    expect(open.lastRowOpen).toBe(true);
    expect(rowValues(open.rows[1]!, MAPPING_ZH, true).problems).toEqual([
      { field: 'odometerKm', key: 'err.importCutRow' },
      { field: 'fullTank', key: 'err.importCutRow' },
    ]);
    // a short row elsewhere is how Excel writes empty trailing cells: their defaults apply
    expect(rowValues(ROW_A.slice(0, 9), MAPPING_ZH).values).toMatchObject({ odometerKm: null, fullTank: true });
    expect((await readStatement('a.xlsx', await statementXlsx())).lastRowOpen).toBe(false);
  });

  it('refuses text without a header row', async () => {
    expect((await refusal(readStatement('notes.txt', utf8('备忘\n明天加油\n')))).key).toBe('err.importNoHeader');
  });

  it('refuses the old .xls format with its own message', async () => {
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...junk(512, 3)]);
    expect((await refusal(readStatement('old.xls', xls))).key).toBe('err.importXls');
  });

  it('words the refusal with the file name in both languages', () => {
    expect(translator('zh-CN')('err.importUnreadable', { file: 'a.pdf' })).toBe('文件 a.pdf 无法读取：不是 CSV 或 Excel（.xlsx）对账单');
    expect(translator('en')('err.importNoRows', { file: 'a.csv' })).toBe('The file a.csv has a header row but no fill-ups');
  });
});

describe('guessing the mapping', () => {
  it('maps a portal export with extra columns, preferring exact names over partial ones', () => {
    const headers = ['序号', '卡号', '交易日期', '交易时间', '车牌号码', '持卡人姓名', '交易网点', '商品名称', '数量', '油品单价', '应付金额', '优惠金额', '交易流水号', '余额'];
    expect(guessMapping(headers)).toEqual({ filledAt: 3, plate: 4, driverName: 5, stationName: 6, fuelGrade: 7, litres: 8, unitPrice: 9, amount: 10, invoiceNo: 12 });
  });

  it('ignores case, spaces, full-width brackets and the unit inside them', () => {
    expect(guessMapping([' 加 油 时 间 ', '车牌', '油站', '加油量（L）', '单价（元/升）', '金额【元】', '凭证号', 'ODOMETER (KM)', '满箱'])).toEqual({
      filledAt: 0,
      plate: 1,
      stationName: 2,
      litres: 3,
      unitPrice: 4,
      amount: 5,
      invoiceNo: 6,
      odometerKm: 7,
      fullTank: 8,
    });
  });

  it('maps English headers', () => {
    expect(guessMapping(['Date', 'Vehicle', 'Station Name', 'Fuel Grade', 'Liters', 'Price', 'Total', 'Receipt No', 'Mileage', 'Full', 'Card holder'])).toEqual({
      filledAt: 0,
      plate: 1,
      stationName: 2,
      fuelGrade: 3,
      litres: 4,
      unitPrice: 5,
      amount: 6,
      invoiceNo: 7,
      odometerKm: 8,
      fullTank: 9,
      driverName: 10,
    });
  });

  it('leaves unknown columns and fields unmapped', () => {
    expect(guessMapping(['备注', '卡号', ''])).toEqual({});
  });

  it('never maps two fields to one column, for any headers', () => {
    const words = ['交易时间', '时间', '车牌', '司机', '姓名', '加油站', '油品', '数量', '单价', '金额', '发票号', '里程', '加满', 'price', 'name', '卡号', '(元)', ' '];
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...words), fc.string()), { maxLength: 20 }), fc.array(fc.constantFrom(...words), { maxLength: 3 }), (headers, suffixes) => {
        const hs = headers.map((h, i) => h + (suffixes[i % Math.max(1, suffixes.length)] ?? ''));
        const columns = Object.values(guessMapping(hs));
        expect(new Set(columns).size).toBe(columns.length);
        for (const c of columns) expect(c).toBeGreaterThanOrEqual(0), expect(c).toBeLessThan(hs.length);
      }),
    );
  });
});

describe('mapping problems', () => {
  it('none for a complete mapping', () => {
    expect(mappingProblems(MAPPING_ZH, HEADERS_ZH)).toEqual([]);
  });

  it('names each missing required column, not the optional ones', () => {
    expect(mappingProblems({ filledAt: 0, plate: 1 }, HEADERS_ZH)).toEqual([
      { field: 'stationName', key: 'err.importColumnMissing' },
      { field: 'litres', key: 'err.importColumnMissing' },
      { field: 'unitPrice', key: 'err.importColumnMissing' },
      { field: 'amount', key: 'err.importColumnMissing' },
      { field: 'invoiceNo', key: 'err.importColumnMissing' },
    ]);
  });

  it('names columns used twice and columns that do not exist', () => {
    expect(mappingProblems({ ...MAPPING_ZH, driverName: 3, odometerKm: 11, fullTank: -1 }, HEADERS_ZH)).toEqual([
      { field: 'odometerKm', key: 'err.importColumnRange', params: { column: 12, count: 11 } },
      { field: 'fullTank', key: 'err.importColumnRange', params: { column: 0, count: 11 } },
      { field: 'driverName', key: 'err.importColumnShared', params: { column: 4, header: '加油站' } },
      { field: 'stationName', key: 'err.importColumnShared', params: { column: 4, header: '加油站' } },
    ]);
  });
});

/** ROW_A with some cells replaced, by field. */
function rowA(change: Partial<Record<keyof typeof MAPPING_ZH, string>>): string[] {
  const cells = [...ROW_A];
  for (const [field, text] of Object.entries(change)) cells[MAPPING_ZH[field as keyof Mapping]!] = text;
  return cells;
}

describe('row values', () => {
  it('converts a good row: money in fen, litres in hundredths, km, the plate normalised', () => {
    const expected: StatementRow = {
      filledAt: '2026-11-03 08:15',
      plate: '苏ED3101',
      driverName: '李志强',
      stationName: '中石化城东加油站',
      fuelGrade: '92#',
      litres: 4056,
      unitPriceFen: 789,
      amountFen: 32002,
      invoiceNo: 'FP20261103001',
      odometerKm: 12345,
      fullTank: true,
    };
    expect(rowValues(ROW_A, MAPPING_ZH)).toEqual({ values: expected, problems: [] });
    expect(rowValues(ROW_B, MAPPING_ZH).values).toEqual({
      filledAt: '2026-11-05 17:40',
      plate: '苏ED3108',
      driverName: '张伟',
      stationName: '中石油南环路站',
      fuelGrade: '0#',
      litres: 3550,
      unitPriceFen: 750,
      amountFen: 26625,
      invoiceNo: 'FP20261105002',
      odometerKm: null,
      fullTank: false,
    });
  });

  it.each([
    ['2026-11-03 08:15', '2026-11-03 08:15'],
    ['2026-11-03 08:15:42', '2026-11-03 08:15'],
    ['2026/11/3 8:15', '2026-11-03 08:15'],
    ['2026.11.03 08:15', '2026-11-03 08:15'],
    ['2026年11月3日 08:15', '2026-11-03 08:15'],
    ['2026年11月3日08:15', '2026-11-03 08:15'],
    ['2026-11-03T08:15', '2026-11-03 08:15'],
    ['２０２６－１１－０３　０８：１５', '2026-11-03 08:15'],
    ['2026-12-31 23:59:59', '2026-12-31 23:59'],
  ])('reads the time %s', (text, minute) => {
    expect(rowValues(rowA({ filledAt: text }), MAPPING_ZH).values?.filledAt).toBe(minute);
  });

  it.each([
    ['2026-02-30 08:15', 'err.importTime'],
    ['2026-11-03 25:00', 'err.importTime'],
    ['2026-11-03 08:60', 'err.importTime'],
    ['2026-13-01 08:00', 'err.importTime'],
    ['03/11/2026 08:15', 'err.importTime'],
    ['昨天', 'err.importTime'],
    ['2026-11-03', 'err.importNoTime'],
    ['2026年11月3日', 'err.importNoTime'],
  ])('refuses the time %s', (text, key) => {
    expect(rowValues(rowA({ filledAt: text }), MAPPING_ZH).problems).toEqual([{ field: 'filledAt', key, params: { value: text } }]);
  });

  it.each([
    ['92#', '92#'],
    ['92号', '92#'],
    ['#92', '92#'],
    ['92号汽油', '92#'],
    ['92#汽油', '92#'],
    ['92号车用汽油(ⅥB)', '92#'],
    ['E92', '92#'],
    ['95', '95#'],
    ['95号', '95#'],
    ['98#', '98#'],
    ['0#柴油', '0#'],
    ['0号柴油', '0#'],
    ['柴油', '0#'],
    ['0#', '0#'],
    ['', '92#'],
  ])('reads the grade %j', (text, grade) => {
    expect(rowValues(rowA({ fuelGrade: text }), MAPPING_ZH).values?.fuelGrade).toBe(grade);
  });

  it.each(['93#', '-10号柴油', '92号柴油', '0号汽油', '汽油', '润滑油', '920'])('refuses the grade %s', (text) => {
    expect(rowValues(rowA({ fuelGrade: text }), MAPPING_ZH).problems).toEqual([{ field: 'fuelGrade', key: 'err.importFuelGrade', params: { value: text } }]);
  });

  it.each([
    ['是', true],
    ['否', false],
    ['Y', true],
    ['n', false],
    ['Yes', true],
    ['NO', false],
    ['满', true],
    ['加满', true],
    ['1', true],
    ['0', false],
    ['TRUE', true],
    ['false', false],
    ['√', true],
    ['', true],
  ])('reads full tank %j', (text, full) => {
    expect(rowValues(rowA({ fullTank: text }), MAPPING_ZH).values?.fullTank).toBe(full);
  });

  it.each([
    ['¥320.00', 32000],
    ['￥320.00', 32000],
    ['320.00元', 32000],
    ['1,234.50', 123450],
    ['320', 32000],
    ['0.01', 1],
    ['320.100', 32010],
    ['１２３．４５', 12345],
  ])('reads the amount %s as %i fen', (text, fen) => {
    expect(rowValues(rowA({ amount: text }), MAPPING_ZH).values?.amountFen).toBe(fen);
  });

  it('reads units next to litres, prices and km', () => {
    const v = rowValues(rowA({ litres: '35.5L', unitPrice: '7.89元/升', odometerKm: '12,345 km' }), MAPPING_ZH).values;
    expect(v).toMatchObject({ litres: 3550, unitPriceFen: 789, odometerKm: 12345 });
  });

  it.each([
    ['7.891', 'err.decimals2'],
    ['0', 'err.positive'],
    ['-7.89', 'err.positive'],
    ['0.00', 'err.positive'],
    ['abc', 'err.number'],
    ['7,89', 'err.number'],
    ['1e3', 'err.number'],
    ['1000000.01', 'err.tooLarge'],
  ])('refuses the price %s', (text, key) => {
    expect(rowValues(rowA({ unitPrice: text }), MAPPING_ZH).problems).toEqual([{ field: 'unitPrice', key }]);
  });

  it('takes the odometer as optional whole km', () => {
    expect(rowValues(rowA({ odometerKm: '' }), MAPPING_ZH).values?.odometerKm).toBeNull();
    expect(rowValues(rowA({ odometerKm: '0' }), MAPPING_ZH).values?.odometerKm).toBe(0);
    expect(rowValues(rowA({ odometerKm: '12.5' }), MAPPING_ZH).problems).toEqual([{ field: 'odometerKm', key: 'err.integer' }]);
    expect(rowValues(rowA({ odometerKm: '-1' }), MAPPING_ZH).problems).toEqual([{ field: 'odometerKm', key: 'err.negative' }]);
    expect(rowValues(rowA({ odometerKm: '约一万' }), MAPPING_ZH).problems).toEqual([{ field: 'odometerKm', key: 'err.number' }]);
  });

  it('refuses text cells that a spreadsheet would run as a formula, and control characters', () => {
    const r = rowValues(rowA({ driverName: '@SUM(A1)', stationName: '=HYPERLINK("http://x","站")', invoiceNo: '-A1' }), MAPPING_ZH);
    expect(r.values).toBeNull();
    expect(r.problems).toEqual([
      { field: 'driverName', key: 'err.importFormula' },
      { field: 'stationName', key: 'err.importFormula' },
      { field: 'invoiceNo', key: 'err.importFormula' },
    ]);
    expect(rowValues(rowA({ stationName: '+城东站' }), MAPPING_ZH).problems).toEqual([{ field: 'stationName', key: 'err.importFormula' }]);
    expect(rowValues(rowA({ stationName: '城东\n加油站' }), MAPPING_ZH).problems).toEqual([{ field: 'stationName', key: 'err.importFormula' }]);
    // a minus before a digit is an ordinary number, not a formula
    expect(rowValues(rowA({ invoiceNo: '-2026110301' }), MAPPING_ZH).values?.invoiceNo).toBe('-2026110301');
  });

  it('limits the lengths of station name, invoice number and driver name', () => {
    expect(rowValues(rowA({ stationName: '站'.repeat(60) }), MAPPING_ZH).problems).toEqual([]);
    expect(rowValues(rowA({ stationName: '站'.repeat(61), invoiceNo: '9'.repeat(41), driverName: '名'.repeat(41) }), MAPPING_ZH).problems).toEqual([
      { field: 'driverName', key: 'err.tooLong', params: { max: 40 } },
      { field: 'stationName', key: 'err.tooLong', params: { max: 60 } },
      { field: 'invoiceNo', key: 'err.tooLong', params: { max: 40 } },
    ]);
  });

  it('collects every problem of a broken row, in field order, and gives no values', () => {
    const cells = ['2026-02-30 08:15', 'ABC123', '', '', '93#', '-5', '7.891', 'abc', '', '12.5', '也许'];
    expect(rowValues(cells, MAPPING_ZH)).toEqual({
      values: null,
      problems: [
        { field: 'filledAt', key: 'err.importTime', params: { value: '2026-02-30 08:15' } },
        { field: 'plate', key: 'err.plate' },
        { field: 'stationName', key: 'err.required' },
        { field: 'fuelGrade', key: 'err.importFuelGrade', params: { value: '93#' } },
        { field: 'litres', key: 'err.positive' },
        { field: 'unitPrice', key: 'err.decimals2' },
        { field: 'amount', key: 'err.number' },
        { field: 'invoiceNo', key: 'err.required' },
        { field: 'odometerKm', key: 'err.integer' },
        { field: 'fullTank', key: 'err.importFullTank', params: { value: '也许' } },
      ],
    });
  });

  it('defaults the optional fields when their columns are not mapped, and requires the required ones', () => {
    const { driverName, fuelGrade, odometerKm, fullTank, ...required } = MAPPING_ZH;
    void [driverName, fuelGrade, odometerKm, fullTank];
    expect(rowValues(ROW_A, required).values).toMatchObject({ driverName: null, fuelGrade: '92#', odometerKm: null, fullTank: true });
    const { invoiceNo, ...noInvoice } = required;
    void invoiceNo;
    expect(rowValues(ROW_A, noInvoice).problems).toEqual([{ field: 'invoiceNo', key: 'err.required' }]);
    // a short row: the missing cells are empty
    expect(rowValues(ROW_A.slice(0, 3), MAPPING_ZH).problems.map((p) => p.field)).toEqual(['stationName', 'litres', 'unitPrice', 'amount', 'invoiceNo']);
  });

  it('reads any yuan amount back to the same fen, grouped or not, with a currency mark or not', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000_000 }), fc.boolean(), fc.constantFrom('', '¥', '￥'), fc.constantFrom('', '元'), (fen, grouped, prefix, suffix) => {
        // formatted here from the digits, independently of the module's helpers
        let yuan = String(Math.floor(fen / 100));
        if (grouped) yuan = yuan.replace(/\B(?=(\d{3})+$)/g, ',');
        const text = `${prefix}${yuan}.${String(fen % 100).padStart(2, '0')}${suffix}`;
        const r = rowValues(rowA({ amount: text }), MAPPING_ZH);
        expect(r.problems).toEqual([]);
        expect(r.values?.amountFen).toBe(fen);
      }),
    );
  });
});

describe('messages', () => {
  it('every key the modules can give exists in both languages', () => {
    const source = ['./statement.ts', './statement-mapping.ts', './statement-row.ts'].map((f) => readFileSync(new URL(f, import.meta.url), 'utf-8')).join('\n');
    const keys = [...new Set([...source.matchAll(/'err\.(\w+)'/g)].map((m) => m[1]!))];
    expect(keys.length).toBeGreaterThan(15);
    for (const key of keys) {
      expect(messagesZhCN.err, key).toHaveProperty(key);
      expect(messagesEn.err, key).toHaveProperty(key);
    }
  });
});
