// `npm run test:crash [-- --kills N --seed S --keep --quiet]`: the crash harness of
// tests/crash/crash.ts at full length (200 kills by default). Prints the seed first (a run is
// repeated with --seed, up to the kill timing), a progress line every ten kills, then one
// summary line; exits non-zero on any failure.
import { parseArgs } from 'node:util';
import { runCrashTest } from '../tests/crash/crash.ts';

const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: '200' },
    seed: { type: 'string' },
    keep: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    'burst-ms': { type: 'string' },
  },
});

const kills = Number(values.kills);
const seed = values.seed !== undefined ? Number(values.seed) : crypto.getRandomValues(new Uint32Array(1))[0]!;
const burstMs = values['burst-ms'] !== undefined ? Number(values['burst-ms']) : undefined;
if (!Number.isInteger(kills) || kills < 1 || !Number.isInteger(seed) || seed < 0 || (burstMs !== undefined && !(burstMs > 0))) {
  console.error('usage: node scripts/crash-test.ts [--kills N] [--seed S] [--burst-ms MS] [--keep] [--quiet]');
  process.exit(2);
}

const controller = new AbortController();
process.once('SIGINT', () => controller.abort());

const r = await runCrashTest({
  kills,
  seed,
  keepDir: values.keep,
  signal: controller.signal,
  progressEvery: values.quiet ? 0 : 10,
  ...(burstMs !== undefined ? { burstMs } : {}),
  log: (line) => console.log(line),
});

const secs = (r.durationMs / 1000).toFixed(0);
const integrity = r.failures.some((f) => /integrity_check|foreign_key_check/.test(f)) ? 'integrity FAILED' : 'integrity ok';
const chain = r.failures.some((f) => /audit chain|audit row \d+|audit\.verify/.test(f)) ? 'audit chain FAILED' : 'audit chain ok';
const acked = r.failures.some((f) => /ACKNOWLEDGED/.test(f)) ? 'acknowledged writes NOT all present' : 'acknowledged writes all present';
console.log(
  `crash test: ${r.kills} kills, ${r.acknowledged} ${acked}, ${r.unacknowledged} unacknowledged (${r.applied} applied whole, ${r.absent} absent), ${integrity}, ${chain}` +
    ` — seed ${r.seed}, ${r.refused} refused, ${r.auditRows} audit rows, ${(r.dbBytes / 1024 / 1024).toFixed(1)} MB, ${secs} s`,
);
if (!values.quiet) {
  const kinds = Object.entries(r.byMethod).sort(([a], [b]) => (a < b ? -1 : 1));
  console.log(`${kinds.length} write kinds (acknowledged/unacknowledged/applied): ${kinds.map(([m, c]) => `${m} ${c.ack}/${c.lost}/${c.applied}`).join(', ')}`);
  if (r.refusals.length) console.log(`refusals (the harness's model was off, not a crash finding):\n  ${r.refusals.slice(0, 10).join('\n  ')}`);
}
if (r.failures.length > 0) {
  console.log(`${r.failures.length} failure(s):`);
  for (const f of r.failures.slice(0, 30)) console.log(`  - ${f}`);
  process.exit(1);
}
