// Runs the built dist/electron/main.cjs under plain Node with a stand-in for the `electron`
// module (no Electron binary here), against the real backend bundle and a temporary database:
// what main registers before and after `ready`, what the app:// protocol serves, the window's
// security settings, the hardening of web contents, and calls over the IPC channel.
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureBuilt, root } from './ensure-built.ts';

const require = createRequire(import.meta.url);
type Fn = (...args: any[]) => any;

/** Records what main.cjs asks of Electron. */
function makeElectronStub() {
  const appListeners: Record<string, Fn> = {};
  const ipcHandlers: Record<string, Fn> = {};
  const protocolHandlers: Record<string, Fn> = {};
    const windows: { options: any; url?: string; webContents: { id: number } }[] = [];
  const paths: Record<string, string> = {};
  const state = { schemes: [] as unknown[], menu: null as unknown, permissionRequest: null as Fn | null, permissionCheck: null as Fn | null, quit: 0, exit: [] as number[], errorBoxes: [] as string[], sandbox: false, devicePermission: null as Fn | null, displayMedia: null as Fn | null, sessionListeners: {} as Record<string, Fn> };
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  // the default session, which every window here uses: the policy's handlers land in `state`
  const defaultSession = {
    setPermissionRequestHandler: (fn: Fn) => (state.permissionRequest = fn),
    setPermissionCheckHandler: (fn: Fn) => (state.permissionCheck = fn),
    setDevicePermissionHandler: (fn: Fn) => (state.devicePermission = fn),
    setDisplayMediaRequestHandler: (fn: Fn) => (state.displayMedia = fn),
    on: (event: string, fn: Fn) => (state.sessionListeners[event] = fn),
  };
  class FakeWebContents {
    session = defaultSession;
    id: number;
    listeners: Record<string, Fn> = {};
    constructor(id: number) {
      this.id = id;
    }
    once(event: string, fn: Fn) {
      this.listeners[event] = fn;
    }
    on(event: string, fn: Fn) {
      this.listeners[event] = fn;
      return this;
    }
    setWindowOpenHandler(fn: Fn) {
      this.listeners['window-open'] = fn;
    }
  }
  let nextId = 7;
  class BrowserWindow {
    webContents: FakeWebContents;
    options: unknown;
    url?: string;
    constructor(options: unknown) {
      this.options = options;
      this.webContents = new FakeWebContents(nextId++);
      windows.push(this);
    }
    once() {}
    on() {}
    show() {}
    loadURL(url: string) {
      this.url = url;
      return Promise.resolve();
    }
    static getAllWindows() {
      return windows;
    }
  }

  const electron = {
    app: {
      isPackaged: false,
      getAppPath: () => root,
      getVersion: () => '0.1.0',
      getPath: (name: string) => paths[name] ?? path.join(os.tmpdir(), name),
      setPath: (name: string, value: string) => (paths[name] = value),
      requestSingleInstanceLock: () => {
        if (!paths.userData) throw new Error('single-instance lock taken before userData was set');
        return true;
      },
      on: (event: string, fn: Fn) => (appListeners[event] = fn),
      whenReady: () => ready,
      isReady: () => true,
      enableSandbox: () => void (state.sandbox = true),
      setAboutPanelOptions: () => {},
      quit: () => state.quit++,
      exit: (code: number) => state.exit.push(code),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => {
        if (windows.length) throw new Error('schemes registered too late');
        state.schemes.push(...schemes);
      },
      handle: (scheme: string, fn: Fn) => (protocolHandlers[scheme] = fn),
    },
    session: { defaultSession },
    ipcMain: {
      handle: (channel: string, fn: Fn) => (ipcHandlers[channel] = fn),
      removeHandler: (channel: string) => delete ipcHandlers[channel],
    },
    BrowserWindow,
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => (state.menu = m) },
    dialog: { showErrorBox: (_title: string, text: string) => state.errorBoxes.push(text) },
  };
  return { electron, appListeners, ipcHandlers, protocolHandlers, windows, paths, state, markReady, FakeWebContents };
}

let tmp = '';
let stub: ReturnType<typeof makeElectronStub>;
const savedEnv = { ...process.env };
const originalLoad = (Module as unknown as { _load: Fn })._load;

async function call(sender: { id: number; url: string; parent?: unknown }, method: string, input: unknown = {}, lang = 'zh-CN') {
  const event = { sender: { id: sender.id }, senderFrame: { url: sender.url, parent: sender.parent ?? null } };
  return stub.ipcHandlers['depot:call']!(event, { method, input, lang });
}

