// Opens the desktop app on a fresh database with a scripted administrator, logs in through
// the login form and waits for the main layout. Also checks what the page can reach.
//
// Needs the Electron binary (node_modules/electron/dist). We never ask node_modules/electron
// for it: its index.js would try to download Electron when it is missing.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '..', '..');
const artifacts = path.join(root, 'tests', 'artifacts');

/** The Electron executable if one is installed, else why not. */
function findElectron(): { executable: string } | { missing: string } {
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

const found = findElectron();

test.describe('desktop app', () => {
  let app: ElectronApplication | undefined;
  let tmp = '';

  test.beforeAll(() => {
    if ('missing' in found) return;
    const built = ['dist/electron/main.cjs', 'dist/electron/backend.cjs', 'dist/electron/preload.cjs', 'dist/renderer/index.html'];
    if (!built.every((f) => fs.existsSync(path.join(root, f)))) execSync('npm run build', { cwd: root, stdio: 'inherit' });
  });

  test.afterEach(async () => {
    await app?.close();
    app = undefined;
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('opens the window and logs in', async () => {
    if ('missing' in found) {
      const reason = `no Electron binary installed (${found.missing}) — it runs on machines where Electron can be downloaded`;
      console.log(`SKIPPED electron smoke test: ${reason}`);
      test.skip(true, reason);
      return;
    }

    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'depot-electron-'));
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'ELECTRON_RUN_AS_NODE') env[k] = v;
    Object.assign(env, {
      DEPOT_DATA_DIR: path.join(tmp, 'data'),
      DEPOT_DB: path.join(tmp, 'depot.sqlite'),
      DEPOT_ADMIN_USER: 'admin',
      DEPOT_ADMIN_PASSWORD: 'admin-pass-1',
    });

    app = await electron.launch({ executablePath: found.executable, args: ['.'], cwd: root, env });
    const page = await app.firstWindow();
    expect(new URL(page.url()).origin).toBe('app://depot');

    // The page has no Node and reaches the backend only through window.depot.call.
    const reach = await page.evaluate(() => ({
      depot: Object.keys((window as unknown as { depot: object }).depot),
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }));
    expect(reach).toEqual({ depot: ['call'], require: 'undefined', process: 'undefined' });

    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码', { exact: true }).fill('admin-pass-1');
    await page.getByRole('button', { name: /^登\s*录$/ }).click();
    await expect(page.getByTestId('app-layout')).toBeVisible();

    fs.mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, 'electron-smoke.png') });
  });
});
