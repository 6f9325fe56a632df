// The Electron shell's security settings under Node, with a stand-in for the electron module
// (no Electron binary needed): what security.ts does to every webContents and session, the
// webPreferences check of security-policy.ts, and the window main.ts really opens, started
// through its own code path. tests/electron/security.spec.ts checks the same in the real app
// where Electron is installed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { REQUIRED_WEB_PREFERENCES, secureWebPreferences, unsafeWebPreferences } from './security-policy.ts';

const fake = vi.hoisted(() => {
  // (vi.hoisted runs before the imports: what it needs is required here)
  const { EventEmitter: Emitter } = require('node:events') as typeof import('node:events');
  const os = require('node:os') as typeof import('node:os');
  class FakeSession extends Emitter {
    handlers: Record<string, (...args: never[]) => unknown> = {};
    setPermissionRequestHandler(h: never) {
      this.handlers.permissionRequest = h;
    }
    setPermissionCheckHandler(h: never) {
      this.handlers.permissionCheck = h;
    }
    setDevicePermissionHandler(h: never) {
      this.handlers.devicePermission = h;
    }
    setDisplayMediaRequestHandler(h: never) {
      this.handlers.displayMedia = h;
    }
  }
  class FakeContents extends Emitter {
    static next = 1;
    id = FakeContents.next++;
    session: FakeSession;
    windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
    constructor(ses: FakeSession) {
      super();
      this.session = ses;
    }
    setWindowOpenHandler(h: (details: { url: string }) => { action: string }) {
      this.windowOpenHandler = h;
    }
  }
  const defaultSession = new FakeSession();
  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    paths: {} as Record<string, string>,
    quit: () => app.emit('quitted'),
    exit: () => {},
    setPath: (name: string, value: string) => void (app.paths[name] = value),
    getPath: (name: string) => app.paths[name] ?? os.tmpdir(),
    getAppPath: () => '/app',
    getVersion: () => '0.0.0',
    setAboutPanelOptions: () => {},
    requestSingleInstanceLock: () => true,
    sandboxed: false,
    enableSandbox: () => void (app.sandboxed = true),
    whenReady: () => Promise.resolve(),
    isReady: () => true,
  });
  const windows: { options: { webPreferences?: Record<string, unknown> }; contentsCreatedListeners: number; url?: string }[] = [];
  class BrowserWindow extends Emitter {
    webContents = new FakeContents(defaultSession);
    constructor(options: { webPreferences?: Record<string, unknown> }) {
      super();
      windows.push({ options, contentsCreatedListeners: app.listenerCount('web-contents-created') });
    }
    loadURL(url: string) {
      windows.at(-1)!.url = url;
      return Promise.resolve();
    }
    show() {}
    static getAllWindows() {
      return [];
    }
  }
  return { FakeSession, FakeContents, defaultSession, app, BrowserWindow, windows };
});

vi.mock('electron', () => ({
  app: fake.app,
  session: { defaultSession: fake.defaultSession },
  BrowserWindow: fake.BrowserWindow,
  dialog: { showErrorBox: (...args: unknown[]) => console.error('showErrorBox', ...args) },
  protocol: { registerSchemesAsPrivileged: () => {}, handle: () => {} },
  Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: () => {} },
  ipcMain: { handle: () => {}, removeHandler: () => {} },
}));

const { applySecurityPolicy, hardenContents, hardenSession } = await import('./security.ts');

const navEvent = (url: string) => ({ url, preventDefault: vi.fn() });

