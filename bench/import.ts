// Importing a 100,000-row fuel-card statement (`npm run bench`, issue 8): the app's import as a
// person does it — the file uploaded in the screen's chunks, the first page of the preview,
// the commit — beside the floor: the same CSV parsed with papaparse, each row's plate, driver
// and station looked up in maps, and the rows inserted by one INSERT … SELECT FROM jsonb_each
// per 20 000 rows in one transaction, on a connection with the app's page cache. The floor's
// transaction is rolled back, so it adds nothing and writes nothing to disk (the app's figure
// includes its commit). Each run imports a new file (its own invoice numbers) into the month of
// "today"; the figure is rows per second.
import SQLite from 'better-sqlite3';
import Papa from 'papaparse';
import { IMPORT_CHUNK_BYTES } from '../shared/api/fuel.ts';

export interface ImportBenchOptions {
  call: (method: string, input: unknown) => Promise<unknown>;
  dbFile: string;
  rows: number;
  runs: number;
  /** the month's days 1 .. lastDay are used, at hours before `now` on the last day */
  month: string;
  lastDay: number;
  plates: string[];
  drivers: string[];
  stations: string[];
}

const HEADERS = ['交易时间', '车牌号', '持卡人', '加油站', '油品', '数量(升)', '单价', '金额', '交易流水号'];
const MAPPING = { filledAt: 0, plate: 1, driverName: 2, stationName: 3, fuelGrade: 4, litres: 5, unitPrice: 6, amount: 7, invoiceNo: 8 };
const PRICE_FEN = 750;

/** A statement of `rows` fills, deterministic per run: whole litres (and so whole fen) at 7.50 元. */
function statement(o: ImportBenchOptions, run: number): string {
  const lines = [HEADERS.join(',')];
  for (let i = 0; i < o.rows; i++) {
    const day = 1 + (i % o.lastDay);
    const minute = (i * 7) % 600;
    const at = `${o.month}-${String(day).padStart(2, '0')} ${String(8 + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
    const litres = 20 + ((i * 13) % 26);
    const amountFen = litres * PRICE_FEN;
    lines.push(
      [at, o.plates[i % o.plates.length], o.drivers[(i * 7) % o.drivers.length], o.stations[i % o.stations.length], '92#', `${litres}.00`, '7.50', (amountFen / 100).toFixed(2), `B${run}-${String(i).padStart(6, '0')}`].join(','),
    );
  }
  return lines.join('\r\n');
}

async function appImport(o: ImportBenchOptions, csv: Buffer, run: number): Promise<{ imported: number; rejected: number }> {
  const { id } = (await o.call('fuel.importStart', { fileName: `statement-${run}.csv`, size: csv.length })) as { id: number };
  for (let seq = 0; seq * IMPORT_CHUNK_BYTES < csv.length; seq++) {
    await o.call('fuel.importChunk', { id, seq, data: csv.subarray(seq * IMPORT_CHUNK_BYTES, (seq + 1) * IMPORT_CHUNK_BYTES).toString('base64') });
  }
  await o.call('fuel.importPreview', { id, profile: '中石化加油卡', mapping: MAPPING, page: 1 });
  const r = (await o.call('fuel.importCommit', { id, profile: '中石化加油卡', mapping: MAPPING })) as { imported: number; rejected: unknown[] };
  return { imported: r.imported, rejected: r.rejected.length };
}

function floorImport(rw: SQLite.Database, csv: string, run: number): number {
  const parsed = Papa.parse<string[]>(csv, { skipEmptyLines: true });
  const vehicles = new Map((rw.prepare('SELECT id, plate FROM vehicles').all() as { id: number; plate: string }[]).map((v) => [v.plate, v.id]));
  const drivers = new Map((rw.prepare('SELECT id, name FROM drivers').all() as { id: number; name: string }[]).map((d) => [d.name, d.id]));
  const stations = new Map((rw.prepare('SELECT id, name FROM fuel_stations').all() as { id: number; name: string }[]).map((s) => [s.name, s.id]));
  // the rows as JSON arrays read by jsonb_each: one statement per 20 000 rows, as the app does
  // (a prepared INSERT run once per row is slower: every value bound from JavaScript)
  const insert = rw.prepare(
    `INSERT INTO fuel_fillups (vehicle_id, driver_id, filled_at, month, station_id, station_name, fuel_grade, litres, unit_price_fen, amount_fen, invoice_no,
       odometer_km, full_tank, source, note, created_at, created_by_name, import_id, import_key)
     SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7, value ->> 8, value ->> 9, value ->> 10,
       NULL, 0, 'import', NULL, value ->> 2, 'bench', NULL, value ->> 11
     FROM jsonb_each(?)`,
  );
  const rows = parsed.data.slice(1).map((cells) => {
    const [at, plate, driver, station, grade, litres, price, amount, invoice] = cells as [string, string, string, string, string, string, string, string, string];
    return [
      vehicles.get(plate),
      drivers.get(driver),
      at,
      at.slice(0, 7),
      stations.get(station),
      station,
      grade,
      Math.round(Number(litres) * 100),
      Math.round(Number(price) * 100),
      Math.round(Number(amount) * 100),
      invoice,
      `floor-${run}-${invoice}`,
    ];
  });
  let n = 0;
  rw.exec('BEGIN IMMEDIATE');
  try {
    for (let i = 0; i < rows.length; i += 20_000) n += insert.run(JSON.stringify(rows.slice(i, i + 20_000))).changes;
  } finally {
    rw.exec('ROLLBACK');
  }
  return n;
}

export async function benchImport(o: ImportBenchOptions): Promise<{ lines: string[] }> {
  const rw = new SQLite(o.dbFile);
  rw.pragma('cache_size = -65536'); // as the app's connection (electron/backend/db/connection.ts)
  const app: number[] = [];
  const floor: number[] = [];
  let imported = 0;
  let rejected = 0;
  try {
    for (let run = 0; run < o.runs; run++) {
      const text = statement(o, run);
      const csv = Buffer.from(text, 'utf8');
      let t0 = process.hrtime.bigint();
      const r = await appImport(o, csv, run);
      app.push(Number(process.hrtime.bigint() - t0) / 1e6);
      imported += r.imported;
      rejected += r.rejected;
      t0 = process.hrtime.bigint();
      const n = floorImport(rw, text, run);
      floor.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (n !== o.rows) throw new Error(`floor import: ${n} rows of ${o.rows}`);
    }
  } finally {
    rw.close();
  }
  if (imported !== o.rows * o.runs) throw new Error(`the app imported ${imported} of ${o.rows * o.runs} rows (${rejected} rejected)`);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const spread = (xs: number[]) => Math.max(...xs) - Math.min(...xs);
  const rate = (ms: number) => Math.round((o.rows / ms) * 1000);
  return {
    lines: [
      `fuel-card import of ${o.rows} rows (upload in ${IMPORT_CHUNK_BYTES / 1024} KiB chunks, preview, commit), ${o.runs} files:`,
      `  app   median ${median(app).toFixed(0)} ms (spread ${spread(app).toFixed(0)}): ${rate(median(app))} rows/s`,
      `  floor median ${median(floor).toFixed(0)} ms (papaparse, lookups in maps, INSERT … FROM jsonb_each per 20 000 rows, one transaction rolled back): ${rate(median(floor))} rows/s`,
      `  ratio ${(median(app) / median(floor)).toFixed(1)}×; all ${imported} rows imported`,
    ],
  };
}
