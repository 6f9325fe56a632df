// Fuel-card statements through the real backend, with files made here: a GBK CSV with Chinese
// headers and broken rows, uploaded in chunks; the same file again (nothing added twice, the
// mapping remembered); an .xlsx with English headers; refusals that change nothing.
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, tableCounts, type Caller, type Harness } from '../../testing/harness.ts';
import { seedDepot } from '../../testing/depot.ts';
import { dayTrip } from '../../testing/trips.ts';

let h: Harness;
let admin: Caller;
let office: Caller;
let captain: Caller;
let driverIdB: number;
let modelId: number;

beforeAll(async () => {
  h = await openHarness();
  admin = await h.as('admin');
  const depot = await seedDepot(admin, {
    vehicles: { 苏ED3101: 10000 },
    parking: '车库 1 号位',
    drivers: { 李志强: 'KF1002', 张伟: 'KF1003' },
    stations: ['中石化城东加油站'],
    staff: ['zhuren', 'bangongshi', 'duizhang'],
  });
  const vehicleId = depot.vehicles.苏ED3101;
  modelId = depot.modelId;
  driverIdB = depot.drivers.张伟;
  [office, captain] = [await h.as('bangongshi'), await h.as('duizhang')];
  const director = await h.as('zhuren');
  // 张伟 has the vehicle out on the 10th: a fill that day without a name on the statement is his.
  await dayTrip(office, director, { vehicleId, driverId: driverIdB, day: '2026-11-10', outKm: 10000, km: 300 });
});
afterAll(() => h.close());

/** Uploads a file in chunks of `chunk` bytes, as the screen does; returns the import's id. */
async function upload(who: Caller, fileName: string, bytes: Uint8Array, chunk = 100): Promise<number> {
  const { id } = await who.ok('fuel.importStart', { fileName, size: bytes.length });
  for (let seq = 0; seq * chunk < bytes.length; seq++) {
    const part = Buffer.from(bytes.subarray(seq * chunk, (seq + 1) * chunk)).toString('base64');
    await who.ok('fuel.importChunk', { id, seq, data: part });
  }
  return id;
}

const GBK_CSV = [
  '中石化加油卡对账单 2026年11月',
  '交易时间,车牌号,持卡人,加油站,油品,数量(升),单价,金额,交易流水号,里程',
  '2026/11/3 12:00,苏ED3101,李志强,中石化城东加油站,92号汽油,50.00,7.50,375.00,T0001,10150',
  '2026-11-10 13:00,苏ED3101,,中石化城东加油站,92#,40,7.50,300.00,T0002,',
  '2026-11-04 09:00,苏ED3101,李志强,路边加油点,92#,30.00,7.50,226.00,T0003,',
  '2026-11-05 09:00,苏EX0000,李志强,中石化城东加油站,92#,30.00,7.50,225.00,T0004,',
  '2026-11-06 25:00,苏ED3101,王五,中石化城东加油站,92#,abc,7.5,,T0005,',
  '2026-11-20 09:00,苏ED3101,,中石化城东加油站,92#,20.00,7.50,150.00,T0006,',
  '2026/11/3 12:00,苏ED3101,李志强,中石化城东加油站,92号汽油,50.00,7.50,375.00,T0001,10150',
].join('\r\n');
const gbk = () => new Uint8Array(iconv.encode(GBK_CSV, 'gbk'));

