// Every Excel export with user-entered text that a spreadsheet would run as a formula: a
// driver's name and employee number, a repair shop's name. The
// files are read back with exceljs: no cell holds a formula, and each text is there exactly as
// it was typed, as text. The download's name made from a shop name is a plain file name.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, type Caller, type Harness } from '../testing/harness.ts';

const CMD = "=cmd|' /C calc'!A0";
const PLUS = '+1+1';
const AT = '@SUM(1)';
const MINUS = '-2+3';
const SHOP = '=HYPERLINK("http://evil.invalid/a/b","点我")';

let h: Harness;
let admin: Caller;
let office: Caller;
let finance: Caller;

beforeAll(async () => {
  h = await openHarness({ demo: true, now: '2026-11-23T09:30:00' });
  admin = await h.as('admin');
  office = await h.as('bangongshi');
  finance = await h.as('caiwu');
  // The demo's shop 1 has two orders approved for payment in October, of drivers 1 and 4.
  const rename = async (id: number, name: string, employeeNo?: string) => {
    const d = await admin.ok('drivers.get', { id });
    await admin.ok('drivers.update', { id, name, employeeNo: employeeNo ?? d.employeeNo, permitNo: d.permitNo, permitValidFrom: d.permitValidFrom, permitValidTo: d.permitValidTo, ...(d.phone ? { phone: d.phone } : {}) });
  };
  await rename(1, CMD, PLUS);
  await rename(4, AT);
  await rename(2, MINUS);
  const shop = await admin.ok('shops.get', { id: 1 });
  await admin.ok('shops.update', { id: 1, name: SHOP, ...(shop.address ? { address: shop.address } : {}) });
});
afterAll(() => h.close());

/** Every cell of every sheet of a workbook, read back with exceljs. */
async function cellsOf(base64: string): Promise<ExcelJS.Cell[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(base64, 'base64') as never);
  const cells: ExcelJS.Cell[] = [];
  for (const ws of wb.worksheets) ws.eachRow({ includeEmpty: false }, (row) => row.eachCell({ includeEmpty: false }, (cell) => void cells.push(cell)));
  expect(cells.length).toBeGreaterThan(10);
  return cells;
}

/** No cell is a formula; the given texts are cells of their own, as strings, exactly. */
function expectTextNotFormula(cells: ExcelJS.Cell[], texts: string[]) {
  for (const cell of cells) {
    expect(cell.type, `${cell.address} ${String(cell.value)}`).not.toBe(ExcelJS.ValueType.Formula);
    expect(cell.formula, cell.address).toBeFalsy();
    expect(typeof cell.value === 'object' && cell.value !== null && !(cell.value instanceof Date) ? Object.keys(cell.value) : [], cell.address).not.toContain('formula');
  }
  for (const text of texts) {
    const found = cells.filter((c) => c.value === text);
    expect(found.length, text).toBeGreaterThan(0);
    for (const c of found) expect(c.type).toBe(ExcelJS.ValueType.String);
  }
}

describe('exports with user text that looks like a formula', () => {
  it('the settlement workbook keeps names and employee numbers as text, never formulas', async () => {
    await office.ok('settlement.prepare', { month: '2026-09' });
    const s = await finance.ok('settlement.get', { month: '2026-09' });
    expect(s.rows.map((r) => r.name)).toEqual(expect.arrayContaining([CMD, AT, MINUS]));
    const file = await finance.ok('settlement.xlsx', { month: '2026-09' });
    expectTextNotFormula(await cellsOf(file.base64), [CMD, PLUS, AT, MINUS]);
  });

  it("the repair shop's statement keeps the shop's and drivers' names as text, and its file name is a plain name", async () => {
    const st = await finance.ok('repairs.statement', { month: '2026-10', shopId: 1 });
    expect(st.orders.map((o) => o.driverName).sort()).toEqual([CMD, AT].sort());
    const file = await finance.ok('repairs.statementXlsx', { month: '2026-10', shopId: 1 });
    const cells = await cellsOf(file.base64);
    expectTextNotFormula(cells, [CMD, AT]);
    expect(cells.some((c) => c.value === `修理厂维修费用月结单 ${SHOP} 2026-10`)).toBe(true);
    expect(file.fileName).toBe('修理厂月结单-=HYPERLINK(_http___evil.invalid_a_b_,_点我_)-2026-10.xlsx');
  });
});
