// Which column of a statement holds which field: guessed from the header texts, and the
// problems of a mapping (a required field without a column, a column used twice).
import { REQUIRED_FIELDS, STATEMENT_FIELDS, type StatementField, type StatementMapping } from '../../../../shared/api/fuel.ts';

/** field → 0-based column index */
export type Mapping = StatementMapping;

export interface RowProblem {
  field: StatementField;
  key: string;
  params?: Record<string, string | number>;
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
