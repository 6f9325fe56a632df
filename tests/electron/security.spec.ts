// The Electron security checklist on the real desktop app: the window's webPreferences as
// Electron applied them, navigation to another site and window.open refused, every permission
// the page asks for denied. (electron/main/security.test.ts checks the same code under Node
// with a stand-in for Electron.)
//
// Needs the Electron binary (node_modules/electron/dist): electron-binary.ts finds it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureBuilt, findElectron, root } from './electron-binary.ts';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { unsafeWebPreferences } from '../../electron/main/security-policy.ts';


const found = findElectron();

test.describe('desktop app security', () => {
  let app: ElectronApplication | undefined;
  let page: Page;
  let tmp = '';

  test.beforeAll(async () => {
    if ('missing' in found) return;
    ensureBuilt();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'depot-electron-security-'));
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'ELECTRON_RUN_AS_NODE') env[k] = v;
    Object.assign(env, { DEPOT_DATA_DIR: path.join(tmp, 'data'), DEPOT_DB: path.join(tmp, 'depot.sqlite'), DEPOT_ADMIN_USER: 'admin', DEPOT_ADMIN_PASSWORD: 'admin-pass-1' });
    app = await electron.launch({ executablePath: found.executable, args: ['.'], cwd: root, env });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  test.afterAll(async () => {
    await app?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  test.beforeEach(() => {
    if ('missing' in found) {
      const reason = `no Electron binary installed (${found.missing}) — it runs on machines where Electron can be downloaded`;
      console.log(`SKIPPED electron security test: ${reason}`);
      test.skip(true, reason);
    }
  });

  /** Windows open in the main process, and the main window's URL. */
  const windows = () => app!.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => w.webContents.getURL()));

  test("the window's webPreferences follow the checklist", async () => {
    const prefs = await app!.evaluate(({ BrowserWindow }) => {
      // getLastWebPreferences: the preferences Electron applied (undocumented, missing from the typings)
      const contents = BrowserWindow.getAllWindows()[0]!.webContents as unknown as { getLastWebPreferences(): Record<string, unknown> | null };
      const p = contents.getLastWebPreferences() ?? {};
      // only plain values cross back to the test
      return Object.fromEntries(Object.entries(p).filter(([, v]) => ['boolean', 'string', 'number'].includes(typeof v)));
    });
    expect(prefs).toMatchObject({ contextIsolation: true, nodeIntegration: false, sandbox: true, webSecurity: true });
    expect(prefs.allowRunningInsecureContent ?? false).toBe(false);
    expect(prefs.experimentalFeatures ?? false).toBe(false);
    expect(prefs).not.toHaveProperty('enableRemoteModule');
    expect(unsafeWebPreferences(prefs)).toEqual([]);
    // and what the page itself can reach
    const reach = await page.evaluate(() => ({
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
      webview: document.createElement('webview').constructor.name,
    }));
    expect(reach).toEqual({ require: 'undefined', process: 'undefined', webview: 'HTMLUnknownElement' });
  });

  test('navigation to another site is refused, by script and by a link', async () => {
    const start = page.url();
    expect(new URL(start).origin).toBe('app://depot');
    for (const target of ['https://example.com/', 'file:///etc/passwd', 'app://evil/index.html']) {
      await page.evaluate((url) => {
        window.location.href = url;
      }, target);
      await page.waitForTimeout(500);
      expect(page.url(), target).toBe(start);
      await page.evaluate((url) => {
        const a = document.createElement('a');
        a.href = url;
        document.body.append(a);
        a.click();
        a.remove();
      }, target);
      await page.waitForTimeout(500);
      expect(page.url(), target).toBe(start);
    }
    expect(await windows()).toEqual([start]);
  });

  test('window.open and target=_blank links open nothing', async () => {
    const opened = await page.evaluate(() => [window.open('https://example.com/'), window.open('app://depot/index.html'), window.open('about:blank')].map((w) => w === null));
    expect(opened).toEqual([true, true, true]);
    await page.evaluate(() => {
      const a = document.createElement('a');
      a.href = 'https://example.com/';
      a.target = '_blank';
      document.body.append(a);
      a.click();
      a.remove();
    });
    await page.waitForTimeout(500);
    expect(await windows()).toHaveLength(1);
  });

  test("the session's permission handlers deny everything the page asks for", async () => {
    const answers = await page.evaluate(async () => {
      const settle = (p: Promise<unknown>) =>
        p.then(
          () => 'granted',
          (e: unknown) => (e instanceof Error ? e.name : String(e)),
        );
      const query = async (name: string) => {
        try {
          return (await navigator.permissions.query({ name } as PermissionDescriptor)).state;
        } catch (e) {
          return e instanceof Error ? e.name : String(e);
        }
      };
      return {
        notification: await Notification.requestPermission(),
        microphone: await settle(navigator.mediaDevices.getUserMedia({ audio: true })),
        camera: await settle(navigator.mediaDevices.getUserMedia({ video: true })),
        geolocation: await new Promise<string>((resolve) => navigator.geolocation.getCurrentPosition(() => resolve('granted'), (e) => resolve(`denied:${e.code}`), { timeout: 3000 })),
        clipboardRead: await settle(navigator.clipboard.readText()),
        queryGeolocation: await query('geolocation'),
        queryNotifications: await query('notifications'),
      };
    });
    expect(answers.notification).toBe('denied');
    expect(answers.microphone).not.toBe('granted');
    expect(answers.camera).not.toBe('granted');
    expect(answers.geolocation).toMatch(/^denied/);
    expect(answers.clipboardRead).not.toBe('granted');
    expect(answers.queryGeolocation).not.toBe('granted');
    expect(answers.queryNotifications).not.toBe('granted');
  });
});
