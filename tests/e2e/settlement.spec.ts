// The monthly settlement on the demo depot, as the people do it. The month before last has its
// fuel audit and assessment signed in the demo (and no open dispatch flag or accident waiting
// for its finding), so its prerequisites are met: the fleet office prepares it and opens the
// slips; the captain reviews; the manager office sends it back with a reason, the office
// recomputes, the captain reviews again and the manager office approves; finance locks it
// (after the warning) and sees the audit chain's head; the office enters an adjustment on the
// locked month. A driver sees only their own slip. Last month shows what blocks it, with links.
import { expect, test, type Page } from '@playwright/test';
import dayjs from 'dayjs';
import { buttonName, pickOption } from './pages/app.ts';
import ExcelJS from 'exceljs';
import { settled, shot, snap, submitDialog, useServer } from './fixtures.ts';
import { apiAs, DEMO_PASSWORD } from './server.ts';
import type { TicketSummary } from '../../shared/api/dispatch.ts';
import type { Settlement } from '../../shared/api/settlement.ts';
import { LINE_KINDS } from '../../shared/domain/settlement.ts';
import { formatFixed } from '../../shared/domain/money.ts';

test.describe.configure({ mode: 'serial' });

const server = useServer({ admin: true, demo: true });
const monthBefore = dayjs().startOf('month').subtract(2, 'month').format('YYYY-MM');
const lastMonth = dayjs().startOf('month').subtract(1, 'month').format('YYYY-MM');

