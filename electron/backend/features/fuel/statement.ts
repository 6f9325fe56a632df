// Fuel-card statements (加油卡对账单) as the oil companies' portals export them: a CSV in
// GBK or UTF-8, or an .xlsx, one fill per row. This module only reads: it turns the file into
// header and cell texts, guesses which column holds which field, and checks one row at a
// time. It touches no database; the import service decides what to do with the results.
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { FUEL_GRADES, REQUIRED_FIELDS, STATEMENT_FIELDS, type StatementField, type StatementMapping } from '../../../../shared/api/fuel.ts';
import { isValidMinute } from '../../../../shared/domain/dispatch.ts';
import { parseFixed } from '../../../../shared/domain/money.ts';
import { isValidPlate, normalizePlate } from '../../../../shared/domain/plate.ts';
import { fieldError } from '../../core/errors.ts';

// The fields and the mapping are the contract's (the screen's column pickers use them too).
export { REQUIRED_FIELDS, STATEMENT_FIELDS, type StatementField };
/** field → 0-based column index */
export type Mapping = StatementMapping;

type FuelGrade = (typeof FUEL_GRADES)[number];

export interface ParsedStatement {
  format: 'csv' | 'xlsx';
  /** the CSV's detected encoding; null for xlsx */
  encoding: 'utf-8' | 'gb18030' | null;
  headers: string[];
  rows: string[][];
  /** the 1-based line (CSV) or row (xlsx) number in the file of each entry of rows, for messages */
  rowNumbers: number[];
}

export interface StatementRow {
  /** 'YYYY-MM-DD HH:mm' */
  filledAt: string;
  /** normalised */
  plate: string;
  driverName: string | null;
  stationName: string;
  fuelGrade: FuelGrade;
  /** hundredths of a litre */
  litres: number;
  unitPriceFen: number;
  amountFen: number;
  invoiceNo: string;
  odometerKm: number | null;
  fullTank: boolean;
}

export interface RowProblem {
  field: StatementField;
  key: string;
  params?: Record<string, string | number>;
}

// The same bounds as the fill-up form's (shared/api/fuel.ts), so a row that passes here is
// not refused later for its size.
const MAX_LITRES = 10_000_000;
const MAX_FEN = 100_000_000;
const MAX_KM = 9_999_999;
const MAX_LENGTH = { driverName: 40, stationName: 60, invoiceNo: 40 } as const;

/** A title line above the headers has one or two filled cells; a header row of a statement has many more. */
const MIN_HEADER_CELLS = 3;

// ---------------------------------------------------------------------------------------------
// Reading the file

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
/** Compound File Binary: the pre-2007 Excel .xls that many portals still offer. */
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const UTF8_BOM = [0xef, 0xbb, 0xbf];

interface RawRow {
  line: number;
  cells: string[];
}

/** Throws fieldError('INVALID_INPUT', 'file', …) when the file is not a statement. */
export async function readStatement(fileName: string, bytes: Uint8Array): Promise<ParsedStatement> {
  // Messages name the file as the user knows it, not the path it was uploaded from.
  const file = fileName.split(/[\\/]/).pop() || fileName;
  const refuse = (key: string) => fieldError('INVALID_INPUT', 'file', { key, params: { file } });

  if (bytes.length === 0) throw refuse('err.importEmpty');
  let format: ParsedStatement['format'];
  let encoding: ParsedStatement['encoding'];
  let raw: RawRow[];
  if (startsWith(bytes, ZIP_MAGIC)) {
    format = 'xlsx';
    encoding = null;
    raw = await readXlsx(bytes, refuse);
  } else if (startsWith(bytes, OLE_MAGIC)) {
    throw refuse('err.importXls');
  } else {
    format = 'csv';
    const decoded = decodeText(bytes);
    if (!decoded) throw refuse('err.importUnreadable');
    encoding = decoded.encoding;
    raw = readCsv(decoded.text);
  }

  const filled = raw.filter((r) => r.cells.some((c) => c !== ''));
  if (filled.length === 0) throw refuse('err.importEmpty');
  const headerAt = filled.findIndex((r) => r.cells.filter((c) => c !== '').length >= MIN_HEADER_CELLS);
  if (headerAt < 0) throw refuse('err.importNoHeader');
  const headers = dropTrailingEmpty(filled[headerAt]!.cells);
  const body = filled.slice(headerAt + 1);
  if (body.length === 0) throw refuse('err.importNoRows');
  return { format, encoding, headers, rows: body.map((r) => r.cells), rowNumbers: body.map((r) => r.line) };
}

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

