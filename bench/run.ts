// `npm run bench`: speed figures, each beside the same work done by one hand-written query
// on raw better-sqlite3 (the floor). This first version covers the master-data lists at the
// size of the ten-year depot's master data (200 vehicles, 240 drivers); the generator of ten
// years of activity and the rest of the figures arrive with the performance issue.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { openBackend } from '../electron/backend/index.ts';

const RUNS = 30;

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const median = s[Math.floor(s.length / 2)]!;
  return { median, spread: s[Math.floor(s.length * 0.9)]! - s[Math.floor(s.length * 0.1)]! };
}

async function time(fn: () => unknown | Promise<unknown>): Promise<{ median: number; spread: number }> {
  for (let i = 0; i < 3; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return stats(samples);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'depot-bench-'));
const dbFile = path.join(dir, 'bench.sqlite');
process.env.DEPOT_CHECK_OUTPUTS = '0';
const backend = await openBackend({ dbFile, admin: { username: 'admin', password: 'bench-pass-1' } });
const login = await backend.dispatch('auth.login', { username: 'admin', password: 'bench-pass-1' }, {});
if (!login.ok) throw new Error(login.error.message);
const token = (login.data as { token: string }).token;
const call = async (method: string, input: unknown) => {
  const r = await backend.dispatch(method, input, { token });
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.data;
};

const t0 = Date.now();
const model = (await call('models.create', { name: '东南', fuelStandard: 950, floatOrdinary: 450, seasonalFloats: [], tankCapacity: 5000, maintenanceIntervalKm: 5000 })) as { id: number };
for (let i = 0; i < 200; i++) await call('vehicles.create', { plate: `苏E${String(10000 + i)}`, modelId: model.id, parkingPlace: `车位 ${i}` });
for (let i = 0; i < 240; i++) {
  await call('drivers.create', { name: `驾驶员${i}`, employeeNo: `KF${5000 + i}`, permitNo: `P${i}`, permitValidFrom: '2024-01-01', permitValidTo: '2030-01-01' });
}
console.log(`generated 200 vehicles and 240 drivers through the API in ${Date.now() - t0} ms\n`);

const raw = new SQLite(dbFile, { readonly: true });
const figures: [string, () => Promise<unknown>, () => unknown][] = [
  [
    'vehicles.list first page',
    () => call('vehicles.list', { page: 1, pageSize: 20 }),
    () => {
      raw.prepare('SELECT count(*) FROM vehicles v JOIN vehicle_models m ON m.id = v.model_id WHERE v.retired_at IS NULL').get();
      return raw.prepare('SELECT v.*, m.name AS model_name FROM vehicles v JOIN vehicle_models m ON m.id = v.model_id WHERE v.retired_at IS NULL ORDER BY v.plate, v.id LIMIT 20').all();
    },
  ],
  [
    'drivers.list search by name',
    () => call('drivers.list', { search: '驾驶员12', page: 1, pageSize: 20 }),
    () => raw.prepare("SELECT * FROM drivers WHERE retired_at IS NULL AND (name LIKE '%驾驶员12%' OR employee_no LIKE '%驾驶员12%') ORDER BY employee_no LIMIT 20").all(),
  ],
];

console.log('figure'.padEnd(32), 'app median (spread) ms'.padEnd(26), 'raw SQL median ms'.padEnd(20), 'ratio');
for (const [name, app, floor] of figures) {
  const a = await time(app);
  const f = await time(floor);
  console.log(name.padEnd(32), `${a.median.toFixed(2)} (±${a.spread.toFixed(2)})`.padEnd(26), f.median.toFixed(3).padEnd(20), (a.median / f.median).toFixed(1) + '×');
}
console.log('\ndatabase size on disk:', (fs.statSync(dbFile).size / 1024).toFixed(0), 'KiB; peak RSS:', (process.resourceUsage().maxRSS / 1024).toFixed(0), 'MiB');
raw.close();
await backend.close();
fs.rmSync(dir, { recursive: true, force: true });