/** The staff's settlement page on a month, through the menu and the month picker. */
async function openMonth(page: Page, month: string) {
  await page.getByRole('menu').getByRole('menuitem', { name: '月度结算表' }).click();
  const picker = page.getByLabel('结算月份');
  await expect(picker).toHaveValue(lastMonth);
  if (month !== lastMonth) {
    await picker.click();
    await picker.fill(month);
    await picker.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/settlement\\?month=${month}$`));
  }
  await expect(picker).toHaveValue(month);
  await expect(page.getByTestId('settlement-workflow')).toContainText(month);
}

/** The downloaded workbook, read back: a summary row per person and the lines, with the backend's figures. */
async function expectWorkbookEqualsSheet(file: string) {
  const api = await apiAs(server.url, 'caiwu', DEMO_PASSWORD);
  const sheet = (await api('settlement.get', { month: monthBefore })) as Settlement;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const [summary, lines] = wb.worksheets;
  const y = (fen: number) => Number(formatFixed(fen, 2));
  // title, blank, header, a row per person, the total
  expect(summary!.rowCount).toBe(3 + sheet.rows.length + 1);
  sheet.rows.forEach((r, i) => {
    const row = summary!.getRow(4 + i).values as unknown[];
    expect(row[2]).toBe(r.name);
    expect(row.slice(7, 8 + LINE_KINDS.length)).toEqual([...LINE_KINDS.map((k) => y(r.totals[k])), y(r.netFen)]);
  });
  expect((summary!.getRow(4 + sheet.rows.length).values as unknown[])[7 + LINE_KINDS.length]).toBe(y(sheet.netFen));
  // the lines add up to the net, fen for fen
  const sum = (lines!.getSheetValues() as unknown[][]).slice(2).reduce((x, v) => x + Math.round(Number(v[4]) * 100), 0);
  expect(sum).toBe(sheet.netFen);
}

async function step(page: Page, button: string, dialogName: RegExp, fill?: (dialog: ReturnType<Page['getByRole']>) => Promise<void>) {
  await page.getByTestId('settlement-workflow').getByRole('button', { name: buttonName(button) }).click();
  const dialog = page.getByRole('dialog', { name: dialogName });
  await expect(dialog).toBeVisible();
  if (fill) await fill(dialog);
  await submitDialog(dialog, button);
}

const status = (page: Page) => page.getByTestId('settlement-workflow').getByTestId('settlement-status');

test('the fleet office sees the prerequisites met for the month before last, prepares it and opens the slips', async ({ page }) => {
  await server.loginAs(page, 'bangongshi');
  await openMonth(page, monthBefore);
  const pre = page.getByTestId('settlement-prerequisites');
  await expect(pre.getByTestId('prereq-ready')).toHaveText('全部满足');
  for (const kind of ['fuel_signed', 'assessment_signed', 'flags_resolved', 'findings_in']) await expect(pre.getByTestId(`prereq-${kind}`)).toHaveAttribute('data-ok', 'true');
  await expect(pre).toContainText(`${monthBefore} 油耗核算已签字`);
  await expect(status(page)).toHaveText('未制表');
  await snap(page, '700-settlement-prerequisites');

  await step(page, '制表', /^制表：/);
  await expect(status(page)).toHaveText('草稿');
  await expect(page.getByTestId('signed-prepare')).toContainText('许文静（办公室（车队））');
  await expect(page.getByTestId('settlement-computed')).toContainText('第 1 次计算');

  const sheet = page.getByTestId('settlement-sheet');
  await expect(sheet.locator('.ant-table-row')).not.toHaveCount(0);
  // 刘洋's hidden accident: no bonus, and why, on the sheet itself
  const liu = sheet.locator('.ant-table-row').filter({ hasText: '刘洋' });
  await expect(liu.getByTestId('unsafe-reasons')).toContainText('隐瞒不报的事故');
  await expect(sheet.getByTestId('sheet-totals')).toContainText('合计');
  await expect(sheet.getByTestId('sheet-net')).not.toHaveText('');
  await snap(page, '701-settlement-sheet');

  // A safe driver's slip: the bonus, the subsidy from the official kilometres. 李志强's, unless
  // one of the demo's older overnight returns (violations) falls on him in that month.
  const prepared = (await (await apiAs(server.url, 'bangongshi', DEMO_PASSWORD))('settlement.get', { month: monthBefore })) as unknown as Settlement;
  const safe = prepared.rows.filter((r) => r.post === 'driver' && r.safe && r.officialKm > 0).map((r) => r.name);
  const name = safe.includes('李志强') ? '李志强' : safe[0]!;
  await sheet.locator('.ant-table-row').filter({ hasText: name }).getByTestId('row-name').click();
  let drawer = page.getByTestId('slip-drawer');
  await expect(drawer.getByTestId('slip-name')).toHaveText(name);
  const lines = drawer.getByTestId('slip-lines');
  await expect(lines).toContainText('安全奖（安全月）');
  await expect(lines).toContainText('安全里程补贴');
  await expect(lines.getByTestId('source-trips')).toHaveAttribute('href', `#/trip-km?month=${monthBefore}`);
  await settled(page);
  await page.screenshot({ path: shot('702-settlement-slip') });
  await drawer.locator('.ant-drawer-close').click();
  await expect(drawer).toBeHidden();

  // 刘洋's slip: his accident share, with the accident a click away
  await liu.getByTestId('row-name').click();
  drawer = page.getByTestId('slip-drawer');
  await expect(drawer.getByTestId('safe-no')).toContainText('隐瞒不报的事故');
  const accident = drawer.getByTestId('slip-lines').getByTestId('source-accident');
  await expect(accident).toBeVisible();
  await settled(page);
  await page.screenshot({ path: shot('703-settlement-slip-accident') });
  await accident.click();
  await expect(page).toHaveURL(/\/accidents\/\d+$/);
  await expect(page.getByText('倒车时刮擦配送点围墙').first()).toBeVisible();
});

