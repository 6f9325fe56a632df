// Runs `npm run build` when dist/ lacks what the packaging tests need (normally the test
// script builds first). A lock folder keeps test files running in parallel from building at
// the same time.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..', '..');
const NEEDED = ['dist/electron/main.cjs', 'dist/electron/backend.cjs', 'dist/electron/preload.cjs', 'dist/renderer/index.html'];
const isBuilt = () => NEEDED.every((f) => fs.existsSync(path.join(root, f)));

export async function ensureBuilt(): Promise<void> {
  const lock = path.join(root, 'node_modules', '.cache', 'depot-build.lock');
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  for (;;) {
    if (isBuilt()) return;
    try {
      fs.mkdirSync(lock);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 500)); // someone else is building
      continue;
    }
    try {
      if (!isBuilt()) execSync('npm run build', { cwd: root, stdio: 'inherit' });
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }
}