beforeAll(async () => {
  await ensureBuilt();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'depot-main-'));
  Object.assign(process.env, {
    DEPOT_DATA_DIR: path.join(tmp, 'data'),
    DEPOT_DB: path.join(tmp, 'depot.sqlite'),
    DEPOT_ADMIN_USER: 'admin',
    DEPOT_ADMIN_PASSWORD: 'admin-pass-1',
  });
  delete process.env.DEPOT_DEMO;
  stub = makeElectronStub();
  (Module as unknown as { _load: Fn })._load = function (request: string, ...rest: unknown[]) {
    if (request === 'electron') return stub.electron;
    return originalLoad.call(this, request, ...rest);
  };
  require(path.join(root, 'dist', 'electron', 'main.cjs'));
  // Before `ready`: scheme registered, no window, no IPC yet.
  expect(stub.windows).toHaveLength(0);
  expect(stub.ipcHandlers['depot:call']).toBeUndefined();
  stub.markReady();
  for (let i = 0; i < 200 && stub.windows.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
}, 60_000);

afterAll(async () => {
  (Module as unknown as { _load: Fn })._load = originalLoad;
  process.env = savedEnv;
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('dist/electron/main.cjs', () => {
  test('sets the data folder, registers app:// as privileged and opens one locked-down window', () => {
    expect(stub.state.errorBoxes).toEqual([]);
    expect(stub.paths.userData).toBe(path.join(tmp, 'data'));
    expect(stub.state.schemes).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    expect(stub.windows).toHaveLength(1);
    expect(stub.state.sandbox).toBe(true);
    const win = stub.windows[0]!;
    expect(win.url).toBe('app://depot/index.html');
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(fs.existsSync(win.options.webPreferences.preload)).toBe(true);
    expect(JSON.stringify(stub.state.menu)).toContain('开发者工具');
  });

  test('app:// serves the renderer with a CSP and refuses anything else', async () => {
    const handler = stub.protocolHandlers.app!;
    const ok: Response = await handler(new Request('app://depot/index.html'));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = ok.headers.get('content-security-policy')!;
    for (const d of ["default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:", "connect-src 'self'"]) {
      expect(csp).toContain(d);
    }
    expect((await handler(new Request('app://depot/..%2f..%2fpackage.json'))).status).toBe(403);
    expect((await handler(new Request('app://other/index.html'))).status).toBe(403);
    expect((await handler(new Request('app://depot/missing.js'))).status).toBe(404);
    expect((await handler(new Request('app://depot/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  test('web contents: no new windows, no navigation away, no webview; permissions refused', () => {
    const contents = new stub.FakeWebContents(99);
    stub.appListeners['web-contents-created']!({}, contents);
    expect(contents.listeners['window-open']!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      let prevented = 0;
      contents.listeners[event]!({ url: 'https://example.com/', preventDefault: () => prevented++ });
      contents.listeners[event]!({ url: 'app://depot/index.html#/x', preventDefault: () => prevented++ });
      expect(prevented, event).toBe(1);
    }
    let webview = 0;
    contents.listeners['will-attach-webview']!({ preventDefault: () => webview++ });
    expect(webview).toBe(1);
    let granted: boolean | undefined;
    stub.state.permissionRequest!(contents, 'media', (g: boolean) => (granted = g), {});
    expect(granted).toBe(false);
    expect(stub.state.permissionCheck!(contents, 'clipboard-read', 'app://depot', {})).toBe(false);
    // devices (HID, serial, USB) and screen capture too
    expect(stub.state.devicePermission!({ deviceType: 'usb', origin: 'app://depot' })).toBe(false);
    let shared: unknown = 'unset';
    stub.state.displayMedia!({}, (streams: unknown) => (shared = streams));
    expect(shared).toBeNull();
  });

  test('IPC: origin checked on every call; the session lives in main, per window', async () => {
    const win = { id: stub.windows[0]!.webContents.id, url: 'app://depot/index.html' };
    expect(await call(win, 'auth.me')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const login = await call(win, 'auth.login', { username: 'admin', password: 'admin-pass-1' });
    expect(login).toMatchObject({ ok: true, data: { token: expect.any(String), user: { username: 'admin' } } });
    expect(await call(win, 'auth.me')).toMatchObject({ ok: true, data: { username: 'admin' } });

    expect(await call({ ...win, url: 'https://evil.example/' }, 'auth.me')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call({ ...win, parent: {} }, 'auth.me')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call({ ...win, id: win.id + 100 }, 'auth.me')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    expect(await call(win, 'auth.logout')).toMatchObject({ ok: true });
    expect(await call(win, 'auth.me', {}, 'en')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  test('quitting closes the backend first', async () => {
    let prevented = 0;
    stub.appListeners['will-quit']!({ preventDefault: () => prevented++ });
    expect(prevented).toBe(1);
    for (let i = 0; i < 100 && stub.state.quit === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(stub.state.quit).toBe(1);
    // A second will-quit (from app.quit()) now goes through.
    stub.appListeners['will-quit']!({ preventDefault: () => prevented++ });
    expect(prevented).toBe(1);
    expect(stub.ipcHandlers['depot:call']).toBeUndefined();
  });
});