test('the captain reviews; the manager office returns it with a reason; recomputed, reviewed again and approved', async ({ page }) => {
  let shell = await server.loginAs(page, 'duizhang');
  await openMonth(page, monthBefore);
  await expect(page.getByTestId('settlement-workflow').getByRole('button', { name: buttonName('制表') })).toHaveCount(0);
  await step(page, '车队审核签字', /^车队审核签字：/);
  await expect(status(page)).toHaveText('车队已审核');
  await expect(page.getByTestId('signed-review')).toContainText('韩队长');
  shell = await shell.logout().then((l) => l.login('jingli', 'demo1234'));

  await openMonth(page, monthBefore);
  // a return needs its reason
  await page.getByTestId('settlement-workflow').getByRole('button', { name: buttonName('退回') }).click();
  const dialog = page.getByRole('dialog', { name: /^退回：/ });
  await dialog.getByRole('button', { name: buttonName('退回') }).click();
  await expect(dialog).toContainText('必填');
  await dialog.getByLabel('退回原因').fill('请核对刘洋的事故承担金额');
  await submitDialog(dialog, '退回');
  await expect(status(page)).toHaveText('草稿');
  await expect(page.getByTestId('settlement-returned')).toContainText('请核对刘洋的事故承担金额');
  await expect(page.getByTestId('signed-review')).toHaveCount(0);
  await snap(page, '704-settlement-returned');
  shell = await shell.logout().then((l) => l.login('bangongshi', 'demo1234'));

  await openMonth(page, monthBefore);
  await step(page, '重新计算', /^重新计算：/);
  await expect(page.getByTestId('settlement-computed')).toContainText('第 2 次计算');
  shell = await shell.logout().then((l) => l.login('duizhang', 'demo1234'));

  await openMonth(page, monthBefore);
  await step(page, '车队审核签字', /^车队审核签字：/);
  await expect(status(page)).toHaveText('车队已审核');
  shell = await shell.logout().then((l) => l.login('jingli', 'demo1234'));

  await openMonth(page, monthBefore);
  await step(page, '经理室审批', /^经理室审批：/);
  await expect(status(page)).toHaveText('经理室已批准');
  await expect(page.getByTestId('signed-approve')).toContainText('经理室');
});

test('finance locks the approved month after the warning and sees the audit head; the office enters an adjustment', async ({ page }) => {
  let shell = await server.loginAs(page, 'caiwu');
  await openMonth(page, monthBefore);
  await page.getByTestId('settlement-workflow').getByRole('button', { name: buttonName('锁定') }).click();
  const dialog = page.getByRole('dialog', { name: /^锁定：/ });
  await expect(dialog.getByTestId('lock-warning')).toContainText('不能再修改');
  await settled(page);
  await page.screenshot({ path: shot('705-settlement-lock-confirm') });
  await submitDialog(dialog, '锁定');
  await expect(status(page)).toHaveText('已锁定');
  await expect(page.getByTestId('signed-lock')).toContainText('财务');
  await expect(page.getByTestId('settlement-audit-head')).toContainText('审计链头');
  await expect(page.getByTestId('settlement-workflow').locator('[data-testid^="step-"]')).toHaveCount(0);
  await snap(page, '706-settlement-locked');
  // the sheet goes to Excel and to the printout
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-sheet').click()]);
  expect(download.suggestedFilename()).toBe(`月度结算-${monthBefore}.xlsx`);
  await expectWorkbookEqualsSheet(await download.path());
  await page.getByTestId('print-sheet').click();
  await expect(page).toHaveURL(new RegExp(`/print/settlement/${monthBefore}$`));
  await page.goBack();
  await expect(status(page)).toHaveText('已锁定');
  shell = await shell.logout().then((l) => l.login('bangongshi', 'demo1234'));

  // A correction of the locked month: carried into last month
  await openMonth(page, monthBefore);
  await page.getByRole('tab', { name: '调整' }).click();
  await page.getByTestId('adjust-open').click();
  const adjust = page.getByRole('dialog', { name: /^录入调整：/ });
  await expect(adjust.getByTestId('adjust-hint')).toContainText('之后第一个未锁定的月份');
  // the person by searching the list (it is virtual: not every driver is rendered)
  await adjust.getByLabel('人员', { exact: true }).fill('李志强');
  await pickOption(adjust, '人员', '李志强（KF1002）');
  await adjust.getByLabel('金额', { exact: true }).fill('-50');
  await adjust.getByLabel('原因', { exact: true }).fill('9 月补贴多计，扣回');
  await adjust.getByRole('button', { name: buttonName('录入调整') }).click();
  const confirm = page.locator('.ant-modal-confirm');
  await expect(confirm).toContainText('-50.00');
  await confirm.getByRole('button', { name: buttonName('录入调整') }).click();
  await expect(adjust).toBeHidden();
  const row = page.getByTestId('settlement-adjustments').locator('.ant-table-row').filter({ hasText: '李志强' });
  await expect(row).toContainText(lastMonth);
  await expect(row).toContainText('-50.00');
  await snap(page, '707-settlement-adjustment');
});

