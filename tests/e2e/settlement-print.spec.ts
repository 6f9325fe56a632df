// The printed settlement: the month before last of the demo depot (its fuel audit and
// assessment signed) prepared, reviewed, approved and locked through the API; then the sheet
// printed to PDF from the print page (what the browser and Electron's printToPDF print), its
// pages rendered to PNG to be looked at, the per-driver slip printed, and the sheet's
// numbers checked against the backend's.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import dayjs from 'dayjs';
import { useServer } from './fixtures.ts';
import { apiAs, DEMO_PASSWORD } from './server.ts';

const server = useServer({ admin: true, demo: true });
const month = dayjs().subtract(2, 'month').format('YYYY-MM');
const out = 'test-results/print';

test('finance prints the locked sheet: A4 landscape pages with the totals, signatures, audit head and page numbers', async ({ page }) => {
  const as = (u: string) => apiAs(server.url, u, DEMO_PASSWORD);
  await (await as('bangongshi'))('settlement.prepare', { month });
  await (await as('duizhang'))('settlement.review', { month });
  await (await as('jingli'))('settlement.approve', { month });
  const finance = await as('caiwu');
  const locked = (await finance('settlement.lock', { month })) as { auditHead: string; netFen: number; rows: { name: string }[] };
  expect(locked.auditHead).toMatch(/^[0-9a-f]{64}$/);

  const shell = await server.loginAs(page, 'caiwu');
  await page.goto(`${server.url}#/print/settlement/${month}`);
  const sheet = page.getByTestId('print-settlement');
  await expect(sheet).toContainText('驾驶员安全奖、安全里程补贴发放表');
  await expect(sheet.getByTestId('print-settlement-audit')).toContainText(locked.auditHead);
  const net = (locked.netFen / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });
  await expect(sheet.getByTestId('print-settlement-net')).toHaveText(net);
  await expect(sheet.locator('tbody tr')).toHaveCount(locked.rows.length);
  await expect(sheet).toContainText('经理室 沈经理');
  void shell;

  fs.mkdirSync(out, { recursive: true });
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  fs.writeFileSync(`${out}/settlement-${month}.pdf`, pdf);
  const info = execFileSync('pdfinfo', [`${out}/settlement-${month}.pdf`]).toString();
  // A4 landscape: 841.89 x 595.28 pts
  expect(info).toMatch(/Page size:\s+84[12]\.\d+ x 59[45]\.\d+ pts \(A4\)/);
  execFileSync('pdftoppm', ['-png', '-r', '60', `${out}/settlement-${month}.pdf`, `${out}/sheet`]);
  const text = execFileSync('pdftotext', ['-layout', `${out}/settlement-${month}.pdf`, '-']).toString();
  // on every page: the audit head in the bottom-left margin, the page number at the right
  const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
  expect(text.split(`审计链头 ${locked.auditHead}`).length - 1).toBe(pages);
  for (let n = 1; n <= pages; n++) expect(text).toMatch(new RegExp(`${n}\\s*/\\s*${pages}`));
  for (const label of ['制表', '车队审核', '经理室审批', '财务']) expect(text).toContain(label);

  // One driver's slip, portrait.
  const drivers = (await finance('settlement.get', { month })) as { rows: { driverId: number | null; name: string; netFen: number }[] };
  const someone = drivers.rows.find((r) => r.driverId !== null)!;
  await page.emulateMedia({ media: 'screen' });
  await page.goto(`${server.url}#/print/settlement/${month}/slip?driverId=${someone.driverId}`);
  await expect(page.getByTestId('print-slip')).toContainText(someone.name);
  await page.emulateMedia({ media: 'print' });
  fs.writeFileSync(`${out}/slip-${month}.pdf`, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
  expect(execFileSync('pdfinfo', [`${out}/slip-${month}.pdf`]).toString()).toMatch(/Page size:\s+59[45]\.\d+ x 84[12]\.\d+ pts \(A4\)/);
  execFileSync('pdftoppm', ['-png', '-r', '60', `${out}/slip-${month}.pdf`, `${out}/slip`]);
});
