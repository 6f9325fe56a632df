// A traffic accident on the demo depot, as the people do it: the fleet captain records a
// main-liability accident on a returned ticket with its costs and the insurance recovered (a
// refusal on the insurance first, nothing typed lost), and cannot close it because the policy's
// cap for main liability is unset — the refusal says who must set it and where; the director
// sets the cap for this month on the policy page; the captain closes the accident and sees the
// share capped, its computation in words and the closed status, and attaches a photo.
import { expect, test, type Locator, type Page } from '@playwright/test';
import dayjs from 'dayjs';
import { buttonName, pickOption } from './pages/app.ts';
import { snap, useServer } from './fixtures.ts';
import { DEFAULT_POLICY } from '../../shared/domain/policy.ts';
import { ADMIN, apiAs, DEMO_PASSWORD } from './server.ts';

test.describe.configure({ mode: 'serial' });

const server = useServer({ admin: true, demo: true });

interface Ticket {
  id: number;
  number: string;
  vehicleId: number;
  plate: string;
  driverName: string;
  departedAt: string | null;
  returnedAt: string | null;
}
interface Vehicle {
  id: number;
  plate: string;
  modelName: string;
  status: 'available' | 'dispatched' | 'in_repair' | 'retired';
}
const VEHICLE_STATUS = { available: '可用', dispatched: '出车中', in_repair: '维修中', retired: '已停用' } as const;
const MINUTE = 'YYYY-MM-DD HH:mm';
// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

let accidentNumber = '';