describe('fuel-card statement import', () => {
  let firstId: number;

  it('previews a GBK CSV: the columns guessed from the Chinese headers, every row with its problems, nothing saved', async () => {
    const before = await tableCounts(h.backend);
    firstId = await upload(office, '中石化11月.csv', gbk());
    const p = await office.ok('fuel.importPreview', { id: firstId, profile: '中石化加油卡' });
    expect(p).toMatchObject({ format: 'csv', encoding: 'gb18030', mappingSource: 'guessed', mappingProblems: [], total: 7, valid: 3, duplicates: 0, rejected: 4, warnings: 1, sameFile: null, rowsTotal: 7 });
    expect(p.mapping).toEqual({ filledAt: 0, plate: 1, driverName: 2, stationName: 3, fuelGrade: 4, litres: 5, unitPrice: 6, amount: 7, invoiceNo: 8, odometerKm: 9 });
    const byRow = new Map(p.rows.map((r) => [r.rowNumber, r]));
    expect(byRow.get(3)).toMatchObject({ plate: '苏ED3101', driverName: '李志强', filledAt: '2026-11-03 12:00', litres: 5000, amountFen: 37500, problems: [], warnings: [] });
    expect(byRow.get(4)).toMatchObject({ problems: [], warnings: [] });
    expect(byRow.get(5)!.warnings.map((w) => w.key)).toEqual(['fuelAnomaly.station_not_approved', 'fuelAnomaly.amount_mismatch']);
    expect(byRow.get(6)!.problems).toEqual([{ field: 'plate', key: 'err.importUnknownPlate', params: { plate: '苏EX0000' } }]);
    expect(byRow.get(7)!.problems.map((x) => [x.field, x.key])).toEqual([
      ['filledAt', 'err.importTime'],
      ['litres', 'err.number'],
      ['amount', 'err.required'],
    ]);
    expect(byRow.get(8)!.problems).toEqual([{ field: 'driverName', key: 'err.importNoDriver', params: { plate: '苏ED3101', at: '2026-11-20 09:00' } }]);
    expect(byRow.get(9)!.problems).toEqual([{ field: 'invoiceNo', key: 'err.importSameRow', params: { row: 3 } }]);
    const only = await office.ok('fuel.importPreview', { id: firstId, profile: '中石化加油卡', only: 'problems' });
    expect(only.rows.map((r) => r.rowNumber)).toEqual([5, 6, 7, 8, 9]);
    // the uploaded file is kept whole; no fill-up yet
    const after = await tableCounts(h.backend);
    expect(after.fuel_fillups).toBe(before.fuel_fillups);
    expect(after.fuel_imports).toBe(before.fuel_imports! + 1);
  });

  it('imports the valid rows in one go, the driver of a nameless row from the dispatch log, and returns the rejected rows with reasons', async () => {
    const r = await office.ok('fuel.importCommit', { id: firstId, profile: '中石化加油卡', mapping: { filledAt: 0, plate: 1, driverName: 2, stationName: 3, fuelGrade: 4, litres: 5, unitPrice: 6, amount: 7, invoiceNo: 8, odometerKm: 9 } });
    expect(r).toMatchObject({ imported: 3, duplicates: 0 });
    expect(r.rejected.map((x) => x.rowNumber)).toEqual([6, 7, 8, 9]);
    expect(r.rejected[0]!.cells[1]).toBe('苏EX0000');
    const list = await office.ok('fuel.list', { month: '2026-11' });
    expect(list.items.map((f) => [f.invoiceNo, f.driverName, f.stationName, f.stationId !== null, f.amountFen, f.expectedAmountFen, f.source, f.odometerKm])).toEqual([
      ['T0002', '张伟', '中石化城东加油站', true, 30000, 30000, 'import', null],
      ['T0003', '李志强', '路边加油点', false, 22600, 22500, 'import', null],
      ['T0001', '李志强', '中石化城东加油站', true, 37500, 37500, 'import', 10150],
    ]);
    const again = await office.call('fuel.importCommit', { id: firstId, profile: '中石化加油卡', mapping: { filledAt: 0, plate: 1, stationName: 3, litres: 5, unitPrice: 6, amount: 7, invoiceNo: 8 } });
    expect(again.ok ? null : again.error.code).toBe('CONFLICT');
  });

  it('the same file again: the mapping is remembered for the card company, and nothing is added twice', async () => {
    const before = await tableCounts(h.backend);
    const id = await upload(captain, '中石化11月(1).csv', gbk(), 64);
    const p = await captain.ok('fuel.importPreview', { id, profile: '中石化加油卡' });
    // the repeated first row is in the database too now: four rows already there, three refused
    expect(p).toMatchObject({ mappingSource: 'profile', valid: 0, duplicates: 4, rejected: 3, sameFile: { fileName: '中石化11月.csv', byName: '许文静', importedAt: '2026-11-23 09:30' } });
    const r = await captain.ok('fuel.importCommit', { id, profile: '中石化加油卡', mapping: p.mapping });
    expect(r).toMatchObject({ imported: 0, duplicates: 4 });
    expect(r.rejected.map((x) => x.rowNumber)).toEqual([6, 7, 8]);
    expect((await tableCounts(h.backend)).fuel_fillups).toBe(before.fuel_fillups);
    expect(await captain.ok('fuel.importProfiles', {})).toEqual([{ name: '中石化加油卡', updatedAt: '2026-11-23 09:30', updatedByName: '韩队长' }]);
  });

  it('reads an .xlsx with English headers and real dates', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Statement');
    ws.addRow(['Date/Time', 'Plate', 'Station', 'Litres', 'Unit price', 'Amount', 'Receipt no', 'Full']);
    ws.addRow([new Date(Date.UTC(2026, 10, 10, 14, 30)), '苏ED3101', '中石化城东加油站', 20.5, 7.6, 155.8, 'X-1001', '否']);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const id = await upload(office, 'petrochina.xlsx', bytes, 4096);
    const p = await office.ok('fuel.importPreview', { id, profile: '中国石油' });
    expect(p).toMatchObject({ format: 'xlsx', encoding: null, mappingSource: 'guessed', total: 1, valid: 1 });
    await office.ok('fuel.importCommit', { id, profile: '中国石油', mapping: p.mapping });
    const [f] = (await office.ok('fuel.list', { month: '2026-11' })).items;
    expect(f).toMatchObject({ invoiceNo: 'X-1001', filledAt: '2026-11-10 14:30', driverName: '张伟', litres: 2050, unitPriceFen: 760, amountFen: 15580, fullTank: false });
  });

  it('refuses a mapping without the required columns, an incomplete upload and junk, changing nothing', async () => {
    const id = await upload(office, '中石化11月.csv', gbk());
    const p = await office.ok('fuel.importPreview', { id, profile: '中石化加油卡', mapping: { filledAt: 0, plate: 1, litres: 5, unitPrice: 6, amount: 7, invoiceNo: 1 } });
    // (the first preview puts the uploaded chunks together into the kept file)
    const before = await tableCounts(h.backend);
    expect(p.mappingProblems.map((x) => [x.field, x.key])).toEqual(expect.arrayContaining([['stationName', 'err.importColumnMissing'], ['plate', 'err.importColumnShared'], ['invoiceNo', 'err.importColumnShared']]));
    expect(p).toMatchObject({ valid: 0, rejected: 7, rows: [] });
    const bad = await office.call('fuel.importCommit', { id, profile: '中石化加油卡', mapping: { filledAt: 0, plate: 1, litres: 5, unitPrice: 6, amount: 7, invoiceNo: 8 } });
    expect(bad.ok ? null : bad.error).toMatchObject({ code: 'INVALID_INPUT', fields: { 'mapping.stationName': '请选择对账单中对应的列' } });
    expect(await tableCounts(h.backend)).toEqual(before);

    const { id: partial } = await office.ok('fuel.importStart', { fileName: 'half.csv', size: 1000 });
    await office.ok('fuel.importChunk', { id: partial, seq: 0, data: Buffer.from('交易时间,车牌号').toString('base64') });
    const incomplete = await office.call('fuel.importPreview', { id: partial, profile: '中石化加油卡' });
    expect(incomplete.ok ? null : incomplete.error.code).toBe('CONFLICT');
    const broken = await office.call('fuel.importChunk', { id: partial, seq: 1, data: '@@not base64@@' });
    expect(broken.ok ? null : broken.error.fields).toEqual({ data: '上传的数据已损坏，请重新选择文件' });
    const beforeChunks = await tableCounts(h.backend);
    const tooBig = await office.call('fuel.importChunk', { id: partial, seq: 1, data: Buffer.alloc(1000, 65).toString('base64') });
    expect(tooBig.ok ? null : tooBig.error.fields).toEqual({ data: '对账单 half.csv 上传的数据（1022 字节）超过了文件大小 1000 字节，请重新选择文件' });
    const afterDone = await office.call('fuel.importChunk', { id, seq: 9, data: Buffer.from('x').toString('base64') });
    expect(afterDone.ok ? null : afterDone.error.fields).toEqual({ id: '对账单 中石化11月.csv 已上传完毕，不能再追加内容' });
    expect(await tableCounts(h.backend)).toEqual(beforeChunks);

    const junk = await upload(office, 'photo.csv', new Uint8Array(Array.from({ length: 300 }, (_, i) => (i * 37) % 256)));
    const refused = await office.call('fuel.importPreview', { id: junk, profile: '中石化加油卡' });
    expect(refused.ok ? null : refused.error).toMatchObject({ code: 'INVALID_INPUT' });
    expect(refused.ok ? '' : Object.values(refused.error.fields ?? {})[0]).toContain('photo.csv');
  });

  it('the commit checks again what changed since the preview: a driver retired, the same rows imported by someone else', async () => {
    const { id: wangId } = await admin.ok('drivers.create', { name: '王强', employeeNo: 'KF1009', permitNo: 'P1009', permitValidFrom: '2020-01-01', permitValidTo: '2030-01-01' });
    const csv = (invoice: string) =>
      new TextEncoder().encode(
        ['交易时间,车牌号,持卡人,加油站,油品,数量(升),单价,金额,交易流水号', `2026-11-12 10:00,苏ED3101,王强,中石化城东加油站,92#,30.00,7.50,225.00,${invoice}`, `2026-11-13 10:00,苏ED3101,李志强,中石化城东加油站,92#,30.00,7.50,225.00,${invoice}-2`].join('\r\n'),
      );
    // previewed with both rows valid; then 王强 leaves the depot before the commit
    const first = await upload(office, 'changed.csv', csv('C-1'));
    const p = await office.ok('fuel.importPreview', { id: first, profile: '中石化加油卡' });
    expect(p).toMatchObject({ valid: 2, rejected: 0 });
    await admin.ok('drivers.retire', { id: wangId, reason: '调离' });
    const r = await office.ok('fuel.importCommit', { id: first, profile: '中石化加油卡', mapping: p.mapping });
    expect(r).toMatchObject({ imported: 1, duplicates: 0 });
    expect(r.rejected.map((x) => [x.rowNumber, x.problems])).toEqual([[2, [{ field: 'driverName', key: 'err.importUnknownDriver', params: { name: '王强' } }]]]);

    // two people preview the same new statement; the second commits after the first
    const twice = csv('C-2');
    const [a, b] = [await upload(office, 'a.csv', twice), await upload(captain, 'b.csv', twice)];
    const pa = await office.ok('fuel.importPreview', { id: a, profile: '中石化加油卡' });
    const pb = await captain.ok('fuel.importPreview', { id: b, profile: '中石化加油卡' });
    expect([pa.valid, pb.valid]).toEqual([1, 1]);
    const before = (await tableCounts(h.backend)).fuel_fillups!;
    expect(await office.ok('fuel.importCommit', { id: a, profile: '中石化加油卡', mapping: pa.mapping })).toMatchObject({ imported: 1 });
    expect(await captain.ok('fuel.importCommit', { id: b, profile: '中石化加油卡', mapping: pb.mapping })).toMatchObject({ imported: 0, duplicates: 1 });
    expect((await tableCounts(h.backend)).fuel_fillups).toBe(before + 1);
  });

  it('saves the rows of a statement of many vehicles each with its own values, whatever order they are written in', async () => {
    const plates = ['苏ED3201', '苏ED3202', '苏ED3203'];
    const ids: number[] = [];
    for (const plate of plates) ids.push((await admin.ok('vehicles.create', { plate, modelId, parkingPlace: '车库 2 号位', initialOdometerKm: 0 })).id);
    // rows interleaved over the vehicles and out of time order, one with an odometer and no full tank
    const lines = ['交易时间,车牌号,持卡人,加油站,油品,数量(升),单价,金额,交易流水号,里程,是否加满'];
    for (let i = 0; i < 30; i++) {
      const day = 1 + ((i * 7) % 28);
      lines.push(`2026-10-${String(day).padStart(2, '0')} 08:${String(i).padStart(2, '0')},${plates[i % 3]},李志强,中石化城东加油站,92#,${10 + i}.00,7.50,${((10 + i) * 7.5).toFixed(2)},M-${i},${i === 4 ? 1234 : ''},${i === 4 ? '否' : '是'}`);
    }
    const id = await upload(office, 'many.csv', new TextEncoder().encode(lines.join('\r\n')), 4096);
    const p = await office.ok('fuel.importPreview', { id, profile: 'many' });
    expect(p).toMatchObject({ valid: 30, rejected: 0 });
    expect(await office.ok('fuel.importCommit', { id, profile: 'many', mapping: p.mapping })).toMatchObject({ imported: 30 });
    const saved = (await office.ok('fuel.list', { month: '2026-10', pageSize: 200 })).items.filter((f) => f.invoiceNo.startsWith('M-'));
    expect(saved).toHaveLength(30);
    for (const f of saved) {
      const i = Number(f.invoiceNo.slice(2));
      expect([f.vehicleId, f.driverName, f.litres, f.amountFen, f.unitPriceFen, f.odometerKm, f.fullTank, f.source, f.stationId !== null]).toEqual([
        ids[i % 3],
        '李志强',
        (10 + i) * 100,
        (10 + i) * 750,
        750,
        i === 4 ? 1234 : null,
        i !== 4,
        'import',
        true,
      ]);
    }
    // the audit entry lists every fill-up saved
    const audit = (await office.ok('audit.history', { entity: 'fuel_imports', entityId: String(id) })).items.find((a) => a.action === 'fuel.import')!;
    expect(audit.after).toMatchObject({ imported: 30 });
    expect([...(audit.after as { fillupIds: number[] }).fillupIds].sort((x, y) => x - y)).toEqual(saved.map((f) => f.id).sort((x, y) => x - y));
  });

  it('a driver cannot import', async () => {
    const siji = await admin.ok('users.create', { username: 'siji03', displayName: '张伟', password: 'demo1234', roles: ['driver'], driverId: driverIdB });
    expect(siji.id).toBeGreaterThan(0);
    const r = await (await h.as('siji03')).call('fuel.importStart', { fileName: 'a.csv', size: 10 });
    expect(r.ok ? null : r.error.code).toBe('FORBIDDEN');
  });
});
