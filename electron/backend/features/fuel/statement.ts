// Fuel-card statements (加油卡对账单) as the oil companies' portals export them: a CSV in
// GBK or UTF-8, or an .xlsx, one fill per row. Reading only: the file becomes header and cell
// texts (statement-mapping.ts then guesses which column holds which field, statement-row.ts
// checks one row at a time). It touches no database; the import service decides what to do.
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { fieldError } from '../../core/errors.ts';

export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

export interface ParsedStatement {
  format: 'csv' | 'xlsx';
  /** the CSV's detected encoding; null for xlsx */
  encoding: TextEncoding | null;
  headers: string[];
  rows: string[][];
  /** the 1-based line (CSV) or row (xlsx) number in the file of each entry of rows, for messages */
  rowNumbers: number[];
  /**
   * The last row is the end of a CSV without a final line break: if it has fewer cells than
   * the headers, the file may have been cut off inside it (statement-row.ts refuses a field
   * whose column it does not reach). Shorter rows elsewhere are how Excel writes empty
   * trailing cells.
   */
  lastRowOpen: boolean;
}

/** A title line above the headers has one or two filled cells; a header row of a statement has many more. */
const MIN_HEADER_CELLS = 3;
/** A statement has a dozen or two columns; the mapping cannot point past column 200 anyway. */
export const MAX_COLUMNS = 200;
/** No column name is longer; a longer "header" is data, and matching it would only cost time. */
export const MAX_HEADER_CHARS = 200;

// ---------------------------------------------------------------------------------------------
// Reading the file

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
/** Compound File Binary: the pre-2007 Excel .xls that many portals still offer. */
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const UTF8_BOM = [0xef, 0xbb, 0xbf];
/** Excel's "Unicode text" (tab-separated) is UTF-16 little-endian with this BOM. */
const UTF16LE_BOM = [0xff, 0xfe];
const UTF16BE_BOM = [0xfe, 0xff];

interface RawRow {
  line: number;
  cells: string[];
}

/** Throws fieldError('INVALID_INPUT', 'file', …) when the file is not a statement. */
export async function readStatement(fileName: string, bytes: Uint8Array): Promise<ParsedStatement> {
  // Messages name the file as the user knows it, not the path it was uploaded from.
  const file = fileName.split(/[\\/]/).pop() || fileName;
  const refuse: Refuse = (key, params = {}) => fieldError('INVALID_INPUT', 'file', { key, params: { file, ...params } });

  if (bytes.length === 0) throw refuse('err.importEmpty');
  let format: ParsedStatement['format'];
  let encoding: ParsedStatement['encoding'];
  let raw: RawRow[];
  /** the CSV ends without a line break: its last line may have been cut off */
  let openEnd = false;
  if (startsWith(bytes, ZIP_MAGIC)) {
    format = 'xlsx';
    encoding = null;
    raw = await readXlsx(bytes, refuse);
  } else if (startsWith(bytes, OLE_MAGIC)) {
    throw refuse('err.importXls');
  } else {
    format = 'csv';
    const decoded = decodeText(bytes, refuse);
    encoding = decoded.encoding;
    const csv = readCsv(decoded.text, refuse);
    raw = csv.rows;
    openEnd = csv.openEnd;
  }

  const filled = raw.filter((r) => r.cells.some((c) => c !== ''));
  if (filled.length === 0) throw refuse('err.importEmpty');
  const headerAt = filled.findIndex((r) => r.cells.filter((c) => c !== '').length >= MIN_HEADER_CELLS);
  if (headerAt < 0) throw refuse('err.importNoHeader');
  const headerRow = filled[headerAt]!;
  const headers = dropTrailingEmpty(headerRow.cells);
  if (headers.length > MAX_COLUMNS) throw refuse('err.importTooManyColumns', { line: headerRow.line, count: headers.length, max: MAX_COLUMNS });
  const long = headers.findIndex((h) => h.length > MAX_HEADER_CHARS);
  if (long >= 0) throw refuse('err.importHeaderTooLong', { line: headerRow.line, column: long + 1, max: MAX_HEADER_CHARS });
  const body = filled.slice(headerAt + 1);
  if (body.length === 0) throw refuse('err.importNoRows');
  // (the last raw row may be an empty one after the last line break: then no row is open)
  const lastRowOpen = openEnd && raw.at(-1) === body.at(-1);
  return { format, encoding, headers, rows: body.map((r) => r.cells), rowNumbers: body.map((r) => r.line), lastRowOpen };
}

