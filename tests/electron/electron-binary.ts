// Where the Electron binary is, for the specs that launch the desktop app, and the build they
// need. We never ask node_modules/electron for it: its index.js would try to download Electron
// when it is missing.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..', '..');

/** The Electron executable if one is installed, else why not. */
export function findElectron(): { executable: string } | { missing: string } {
  const pkgDir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkgDir, 'path.txt');
  const relative = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const executable = path.join(override, relative || 'electron');
    return fs.existsSync(executable) ? { executable } : { missing: `ELECTRON_OVERRIDE_DIST_PATH has no ${executable}` };
  }
  if (!relative) return { missing: 'node_modules/electron/path.txt missing' };
  const executable = path.join(pkgDir, 'dist', relative);
  return fs.existsSync(executable) ? { executable } : { missing: `node_modules/electron/dist/${relative} missing` };
}

/** Builds the app unless its bundles and renderer are there. */
export function ensureBuilt(): void {
  const built = ['dist/electron/main.cjs', 'dist/electron/backend.cjs', 'dist/electron/preload.cjs', 'dist/renderer/index.html'];
  if (!built.every((f) => fs.existsSync(path.join(root, f)))) execSync('npm run build', { cwd: root, stdio: 'inherit' });
}