function dropTrailingEmpty(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === '') end--;
  return cells.slice(0, end);
}

/**
 * UTF-8 when the bytes are valid UTF-8 (or carry its BOM), else GB18030, the superset of the
 * GBK most Chinese portals write. Returns null for binary junk: NUL bytes never occur in a
 * text statement, and a decoding that is more than a little replacement or control
 * characters is not text either.
 */
function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gb18030' } | null {
  if (bytes.includes(0)) return null;
  let text: string;
  let encoding: 'utf-8' | 'gb18030';
  if (startsWith(bytes, UTF8_BOM)) {
    text = new TextDecoder('utf-8').decode(bytes.subarray(UTF8_BOM.length));
    encoding = 'utf-8';
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      encoding = 'utf-8';
    } catch {
      text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'gb18030');
      encoding = 'gb18030';
    }
  }
  const bad = text.match(/[\uFFFD\x01-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]/g)?.length ?? 0;
  if (bad > Math.max(1, text.length / 100)) return null;
  return { text, encoding };
}

function readCsv(text: string): RawRow[] {
  // One newline convention, so papaparse splits mixed files consistently and lines can be counted.
  const normalized = text.replace(/\r\n?/g, '\n');
  const rows: RawRow[] = [];
  let line = 1;
  let start = 0;
  Papa.parse<string[]>(normalized, {
    delimiter: '',
    delimitersToGuess: [',', '\t', ';'],
    newline: '\n',
    skipEmptyLines: false,
    step: (result) => {
      rows.push({ line, cells: result.data.map((c) => c.trim()) });
      // A quoted cell may span lines: the next record starts after every newline consumed here.
      const end = result.meta.cursor;
      for (let i = start; i < end; i++) if (normalized.charCodeAt(i) === 10) line++;
      start = end;
    },
  });
  return rows;
}

async function readXlsx(bytes: Uint8Array, refuse: (key: string) => Error): Promise<RawRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's types predate Buffer's generic parameter; the value is a plain Node Buffer.
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch {
    // truncated or corrupt archive, or a zip that is not a workbook
    throw refuse('err.importUnreadable');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw refuse('err.importEmpty');
  const rows: RawRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) {
      const cell = row.getCell(c);
      // A merged range reports its value in every cell it covers; only its first cell holds it,
      // otherwise a merged title line would look like a row of many columns.
      cells.push(cell.type === ExcelJS.ValueType.Merge ? '' : cellText(cell.value, cell.numFmt).trim());
    }
    rows.push({ line: rowNumber, cells });
  });
  return rows;
}

/** The text a cell shows, as far as the import is concerned. */
function cellText(value: ExcelJS.CellValue, numFmt: string | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return dateText(value, numFmt);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('hyperlink' in value) return cellText(value.text as ExcelJS.CellValue, numFmt);
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result, numFmt);
  if ('error' in value) return value.error;
  return '';
}

/**
 * A number cell's decimal text. Excel stores binary doubles and shows 15 significant digits;
 * rounding to those drops artefacts such as 0.30000000000000004 without touching real digits.
 */
function numberText(n: number): string {
  // BigInt spells out long integers (an invoice number typed as a number) without an exponent.
  if (Number.isInteger(n)) return BigInt(n).toString();
  // Tiny fractions still come out as '1e-7'; the row parser refuses that as not a number,
  // which is right: no statement figure is meant that way.
  return Number(n.toPrecision(15)).toString();
}

/**
 * exceljs hands wall-clock times back as UTC dates, so the UTC getters give what the cell shows.
 * A date cell without a time of day keeps no time here, so the row is refused for it rather
 * than imported as a fill at midnight.
 */
