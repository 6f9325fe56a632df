// Fuel-card statements (加油卡对账单) as the oil companies' portals export them: a CSV in
// GBK or UTF-8, or an .xlsx, one fill per row. Reading only: the file becomes header and cell
// texts (statement-mapping.ts then guesses which column holds which field, statement-row.ts
// checks one row at a time). It touches no database; the import service decides what to do.
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { fieldError } from '../../core/errors.ts';

export interface ParsedStatement {
  format: 'csv' | 'xlsx';
  /** the CSV's detected encoding; null for xlsx */
  encoding: 'utf-8' | 'gb18030' | null;
  headers: string[];
  rows: string[][];
  /** the 1-based line (CSV) or row (xlsx) number in the file of each entry of rows, for messages */
  rowNumbers: number[];
}

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