describe('webPreferences', () => {
  test('the hardened set passes, and so does Electron’s default', () => {
    expect(unsafeWebPreferences(secureWebPreferences('/app/preload.cjs'))).toEqual([]);
    expect(secureWebPreferences('/app/preload.cjs')).toMatchObject({ preload: '/app/preload.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(unsafeWebPreferences({})).toEqual([]);
  });

  test('names every checklist item a window breaks', () => {
    expect(
      unsafeWebPreferences({
        contextIsolation: false,
        sandbox: false,
        nodeIntegration: true,
        nodeIntegrationInSubFrames: true,
        nodeIntegrationInWorker: true,
        webSecurity: false,
        allowRunningInsecureContent: true,
        experimentalFeatures: true,
        webviewTag: true,
        navigateOnDragDrop: true,
        enableBlinkFeatures: 'CSSColorSchemeUARendering',
        enableRemoteModule: true,
      } as never),
    ).toEqual([
      'contextIsolation=false',
      'sandbox=false',
      'nodeIntegration=true',
      'nodeIntegrationInSubFrames=true',
      'nodeIntegrationInWorker=true',
      'webSecurity=false',
      'allowRunningInsecureContent=true',
      'experimentalFeatures=true',
      'webviewTag=true',
      'navigateOnDragDrop=true',
      'enableBlinkFeatures=CSSColorSchemeUARendering',
      'enableRemoteModule=true',
    ]);
    for (const [name, value] of Object.entries(REQUIRED_WEB_PREFERENCES)) expect(unsafeWebPreferences({ [name]: !value })).toEqual([`${name}=${!value}`]);
  });
});

describe('every webContents', () => {
  const ses = new fake.FakeSession();
  const contents = new fake.FakeContents(ses);
  hardenContents(contents as never);

  test('no navigation away from app://depot: main frame, sub-frames and redirects', () => {
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      for (const url of ['https://evil.example/', 'http://127.0.0.1:5174/', 'file:///etc/passwd', 'app://evil/index.html', 'javascript:alert(1)', 'not a url']) {
        const e = navEvent(url);
        contents.emit(event, e);
        expect(e.preventDefault, `${event} ${url}`).toHaveBeenCalled();
      }
      const own = navEvent('app://depot/index.html#/fuel');
      contents.emit(event, own);
      expect(own.preventDefault, event).not.toHaveBeenCalled();
    }
  });

  test('no new window, whatever its URL; no <webview>', () => {
    for (const url of ['https://evil.example/', 'app://depot/index.html', 'about:blank']) expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview, {}, {});
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  test('a Bluetooth device chooser is answered with none', () => {
    const e = { preventDefault: vi.fn() };
    const callback = vi.fn();
    contents.emit('select-bluetooth-device', e, [{ deviceId: 'x', deviceName: 'pad' }], callback);
    expect(e.preventDefault).toHaveBeenCalled();
    expect(callback).toHaveBeenCalledWith('');
  });

  test("the contents' own session gets the same refusals", () => {
    expect(Object.keys(ses.handlers).sort()).toEqual(['devicePermission', 'displayMedia', 'permissionCheck', 'permissionRequest']);
  });
});

describe('every session', () => {
  test('refuses every permission request and check, devices and screen capture', () => {
    applySecurityPolicy();
    const ses = fake.defaultSession;
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'fullscreen', 'openExternal', 'pointerLock', 'midiSysex', 'hid', 'serial', 'usb']) {
      const callback = vi.fn();
      ses.handlers.permissionRequest!(...([{}, permission, callback, {}] as never[]));
      expect(callback, permission).toHaveBeenCalledWith(false);
      expect(ses.handlers.permissionCheck!(...([{}, permission, 'app://depot', {}] as never[])), permission).toBe(false);
    }
    expect(ses.handlers.devicePermission!(...([{ deviceType: 'usb', origin: 'app://depot' }] as never[]))).toBe(false);
    const media = vi.fn();
    ses.handlers.displayMedia!(...([{}, media] as never[]));
    expect(media).toHaveBeenCalledWith(null);

    const choose = (event: string, ...args: unknown[]) => {
      const e = { preventDefault: vi.fn() };
      const callback = vi.fn();
      ses.emit(event, e, ...args, callback);
      expect(e.preventDefault, event).toHaveBeenCalled();
      return callback;
    };
    expect(choose('select-hid-device', { deviceList: [{ deviceId: 'k' }] })).toHaveBeenCalledWith(null);
    expect(choose('select-serial-port', [{ portId: 'COM1' }], {})).toHaveBeenCalledWith('');
    expect(choose('select-usb-device', { deviceList: [{ deviceId: 'u' }] })).toHaveBeenCalledWith();
  });

  test('each session is hardened once, and every new webContents through the app', () => {
    const ses = new fake.FakeSession();
    const spy = vi.spyOn(ses, 'setPermissionRequestHandler');
    hardenSession(ses as never);
    hardenSession(ses as never);
    expect(spy).toHaveBeenCalledTimes(1);
    const contents = new fake.FakeContents(new fake.FakeSession());
    fake.app.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler).not.toBeNull();
  });
});

describe('the window main.ts opens', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'depot-main-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('has the hardened webPreferences, the policy applied before it, and shows app://depot', async () => {
    vi.stubEnv('DEPOT_DATA_DIR', tmp);
    vi.stubEnv('DEPOT_DB', path.join(tmp, 'depot.sqlite'));
    vi.stubEnv('DEPOT_ADMIN_USER', '');
    vi.stubEnv('DEPOT_DEMO', '');
    const before = fake.windows.length;
    const listenersBefore = fake.app.listenerCount('web-contents-created');
    await import('./main.ts');
    for (let i = 0; i < 400 && fake.windows.length === before; i++) await new Promise((r) => setTimeout(r, 50));
    const win = fake.windows.at(-1)!;
    expect(fake.windows.length).toBe(before + 1);
    expect(unsafeWebPreferences(win.options.webPreferences as never)).toEqual([]);
    // the settings the checklist asks for are written out, not left to defaults
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(win.options.webPreferences).not.toHaveProperty('allowRunningInsecureContent', true);
    expect(win.options.webPreferences).not.toHaveProperty('experimentalFeatures', true);
    expect(win.options.webPreferences).not.toHaveProperty('enableRemoteModule');
    expect(win.contentsCreatedListeners).toBe(listenersBefore + 1);
    expect(win.url).toBe('app://depot/index.html');
    // every renderer sandboxed, whatever a window would ask for
    expect(fake.app.sandboxed).toBe(true);
    // quit: main.ts closes the database, then quits
    const quitted = new Promise((r) => fake.app.once('quitted', r));
    fake.app.emit('will-quit', { preventDefault: () => {} });
    await quitted;
    vi.unstubAllEnvs();
  });
});