function dateText(d: Date, numFmt: string | undefined): string {
  // Serial day fractions are not exact: 08:15 can come back as 08:14:59.999.
  const t = new Date(Math.round(d.getTime() / 1000) * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
  const midnight = t.getUTCHours() === 0 && t.getUTCMinutes() === 0 && t.getUTCSeconds() === 0;
  if (midnight && !/h/i.test(numFmt ?? '')) return date;
  return `${date} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
}

// ---------------------------------------------------------------------------------------------
// Guessing the mapping

/**
 * Header texts seen on statements, most wanted first: when two columns both match a field
 * exactly (交易日期 and 交易时间), the earlier synonym wins.
 */
const SYNONYMS: Record<StatementField, readonly string[]> = {
  filledAt: ['交易时间', '加油时间', '时间', '日期时间', '消费时间', '交易日期', 'transaction time', 'fill time', 'datetime', 'time', 'date'],
  plate: ['车牌号', '车牌', '车号', '车牌号码', 'plate', 'plate no', 'licence plate', 'license plate', 'vehicle'],
  driverName: ['司机', '驾驶员', '持卡人', '姓名', '司机姓名', '驾驶员姓名', '持卡人姓名', 'driver', 'driver name', 'card holder', 'cardholder', 'name'],
  stationName: ['加油站', '油站', '网点', '交易网点', '站点', '加油站名称', '油站名称', '网点名称', '交易地点', 'station', 'station name', 'site'],
  fuelGrade: ['油品', '油号', '商品名称', '油品名称', '油品类型', '商品', 'grade', 'fuel grade', 'product', 'fuel type', 'fuel'],
  litres: ['升数', '数量', '加油量', '数量(升)', '加油升数', '油量', 'litres', 'liters', 'quantity', 'volume', 'qty'],
  unitPrice: ['单价', '单价(元)', '单价(元/升)', '价格', 'unit price', 'price'],
  amount: ['金额', '交易金额', '应付金额', '金额(元)', '实付金额', '消费金额', '加油金额', 'amount', 'total'],
  invoiceNo: ['发票号', '发票号码', '交易流水号', '流水号', '凭证号', '发票编号', '小票号', 'invoice', 'invoice no', 'invoice number', 'receipt', 'receipt no', 'transaction no', 'transaction id'],
  odometerKm: ['里程', '里程表', '公里数', '表显里程', '里程数', '行驶里程', 'odometer', 'mileage', 'km'],
  fullTank: ['加满', '是否加满', '满箱', '是否满箱', 'full', 'full tank'],
};

/** Case, width, spaces and marks such as '*' or 'No.' do not matter; parentheses become ASCII. */
function headerKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[【〔]/g, '[')
    .replace(/[】〕]/g, ']')
    .replace(/[\s_.:*#]/g, '');
}

/** '数量(升)' and '数量（L）' are both 数量: units in brackets vary from portal to portal. */
function withoutBrackets(key: string): string {
  return key.replace(/\([^)]*\)|\[[^\]]*\]/g, '');
}

/** Substring matches only for words specific enough: any Chinese word, or ASCII of 4+ letters. */
function containable(key: string): boolean {
  return /[\u4e00-\u9fff]/.test(key) ? key.length >= 2 : key.length >= 4;
}

interface Candidate {
  field: StatementField;
  column: number;
  /** 4 exact, 3 exact without the bracketed unit, 2 ends with the synonym, 1 contains it */
  score: number;
  length: number;
  rank: number;
}

function matchScore(header: string, synonym: string): number {
  const h = headerKey(header);
  const s = headerKey(synonym);
  if (h === s) return 4;
  const hb = withoutBrackets(h);
  const sb = withoutBrackets(s);
  if (hb !== '' && hb === sb) return 3;
  if (!containable(sb)) return 0;
  // Chinese headers put the noun last (油品单价 is a price), so a suffix match is the better one.
  if (hb.endsWith(sb)) return 2;
  if (hb.includes(sb)) return 1;
  return 0;
}

/** A mapping guessed from the header texts; a column goes to one field at most. */
export function guessMapping(headers: string[]): Mapping {
  const candidates: Candidate[] = [];
  headers.forEach((header, column) => {
    if (header.trim() === '') return;
    for (const field of STATEMENT_FIELDS) {
      let best: Candidate | undefined;
      SYNONYMS[field].forEach((synonym, rank) => {
        const score = matchScore(header, synonym);
        if (score === 0) return;
        const c: Candidate = { field, column, score, length: headerKey(synonym).length, rank };
        if (!best || better(c, best)) best = c;
      });
      if (best) candidates.push(best);
    }
  });
  candidates.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
  const mapping: Mapping = {};
  const taken = new Set<number>();
  for (const c of candidates) {
    if (mapping[c.field] !== undefined || taken.has(c.column)) continue;
    mapping[c.field] = c.column;
    taken.add(c.column);
  }
  return mapping;
}

/**
 * Exact matches beat partial ones. Among exact matches the preferred synonym wins; among
 * partial ones the longer synonym, being more specific; then the leftmost column.
 */
function better(a: Candidate, b: Candidate): boolean {
  if (a.score !== b.score) return a.score > b.score;
  if (a.score >= 3) {
    if (a.rank !== b.rank) return a.rank < b.rank;
  } else if (a.length !== b.length) {
    return a.length > b.length;
  }
  return a.column < b.column;
}

/** The required fields missing from a mapping, and columns used twice or out of range. */
export function mappingProblems(mapping: Mapping, headers: string[]): RowProblem[] {
  const problems: RowProblem[] = [];
  const users = new Map<number, StatementField[]>();
  for (const field of STATEMENT_FIELDS) {
    const column = mapping[field];
    if (column === undefined) {
      if (REQUIRED_FIELDS.includes(field)) problems.push({ field, key: 'err.importColumnMissing' });
      continue;
    }
    if (!Number.isInteger(column) || column < 0 || column >= headers.length) {
      problems.push({ field, key: 'err.importColumnRange', params: { column: Number.isInteger(column) ? column + 1 : String(column), count: headers.length } });
      continue;
    }
    users.set(column, [...(users.get(column) ?? []), field]);
  }
  for (const [column, fields] of users) {
    if (fields.length < 2) continue;
    // Every field on the shared column is named, so each of their pickers shows the problem.
    for (const field of fields) problems.push({ field, key: 'err.importColumnShared', params: { column: column + 1, header: headers[column] ?? '' } });
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Checking a row

type Parsed<T> = { value: T } | { problem: { key: string; params?: Record<string, string | number> } };

/** One row's values through a mapping: every problem of the row, values only when there are none. */
export function rowValues(cells: string[], mapping: Mapping): { values: StatementRow | null; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  /** undefined: the field has no column; '' : its cell is empty */
  const cell = (field: StatementField): string | undefined => {
    const column = mapping[field];
    return column === undefined ? undefined : (cells[column] ?? '').trim();
  };
  function take<T>(field: StatementField, parsed: Parsed<T>): T | undefined {
    if ('problem' in parsed) {
      problems.push({ field, ...parsed.problem });
      return undefined;
    }
    return parsed.value;
  }
  /** A required cell: empty or unmapped is err.required, else its parser decides. */
  function required<T>(field: StatementField, parse: (text: string) => Parsed<T>): T | undefined {
    const text = cell(field);
    if (!text) return take<T>(field, { problem: { key: 'err.required' } });
    return take(field, parse(text));
  }
  function optional<T>(field: StatementField, parse: (text: string) => Parsed<T>, empty: T): T | undefined {
    const text = cell(field);
    return text ? take(field, parse(text)) : empty;
  }

  const filledAt = required('filledAt', parseTime);
  const plate = required('plate', parsePlate);
  const driverName = optional('driverName', textParser(MAX_LENGTH.driverName), null);
  const stationName = required('stationName', textParser(MAX_LENGTH.stationName));
  const fuelGrade = optional('fuelGrade', parseGrade, '92#' as FuelGrade);
  const litres = required('litres', (t) => parsePositive(t, LITRE_UNITS, MAX_LITRES));
  const unitPriceFen = required('unitPrice', (t) => parsePositive(t, PRICE_UNITS, MAX_FEN));
  const amountFen = required('amount', (t) => parsePositive(t, MONEY_UNITS, MAX_FEN));
  const invoiceNo = required('invoiceNo', textParser(MAX_LENGTH.invoiceNo));
  const odometerKm = optional('odometerKm', parseKm, null);
  const fullTank = optional('fullTank', parseFull, true);

  if (problems.length > 0) return { values: null, problems };
  return {
    values: {
      filledAt: filledAt!,
      plate: plate!,
      driverName: driverName ?? null,
      stationName: stationName!,
      fuelGrade: fuelGrade!,
      litres: litres!,
      unitPriceFen: unitPriceFen!,
      amountFen: amountFen!,
      invoiceNo: invoiceNo!,
      odometerKm: odometerKm ?? null,
      fullTank: fullTank!,
    },
    problems,
  };
}

const pad2 = (s: string) => s.padStart(2, '0');

/**
 * '2026-11-03 08:15', with '/', '.' or 年月日 between the date's parts, a 'T' or spaces before
 * the time, and seconds (dropped). The fuel audit orders fills by time, so a date alone is refused.
 */
function parseTime(text: string): Parsed<string> {
  const s = text.normalize('NFKC').trim();
  const bad = { problem: { key: 'err.importTime', params: { value: text } } };
  const d = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*(?:t\s*)?(.*)$/i.exec(s);
  if (!d) return bad;
  const [, year, month, day, rest = ''] = d;
  const date = `${year}-${pad2(month!)}-${pad2(day!)}`;
  if (rest === '') {
    // A real date without its time gets the message that says what is missing.
    return isValidMinute(`${date} 00:00`) ? { problem: { key: 'err.importNoTime', params: { value: text } } } : bad;
  }
  const t = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?$/.exec(rest);
  if (!t || Number(t[3] ?? 0) > 59) return bad;
  const value = `${date} ${pad2(t[1]!)}:${t[2]}`;
  return isValidMinute(value) ? { value } : bad;
}

function parsePlate(text: string): Parsed<string> {
  const plate = normalizePlate(text);
  return isValidPlate(plate) ? { value: plate } : { problem: { key: 'err.plate' } };
}

/**
 * Text that a spreadsheet would run as a formula when the data is exported again (CSV
 * injection), or that hides control characters, is refused rather than stored.
 */
const FORMULA_RE = /^(?:[=+@]|-\D)|[\x00-\x1F\x7F]/;

function textParser(max: number): (text: string) => Parsed<string> {
  return (text) => {
    if (FORMULA_RE.test(text)) return { problem: { key: 'err.importFormula' } };
    if ([...text].length > max) return { problem: { key: 'err.tooLong', params: { max } } };
    return { value: text };
  };
}

/** '92#', '92号', '#92', '92号车用汽油(ⅥB)', 'E92'; '0#柴油' and plain '柴油' are 0#. */
function parseGrade(text: string): Parsed<FuelGrade> {
  const bad = { problem: { key: 'err.importFuelGrade', params: { value: text } } };
  let s = text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
  s = s.replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】/g, '');
  const diesel = s.includes('柴油');
  const petrol = s.includes('汽油');
  s = s.replace(/车用|乙醇|汽油|柴油/g, '');
  if (s === '') return diesel ? { value: '0#' } : bad;
  // 'e' is ethanol-blended petrol (E92): the same grade and price class as 92#.
  const m = /^#?e?(\d{1,2})(?:#|号)?$/.exec(s);
  if (!m) return bad;
  const grade = `${Number(m[1])}#`;
  if ((diesel && grade !== '0#') || (petrol && grade === '0#')) return bad;
  return (FUEL_GRADES as readonly string[]).includes(grade) ? { value: grade as FuelGrade } : bad;
}

const TRUE_WORDS = new Set(['是', '满', '加满', '满箱', 'y', 'yes', '1', 'true', '√', '✓', '✔']);
const FALSE_WORDS = new Set(['否', '不', '未满', '未加满', '非满箱', 'n', 'no', '0', 'false', '×', '✗']);

function parseFull(text: string): Parsed<boolean> {
  const s = text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
  if (TRUE_WORDS.has(s)) return { value: true };
  if (FALSE_WORDS.has(s)) return { value: false };
  return { problem: { key: 'err.importFullTank', params: { value: text } } };
}

// Units and currency marks printed next to the figures; they say nothing the column does not.
const MONEY_UNITS = /^(?:¥|rmb|cny)|(?:元|rmb|cny)$/g;
const PRICE_UNITS = /^(?:¥|rmb|cny)|(?:元\/升|元\/l|\/升|\/l|元|rmb|cny)$/g;
const LITRE_UNITS = /(?:升|l)$/g;
const KM_UNITS = /(?:公里|km)$/g;

function decimalText(text: string, units: RegExp): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '').replace(units, '');
}