test('a driver sees only their own slip', async ({ page }) => {
  const shell = await server.loginAs(page, 'siji02');
  await expect(shell.menuItem('月度结算表')).toHaveCount(0);
  await shell.menuItem('我的结算单').click();
  const picker = page.getByLabel('结算月份');
  await expect(picker).toHaveValue(lastMonth);
  await expect(page.getByTestId('my-slip-none')).toContainText(`${lastMonth} 还没有你的结算单`);
  await snap(page, '708-driver-no-slip');
  await picker.click();
  await picker.fill(monthBefore);
  await picker.press('Enter');
  const slip = page.getByTestId('settlement-slip');
  await expect(slip.getByTestId('slip-name')).toHaveText('李志强');
  await expect(slip).toContainText('已锁定');
  await expect(slip.getByTestId('slip-lines')).toContainText('安全奖');
  await expect(page.getByText('刘洋')).toHaveCount(0);
  await expect(page.getByTestId('settlement-sheet')).toHaveCount(0);
  await snap(page, '709-driver-slip');
});

/** Every page of a list method's items. */
async function listAll<T>(call: (method: string, input: unknown) => Promise<Record<string, unknown>>, method: string, input: Record<string, unknown>): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page++) {
    const res = (await call(method, { ...input, page, pageSize: 200 })) as { items: T[]; total: number };
    items.push(...res.items);
    if (!res.items.length || items.length >= res.total) return items;
  }
}

/**
 * What blocks the month besides its two signatures, read from the demo's own records (the
 * tickets and the accidents, not the prerequisites' method): the demo's recent dispatch flags wait
 * for the reviewer, one accident waits for the police finding and today's trips are not finished,
 * so early in a month some of them fall into last month.
 */
async function otherBlockers(month: string): Promise<Record<'flags_resolved' | 'findings_in' | 'trips_finished', number>> {
  const api = await apiAs(server.url, 'bangongshi', DEMO_PASSWORD);
  const inMonth = (t: string | null) => t !== null && t.startsWith(`${month}-`);
  const nextMonth = dayjs(`${month}-01`).add(1, 'month').format('YYYY-MM-DD');
  // unresolved flags of the month's tickets: returned in it, or planned to leave in it
  const flagged = await listAll<TicketSummary>(api, 'dispatch.list', { flag: 'unresolved' });
  const flags = flagged.filter((t) => inMonth(t.returnedAt) || inMonth(t.plannedDeparture)).reduce((n, t) => n + t.flags.filter((f) => !f.resolved).length, 0);
  // open accidents of the month or before still waiting for the police finding
  const accidents = await listAll<{ status: string; finding: string; occurredAt: string }>(api, 'accidents.list', { filter: 'pending' });
  const pending = accidents.filter((a) => a.status === 'open' && a.finding === 'pending' && a.occurredAt < nextMonth).length;
  // the month's trips not finished: planned to leave in it or left in it
  const open = await listAll<TicketSummary>(api, 'dispatch.list', { statuses: ['requested', 'approved', 'departed'] });
  const unfinished = open.filter((t) => inMonth(t.plannedDeparture) || inMonth(t.departedAt)).length;
  return { flags_resolved: flags, findings_in: pending, trips_finished: unfinished };
}

