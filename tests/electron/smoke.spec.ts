// Opens the desktop app on a fresh database with a scripted administrator, logs in through
// the login form and waits for the main layout. Also checks what the page can reach.
//
// Needs the Electron binary (node_modules/electron/dist): electron-binary.ts finds it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureBuilt, findElectron, root } from './electron-binary.ts';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';

const artifacts = path.join(root, 'tests', 'artifacts');

const found = findElectron();

test.describe('desktop app', () => {
  let app: ElectronApplication | undefined;
  let tmp = '';

  test.beforeAll(() => {
    if ('missing' in found) return;
    ensureBuilt();
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