/** Opens the select labelled `label` and picks the option containing `text`. */
async function pickContaining(scope: Locator, label: string, text: string): Promise<void> {
  const page = scope.page();
  await expect(async () => {
    if (!(await page.locator('.ant-select-dropdown:visible').count())) await scope.getByLabel(label, { exact: true }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first().click({ timeout: 2000 });
    await expect(scope.locator('.ant-form-item').filter({ has: page.getByLabel(label, { exact: true }) })).toContainText(text, { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
}

async function openAccident(page: Page, number: string): Promise<void> {
  await page.getByRole('menuitem', { name: '交通事故' }).click();
  await page.getByRole('link', { name: number }).click();
  await expect(page.getByTestId('accident-title')).toHaveText(`交通事故 ${number}`);
}

/**
 * A trip made today, back before the closing time, by a vehicle and a driver of its own (so
 * nothing of the demo's is in its way): for the first day of a month, when none of the demo's
 * trips of the month is back yet.
 */
async function tripOfToday(): Promise<Ticket> {
  const admin = await apiAs(server.url, ADMIN.username, ADMIN.password);
  const office = await apiAs(server.url, 'bangongshi', DEMO_PASSWORD);
  const director = await apiAs(server.url, 'zhuren', DEMO_PASSWORD);
  let now = dayjs();
  // In the first minutes after midnight there is no room for a trip today yet.
  if (now.diff(now.startOf('day'), 'minute') < 3) {
    await new Promise((r) => setTimeout(r, now.startOf('day').add(3, 'minute').diff(now)));
    now = dayjs();
  }
  const [hour, minute] = DEFAULT_POLICY.dispatch.closingTime.split(':').map(Number);
  const closing = now.hour(hour!).minute(minute!).second(0);
  const returned = now.isBefore(closing) ? now : closing.subtract(10, 'minute');
  const later = (a: dayjs.Dayjs, b: dayjs.Dayjs) => (a.isAfter(b) ? a : b);
  const departed = later(returned.startOf('day').add(1, 'minute'), returned.subtract(60, 'minute'));
  const model = ((await admin('models.list', { pageSize: 200 })).items as { id: number; name: string }[]).find((m) => m.name === '五菱')!;
  const vehicle = await admin('vehicles.create', { plate: '苏EW9901', modelId: model.id, parkingPlace: '客服部车库 20 号位', initialOdometerKm: 15000 });
  const driver = await admin('drivers.create', { name: '钱多多', employeeNo: 'KF9801', permitNo: 'SZYC980001', permitValidFrom: dayjs().subtract(2, 'year').format('YYYY-MM-DD'), permitValidTo: dayjs().add(4, 'year').format('YYYY-MM-DD') });
  const t = await office('dispatch.request', { vehicleId: vehicle.id, driverId: driver.id, purposeKind: 'official', destination: '送文件至市局', plannedDeparture: departed.format(MINUTE), plannedReturn: returned.format(MINUTE) });
  await director('dispatch.approve', { id: t.id, byPhone: true, approvedAt: departed.format(MINUTE) });
  await office('dispatch.checkOut', { id: t.id, departedAt: departed.format(MINUTE), odometerOutKm: 15000 });
  return (await office('dispatch.checkIn', { id: t.id, returnedAt: returned.format(MINUTE), odometerInKm: 15030, parkedAtPlace: true })) as unknown as Ticket;
}

test('the fleet captain records a main-liability accident on a returned ticket; closing is refused while the cap is unset', async ({ page }) => {
  test.setTimeout(120_000);
  const captain = await apiAs(server.url, 'duizhang', DEMO_PASSWORD);
  const month = dayjs().format('YYYY-MM');
  const tickets = (await captain('dispatch.list', { statuses: ['returned'], pageSize: 200 })).items as Ticket[];
  // The demo's own accidents: a driver without any, so the flags below are this test's alone.
  const earlier = (await captain('accidents.list', { pageSize: 200 })).items as { driverName: string }[];
  const busy = new Set(earlier.map((a) => a.driverName));
  // A trip of this month, so the accident falls under this month's policy; on the first of the
  // month none of the demo's is back yet, and the test makes one.
  const ticket =
    tickets.find((t) => !busy.has(t.driverName) && t.departedAt?.startsWith(month) && t.returnedAt?.startsWith(month) && dayjs(t.returnedAt, MINUTE).diff(dayjs(t.departedAt, MINUTE), 'minute') >= 30) ??
    (await tripOfToday());
  expect(ticket.returnedAt?.startsWith(month), 'a returned ticket of this month').toBe(true);
  const vehicles = (await captain('vehicles.list', { pageSize: 200 })).items as Vehicle[];
  const vehicle = vehicles.find((v) => v.id === ticket.vehicleId)!;
  const trip = dayjs(ticket.returnedAt, MINUTE).diff(dayjs(ticket.departedAt, MINUTE), 'minute');
  const at = dayjs(ticket.departedAt, MINUTE).add(Math.min(20, Math.floor(trip / 2)), 'minute').format(MINUTE);

  const shell = await server.loginAs(page, 'duizhang');
  await shell.open('交通事故');
  await expect(page.getByRole('button', { name: '登记事故' })).toBeVisible();
  await page.getByRole('button', { name: '登记事故' }).click();
  const form = page.getByTestId('accident-form');
  await expect(form).toContainText('登记交通事故');

  const time = form.getByLabel('事故时间');
  await time.click();
  await time.fill(at);
  await time.press('Enter');
  await expect(time).toHaveValue(at);
  await expect(form.locator('.ant-form-item-explain-error')).toHaveCount(0);
  // by searching the list (it is virtual: not every vehicle is rendered)
  await form.getByLabel('车辆', { exact: true }).fill(vehicle.plate);
  await pickOption(form, '车辆', `${vehicle.plate} · ${vehicle.modelName} · ${VEHICLE_STATUS[vehicle.status]}`);
  // The ticket chosen brings its driver.
  await pickContaining(form, '派车单', ticket.number);
  await expect(form.getByTestId('accident-driver')).toContainText(ticket.driverName);
  await form.getByLabel('事故地点').fill('城东路与建设路交叉口');
  await form.getByLabel('事故经过').fill('路口左转时与直行的小轿车相撞，两车受损，无人受伤。');
  await pickOption(form, '责任认定', '主要责任');
  await form.getByLabel('认定书编号（可选）').fill('苏公交认字〔2026〕第 0815 号');
  await expect(form.getByLabel('及时报告')).toBeChecked();

  await form.getByRole('button', { name: '添加费用' }).click();
  await expect(form.getByLabel('金额（元） 1')).toBeFocused();
  await form.getByLabel('金额（元） 1').fill('3,000.00');
  await form.getByLabel('说明（可选） 1').fill('前保险杠、大灯');
  await form.getByRole('button', { name: '添加费用' }).click();
  await expect(form.getByTestId('cost-row-1')).toContainText('第三方损失');
  await form.getByLabel('金额（元） 2').fill('2000');
  // More insurance than the costs: the backend refuses on the field; nothing typed is lost.
  await form.getByLabel('保险赔付（元）').fill('6000');
  await form.getByRole('button', { name: buttonName('登记') }).click();
  await expect(form.getByTestId('form-error')).toContainText('保险赔付 6,000.00 元超过费用合计 5,000.00 元');
  await expect(form.locator('.ant-form-item').filter({ has: page.getByLabel('保险赔付（元）') }).locator('.ant-form-item-explain-error')).toContainText('超过费用合计');
  await expect(form.getByLabel('事故地点')).toHaveValue('城东路与建设路交叉口');
  await expect(form.getByLabel('金额（元） 1')).toHaveValue('3,000.00');
  await expect(form.getByTestId('accident-ticket')).toContainText(ticket.number);
  await snap(page, 'acc-01-form-refused');
  await form.getByLabel('保险赔付（元）').fill('1000');
  await expect(form.locator('.ant-form-item-explain-error')).toHaveCount(0);
  await snap(page, 'acc-02-form');
  await form.getByRole('button', { name: buttonName('登记') }).click();

  const title = page.getByTestId('accident-title');
  await expect(title).toHaveText(/交通事故 \S+/);
  accidentNumber = ((await title.textContent()) ?? '').replace('交通事故 ', '').trim();
  await expect(page.getByTestId('accident-status')).toHaveText('处理中');
  await expect(page.getByTestId('cost-total')).toHaveText('5,000.00');
  await expect(page.getByTestId('insurance')).toHaveText('1,000.00');
  await expect(page.getByTestId('share-words')).toContainText('封顶金额尚未在政策中设置');
  await expect(page.getByTestId('close-blockers')).toContainText('主要责任');

  // The list shows it with its finding and cost, the share not computable yet.
  await page.getByRole('menuitem', { name: '交通事故' }).click();
  const row = page.locator('.ant-table-row').filter({ hasText: accidentNumber });
  await expect(row).toContainText('主要责任');
  await expect(row).toContainText('5,000.00');
  await expect(row).toContainText('处理中');
  await snap(page, 'acc-03-list');

  await openAccident(page, accidentNumber);
  await page.getByTestId('action-close').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('结案后，');
  await dialog.getByLabel('备注（可选）').fill('保险已理赔');
  await dialog.getByRole('button', { name: buttonName('确认结案') }).click();
  const refusal = dialog.getByTestId('close-error');
  await expect(refusal).toContainText('不能结案：政策中的封顶金额尚未设置');
  await expect(refusal).toContainText('主任或系统管理员');
  await expect(refusal).toContainText('政策设置 → 四、交通事故');
  await expect(refusal).toContainText('主要责任：封顶（元）');
  // the note typed stays
  await expect(dialog.getByLabel('备注（可选）')).toHaveValue('保险已理赔');
  await snap(page, 'acc-04-close-refused');
});

test('the director sets the main-liability cap for this month', async ({ page }) => {
  const shell = await server.loginAs(page, 'zhuren');
  await shell.open('政策设置');
  await expect(page.getByText('以下设置尚未设置：主要责任：封顶（元）')).toBeVisible();
  await page.getByRole('button', { name: buttonName('修改政策') }).click();
  const drawer = page.locator('.ant-drawer');
  await expect(drawer.getByLabel('生效月份')).toHaveValue(dayjs().format('YYYY-MM'));
  await drawer.getByLabel('主要责任：封顶（元）').fill('2000');
  await drawer.getByLabel('原因').fill('公司补充规定：主要责任封顶 2000 元');
  await snap(page, 'acc-05-policy-edit');
  await drawer.getByRole('button', { name: buttonName('保存') }).click();
  await expect(page.getByText(`新政策已保存，自 ${dayjs().format('YYYY-MM')} 起生效`)).toBeVisible();
  await expect(page.getByText('以下设置尚未设置：主要责任：封顶（元）')).toHaveCount(0);
  await snap(page, 'acc-06-policy-saved');
});

test('the fleet captain closes the accident: the share capped, its computation in words; a photo attached', async ({ page }) => {
  expect(accidentNumber).not.toBe('');
  await server.loginAs(page, 'duizhang');
  await openAccident(page, accidentNumber);
  await expect(page.getByTestId('close-blockers')).toHaveCount(0);
  const words = page.getByTestId('share-words');
  await expect(words).toContainText('费用 5,000.00 元 − 保险赔付 1,000.00 元 = 计算基数 4,000.00 元');
  await expect(words).toContainText('60% × 4,000.00 元 = 2,400.00 元，超过封顶 2,000.00 元，按 2,000.00 元计');

  await page.getByTestId('action-close').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('60% × 4,000.00 元 = 2,400.00 元');
  await dialog.getByLabel('备注（可选）').fill('保险已理赔');
  await snap(page, 'acc-07-close-confirm');
  await dialog.getByRole('button', { name: buttonName('确认结案') }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('accident-status')).toHaveText('已结案');
  await expect(page.getByTestId('share-fen')).toHaveText('2,000.00 元');
  await expect(words).toContainText('超过封顶 2,000.00 元，按 2,000.00 元计');
  await expect(page.getByTestId('closed-month')).toContainText(dayjs().format('YYYY-MM'));
  await expect(page.getByTestId('closed-by')).toContainText('车队长');
  await expect(page.getByTestId('action-edit')).toHaveCount(0);
  await expect(page.getByTestId('action-close')).toHaveCount(0);

  // A photo of the scene, made here from its bytes.
  await page.locator('input[type=file]').setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: PNG });
  const files = page.getByTestId('attachments');
  await expect(files).toContainText('现场照片.png');
  await expect(files).toContainText('照片');
  await expect(files).toContainText('韩');
  const [download] = await Promise.all([page.waitForEvent('download'), files.getByRole('button', { name: '现场照片.png' }).click()]);
  expect(download.suggestedFilename()).toBe('现场照片.png');
  await snap(page, 'acc-08-closed');

  // In English: the screen's texts and the backend's words both.
  await page.getByText('English', { exact: true }).click();
  await expect(page.getByTestId('accident-title')).toHaveText(`Traffic accident ${accidentNumber}`);
  await expect(words).toContainText('2,400.00');
  await expect(words).not.toContainText('元');
  await snap(page, 'acc-08b-closed-en');
  await page.getByText('中文', { exact: true }).click();
  await expect(words).toContainText('按 2,000.00 元计');

  // The list: closed, with the share.
  await page.getByRole('menuitem', { name: '交通事故' }).click();
  await page.getByTestId('accident-filter').getByText('已结案').click();
  const row = page.locator('.ant-table-row').filter({ hasText: accidentNumber });
  await expect(row).toContainText('已结案');
  await expect(row).toContainText('2,000.00');
  await snap(page, 'acc-09-list-closed');
});

test('the director sees the flags: a second accident of main liability or worse within a year, hidden and major; reopens the first with a reason', async ({ page }) => {
  expect(accidentNumber).not.toBe('');
  const captain = await apiAs(server.url, 'duizhang', DEMO_PASSWORD);
  const first = ((await captain('accidents.list', { pageSize: 50 })).items as { id: number; number: string; vehicleId: number; driverId: number }[]).find((a) => a.number === accidentNumber)!;
  const second = (await captain('accidents.create', {
    occurredAt: dayjs().subtract(1, 'day').hour(19).minute(30).format(MINUTE),
    vehicleId: first.vehicleId,
    driverId: first.driverId,
    privateUse: true,
    place: '城西停车场',
    description: '私自用车时倒车撞上护栏，事后未报告。',
    finding: 'full',
    reporting: 'hidden',
    major: true,
    costs: [{ kind: 'own_repair', amountFen: 80_000 }],
  })) as { id: number; number: string };

  const shell = await server.loginAs(page, 'zhuren');
  await shell.open('交通事故');
  await page.getByTestId('accident-filter').getByText('有标记').click();
  const row = page.locator('.ant-table-row').filter({ hasText: second.number });
  await expect(row.getByTestId('accident-flag-repeat')).toHaveText('一年内多次');
  await expect(row.getByTestId('accident-flag-hidden')).toHaveText('隐瞒不报');
  await expect(row.getByTestId('accident-flag-major')).toHaveText('重大事故');
  await expect(row).toContainText('800.00');
  // the director records nothing here, but sees everything
  await expect(page.getByRole('button', { name: '登记事故' })).toBeVisible();
  await snap(page, 'acc-10-list-flagged');

  await page.getByRole('link', { name: second.number }).click();
  const repeat = page.getByTestId('flag-detail-repeat');
  await expect(repeat).toContainText(/2 起主要及以上责任事故/);
  await expect(repeat).toContainText(accidentNumber);
  await expect(repeat).toContainText(second.number);
  await expect(page.getByTestId('flag-detail-hidden')).toBeVisible();
  await expect(page.getByTestId('flag-detail-major')).toContainText('主任一并追究责任');
  await expect(page.getByTestId('share-words')).toContainText('私用车辆：全部 800.00 元由驾驶员承担，不封顶');
  await snap(page, 'acc-11-flags');

  // Every related accident is a link.
  await repeat.getByRole('link', { name: accidentNumber }).click();
  await expect(page.getByTestId('accident-title')).toHaveText(`交通事故 ${accidentNumber}`);
  await expect(page.getByTestId('accident-status')).toHaveText('已结案');
  await page.getByTestId('action-reopen').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: buttonName('重新打开') }).click();
  await expect(dialog.locator('.ant-form-item-explain-error')).toHaveText('必填');
  await dialog.getByLabel('重新打开的原因').fill('第三方损失金额有误，需更正');
  await dialog.getByRole('button', { name: buttonName('重新打开') }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('accident-status')).toHaveText('处理中');
  await expect(page.getByText('原因：第三方损失金额有误，需更正')).toBeVisible();
  await expect(page.getByTestId('action-edit')).toBeVisible();

  // Edited once open again: everything as saved, the third party's loss corrected.
  await page.getByTestId('action-edit').click();
  const form = page.getByTestId('accident-form');
  await expect(form).toContainText(`修改事故 ${accidentNumber}`);
  await expect(form.getByLabel('事故地点')).toHaveValue('城东路与建设路交叉口');
  await expect(form.getByTestId('accident-ticket')).toContainText('PC');
  await expect(form.getByLabel('金额（元） 1')).toHaveValue('3000.00');
  await expect(form.getByLabel('保险赔付（元）')).toHaveValue('1000.00');
  await form.getByLabel('金额（元） 2').fill('1500');
  await form.getByRole('button', { name: buttonName('保存') }).click();
  await expect(page.getByTestId('accident-title')).toHaveText(`交通事故 ${accidentNumber}`);
  await expect(page.getByTestId('cost-total')).toHaveText('4,500.00');
  await expect(page.getByTestId('share-words')).toContainText('60% × 3,500.00 元 = 2,100.00 元，超过封顶 2,000.00 元');
});

test('from an unlogged-mileage flag of a ticket: the form opens as private use on that vehicle', async ({ page }) => {
  const captain = await apiAs(server.url, 'duizhang', DEMO_PASSWORD);
  const flagged = (await captain('dispatch.list', { flag: 'unlogged_mileage', pageSize: 50 })).items as (Ticket & { flags: { kind: string; resolved: boolean }[] })[];
  test.skip(flagged.length === 0, 'the demo depot has no unlogged-mileage flag');
  // an open flag, as the reviewer finds it on the ticket
  const open = flagged.find((t) => t.flags.some((f) => f.kind === 'unlogged_mileage' && !f.resolved)) ?? flagged[0]!;
  const ticket = (await captain('dispatch.get', { id: open.id })) as unknown as Ticket & { driverId: number; flagDetails: { id: number; kind: string; violationId: number | null }[] };
  const flag = ticket.flagDetails.find((f) => f.kind === 'unlogged_mileage' && f.violationId === null) ?? ticket.flagDetails.find((f) => f.kind === 'unlogged_mileage')!;

  await server.loginAs(page, 'duizhang');
  await page.goto(`${server.url}#/accidents/new?flagId=${flag.id}&vehicleId=${ticket.vehicleId}&driverId=${ticket.driverId}`);
  const form = page.getByTestId('accident-form');
  await expect(form.getByTestId('from-flag')).toContainText('未登记里程');
  await expect(form.getByLabel('私用')).toBeChecked();
  await expect(form.getByLabel('私用')).toBeDisabled();
  await expect(form.getByTestId('accident-vehicle')).toContainText(ticket.plate);
  await expect(form.getByTestId('accident-driver')).toContainText(ticket.driverName);
  const time = form.getByLabel('事故时间');
  await time.click();
  await time.fill(dayjs().subtract(2, 'hour').format(MINUTE));
  await time.press('Enter');
  await form.getByLabel('事故地点').fill('郊区县道');
  await form.getByLabel('事故经过').fill('下班后私自用车，剐蹭路边护栏。');
  await form.getByRole('button', { name: '添加费用' }).click();
  await form.getByLabel('金额（元） 1').fill('500');
  await snap(page, 'acc-12-from-flag');
  await form.getByRole('button', { name: buttonName('登记') }).click();
  await expect(page.getByTestId('accident-title')).toBeVisible();
  await expect(page.getByTestId('share-words')).toContainText('私用车辆：全部 500.00 元由驾驶员承担，不封顶');
  await expect(page.getByText('私用（无派车单）')).toBeVisible();
});

test('a driver sees only their own accidents and cannot record one', async ({ page }) => {
  const shell = await server.loginAs(page, 'siji02');
  await shell.open('交通事故');
  await expect(page.locator('.ant-table')).toBeVisible();
  await expect(page.getByRole('button', { name: '登记事故' })).toHaveCount(0);
  const drivers = new Set(await page.locator('.ant-table-row td:nth-child(4)').allTextContents());
  expect([...drivers].every((d) => d === '李志强')).toBe(true);
  await page.goto(`${server.url}#/accidents/new`);
  await expect(page.getByText('您的岗位无权打开此页面')).toBeVisible();
});