test("last month shows what blocks it, each with a link to where it is resolved", async ({ page }) => {
  const others = await otherBlockers(lastMonth);
  const blocked = 2 + Object.values(others).filter((n) => n > 0).length;
  await server.loginAs(page, 'bangongshi');
  await openMonth(page, lastMonth);
  const pre = page.getByTestId('settlement-prerequisites');
  await expect(pre.getByTestId('prereq-blocked')).toHaveText(`${blocked} 项未满足`);
  await expect(pre.getByTestId('prereq-fuel_signed')).toHaveAttribute('data-ok', 'false');
  await expect(pre.getByTestId('prereq-fuel_signed')).toContainText(`${lastMonth} 油耗核算尚未由车队长签字`);
  await expect(pre.getByTestId('prereq-assessment_signed')).toHaveAttribute('data-ok', 'false');
  await expect(pre.getByTestId('prereq-assessment_signed')).toContainText(`${lastMonth} 百分考核尚未由车队办公室签字`);
  // the others as the demo's records have them on the day the test runs
  const texts = {
    flags_resolved: [`${lastMonth} 派车异常均已处理`, `${lastMonth} 还有 ${others.flags_resolved} 条派车异常未处理`],
    findings_in: ['没有待认定的事故', `还有 ${others.findings_in} 起事故等待责任认定`],
    trips_finished: [`${lastMonth} 的出车均已收车`, `${lastMonth} 还有 ${others.trips_finished} 张派车单未收车`],
  } as const;
  for (const [kind, n] of Object.entries(others) as [keyof typeof texts, number][]) {
    await expect(pre.getByTestId(`prereq-${kind}`)).toHaveAttribute('data-ok', String(n === 0));
    await expect(pre.getByTestId(`prereq-${kind}`)).toContainText(texts[kind][n === 0 ? 0 : 1]);
  }
  await expect(page.getByTestId('settlement-workflow').getByRole('button', { name: buttonName('制表') })).toBeDisabled();
  await expect(page.getByTestId('prepare-blocked')).toContainText(`尚不能制表：${lastMonth} 油耗核算尚未由车队长签字`);
  // the adjustment entered on the locked month is carried by this one
  await page.getByRole('tab', { name: '调整' }).click();
  await expect(page.getByTestId('settlement-adjustments')).toContainText('9 月补贴多计，扣回');
  await page.getByRole('tab', { name: /结算表/ }).click();
  await snap(page, '710-settlement-blocked');

  // each blocker's link opens where it is resolved
  if (others.flags_resolved > 0) {
    await pre.getByTestId('prereq-link-flags_resolved').click();
    await expect(page).toHaveURL(/\/tickets\?flag=unresolved$/);
    await expect(page.locator('.ant-table-row').first()).toBeVisible();
    await page.goBack();
  }
  if (others.findings_in > 0) {
    await pre.getByTestId('prereq-link-findings_in').click();
    await expect(page).toHaveURL(/\/accidents\?filter=pending$/);
    await expect(page.locator('.ant-table-row').first()).toBeVisible();
    await page.goBack();
  }
  if (others.trips_finished > 0) {
    await pre.getByTestId('prereq-link-trips_finished').click();
    await expect(page).toHaveURL(new RegExp(`/tickets\\?open=${lastMonth}$`));
    await expect(page.locator('.ant-pagination-total-text')).toHaveText(`共 ${others.trips_finished} 条`);
    await page.goBack();
  }
  await pre.getByTestId('prereq-link-assessment_signed').click();
  await expect(page).toHaveURL(new RegExp(`/assessment\\?month=${lastMonth}$`));
  await expect(page.getByTestId('assessment-signbar')).toContainText(`${lastMonth} 的考核尚未签字`);
  await page.goBack();
  await pre.getByTestId('prereq-link-fuel_signed').click();
  await expect(page).toHaveURL(new RegExp(`/fuel-audit\\?month=${lastMonth}$`));
  await expect(page.locator('.ant-card-head-title').filter({ hasText: '单车耗油核算' })).toBeVisible();
  await expect(page.getByTestId('signoff-bar')).toBeVisible();
  await expect(page.getByTestId('audit-month')).toHaveValue(lastMonth);
  await snap(page, '711-settlement-blocker-link');
});

test("this month's unfinished trips block it, and the link lists exactly those tickets", async ({ page }) => {
  const thisMonth = dayjs().format('YYYY-MM');
  await server.loginAs(page, 'bangongshi');
  await page.goto(`${server.url}#/settlement?month=${thisMonth}`);
  const item = page.getByTestId('settlement-prerequisites').getByTestId('prereq-trips_finished');
  await expect(item).toHaveAttribute('data-ok', 'false');
  const count = Number((await item.textContent())!.match(/还有 (\d+) 张派车单未收车/)![1]);
  expect(count).toBeGreaterThan(0);
  await item.getByTestId('prereq-link-trips_finished').click();
  await expect(page).toHaveURL(new RegExp(`/tickets\\?open=${thisMonth}$`));
  await expect(page.locator('.ant-pagination-total-text')).toHaveText(`共 ${count} 条`);
  // the month's dates shown in the filter the link set
  await expect(page.getByPlaceholder('起始日期')).toHaveValue(`${thisMonth}-01`);
  // every ticket listed waits for approval, has not left or is out
  const statuses = await page.locator('.ant-table-row').evaluateAll((rows) => rows.map((r) => r.textContent ?? ''));
  for (const s of statuses) expect(s).toMatch(/待审批|已批准|已出车/);
  await snap(page, '712-settlement-unfinished-trips');
});