type Refuse = (key: string, params?: Record<string, string | number>) => Error;

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

function dropTrailingEmpty(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === '') end--;
  return cells.slice(0, end);
}

/**
 * The CSV's text. UTF-16 when it starts with a UTF-16 BOM (Excel's "Unicode text"); UTF-8
 * when the bytes are valid UTF-8 (or carry its BOM); else GB18030, the superset of the GBK
 * most Chinese portals write. Refused, naming the line where it can:
 *  - binary junk: NUL bytes never occur in an 8-bit text statement, and a decoding that is
 *    more than a little replacement or control characters is not text either;
 *  - a file cut off in the middle of a character (its last bytes an incomplete sequence);
 *  - a wrong or mixed encoding: a UTF-8 BOM on bytes that are not UTF-8, a UTF-8 file with
 *    a line in GBK, bytes that are neither. Decoding those would store mojibake or U+FFFD.
 */
function decodeText(bytes: Uint8Array, refuse: Refuse): { text: string; encoding: TextEncoding } {
  let text: string;
  let encoding: TextEncoding;
  if (startsWith(bytes, UTF16LE_BOM) || startsWith(bytes, UTF16BE_BOM)) {
    encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    const body = bytes.subarray(2);
    const decoded = strictDecode(encoding, body);
    if (decoded === null) {
      const loose = lenientDecode(encoding, body);
      if (isJunk(loose)) throw refuse('err.importUnreadable');
      // an odd byte count, or a character cut between the two halves of a surrogate pair
      const whole = body.subarray(0, body.length - (body.length % 2));
      if (strictDecode(encoding, whole) !== null || strictDecode(encoding, whole.subarray(0, whole.length - 2)) !== null) {
        throw refuse('err.importTruncated', { line: lineOf(loose, Infinity) });
      }
      throw refuse('err.importEncoding', { line: lineOf(loose, loose.indexOf('\uFFFD')) });
    }
    text = decoded;
  } else if (bytes.includes(0)) {
    throw refuse('err.importUnreadable');
  } else if (startsWith(bytes, UTF8_BOM)) {
    encoding = 'utf-8';
    const body = bytes.subarray(UTF8_BOM.length);
    const decoded = strictDecode('utf-8', body);
    if (decoded === null) {
      const loose = lenientDecode('utf-8', body);
      if (cutUtf8(body)) throw refuse('err.importTruncated', { line: lineOf(loose, Infinity) });
      // The BOM says UTF-8, the bytes say otherwise: a GBK file labelled UTF-8 (it reads as
      // GBK text), or a UTF-8 file with some bytes that are not; else binary junk.
      const asGbk = iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), 'gb18030');
      if (isJunk(loose) && isJunk(asGbk)) throw refuse('err.importUnreadable');
      throw refuse('err.importEncoding', { line: lineOf(loose, loose.indexOf('\uFFFD')) });
    }
    text = decoded;
  } else {
    const decoded = strictDecode('utf-8', bytes);
    if (decoded !== null) {
      text = decoded;
      encoding = 'utf-8';
    } else {
      const loose = lenientDecode('utf-8', bytes);
      if (cutUtf8(bytes)) throw refuse('err.importTruncated', { line: lineOf(loose, Infinity) });
      // Mostly valid UTF-8 with some bytes that are not: a UTF-8 file with a line pasted in
      // from a GBK one. (In a real GBK file, few byte pairs happen to be valid UTF-8.)
      const good = (loose.match(/[^\x00-\x7F\uFFFD]/g) ?? []).length;
      const bad = (loose.match(/\uFFFD/g) ?? []).length;
      if (good > bad) throw refuse('err.importEncoding', { line: lineOf(loose, loose.indexOf('\uFFFD')) });
      text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'gb18030');
      encoding = 'gb18030';
    }
  }
  if (isJunk(text)) throw refuse('err.importUnreadable');
  const broken = text.indexOf('\uFFFD');
  if (broken >= 0) {
    // GB18030 that ends in the first byte of a character: the file was cut there.
    if (text.slice(broken + 1).trim() === '') throw refuse('err.importTruncated', { line: lineOf(text, broken) });
    throw refuse('err.importEncoding', { line: lineOf(text, broken) });
  }
  return { text, encoding };
}