/**
 * Decimal text with at most two decimals to an integer in hundredths, digit by digit
 * (parseFixed), never through a float: '1,234.50' → 123450. Zeros beyond the second decimal
 * ('7.890') change nothing and are accepted; any other third decimal would need rounding.
 */
function parsePositive(text: string, units: RegExp, max: number): Parsed<number> {
  const s = decimalText(text, units);
  let value = parseFixed(s, 2);
  if (value === null) {
    const m = /^(.*\.\d{2})(\d+)$/.exec(s);
    if (m && parseFixed(m[1]!, 2) !== null) {
      if (!/^0+$/.test(m[2]!)) return { problem: { key: 'err.decimals2' } };
      value = parseFixed(m[1]!, 2);
    }
  }
  if (value === null) return { problem: { key: 'err.number' } };
  if (value <= 0) return { problem: { key: 'err.positive' } };
  if (value > max) return { problem: { key: 'err.tooLarge' } };
  return { value };
}

function parseKm(text: string): Parsed<number> {
  const s = decimalText(text, KM_UNITS).replace(/\.0*$/, '');
  const value = parseFixed(s, 0);
  if (value === null) return { problem: { key: parseFixed(s, 6) !== null ? 'err.integer' : 'err.number' } };
  if (value < 0) return { problem: { key: 'err.negative' } };
  if (value > MAX_KM) return { problem: { key: 'err.tooLarge' } };
  return { value };
}
