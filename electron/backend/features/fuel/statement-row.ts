// One statement row through a mapping: each cell parsed as people write it on a statement
// (times, plates, fuel grades, yuan and litres as decimal text, never through floating point),
// with every problem of the row.
import type { z } from 'zod';
import { FILLUP_LIMITS, FUEL_GRADES, STATEMENT_FIELDS, type fillupCreateInput, type StatementField } from '../../../../shared/api/fuel.ts';
import { isValidMinute } from '../../../../shared/domain/dispatch.ts';
import { parseFixed } from '../../../../shared/domain/money.ts';
import { isValidPlate, normalizePlate } from '../../../../shared/domain/plate.ts';
import { unsafeImportedText } from '../../../../shared/domain/spreadsheet-safety.ts';
import type { Mapping, RowProblem } from './statement-mapping.ts';

type FuelGrade = (typeof FUEL_GRADES)[number];

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

// ---------------------------------------------------------------------------------------------
// Checking a row

type Parsed<T> = { value: T } | { problem: { key: string; params?: Record<string, string | number> } };

/**
 * One row's values through a mapping: every problem of the row, values only when there are
 * none. `open`: the row is the last of a file that ends without a line break, so a column it
 * does not reach may have been cut off rather than left empty.
 */
/**
 * What the cells of a field with few different values (the plates, names, stations, grades and
 * prices a statement repeats on every row) parsed to, for the next rows of the same statement.
 */
export type CellMemo = Map<StatementField, Map<string, Parsed<unknown>>>;
const REPEATING: readonly StatementField[] = ['plate', 'driverName', 'stationName', 'fuelGrade', 'unitPrice', 'fullTank'];
export const cellMemo = (): CellMemo => new Map(REPEATING.map((f) => [f, new Map()]));

export function rowValues(cells: string[], mapping: Mapping, open = false, memo?: CellMemo): { values: StatementRow | null; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  /** undefined: the field has no column; '' : its cell is empty */
  const cell = (field: StatementField): string | undefined => {
    const column = mapping[field];
    return column === undefined ? undefined : (cells[column] ?? '').trim();
  };
  if (open) {
    for (const field of STATEMENT_FIELDS) {
      const column = mapping[field];
      if (column !== undefined && column >= cells.length) problems.push({ field, key: 'err.importCutRow' });
    }
    if (problems.length > 0) return { values: null, problems };
  }
  function take<T>(field: StatementField, parsed: Parsed<T>): T | undefined {
    if ('problem' in parsed) {
      problems.push({ field, ...parsed.problem });
      return undefined;
    }
    return parsed.value;
  }
  function parsed<T>(field: StatementField, text: string, parse: (text: string) => Parsed<T>): Parsed<T> {
    const known = memo?.get(field);
    if (!known) return bounded(field, text, parse);
    let result = known.get(text) as Parsed<T> | undefined;
    if (!result) known.set(text, (result = bounded(field, text, parse)));
    return result;
  }
  /** A required cell: empty or unmapped is err.required, else its parser decides. */
  function required<T>(field: StatementField, parse: (text: string) => Parsed<T>): T | undefined {
    const text = cell(field);
    if (!text) return take<T>(field, { problem: { key: 'err.required' } });
    return take(field, parsed(field, text, parse));
  }
  function optional<T>(field: StatementField, parse: (text: string) => Parsed<T>, empty: T): T | undefined {
    const text = cell(field);
    return text ? take(field, parsed(field, text, parse)) : empty;
  }

  const filledAt = required('filledAt', parseTime);
  const plate = required('plate', parsePlate);
  const driverName = optional('driverName', textParser(FILLUP_LIMITS.driverName), null);
  const stationName = required('stationName', textParser(FILLUP_LIMITS.stationName));
  const fuelGrade = optional('fuelGrade', parseGrade, '92#' as FuelGrade);
  const litres = required('litres', (t) => parsePositive(t, LITRE_UNITS, FILLUP_LIMITS.litres));
  const unitPriceFen = required('unitPrice', (t) => parsePositive(t, PRICE_UNITS, FILLUP_LIMITS.fen));
  const amountFen = required('amount', (t) => parsePositive(t, MONEY_UNITS, FILLUP_LIMITS.fen));
  const invoiceNo = required('invoiceNo', textParser(FILLUP_LIMITS.invoiceNo));
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

/** the schema's output as it is at run time: keys of absent optional values left out, no note */
export type ImportedFill = Omit<z.output<typeof fillupCreateInput>, 'stationName' | 'note'> & { stationName?: string };

/**
 * A checked row as the fill-up it saves: what the shared schema (fillupCreateInput) gives for
 * the same values. The row reader's rules are the schema's or stricter, so the schema need not
 * run again on each of a statement's 100 000 rows; statement-row.test.ts holds that claim up
 * against the schema itself with random cells.
 */
export function fillOf(v: StatementRow, vehicleId: number, driverId: number, stationId: number | undefined): ImportedFill {
  const fill: ImportedFill = {
    vehicleId,
    driverId,
    filledAt: v.filledAt,
    fuelGrade: v.fuelGrade,
    litres: v.litres,
    unitPriceFen: v.unitPriceFen,
    amountFen: v.amountFen,
    invoiceNo: v.invoiceNo,
    fullTank: v.fullTank,
  };
  if (stationId !== undefined) fill.stationId = stationId;
  else fill.stationName = v.stationName;
  if (v.odometerKm !== null) fill.odometerKm = v.odometerKm;
  return fill;
}

/** The longest text a field's parser looks at: text fields their limit, times and figures far less. */
const CELL_LIMIT: Partial<Record<StatementField, number>> = {
  driverName: FILLUP_LIMITS.driverName,
  stationName: FILLUP_LIMITS.stationName,
  invoiceNo: FILLUP_LIMITS.invoiceNo,
};
const OTHER_CELL_LIMIT = 60;

/**
 * A cell longer than its field could ever be is refused before it is parsed: a huge cell
 * would otherwise cost the parsers' patterns time (a run of '(' in a fuel grade) and come back
 * whole inside the message.
 */
function bounded<T>(field: StatementField, text: string, parse: (text: string) => Parsed<T>): Parsed<T> {
  const max = CELL_LIMIT[field] ?? OTHER_CELL_LIMIT;
  // code units, not characters: a cheap bound; textParser counts characters exactly
  if (text.length > max * 2) return { problem: { key: 'err.tooLong', params: { max } } };
  return parse(text);
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
 * injection: = + - @, a plain negative number excepted), or that hides control characters,
 * is refused rather than stored (the rule is shared/domain/spreadsheet-safety.ts).
 */
function textParser(max: number): (text: string) => Parsed<string> {
  return (text) => {
    if (unsafeImportedText(text)) return { problem: { key: 'err.importFormula' } };
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
  if (value > FILLUP_LIMITS.km) return { problem: { key: 'err.tooLarge' } };
  return { value };
}