function strictDecode(encoding: TextEncoding, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

function lenientDecode(encoding: TextEncoding, bytes: Uint8Array): string {
  return new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
}

/** Valid UTF-8 up to an incomplete multi-byte sequence at the very end: the file was cut there. */
function cutUtf8(bytes: Uint8Array): boolean {
  for (let back = 1; back <= 3 && back <= bytes.length; back++) {
    const b = bytes[bytes.length - back]!;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back for the lead
    const needs = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 0;
    return needs > back && strictDecode('utf-8', bytes.subarray(0, bytes.length - back)) !== null;
  }
  return false;
}

/** Binary rather than text: more than a little of it replacement or control characters. */
function isJunk(text: string): boolean {
  const bad = text.match(/[\uFFFD\x01-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]/g)?.length ?? 0;
  return bad > Math.max(1, text.length / 100);
}

/** The 1-based line of a character of the text (Infinity: the last line), as readCsv counts them. */
function lineOf(text: string, index: number): number {
  const before = text.slice(0, Math.max(0, Math.min(index, text.length)));
  // CR LF and a lone CR are one line break each, as readCsv normalises them.
  return (before.match(/\r\n?|\n/g)?.length ?? 0) + 1;
}

/**
 * Records with their line numbers. A quote that never closes (or closes in the middle of a
 * cell) is refused, naming its line: read on, it would swallow the lines after it into one
 * cell, and those fill-ups would silently disappear from the import.
 */
function readCsv(text: string, refuse: Refuse): { rows: RawRow[]; openEnd: boolean } {
  // One newline convention, so papaparse splits mixed files consistently and lines can be counted.
  const normalized = text.replace(/\r\n?/g, '\n');
  const rows: RawRow[] = [];
  let line = 1;
  let start = 0;
  let quoteAt: number | null = null;
  Papa.parse<string[]>(normalized, {
    delimiter: '',
    delimitersToGuess: [',', '\t', ';'],
    newline: '\n',
    skipEmptyLines: false,
    step: (result) => {
      if (quoteAt === null && result.errors.some((e) => e.type === 'Quotes')) quoteAt = line;
      rows.push({ line, cells: result.data.map((c) => c.trim()) });
      // A quoted cell may span lines: the next record starts after every newline consumed here.
      const end = result.meta.cursor;
      for (let i = start; i < end; i++) if (normalized.charCodeAt(i) === 10) line++;
      start = end;
    },
  });
  if (quoteAt !== null) throw refuse('err.importQuote', { line: quoteAt });
  // (no regular expression over the text's end: a long run of blank lines would make it slow)
  const end = normalized.trimEnd();
  return { rows, openEnd: !normalized.slice(end.length).includes('\n') };
}

async function readXlsx(bytes: Uint8Array, refuse: Refuse): Promise<RawRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's types predate Buffer's generic parameter; the value is a plain Node Buffer.
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch {
    // a truncated or corrupt archive, or a zip that is not a workbook
    throw refuse('err.importDamaged');
  }
  const sheet = workbook.worksheets[0];
  // a zip that is some other document (.docx, a plain archive): no worksheet at all
  if (!sheet) throw refuse('err.importDamaged');
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
