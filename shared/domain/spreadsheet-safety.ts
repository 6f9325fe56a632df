// Spreadsheet safety (CSV / formula injection, OWASP): text a person typed, or that arrived in
// an imported file, must never become a formula when a spreadsheet opens one of our exports.
// One rule for every exporter and for the importer:
//  - .xlsx: cells are written from plain values only (sheetRow accepts no objects, so no
//    { formula } can be built from a record); exceljs writes a string as a string, so text
//    starting with '=' stays that text and is never evaluated.
//  - CSV: a field that a spreadsheet would read as a formula (see startsLikeFormula) gets a
//    single quote in front, which spreadsheets take as "this is text" and do not show.
//  - import: such text is refused rather than stored (fuel/statement-row.ts), except a plain
//    negative number.
// No dependencies: the renderer (the rejected-rows CSV) and the backend use the same file.

/** What an exporter may put in a cell. */
export type SheetValue = string | number | boolean | Date | null;

/**
 * = + - @ start a formula in Excel, LibreOffice and Google Sheets, also after leading spaces
 * (some of them trim), and so do their full-width forms under East Asian input methods; a
 * leading tab, CR or LF is the OWASP list's way of smuggling one past a naive check.
 */
const FORMULA_START = /^(?:[\t\r\n]|\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;

/** A number as people write it (a negative amount or a minus-prefixed serial), not a formula. */
const PLAIN_NUMBER = /^-\d+(?:[.,]\d+)*$/;

/** Characters XML 1.0 cannot hold (an .xlsx is XML): C0 controls other than tab, LF and CR. */
const XML_INVALID = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F\uFFFE\uFFFF]/g;

/** Excel's limit on the text of one cell; longer text makes Excel "repair" the file. */
export const XLSX_MAX_CELL_CHARS = 32_767;

/** True when a spreadsheet would run this text as a formula if it were written as it is into a CSV. */
export function startsLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

/**
 * Whether imported text must be refused: it would start a formula (a plain negative number
 * excepted) or holds control characters (hidden line breaks, tabs, NULs).
 */
export function unsafeImportedText(text: string): boolean {
  if (/[\x00-\x1F\x7F]/.test(text)) return true;
  return startsLikeFormula(text) && !PLAIN_NUMBER.test(text);
}

/** One CSV field: text that would start a formula gets a leading single quote. */
export function csvField(value: SheetValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  // Numbers and booleans are the program's own values, never user text: as they are.
  if (typeof value !== 'string') return String(value);
  return startsLikeFormula(value) ? `'${value}` : value;
}

/** A CSV row's fields, each through csvField (the caller's CSV writer then quotes as RFC 4180 says). */
export function csvRow(values: readonly (SheetValue | undefined)[]): string[] {
  return values.map(csvField);
}

/**
 * One .xlsx cell value: text stays text, exactly as typed, minus the characters XML cannot
 * hold, and cut at Excel's cell limit. Only plain values come in: an exporter cannot pass a
 * { formula } object built from a record.
 */
export function sheetCell(value: SheetValue | undefined): SheetValue {
  if (value === undefined) return null;
  if (typeof value !== 'string') return value;
  const clean = value.replace(XML_INVALID, '');
  return clean.length > XLSX_MAX_CELL_CHARS ? clean.slice(0, XLSX_MAX_CELL_CHARS) : clean;
}

/** A worksheet row for exceljs's addRow, every value through sheetCell. */
export function sheetRow(values: readonly (SheetValue | undefined)[]): SheetValue[] {
  return values.map(sheetCell);
}

/**
 * A download's file name made from record text (a shop's name): no path separators, no
 * characters Windows refuses in names, no control characters, no leading dots.
 */
export function safeFileName(name: string): string {
  const cleaned = name.replace(/[\\/:*?"<>|\x00-\x1F\x7F]/g, '_').replace(/^[.\s]+/, '').trim();
  return cleaned === '' ? '_' : cleaned.slice(0, 180);
}
